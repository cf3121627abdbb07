/**
 * A VM's own hard disks (virtualHardwareSection/disks and VmSpecSection's DiskSection, as pyvcloud and
 * go-vcloud-director change them), per-disk storage profiles with their accounting, the compliance check
 * and relocation.
 */
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, getXml, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"';

let sim: Simulator;
let c: Client;
let vdc: any;
let vm: any;

const vmId = () => String(vm.id).split(':').pop()!;
const stored = () => sim.store.get('vm', vmId())!;
const profile = (name: string) => vdc.VdcStorageProfiles.VdcStorageProfile.find((p: any) => p.name === name);
const used = async (name: string) => Number((await getXml(c, profile(name).href)).StorageUsedMB);

async function act(res: { status: number; text: string }, client = c) {
  expect([res.status, res.text.slice(0, 400)]).toEqual([202, expect.anything()]);
  const task = await waitTask(sim, client, xml(res.text).doc.href);
  expect([task.status, JSON.stringify(task.Error ?? '')]).toEqual(['success', expect.anything()]);
  return task;
}

function refused(res: { status: number; text: string }, code = 'BAD_REQUEST', message?: RegExp) {
  expect([res.status, res.text.slice(0, 400)]).toEqual([400, expect.anything()]);
  const err = xml(res.text).doc;
  expect(err.minorErrorCode).toBe(code);
  if (message) expect(err.message).toMatch(message);
}

/** go-vcloud-director's UpdateInternalDisks: the whole DiskSection back through reconfigureVm. */
const disk = (s: { id?: string; sizeMb: number; unit: number; bus?: number; adapter?: string; profile?: any }) => `<DiskSettings>
  ${s.id ? `<DiskId>${s.id}</DiskId>` : ''}<SizeMb>${s.sizeMb}</SizeMb><UnitNumber>${s.unit}</UnitNumber><BusNumber>${s.bus ?? 0}</BusNumber>
  <AdapterType>${s.adapter ?? '5'}</AdapterType><ThinProvisioned>true</ThinProvisioned>
  ${s.profile ? `<StorageProfile href="${s.profile.href}" name="${s.profile.name}"/><overrideVmDefault>true</overrideVmDefault>` : '<overrideVmDefault>false</overrideVmDefault>'}
</DiskSettings>`;
const reconfigure = (disks: string, client = c) => client.post(`${vm.href}/action/reconfigureVm`).set('Content-Type', MT.vm)
  .send(`<Vm ${NS} name="${vm.name}"><VmSpecSection Modified="true"><ovf:Info>spec</ovf:Info><DiskSection>${disks}</DiskSection></VmSpecSection></Vm>`);
const first = `<DiskSettings><DiskId>2000</DiskId><SizeMb>20480</SizeMb><UnitNumber>0</UnitNumber><BusNumber>0</BusNumber><AdapterType>5</AdapterType></DiskSettings>`;

beforeEach(async () => {
  sim = await newSim();
  c = client(sim, await login(sim, 'acme-admin', 'acme'));
  const inv = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
  vdc = inv.vdc;
  const created = xml((await instantiate(c, vdc, instantiateBody({ name: 'disks', template: inv.template, deploy: false }))).text).doc;
  await waitTask(sim, c, created.Tasks.Task[0].href);
  vm = (await getXml(c, created.href)).Children.Vm[0];
  if (Array.isArray(vm)) vm = vm[0];
});
afterEach(() => sim.stop());

const settings = (doc: any) => ([] as any[]).concat(doc.VmSpecSection.DiskSection.DiskSettings ?? []);

it('adds, grows and removes disks through VmSpecSection, with AdapterType codes, RASD items, storage and queries following', async () => {
  let doc = await getXml(c, vm.href);
  expect(settings(doc)).toEqual([expect.objectContaining({ DiskId: '2000', SizeMb: '20480', AdapterType: '5', BusNumber: '0', UnitNumber: '0' })]);
  const gold = await used('Gold');

  // Add a 2 GB Paravirtual disk on SCSI 0:1 and a SATA disk, as AddInternalDisk sends them (no DiskId).
  const task = await act(await reconfigure(first + disk({ sizeMb: 2048, unit: 1 }) + disk({ sizeMb: 1024, unit: 0, adapter: '6' })));
  expect(task.operationName).toBe('vappUpdateVm');
  doc = await getXml(c, vm.href);
  expect(settings(doc).map((d) => [d.DiskId, d.SizeMb, d.AdapterType, d.BusNumber, d.UnitNumber])).toEqual([
    ['2000', '20480', '5', '0', '0'], ['2001', '2048', '5', '0', '1'], ['2002', '1024', '6', '0', '0'],
  ]);
  expect(await used('Gold')).toBe(gold + 3072);

  // The RASD list: one controller per bus in use, each disk on its controller.
  const items = (await getXml(c, `${vm.href}/virtualHardwareSection/disks`)).Item as any[];
  const controllers = items.filter((i) => i['rasd:ResourceType'] !== '17');
  expect(controllers.map((i) => [i['rasd:ElementName'], i['rasd:ResourceSubType']])).toEqual([['SCSI Controller 0', 'VirtualSCSI'], ['SATA Controller 0', 'vmware.sata.ahci']]);
  const sata = items.find((i) => i['rasd:InstanceID'] === '2002');
  expect(sata['rasd:HostResource']).toMatchObject({ 'vcloud:busType': '20', 'vcloud:busSubType': 'vmware.sata.ahci', 'vcloud:capacity': '1024' });
  expect(sata['rasd:Parent']).toBe(controllers[1]['rasd:InstanceID']);

  // The VM query's storage total follows.
  const q = await getXml(c, `/api/query?type=vm&filter=name==${vm.name}&format=records`);
  const record = ([] as any[]).concat(q.VMRecord).find((r) => r.href === vm.href);
  expect(Number(record.totalStorageAllocatedMb)).toBe(20480 + 3072);

  // Grow 2001, drop 2002 (left out of the list).
  await act(await reconfigure(first + disk({ id: '2001', sizeMb: 4096, unit: 1 })));
  expect(stored().disks.map((d) => [d.instanceId, d.sizeMB])).toEqual([[2000, 20480], [2001, 4096]]);
  expect(await used('Gold')).toBe(gold + 4096);
});

it('grows a disk through virtualHardwareSection/disks (pyvcloud changes VirtualQuantity only), refuses shrinking and bad slots', async () => {
  const href = `${vm.href}/virtualHardwareSection/disks`;
  const list = (await c.get(href)).text;
  const grown = list.replace(/<rasd:VirtualQuantity>21474836480<\/rasd:VirtualQuantity>/, '<rasd:VirtualQuantity>32212254720</rasd:VirtualQuantity>');
  expect(grown).not.toBe(list);
  await act(await c.put(href).set('Content-Type', MT.rasdItemsList).send(grown));
  expect(stored().disks[0].sizeMB).toBe(30720);

  const now = (await c.get(href)).text;
  refused(await c.put(href).set('Content-Type', MT.rasdItemsList).send(now.replace(/vcloud:capacity="30720"/, 'vcloud:capacity="10240"')), 'BAD_REQUEST', /cannot shrink/);
  refused(await reconfigure(first.replace('20480', '30720') + disk({ sizeMb: 1024, unit: 0 })), 'BAD_REQUEST', /already in use/);
  refused(await reconfigure(first.replace('20480', '30720') + disk({ sizeMb: 1024, unit: 7 })), 'BAD_REQUEST', /unit number 7/);
  refused(await reconfigure(first.replace('20480', '30720') + disk({ sizeMb: 1024, unit: 2, adapter: '1' })), 'BAD_REQUEST', /unit number 2/);
  refused(await reconfigure(first.replace('20480', '30720') + disk({ sizeMb: 1024, unit: 0, bus: 2, adapter: '1' })), 'BAD_REQUEST', /bus number 2/);
  refused(await reconfigure(first.replace('20480', '30720') + disk({ sizeMb: 1024, unit: 1, adapter: '4' })), 'BAD_REQUEST', /Paravirtual SCSI controller/);
  refused(await reconfigure(first.replace('20480', '30720') + disk({ sizeMb: 1024, unit: 1, adapter: '9' })), 'BAD_REQUEST', /AdapterType "9"/);
  expect(stored().disks.map((d) => [d.instanceId, d.sizeMB])).toEqual([[2000, 30720]]);
});

it('adds a disk on a controller of its own the way pyvcloud\'s add_disk_to_vm does', async () => {
  const href = `${vm.href}/virtualHardwareSection/disks`;
  const list = (await c.get(href)).text;
  // A new LSI Logic controller on bus 1 and a disk on it (Parent → the new controller's InstanceID).
  const added = list.replace('</RasdItemsList>', `<Item xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
    <rasd:Address>1</rasd:Address><rasd:ElementName>SCSI Controller 1</rasd:ElementName><rasd:InstanceID>9000</rasd:InstanceID>
    <rasd:ResourceSubType>lsilogic</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
  <Item xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vcloud="http://www.vmware.com/vcloud/v1.5">
    <rasd:AddressOnParent>1</rasd:AddressOnParent><rasd:Description>Hard disk</rasd:Description><rasd:ElementName>Hard disk 2</rasd:ElementName>
    <rasd:HostResource vcloud:capacity="512" vcloud:busSubType="lsilogic" vcloud:busType="6"/>
    <rasd:InstanceID>2001</rasd:InstanceID><rasd:Parent>9000</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType>
    <rasd:VirtualQuantity>536870912</rasd:VirtualQuantity></Item></RasdItemsList>`);
  await act(await c.put(href).set('Content-Type', MT.rasdItemsList).send(added));
  expect(stored().disks.map((d) => [d.instanceId, d.sizeMB, d.busSubType, d.bus, d.unit])).toEqual([[2000, 20480, 'VirtualSCSI', 0, 0], [2001, 512, 'lsilogic', 1, 1]]);
  const ctrl = ((await getXml(c, href)).Item as any[]).filter((i) => i['rasd:ResourceType'] === '6');
  expect(ctrl.map((i) => [i['rasd:Address'], i['rasd:ResourceSubType']])).toEqual([['0', 'VirtualSCSI'], ['1', 'lsilogic']]);
});

it('keeps a disk on a storage profile of its own, counted there; the VM is then non-compliant until relocated', async () => {
  const silver = await used('Silver');
  const gold = await used('Gold');
  await act(await reconfigure(first + disk({ sizeMb: 4096, unit: 1, profile: profile('Silver') })));
  expect(await used('Silver')).toBe(silver + 4096);
  expect(await used('Gold')).toBe(gold);
  let doc = await getXml(c, vm.href);
  const own = settings(doc).find((d) => d.DiskId === '2001');
  expect(own).toMatchObject({ overrideVmDefault: 'true', StorageProfile: { name: 'Silver' } });
  expect(settings(doc)[0]).toMatchObject({ overrideVmDefault: 'false', StorageProfile: { name: 'Gold' } });
  const item = ((await getXml(c, `${vm.href}/virtualHardwareSection/disks`)).Item as any[]).find((i) => i['rasd:InstanceID'] === '2001');
  expect(item['rasd:HostResource']).toMatchObject({ 'vcloud:storageProfileHref': profile('Silver').href, 'vcloud:storageProfileOverrideVmDefault': 'true' });

  // Compliance: unknown until checked, then non-compliant (a disk off the VM's policy).
  const resultLink = [].concat(doc.Link).find((l: any) => l.rel === 'down' && l.type === 'application/vnd.vmware.vm.complianceResult+xml') as any;
  expect((await getXml(c, resultLink.href)).ComplianceStatus).toBe('UNKNOWN_COMPLIANCE');
  const check = [].concat(doc.Link).find((l: any) => l.rel === 'checkCompliance') as any;
  await act(await c.post(check.href));
  let result = await getXml(c, resultLink.href);
  expect(result).toMatchObject({ ComplianceStatus: 'NON_COMPLIANT', ComplianceStatusMessage: expect.stringMatching(/disk 2001 on "Silver"/) });
  expect(Date.parse(result.ComplianceCheckTime)).not.toBeNaN();

  // Relocation needs the provider's right; the administrator moves the VM to Silver's datastore.
  const relocate = [].concat(doc.Link).find((l: any) => l.rel === 'relocate') as any;
  const silverDatastore = sim.store.get('storageProfile', String(profile('Silver').id).split(':').pop()!)!.pvdcStorageProfileId!;
  const body = `<RelocateParams ${NS}><Datastore href="https://vcd/api/admin/extension/datastore/${silverDatastore}"/></RelocateParams>`;
  expect((await c.post(relocate.href).set('Content-Type', 'application/vnd.vmware.vcloud.relocateVmParams+xml').send(body)).status).toBe(403);
  const admin = client(sim, await login(sim, 'administrator', 'System'));
  refused(await admin.post(relocate.href).set('Content-Type', 'application/vnd.vmware.vcloud.relocateVmParams+xml')
    .send(`<RelocateParams ${NS}><Datastore href="https://vcd/api/admin/extension/datastore/00000000-0000-0000-0000-000000000000"/></RelocateParams>`), 'BAD_REQUEST', /does not exist/);
  const task = await act(await admin.post(relocate.href).set('Content-Type', 'application/vnd.vmware.vcloud.relocateVmParams+xml').send(body), admin);
  expect(task.operationName).toBe('vappRelocate');
  doc = await getXml(c, vm.href);
  expect(doc.StorageProfile.name).toBe('Silver');
  expect(await used('Gold')).toBe(gold - 20480);
  expect(await used('Silver')).toBe(silver + 4096 + 20480);
  await act(await c.post(check.href));
  result = await getXml(c, resultLink.href);
  expect(result.ComplianceStatus).toBe('COMPLIANT');
});

it('refuses a disk over the storage quota, an IDE disk on a running VM, and a change while the VM is busy', async () => {
  refused(await reconfigure(first + disk({ sizeMb: 3_000_000, unit: 1 })), 'OPERATION_LIMITS_EXCEEDED', /storage quota/);
  // IDE: fine while off, refused while on (SCSI still fine).
  await act(await reconfigure(first + disk({ sizeMb: 1024, unit: 0, adapter: '1' })));
  expect(stored().disks[1]).toMatchObject({ busType: 5, busSubType: 'IDE', bus: 0, unit: 0 });
  await act(await c.post(`${vm.href}/power/action/powerOn`));
  const ide = disk({ id: '2001', sizeMb: 1024, unit: 0, adapter: '1' });
  refused(await reconfigure(first + disk({ id: '2001', sizeMb: 2048, unit: 0, adapter: '1' })), 'BAD_REQUEST', /IDE/);
  refused(await reconfigure(first), 'BAD_REQUEST', /IDE disk 2001 cannot be removed/);
  await act(await reconfigure(first + ide + disk({ sizeMb: 1024, unit: 1 })));
  // Busy: a change while another runs.
  const running = await reconfigure(first + ide + disk({ id: '2002', sizeMb: 2048, unit: 1 }));
  expect(running.status).toBe(202);
  refused(await reconfigure(first + ide + disk({ id: '2002', sizeMb: 4096, unit: 1 })), 'BUSY_ENTITY');
  refused(await c.post(`${vm.href}/action/checkCompliance`), 'BUSY_ENTITY');
  await waitTask(sim, c, xml(running.text).doc.href);
  expect(stored().disks.map((d) => d.sizeMB)).toEqual([20480, 1024, 2048]);
});

it('changing disks through reconfigureVm needs "vApp: Edit VM Hard Disk"; the same disks sent back do not', async () => {
  const share = '<ControlAccessParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>FullControl</EveryoneAccessLevel></ControlAccessParams>';
  const vappHref = (await getXml(c, vm.href)).VAppParent.href;
  expect((await c.post(`${vappHref}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(share)).status).toBe(200);
  const bob = client(sim, await login(sim, 'bob', 'acme'));
  expect((await reconfigure(first + disk({ sizeMb: 1024, unit: 1 }), bob)).status).toBe(403);
  await act(await reconfigure(first, bob), bob);
  expect(stored().disks).toHaveLength(1);
});
