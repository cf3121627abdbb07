/** Independent disks, read as clients read them: create, read, update, attach/detach, delete, quotas, queries. */
import { newSim, login, client, xml, findLink, JSON_ACCEPT } from '../support/sim.js';
import { findInventory, getXml, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';
import { buildFromFixture, FixtureError, type FixtureFile } from '../../src/resources/fixture.js';
import { Random } from '../../src/lib/random.js';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const createBody = (name: string, sizeMb: number, extra = '', inner = '') =>
  `<DiskCreateParams ${NS}><Disk name="${name}" sizeMb="${sizeMb}" ${extra}>${inner}</Disk></DiskCreateParams>`;
const attachBody = (href: string) => `<DiskAttachOrDetachParams ${NS}><Disk href="${href}"/></DiskAttachOrDetachParams>`;

let sim: Simulator;
let c: Client;
let vdc: any;

async function create(name: string, sizeMb: number, extra = '', inner = '') {
  return c.post(findLink(vdc, 'add', MT.diskCreateParams).href).set('Content-Type', MT.diskCreateParams).send(createBody(name, sizeMb, extra, inner));
}

async function createReady(name: string, sizeMb = 1024, extra = '') {
  const res = await create(name, sizeMb, extra);
  expect(res.status).toBe(201);
  const disk = xml(res.text).doc;
  expect((await waitTask(sim, c, disk.Tasks.Task[0].href)).status).toBe('success');
  return getXml(c, disk.href);
}

async function newVm(name: string) {
  const { template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
  const vapp = xml((await instantiate(c, vdc, instantiateBody({ name, template }))).text).doc;
  await waitTask(sim, c, vapp.Tasks.Task[0].href);
  return (await getXml(c, vapp.href)).Children.Vm[0];
}

async function act(res: { status: number; text: string }, outcome = 'success') {
  expect([res.status, res.text.slice(0, 300)]).toEqual([202, expect.anything()]);
  const task = await waitTask(sim, c, xml(res.text).doc.href);
  expect(task.status).toBe(outcome);
  return task;
}

beforeEach(async () => {
  sim = await newSim();
  c = client(sim, await login(sim, 'acme-admin', 'acme'));
  vdc = (await findInventory(c, 'acme-vdc', 'ubuntu-22.04')).vdc;
});

it('creates a disk: 201 with its task inside, status 0 then 1, listed in the VDC, counted in storage', async () => {
  const profile = () => getXml(c, vdc.VdcStorageProfiles.VdcStorageProfile.find((p: any) => p.name === 'Silver').href);
  const before = Number((await profile()).StorageUsedMB);
  const res = await create('data-1', 2048, 'busType="6" busSubType="VirtualSCSI" iops="0"',
    `<Description>data</Description><StorageProfile href="${vdc.VdcStorageProfiles.VdcStorageProfile.find((p: any) => p.name === 'Silver').href}"/>`);
  expect(res.status).toBe(201);
  expect(res.headers.location).toMatch(/\/api\/disk\//);
  const disk = xml(res.text).doc;
  expect(disk).toMatchObject({ name: 'data-1', status: '0', sizeMb: '2048', busType: '6', busSubType: 'VirtualSCSI', sharingType: 'None' });
  expect(disk.size).toBeUndefined();
  // Before API 33.0 the size was in bytes.
  const old = xml((await c.get(disk.href).set('Accept', 'application/*+xml;version=32.0')).text).doc;
  expect([old.size, old.sizeMb]).toEqual([String(2048 * 1024 * 1024), undefined]);
  expect(disk.id).toMatch(/^urn:vcloud:disk:/);
  expect(disk.Tasks.Task[0].operationName).toBe('vdcCreateDisk');
  expect(Number((await profile()).StorageUsedMB)).toBe(before + 2048);
  await waitTask(sim, c, disk.Tasks.Task[0].href);
  const ready = await getXml(c, disk.href);
  expect(ready).toMatchObject({ status: '1', Description: 'data' });
  expect(ready.StorageProfile.name).toBe('Silver');
  expect(ready.Owner.User.name).toBe('acme-admin');
  for (const rel of ['edit', 'remove']) findLink(ready, rel);
  findLink(ready, 'down', MT.vms);
  const fresh = await getXml(c, vdc.href);
  expect(fresh.ResourceEntities.ResourceEntity.some((r: any) => r.type === MT.disk && r.name === 'data-1')).toBe(true);
  // Size in bytes (older clients) rounds up to whole MB; the JSON form reads the same.
  const bytes = await c.post(findLink(vdc, 'add', MT.diskCreateParams).href).set('Content-Type', MT.diskCreateParams)
    .send(`<DiskCreateParams ${NS}><Disk name="bytes" size="1048577"/></DiskCreateParams>`);
  expect(xml(bytes.text).doc.sizeMb).toBe('2');
  const json = await client(sim, await login(sim, 'acme-admin', 'acme'), JSON_ACCEPT).get(disk.href);
  expect(JSON.parse(json.text)).toMatchObject({ name: 'data-1', sizeMb: 2048, status: 1 });
});

it('refuses bad input with VCD errors and creates nothing', async () => {
  const count = () => [...sim.store.all('disk')].length;
  const n = count();
  const url = findLink(vdc, 'add', MT.diskCreateParams).href;
  const post = (body: string) => c.post(url).set('Content-Type', MT.diskCreateParams).send(body);
  for (const body of [
    `<DiskCreateParams ${NS}><Disk name="" sizeMb="10"/></DiskCreateParams>`,
    `<DiskCreateParams ${NS}><Disk name="x"/></DiskCreateParams>`,
    `<DiskCreateParams ${NS}><Disk name="x" sizeMb="-1"/></DiskCreateParams>`,
    `<DiskCreateParams ${NS}><Disk name="x" sizeMb="ten"/></DiskCreateParams>`,
    `<DiskCreateParams ${NS}><Disk name="x" sizeMb="10" busType="6" busSubType="ide"/></DiskCreateParams>`,
    `<DiskCreateParams ${NS}><Disk name="x" sizeMb="10" busType="9"/></DiskCreateParams>`,
    `<DiskCreateParams ${NS}><Disk name="x" sizeMb="10" sharingType="Sometimes"/></DiskCreateParams>`,
    `<DiskCreateParams ${NS}><Disk name="x" sizeMb="10"><StorageProfile name="Platinum"/></Disk></DiskCreateParams>`,
    `<DiskCreateParams ${NS}/>`,
  ]) {
    const res = await post(body);
    expect([body, res.status]).toEqual([body, 400]);
    expect(xml(res.text).root).toBe('Error');
  }
  // Larger than the default profile (Gold, 2,048,000 MB) has left: refused upfront.
  const over = await post(createBody('huge', 3_000_000));
  expect(over.status).toBe(400);
  expect(xml(over.text).doc).toMatchObject({ minorErrorCode: 'OPERATION_LIMITS_EXCEEDED' });
  expect(count()).toBe(n);
});

it('updates a disk: rename, grow, move; never shrinks; quota checked', async () => {
  const disk = await createReady('grow-me', 1024);
  const put = (body: string) => c.put(findLink(disk, 'edit', MT.disk).href).set('Content-Type', MT.disk).send(body);
  await act(await put(`<Disk ${NS} name="grown" sizeMb="4096"><Description>bigger</Description><StorageProfile name="Silver"/></Disk>`));
  expect(await getXml(c, disk.href)).toMatchObject({ name: 'grown', sizeMb: '4096', Description: 'bigger', StorageProfile: { name: 'Silver' } });
  const shrink = await put(`<Disk ${NS} name="grown" sizeMb="10"/>`);
  expect(shrink.status).toBe(400);
  const over = await put(`<Disk ${NS} name="grown" sizeMb="9000000"/>`);
  expect(xml(over.text).doc.minorErrorCode).toBe('OPERATION_LIMITS_EXCEEDED');
  // Busy while a task runs on it.
  const first = await put(`<Disk ${NS} name="again" sizeMb="4096"/>`);
  expect(first.status).toBe(202);
  const busy = await put(`<Disk ${NS} name="again2" sizeMb="4096"/>`);
  expect(xml(busy.text).doc.minorErrorCode).toBe('BUSY_ENTITY');
});

it('attaches to one VM, shows in its hardware, refuses a second VM and a delete while attached, detaches', async () => {
  const disk = await createReady('shared-not', 2048);
  const vm = await newVm('disk-host');
  const other = await newVm('disk-other');
  await act(await c.post(findLink(vm, 'disk:attach', MT.diskAttachOrDetachParams).href).set('Content-Type', MT.diskAttachOrDetachParams).send(attachBody(disk.href)));
  const hw = await getXml(c, `${vm.href}/virtualHardwareSection/disks`);
  const item = hw.Item.find((i: any) => i['rasd:HostResource']?.['vcloud:disk'] === disk.href);
  expect(item).toBeDefined();
  expect(item['rasd:HostResource']['vcloud:capacity']).toBe('2048');
  const attached = await getXml(c, findLink(disk, 'down', MT.vms).href);
  expect(attached.VmReference.map((r: any) => r.href)).toEqual([vm.href]);
  // Its hardware section goes back unchanged: the attached disk is not taken for a disk of the VM.
  const vmDisksBefore = sim.store.get('vm', vm.id.split(':').pop())!.disks.length;
  const list = await c.get(`${vm.href}/virtualHardwareSection/disks`);
  await act(await c.put(`${vm.href}/virtualHardwareSection/disks`).set('Content-Type', MT.rasdItemsList).send(list.text));
  expect(sim.store.get('vm', vm.id.split(':').pop())!.disks.length).toBe(vmDisksBefore);
  const second = await c.post(`${other.href}/disk/action/attach`).set('Content-Type', MT.diskAttachOrDetachParams).send(attachBody(disk.href));
  expect(second.status).toBe(400);
  const again = await c.post(`${vm.href}/disk/action/attach`).set('Content-Type', MT.diskAttachOrDetachParams).send(attachBody(disk.href));
  expect(again.status).toBe(400);
  const del = await c.delete(disk.href);
  expect(del.status).toBe(400);
  expect(xml(del.text).doc.message).toMatch(new RegExp(`attached to VM "${vm.name}"`));
  const notThere = await c.post(`${other.href}/disk/action/detach`).set('Content-Type', MT.diskAttachOrDetachParams).send(attachBody(disk.href));
  expect(notThere.status).toBe(400);
  await act(await c.post(findLink(vm, 'disk:detach', MT.diskAttachOrDetachParams).href).set('Content-Type', MT.diskAttachOrDetachParams).send(attachBody(disk.href)));
  expect((await getXml(c, findLink(disk, 'down', MT.vms).href)).VmReference).toBeUndefined();
  await act(await c.delete(disk.href));
  expect((await c.get(disk.href)).status).toBe(403);
});

it('a shared disk takes two VMs; deleting a VM detaches it', async () => {
  const disk = await createReady('cluster', 1024, 'sharingType="DiskSharing"');
  const a = await newVm('node-a');
  const b = await newVm('node-b');
  for (const vm of [a, b]) {
    await act(await c.post(`${vm.href}/disk/action/attach`).set('Content-Type', MT.diskAttachOrDetachParams).send(attachBody(disk.href)));
  }
  expect((await getXml(c, `${disk.href}/attachedVms`)).VmReference).toHaveLength(2);
  const vappOf = (await getXml(c, b.href)).VAppParent.href;
  await act(await c.delete(`${vappOf}?force=true`));
  expect((await getXml(c, `${disk.href}/attachedVms`)).VmReference.map((r: any) => r.href)).toEqual([a.href]);
});

it('refuses to attach a disk to a VM of another VDC', async () => {
  const disk = await createReady('here', 512);
  const dev = await getXml(c, findLink(await getXml(c, vdc.Link.find((l: any) => l.rel === 'up').href), 'down', MT.vdc, 'acme-dev').href);
  const { template } = await findInventory(c, 'acme-dev', 'ubuntu-22.04');
  const vapp = xml((await instantiate(c, dev, instantiateBody({ name: 'elsewhere', template }))).text).doc;
  await waitTask(sim, c, vapp.Tasks.Task[0].href);
  const vm = (await getXml(c, vapp.href)).Children.Vm[0];
  const res = await c.post(`${vm.href}/disk/action/attach`).set('Content-Type', MT.diskAttachOrDetachParams).send(attachBody(disk.href));
  expect(res.status).toBe(400);
  expect(xml(res.text).doc.message).toMatch(/different VDCs/);
});

it('answers the disk and adminDisk queries and changes owners', async () => {
  const disk = await createReady('queried', 3072);
  const q = await getXml(c, `/api/query?type=disk&format=records&filter=${encodeURIComponent(`name==queried;vdc==${vdc.id}`)}`);
  expect(q.DiskRecord).toHaveLength(1);
  expect(q.DiskRecord[0]).toMatchObject({ name: 'queried', sizeMb: '3072', vdcName: 'acme-vdc', storageProfileName: 'Gold', isAttached: 'false', status: 'RESOLVED' });
  expect((await c.get('/api/query?type=adminDisk')).status).toBe(403);
  const sys = client(sim, await login(sim, 'administrator', 'System'));
  const admin = await getXml(sys, '/api/query?type=adminDisk&format=records');
  expect(admin.AdminDiskRecord.map((r: any) => r.name)).toContain('queried');
  const alice = (await getXml(c, '/api/query?type=user&format=records&filter=name==alice')).UserRecord[0];
  const owner = await c.get(`${disk.href}/owner`);
  const res = await c.put(`${disk.href}/owner/`).set('Content-Type', MT.owner).send(owner.text.replace(/<User [^>]*\/>/, `<User href="${alice.href}"/>`));
  expect(res.status).toBe(204);
  expect((await getXml(c, disk.href)).Owner.User.name).toBe('alice');
});

describe('fixture disks', () => {
  const fixture = (disks: unknown[]): FixtureFile => ({
    orgs: [
      { name: 'System', users: [{ name: 'administrator', password: 'p', role: 'System Administrator' }] },
      {
        name: 'acme', users: [{ name: 'alice', password: 'p', role: 'vApp Author' }],
        vdcs: [{ name: 'vdc1', storageProfiles: [{ name: 'Gold', limitMB: 1000, default: true }, { name: 'Silver' }], disks: disks as never }],
      },
    ],
  });
  const build = (disks: unknown[]) => buildFromFixture(fixture(disks), new Random(7), '2024-05-01T10:00:00.000Z');

  it('builds ready disks on the named or default storage profile', () => {
    const snap = build([{ name: 'a', sizeMB: 100 }, { name: 'b', sizeMB: 200, storageProfile: 'Silver', busType: 5, sharingType: 'DiskSharing' }]);
    const [a, b] = snap.disk;
    const gold = snap.storageProfile.find((p) => p.name === 'Gold')!;
    expect(a).toMatchObject({ name: 'a', sizeMB: 100, status: 1, busType: 6, busSubType: 'lsilogicsas', storageProfileId: gold.id, attachments: [] });
    expect(b).toMatchObject({ busType: 5, busSubType: 'ide', sharingType: 'DiskSharing' });
  });

  it('refuses bad disks with a message naming the place', () => {
    for (const [disk, message] of [
      [{ sizeMB: 1 }, /disks\[0\]: a disk needs a name/],
      [{ name: 'x', sizeMB: 0 }, /sizeMB must be a positive/],
      [{ name: 'x', sizeMB: 1, storageProfile: 'Platinum' }, /"Platinum" is not a storage profile of VDC vdc1/],
      [{ name: 'x', sizeMB: 1, busType: 9 }, /busType must be one of/],
      [{ name: 'x', sizeMB: 1, busType: 6, busSubType: 'ide' }, /busSubType for busType 6/],
      [{ name: 'x', sizeMB: 1, owner: 'nobody' }, /owner "nobody" is not a user/],
    ] as const) {
      expect(() => build([disk])).toThrow(FixtureError);
      expect(() => build([disk])).toThrow(message);
    }
  });

  it('the default inventory has a disk in globex-vdc, counted in its storage', async () => {
    const g = client(sim, await login(sim, 'globex-admin', 'globex'));
    const { vdc: gvdc } = await findInventory(g, 'globex-vdc', 'debian-12');
    const ref = gvdc.ResourceEntities.ResourceEntity.find((r: any) => r.type === MT.disk);
    expect(ref.name).toBe('globex-archive');
    const profile = await getXml(g, gvdc.VdcStorageProfiles.VdcStorageProfile[0].href);
    expect(Number(profile.StorageUsedMB)).toBeGreaterThanOrEqual(51200);
  });
});
