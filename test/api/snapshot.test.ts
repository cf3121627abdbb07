/** Snapshots and VM maintenance actions, read as clients read them: links, tasks, state after, refusals. */
import { newSim, login, client, xml, findLink, JSON_ACCEPT } from '../support/sim.js';
import { findInventory, getXml, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const snapshotBody = (memory: boolean, quiesce = false) => `<CreateSnapshotParams ${NS} memory="${memory}" quiesce="${quiesce}"/>`;

let sim: Simulator;
let c: Client;
let vdc: any;

async function newVApp(name: string, powerOn = false) {
  const { template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
  const vapp = xml((await instantiate(c, vdc, instantiateBody({ name, template, powerOn, deploy: powerOn }))).text).doc;
  await waitTask(sim, c, vapp.Tasks.Task[0].href);
  return getXml(c, vapp.href);
}

async function act(res: { status: number; text: string }, outcome = 'success') {
  expect([res.status, res.text.slice(0, 300)]).toEqual([202, expect.anything()]);
  const task = await waitTask(sim, c, xml(res.text).doc.href);
  expect(task.status).toBe(outcome);
  return task;
}

const rels = (doc: any) => ([] as any[]).concat(doc.Link ?? []).map((l: any) => l.rel);
const profileUsed = async () => Number((await getXml(c, vdc.VdcStorageProfiles.VdcStorageProfile.find((p: any) => p.name === 'Gold').href)).StorageUsedMB);

beforeEach(async () => {
  sim = await newSim();
  c = client(sim, await login(sim, 'acme-admin', 'acme'));
  vdc = (await findInventory(c, 'acme-vdc', 'ubuntu-22.04')).vdc;
});

it('a VM snapshot: offered, taken as a task, shown with its size and date, counted in storage, removed', async () => {
  const vapp = await newVApp('snap-vm', true);
  let vm = vapp.Children.Vm[0];
  expect(rels(vm)).toContain('snapshot:create');
  expect(rels(vm)).not.toContain('snapshot:revertToCurrent');
  expect(vm.SnapshotSection.Snapshot).toBeUndefined();
  const before = await profileUsed();
  const task = await act(await c.post(findLink(vm, 'snapshot:create').href).set('Content-Type', MT.createSnapshotParams).send(snapshotBody(true)));
  expect(task.operationName).toBe('vappCreateSnapshot');
  vm = await getXml(c, vm.href);
  const snap = vm.SnapshotSection.Snapshot;
  expect(snap.poweredOn).toBe('true');
  expect(Date.parse(snap.created)).not.toBeNaN();
  // 1% of the disk plus the memory of a running VM.
  const diskMB = Number(vm.VmSpecSection.DiskSection.DiskSettings.SizeMb ?? vm.VmSpecSection.DiskSection.DiskSettings[0].SizeMb);
  const memoryMB = Number(vm.VmSpecSection.MemoryResourceMb.Configured);
  const sizeMB = Math.ceil(diskMB / 100) + memoryMB;
  expect(Number(snap.size)).toBe(sizeMB * 1024 * 1024);
  expect(await profileUsed()).toBe(before + sizeMB);
  expect(rels(vm)).toEqual(expect.arrayContaining(['snapshot:revertToCurrent', 'snapshot:removeAll']));
  const section = await getXml(c, `${vm.href}/snapshotSection`);
  expect(section.Snapshot.size).toBe(snap.size);
  // The vApp shows it too.
  expect((await getXml(c, vapp.href)).SnapshotSection.Snapshot.size).toBe(snap.size);
  const removed = await act(await c.post(findLink(vm, 'snapshot:removeAll').href));
  expect(removed.operationName).toBe('vappRemoveAllSnapshots');
  vm = await getXml(c, vm.href);
  expect(vm.SnapshotSection.Snapshot).toBeUndefined();
  expect(await profileUsed()).toBe(before);
  // Nothing left to revert or remove.
  expect((await c.post(`${vm.href}/action/revertToCurrentSnapshot`)).status).toBe(400);
  expect((await c.post(`${vm.href}/action/removeAllSnapshots`)).status).toBe(400);
});

it('revert restores the hardware and power state the snapshot captured', async () => {
  const vapp = await newVApp('snap-revert', true);
  let vm = vapp.Children.Vm[0];
  const id = vm.href.split('vm-')[1];
  const cpus = sim.store.get('vm', id)!.cpus;
  // Without memory: the revert leaves the VM powered off.
  await act(await c.post(`${vm.href}/action/createSnapshot`).set('Content-Type', MT.createSnapshotParams).send(snapshotBody(false)));
  await act(await c.post(`${vm.href}/power/action/powerOff`));
  await act(await c.put(`${vm.href}/virtualHardwareSection/cpu`).set('Content-Type', MT.rasdItem)
    .send(`<Item ${NS} xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"><rasd:VirtualQuantity>${cpus * 2}</rasd:VirtualQuantity></Item>`));
  expect(sim.store.get('vm', id)!.cpus).toBe(cpus * 2);
  const t = await act(await c.post(findLink(await getXml(c, vm.href), 'snapshot:revertToCurrent').href));
  expect(t.operationName).toBe('vappRevertToCurrentSnapshot');
  expect(sim.store.get('vm', id)).toMatchObject({ cpus, status: 8 });
  // With memory of a running VM: it comes back running.
  await act(await c.post(`${vm.href}/power/action/powerOn`));
  await act(await c.post(`${vm.href}/action/createSnapshot`).set('Content-Type', MT.createSnapshotParams).send(snapshotBody(true)));
  await act(await c.post(`${vm.href}/power/action/powerOff`));
  await act(await c.post(`${vm.href}/action/revertToCurrentSnapshot`));
  vm = await getXml(c, vm.href);
  expect([vm.status, vm.deployed]).toEqual(['4', 'true']);
});

it('vApp snapshots cover every VM; a VM with an independent disk attached is refused', async () => {
  const vapp = await newVApp('snap-vapp');
  expect(rels(vapp)).toContain('snapshot:create');
  await act(await c.post(findLink(vapp, 'snapshot:create').href).set('Content-Type', MT.createSnapshotParams).send(snapshotBody(false)));
  const after = await getXml(c, vapp.href);
  for (const vm of after.Children.Vm) expect(vm.SnapshotSection.Snapshot.poweredOn).toBe('false');
  expect(rels(after)).toContain('snapshot:revertToCurrent');
  await act(await c.post(findLink(after, 'snapshot:revertToCurrent').href));
  await act(await c.post(findLink(after, 'snapshot:removeAll').href));
  expect((await getXml(c, `${vapp.href}/snapshotSection`)).Snapshot).toBeUndefined();
  // A busy vApp refuses, as VCD does.
  const first = await c.post(`${vapp.href}/action/createSnapshot`);
  expect(first.status).toBe(202);
  const second = await c.post(`${vapp.href}/action/createSnapshot`);
  expect([second.status, xml(second.text).doc.minorErrorCode]).toEqual([400, 'BUSY_ENTITY']);
  await waitTask(sim, c, xml(first.text).doc.href);
  // Independent disks are not snapshotted: VCD refuses.
  const disk = xml((await c.post(findLink(vdc, 'add', MT.diskCreateParams).href).set('Content-Type', MT.diskCreateParams)
    .send(`<DiskCreateParams ${NS}><Disk name="d" sizeMb="16"/></DiskCreateParams>`)).text).doc;
  await waitTask(sim, c, disk.Tasks.Task[0].href);
  const vm = after.Children.Vm[0];
  await act(await c.post(`${vm.href}/disk/action/attach`).set('Content-Type', MT.diskAttachOrDetachParams)
    .send(`<DiskAttachOrDetachParams ${NS}><Disk href="${disk.href}"/></DiskAttachOrDetachParams>`));
  expect((await c.post(`${vm.href}/action/createSnapshot`)).status).toBe(400);
});

it('a snapshot beyond the storage quota is refused upfront', async () => {
  const vapp = await newVApp('snap-quota', true);
  const vm = vapp.Children.Vm[0];
  const gold = sim.store.where('storageProfile', 'vdcId', vdc.href.split('/').pop()).find((p) => p.name === 'Gold')!;
  sim.store.update('storageProfile', gold.id, { limitMB: await profileUsed() + 1 });
  const res = await c.post(`${vm.href}/action/createSnapshot`).set('Content-Type', MT.createSnapshotParams).send(snapshotBody(true));
  expect([res.status, xml(res.text).doc.minorErrorCode]).toEqual([400, 'OPERATION_LIMITS_EXCEEDED']);
});

it('VM actions: links only when valid, tasks, and refusals in the states VCD refuses them', async () => {
  const vapp = await newVApp('actions', true);
  let vm = vapp.Children.Vm[0];
  const id = vm.href.split('vm-')[1];
  // Powered on: tools can be installed; upgrade, consolidate and nested hypervisor cannot.
  expect(rels(vm)).toEqual(expect.arrayContaining(['installVmwareTools', 'customizeAtNextPowerOn']));
  expect(rels(vm)).not.toEqual(expect.arrayContaining(['upgrade']));
  expect(rels(vm).filter((r) => ['consolidate', 'enable', 'disable', 'upgrade'].includes(r))).toEqual([]);
  expect((await act(await c.post(findLink(vm, 'installVmwareTools').href))).operationName).toBe('vappInstallTools');
  for (const a of ['consolidate', 'upgradeHardwareVersion', 'enableNestedHypervisor', 'disableNestedHypervisor']) {
    const res = await c.post(`${vm.href}/action/${a}`);
    expect([a, res.status]).toEqual([a, 400]);
    expect(xml(res.text).root).toBe('Error');
  }
  await act(await c.post(`${vm.href}/power/action/powerOff`));
  vm = await getXml(c, vm.href);
  expect((await c.post(`${vm.href}/action/installVMwareTools`)).status).toBe(400);
  expect(rels(vm)).toEqual(expect.arrayContaining(['consolidate', 'enable']));
  expect((await act(await c.post(findLink(vm, 'consolidate').href))).operationName).toBe('vappConsolidateVm');
  await act(await c.post(findLink(vm, 'enable').href));
  vm = await getXml(c, vm.href);
  expect(vm.nestedHypervisorEnabled).toBe('true');
  expect(rels(vm)).toContain('disable');
  await act(await c.post(findLink(vm, 'disable').href));
  expect((await getXml(c, vm.href)).nestedHypervisorEnabled).toBe('false');
  // Already at the VDC's highest hardware version: no upgrade.
  expect(rels(vm)).not.toContain('upgrade');
  expect((await c.post(`${vm.href}/action/upgradeHardwareVersion`)).status).toBe(400);
  sim.store.update('vm', id, { hardwareVersion: 'vmx-14' });
  vm = await getXml(c, vm.href);
  const up = await act(await c.post(findLink(vm, 'upgrade').href));
  expect(up.operationName).toBe('vappUpgradeHwVersion');
  expect(sim.store.get('vm', id)!.hardwareVersion).toBe('vmx-19');
  // customizeAtNextPowerOn: 204, no task.
  const cust = await c.post(findLink(vm, 'customizeAtNextPowerOn').href);
  expect(cust.status).toBe(204);
  expect((await getXml(c, vm.href)).needsCustomization).toBe('true');
});

it('the JSON forms carry the section and the links', async () => {
  const vapp = await newVApp('json-snap');
  const j = client(sim, await login(sim, 'acme-admin', 'acme'), JSON_ACCEPT);
  const vm = (await j.get(vapp.Children.Vm[0].href)).body;
  expect(vm.link.map((l: any) => l.rel)).toContain('snapshot:create');
  expect(vm.snapshotSection).toBeDefined();
  const section = await j.get(`${vapp.Children.Vm[0].href}/snapshotSection`);
  expect(section.status).toBe(200);
});

it('a vApp User may snapshot a vApp shared with them; Console Access Only may not', async () => {
  const vapp = await newVApp('rights-snap');
  const bob = client(sim, await login(sim, 'bob', 'acme'));
  // vApps are their owner's until shared.
  expect((await bob.post(`${vapp.Children.Vm[0].href}/action/createSnapshot`)).status).toBe(403);
  expect((await c.post(`${vapp.href}/action/controlAccess`).set('Content-Type', MT.controlAccess)
    .send('<ControlAccessParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>Change</EveryoneAccessLevel></ControlAccessParams>')).status).toBe(200);
  expect((await bob.post(`${vapp.Children.Vm[0].href}/action/createSnapshot`)).status).toBe(202);
  const dave = client(sim, await login(sim, 'dave', 'acme'));
  expect((await dave.post(`${vapp.href}/action/removeAllSnapshots`)).status).toBe(403);
});

it('a VM composed at an older hardware version is offered the upgrade, and upgraded to the VDC highest', async () => {
  const res = await c.post(findLink(vdc, 'add', MT.composeVAppParams).href).set('Content-Type', MT.composeVAppParams)
    .send(`<ComposeVAppParams ${NS} xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" name="old-hw" deploy="false" powerOn="false"><CreateItem name="old"><VmSpecSection Modified="true"><ovf:Info/><OsType>otherLinux64Guest</OsType><HardwareVersion>vmx-14</HardwareVersion></VmSpecSection></CreateItem></ComposeVAppParams>`);
  expect([res.status, res.text.slice(0, 300)]).toEqual([201, expect.anything()]);
  await waitTask(sim, c, xml(res.text).doc.Tasks.Task[0].href);
  let vm = (await getXml(c, xml(res.text).doc.href)).Children.Vm[0];
  expect(vm.VmSpecSection.HardwareVersion).toBe('vmx-14');
  await act(await c.post(findLink(vm, 'upgrade').href));
  vm = await getXml(c, vm.href);
  expect(vm.VmSpecSection.HardwareVersion).toBe('vmx-19');
  expect(rels(vm)).not.toContain('upgrade');
});

it('a snapshot declared in the fixture is loaded: shown in SnapshotSection, counted in storage until removed', async () => {
  const { readFileSync, writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { parse } = await import('yaml');
  const fx = parse(readFileSync('fixtures/default.yaml', 'utf8'));
  fx.orgs.find((o: any) => o.name === 'acme').vdcs[0].vapps = [{
    name: 'restored', power: 'on', vms: [{ name: 'db', memoryMB: 2048, disksMB: [10240], snapshot: { created: '2024-01-02T03:04:05Z', memory: true } }],
  }];
  const dir = mkdtempSync(join(tmpdir(), 'vcdsim-snap-'));
  const file = join(dir, 'f.json');
  writeFileSync(file, JSON.stringify(fx));
  const s = await newSim({ fixture: file });
  try {
    const a = client(s, await login(s, 'acme-admin', 'acme'));
    const q = await getXml(a, '/api/query?type=vm&filter=name==db;isVAppTemplate==false&format=records');
    const vm = await getXml(a, ([] as any[]).concat(q.VMRecord)[0].href);
    const sizeMB = 103 + 2048;
    expect(vm.SnapshotSection.Snapshot).toEqual({ poweredOn: 'true', created: '2024-01-02T03:04:05.000Z', size: String(sizeMB * 1024 * 1024) });
    expect(rels(vm)).toContain('snapshot:revertToCurrent');
    const used = Number((await getXml(a, vm.StorageProfile.href)).StorageUsedMB);
    const res = await a.post(findLink(vm, 'snapshot:removeAll').href);
    expect(res.status).toBe(202);
    await waitTask(s, a, xml(res.text).doc.href);
    expect(Number((await getXml(a, vm.StorageProfile.href)).StorageUsedMB)).toBe(used - sizeMB);
  } finally {
    s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
