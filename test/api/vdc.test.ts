/** Org VDC administration and VDC compute policies, read as the SDKs read them: documents, tasks, state after. */
import { newSim, login, client, xml, findLink } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const JSON_V = 'application/json;version=37.0';
const REFS = 'application/vnd.vmware.vcloud.vdcComputePolicyReferences+xml';

let sim: Simulator;
let sys: Client;
let acmeAdmin: Client;
let alice: Client;
let orgHref: string;
let pvdcHref: string;
let goldHref: string;
let silverHref: string;

const params = (name: string, model: string, o: { cpu?: string; mem?: string; extra?: string; profile?: string; pvdc?: string } = {}) =>
  `<CreateVdcParams ${NS} name="${name}"><Description>made in a test</Description><AllocationModel>${model}</AllocationModel>` +
  `<ComputeCapacity><Cpu>${o.cpu ?? '<Units>GHz</Units><Allocated>4</Allocated><Limit>4</Limit>'}</Cpu><Memory>${o.mem ?? '<Units>GB</Units><Allocated>8</Allocated><Limit>8</Limit>'}</Memory></ComputeCapacity>` +
  `<VmQuota>3</VmQuota><NetworkQuota>2</NetworkQuota><IsEnabled>true</IsEnabled>` +
  `<VdcStorageProfile><Enabled>true</Enabled><Units>GB</Units><Limit>100</Limit><Default>true</Default><ProviderVdcStorageProfile href="${o.profile ?? goldHref}"/></VdcStorageProfile>` +
  `${o.extra ?? ''}<ProviderVdcReference href="${o.pvdc ?? pvdcHref}"/></CreateVdcParams>`;

const createVdc = (c: Client, body: string) => c.post(`${orgHref}/vdcsparams`).set('Content-Type', MT.createVdcParams).send(body);

async function made(body: string): Promise<any> {
  const res = await createVdc(sys, body);
  expect(res.status).toBe(201);
  const vdc = xml(res.text).doc;
  expect((await waitTask(sim, sys, vdc.Tasks.Task[0].href)).status).toBe('success');
  return xml((await sys.get(vdc.href)).text).doc;
}

const pvdcDoc = async () => xml((await sys.get(pvdcHref)).text).doc;

beforeEach(async () => {
  sim = await newSim();
  sys = client(sim, await login(sim, 'administrator', 'System'));
  acmeAdmin = client(sim, await login(sim, 'acme-admin', 'acme'));
  alice = client(sim, await login(sim, 'alice', 'acme'));
  const root = xml((await sys.get('/api/admin')).text).doc;
  orgHref = root.OrganizationReferences.OrganizationReference.find((o: any) => o.name === 'acme').href;
  pvdcHref = root.ProviderVdcReferences.ProviderVdcReference.find((p: any) => p.name === 'pvdc-gold').href;
  const profiles = ([] as any[]).concat((await pvdcDoc()).StorageProfiles.ProviderVdcStorageProfile);
  goldHref = profiles.find((p) => p.name === 'Gold').href;
  silverHref = profiles.find((p) => p.name === 'Silver').href;
});

describe('creating VDCs', () => {
  it('follows the AdminOrg add link; 201 with the AdminVdc (status 0) and its task; ready (status 1) when the task succeeds', async () => {
    const org = xml((await sys.get(orgHref)).text).doc;
    const add = findLink(org, 'add', MT.createVdcParams);
    const res = await sys.post(add.href).set('Content-Type', MT.createVdcParams).send(params('new-pool', 'AllocationPool', { extra: '<ResourceGuaranteedMemory>0.5</ResourceGuaranteedMemory><ResourceGuaranteedCpu>0.25</ResourceGuaranteedCpu>' }));
    expect(res.status).toBe(201);
    const vdc = xml(res.text).doc;
    expect(res.headers.location).toBe(vdc.href);
    expect(vdc).toMatchObject({ name: 'new-pool', status: '0', AllocationModel: 'AllocationPool' });
    expect(vdc.Tasks.Task[0]).toMatchObject({ operationName: 'vdcCreateVdc', status: 'queued' });
    await waitTask(sim, sys, vdc.Tasks.Task[0].href);
    const ready = xml((await sys.get(vdc.href)).text).doc;
    expect(ready.status).toBe('1');
    expect(ready.ComputeCapacity.Cpu).toMatchObject({ Units: 'MHz', Allocated: '4000', Limit: '4000', Reserved: '1000' });
    expect(ready.ComputeCapacity.Memory).toMatchObject({ Units: 'MB', Allocated: '8192', Limit: '8192', Reserved: '4096' });
    expect(ready).toMatchObject({ ResourceGuaranteedMemory: '0.5', ResourceGuaranteedCpu: '0.25', VmQuota: '3', NetworkQuota: '2', IsEnabled: 'true' });
    expect(ready.ProviderVdcReference[0].name).toBe('pvdc-gold');
    expect(ready.NetworkPoolReference[0].name).toBe('geneve-pool');
    const profile = ready.VdcStorageProfiles.VdcStorageProfile[0];
    expect(profile.name).toBe('Gold');
    const sp = xml((await sys.get(profile.href.replace('/api/', '/api/admin/'))).text).doc;
    expect(sp).toMatchObject({ Limit: '102400', Default: 'true', Enabled: 'true' });
    expect(sp.ProviderVdcStorageProfile.href).toBe(goldHref);
    // The tenants see it: the org's links, the query service, the CloudAPI.
    const tenantOrg = xml((await alice.get(orgHref.replace('/api/admin/org/', '/api/org/'))).text).doc;
    expect(tenantOrg.Link.some((l: any) => l.name === 'new-pool' && l.type === MT.vdc)).toBe(true);
    expect((await alice.get('/api/query?type=orgVdc&format=records&filter=name==new-pool')).text).toContain('name="new-pool"');
    const cloud = await alice.get('/cloudapi/1.0.0/vdcs?filter=name==new-pool').set('Accept', JSON_V);
    expect(cloud.body.values).toHaveLength(1);
    const caps = await alice.get(`/cloudapi/1.0.0/vdcs/${cloud.body.values[0].id}/capabilities`).set('Accept', JSON_V);
    expect(caps.body.values).toContainEqual(expect.objectContaining({ name: 'networkProvider', value: 'NSX_T' }));
  });

  it('each allocation model takes what VCD makes of it; the provider VDC reserves what its VDCs reserve', async () => {
    const before = (await pvdcDoc()).ComputeCapacity;
    const payg = await made(params('payg', 'AllocationVApp', { cpu: '<Units>MHz</Units><Allocated>0</Allocated><Limit>8000</Limit>' }));
    expect(payg.ComputeCapacity.Cpu).toMatchObject({ Allocated: '0', Limit: '8000', Reserved: '0' });
    const reservation = await made(params('reserved', 'ReservationPool'));
    expect(reservation.ComputeCapacity.Cpu).toMatchObject({ Allocated: '4000', Limit: '4000', Reserved: '4000' });
    expect(reservation.ComputeCapacity.Memory).toMatchObject({ Allocated: '8192', Reserved: '8192' });
    const flex = await made(params('flex', 'Flex', { cpu: '<Units>MHz</Units><Allocated>2000</Allocated><Limit>0</Limit>', extra: '<IsElastic>true</IsElastic><IncludeMemoryOverhead>false</IncludeMemoryOverhead>' }));
    expect(flex.ComputeCapacity.Cpu).toMatchObject({ Allocated: '2000', Limit: '0', Reserved: '0' });
    const after = (await pvdcDoc()).ComputeCapacity;
    expect(Number(after.Cpu.Reserved) - Number(before.Cpu.Reserved)).toBe(4000);
    expect(Number(after.Memory.Reserved) - Number(before.Memory.Reserved)).toBe(8192 + 8192);
    const rec = xml((await sys.get('/api/query?type=providerVdc&format=records&filter=name==pvdc-gold')).text).doc.VMWProviderVdcRecord[0];
    expect(Number(rec.cpuAllocationMhz)).toBeGreaterThanOrEqual(8000 + 4000 + 2000);
  });

  it('refuses bad requests with VCD\'s errors and leaves nothing behind', async () => {
    const count = () => [...sim.store.all('vdc')].length;
    const n = count();
    const refused = async (c: Client, body: string, status: number, minor?: string) => {
      const res = await createVdc(c, body);
      expect([res.status, res.text.slice(0, 300)]).toEqual([status, expect.any(String)]);
      if (minor) expect(xml(res.text).doc.minorErrorCode).toBe(minor);
    };
    await refused(acmeAdmin, params('by-tenant', 'AllocationPool'), 403);
    await refused(alice, params('by-user', 'AllocationPool'), 403);
    await refused(sys, params('ACME-VDC', 'AllocationPool'), 400, 'DUPLICATE_NAME');
    await refused(sys, params('bad-model', 'Elastic'), 400);
    await refused(sys, params('huge', 'ReservationPool', { cpu: '<Units>GHz</Units><Allocated>100000</Allocated>' }), 400, 'OPERATION_LIMITS_EXCEEDED');
    await refused(sys, params('no-pvdc', 'AllocationPool', { pvdc: pvdcHref.replace(/[0-9a-f]{12}$/, '000000000000') }), 400);
    const silverPvdc = xml((await sys.get('/api/admin')).text).doc.ProviderVdcReferences.ProviderVdcReference.find((p: any) => p.name === 'pvdc-silver').href;
    await refused(sys, params('wrong-profile', 'AllocationPool', { pvdc: silverPvdc }), 400);
    await refused(sys, params('flex-no-elastic', 'Flex'), 400);
    await refused(sys, params('bad-units', 'AllocationPool', { cpu: '<Units>THz</Units><Allocated>1</Allocated>' }), 400);
    await refused(sys, `<CreateVdcParams ${NS} name="no-profiles"><AllocationModel>AllocationVApp</AllocationModel><ComputeCapacity><Cpu><Units>MHz</Units></Cpu><Memory><Units>MB</Units></Memory></ComputeCapacity><ProviderVdcReference href="${pvdcHref}"/></CreateVdcParams>`, 400);
    await refused(sys, params('two-defaults', 'AllocationPool', { extra: `<VdcStorageProfile><Enabled>true</Enabled><Units>MB</Units><Limit>1</Limit><Default>true</Default><ProviderVdcStorageProfile href="${silverHref}"/></VdcStorageProfile>` }), 400);
    const systemOrg = xml((await sys.get('/api/admin')).text).doc.OrganizationReferences.OrganizationReference.find((o: any) => o.name === 'System').href;
    expect((await sys.post(`${systemOrg}/vdcsparams`).set('Content-Type', MT.createVdcParams).send(params('in-system', 'AllocationPool'))).status).toBe(400);
    expect(count()).toBe(n);
  });
});

describe('updating, enabling and deleting VDCs', () => {
  it('PUT of the AdminVdc is a task; capacity, quotas, name and description change when it succeeds', async () => {
    const vdc = await made(params('edit-me', 'AllocationPool'));
    const res = await sys.put(vdc.href).set('Content-Type', MT.adminVdc).send(
      `<AdminVdc ${NS} name="edited"><Description>new</Description><AllocationModel>AllocationPool</AllocationModel><ComputeCapacity><Cpu><Units>MHz</Units><Allocated>6000</Allocated><Limit>6000</Limit></Cpu><Memory><Units>MB</Units><Allocated>4096</Allocated><Limit>4096</Limit></Memory></ComputeCapacity><VmQuota>9</VmQuota></AdminVdc>`);
    expect(res.status).toBe(202);
    const task = xml(res.text).doc;
    expect(task.operationName).toBe('vdcUpdateVdc');
    expect(xml((await sys.get(vdc.href)).text).doc.name).toBe('edit-me');
    await waitTask(sim, sys, task.href);
    const after = xml((await sys.get(vdc.href)).text).doc;
    expect(after).toMatchObject({ name: 'edited', Description: 'new', VmQuota: '9' });
    expect(after.ComputeCapacity.Cpu).toMatchObject({ Allocated: '6000', Limit: '6000', Reserved: '3000' });
    expect(after.ComputeCapacity.Memory).toMatchObject({ Allocated: '4096', Reserved: '4096' });
    // The allocation model changes only to Flex.
    expect((await sys.put(vdc.href).set('Content-Type', MT.adminVdc).send(`<AdminVdc ${NS} name="edited"><AllocationModel>ReservationPool</AllocationModel></AdminVdc>`)).status).toBe(400);
    const flex = await sys.put(vdc.href).set('Content-Type', MT.adminVdc).send(`<AdminVdc ${NS} name="edited"><AllocationModel>Flex</AllocationModel></AdminVdc>`);
    await waitTask(sim, sys, xml(flex.text).doc.href);
    expect(xml((await sys.get(vdc.href)).text).doc.AllocationModel).toBe('Flex');
    // Tenants may not.
    expect((await acmeAdmin.put(vdc.href).set('Content-Type', MT.adminVdc).send(`<AdminVdc ${NS} name="x"/>`)).status).toBe(403);
  });

  it('quotas below what the VDC holds and limits below what it runs are refused (OPERATION_LIMITS_EXCEEDED)', async () => {
    const { vdc, template } = await findInventory(alice, 'acme-vdc', 'ubuntu-22.04');
    for (const name of ['one', 'two']) {
      const vapp = xml((await instantiate(alice, vdc, instantiateBody({ name, template, powerOn: true, deploy: true }))).text).doc;
      await waitTask(sim, alice, vapp.Tasks.Task[0].href);
    }
    const admin = vdc.href.replace('/api/vdc/', '/api/admin/vdc/');
    const put = (body: string) => sys.put(admin).set('Content-Type', MT.adminVdc).send(`<AdminVdc ${NS} name="acme-vdc">${body}</AdminVdc>`);
    const quota = await put('<VmQuota>1</VmQuota>');
    expect([quota.status, xml(quota.text).doc.minorErrorCode]).toEqual([400, 'OPERATION_LIMITS_EXCEEDED']);
    const cpu = await put('<ComputeCapacity><Cpu><Units>MHz</Units><Limit>1000</Limit></Cpu><Memory><Units>MB</Units></Memory></ComputeCapacity>');
    expect([cpu.status, xml(cpu.text).doc.minorErrorCode]).toEqual([400, 'OPERATION_LIMITS_EXCEEDED']);
    expect((await put('<NetworkQuota>1</NetworkQuota>')).status).toBe(400);
    expect(xml((await sys.get(admin)).text).doc).toMatchObject({ VmQuota: '40', NetworkQuota: '20' });
  });

  it('enable and disable (204, the links follow); a disabled VDC takes no new vApps or disks', async () => {
    const vdc = await made(params('toggle', 'AllocationVApp'));
    await sys.post(findLink(vdc, 'disable').href).expect(204);
    const off = xml((await sys.get(vdc.href)).text).doc;
    expect(off.IsEnabled).toBe('false');
    findLink(off, 'enable');
    const disk = await sys.post(`${vdc.href.replace('/api/admin/vdc/', '/api/vdc/')}/disk`).set('Content-Type', MT.diskCreateParams)
      .send(`<DiskCreateParams ${NS}><Disk name="d" sizeMb="16"/></DiskCreateParams>`);
    expect(disk.status).toBe(400);
    const { template } = await findInventory(alice, 'acme-vdc', 'ubuntu-22.04');
    const tenantVdc = xml((await sys.get(vdc.href.replace('/api/admin/vdc/', '/api/vdc/'))).text).doc;
    expect((await instantiate(sys, tenantVdc, instantiateBody({ name: 'nope', template }))).status).toBe(400);
    expect((await acmeAdmin.post(`${vdc.href}/action/enable`)).status).toBe(403);
    await sys.post(`${vdc.href}/action/enable`).expect(204);
    expect(xml((await sys.get(vdc.href)).text).doc.IsEnabled).toBe('true');
  });

  it('delete: refused while enabled or holding anything, unless force/recursive; the task takes everything with it', async () => {
    const vdc = await made(params('doomed', 'AllocationVApp', { cpu: '<Units>MHz</Units><Limit>0</Limit>', mem: '<Units>MB</Units><Limit>0</Limit>' }));
    const tenantHref = vdc.href.replace('/api/admin/vdc/', '/api/vdc/');
    const v = xml((await alice.get(tenantHref)).text).doc;
    const { template } = await findInventory(alice, 'acme-vdc', 'ubuntu-22.04');
    const app = xml((await instantiate(alice, v, instantiateBody({ name: 'inside', template, powerOn: true, deploy: true }))).text).doc;
    await waitTask(sim, alice, app.Tasks.Task[0].href);
    expect((await sys.delete(vdc.href)).status).toBe(400);
    await sys.post(`${vdc.href}/action/disable`).expect(204);
    const held = await sys.delete(vdc.href);
    expect([held.status, xml(held.text).doc.message]).toEqual([400, expect.stringContaining('1 vApps')]);
    expect((await sys.delete(`${vdc.href}?recursive=true`)).status).toBe(400); // its VM runs
    expect((await acmeAdmin.delete(`${vdc.href}?recursive=true&force=true`)).status).toBe(403);
    const res = await sys.delete(`${tenantHref}?recursive=true&force=true`);
    expect(res.status).toBe(202);
    const task = await waitTask(sim, sys, xml(res.text).doc.href);
    expect(task).toMatchObject({ status: 'success', operationName: 'vdcDeleteVdc' });
    expect((await sys.get(vdc.href)).status).toBe(403);
    const id = vdc.href.split('/').pop();
    expect([...sim.store.all('vApp')].some((a) => a.vdcId === id)).toBe(false);
    expect([...sim.store.all('storageProfile')].some((p) => p.vdcId === id)).toBe(false);
    expect(xml((await sys.get(orgHref)).text).doc.Vdcs.Vdc.some((x: any) => x.name === 'doomed')).toBe(false);
  });
});

describe('VDC storage profiles', () => {
  it('edited in place (limit, enabled, default), added from the provider VDC and removed once disabled and empty (tasks)', async () => {
    const vdc = await made(params('profiles', 'AllocationVApp', { cpu: '<Units>MHz</Units><Limit>0</Limit>', mem: '<Units>MB</Units><Limit>0</Limit>' }));
    const gold = vdc.VdcStorageProfiles.VdcStorageProfile[0].href.replace('/api/', '/api/admin/');
    const edit = (href: string, name: string, body: string, c = sys) => c.put(href).set('Content-Type', 'application/vnd.vmware.admin.vdcStorageProfile+xml')
      .send(`<AdminVdcStorageProfile ${NS} name="${name}">${body}</AdminVdcStorageProfile>`);
    const res = await edit(gold, 'Gold', '<Enabled>true</Enabled><Units>GB</Units><Limit>50</Limit><Default>true</Default>');
    expect(res.status).toBe(200);
    expect(xml(res.text).doc).toMatchObject({ Limit: '51200', Default: 'true', Enabled: 'true' });
    expect((await edit(gold, 'Gold', '<Enabled>false</Enabled><Default>true</Default>')).status).toBe(400);
    expect((await edit(gold, 'Gold', '<Default>false</Default>')).status).toBe(400);
    expect((await edit(gold, 'Gold', '<Limit>1</Limit>', acmeAdmin)).status).toBe(403);
    const update = (body: string) => sys.post(`${vdc.href}/vdcStorageProfiles`).set('Content-Type', 'application/vnd.vmware.admin.updateVdcStorageProfiles+xml')
      .send(`<UpdateVdcStorageProfiles ${NS} name="x">${body}</UpdateVdcStorageProfiles>`);
    const add = (href: string, isDefault = false) => update(`<AddStorageProfile><Enabled>true</Enabled><Units>MB</Units><Limit>2048</Limit><Default>${isDefault}</Default><ProviderVdcStorageProfile href="${href}"/></AddStorageProfile>`);
    expect(xml((await add(goldHref)).text).doc.minorErrorCode).toBe('DUPLICATE_NAME');
    const added = await add(silverHref, true);
    expect(added.status).toBe(202);
    await waitTask(sim, sys, xml(added.text).doc.href);
    const after = xml((await sys.get(vdc.href)).text).doc;
    expect(after.VdcStorageProfiles.VdcStorageProfile.map((p: any) => p.name).sort()).toEqual(['Gold', 'Silver']);
    const silver = after.VdcStorageProfiles.VdcStorageProfile.find((p: any) => p.name === 'Silver').href;
    expect(xml((await sys.get(silver.replace('/api/', '/api/admin/'))).text).doc.Default).toBe('true');
    expect(xml((await sys.get(gold)).text).doc.Default).toBe('false');
    // The default cannot go; an enabled one cannot go; a disabled, empty one goes.
    const remove = (href: string) => update(`<RemoveStorageProfile href="${href}"/>`);
    expect((await remove(silver)).status).toBe(400);
    expect((await remove(gold)).status).toBe(400);
    expect((await edit(gold, 'Gold', '<Enabled>false</Enabled><Default>false</Default>')).status).toBe(200);
    const removed = await remove(gold);
    expect(removed.status).toBe(202);
    await waitTask(sim, sys, xml(removed.text).doc.href);
    expect(xml((await sys.get(vdc.href)).text).doc.VdcStorageProfiles.VdcStorageProfile.map((p: any) => p.name)).toEqual(['Silver']);
  });
});

describe('VDC compute policies', () => {
  const cloud = (c: Client) => ({
    get: (p: string) => c.get(p).set('Accept', JSON_V),
    post: (p: string, b: object) => c.post(p).set('Accept', JSON_V).set('Content-Type', 'application/json').send(b),
    put: (p: string, b: object) => c.put(p).set('Accept', JSON_V).set('Content-Type', 'application/json').send(b),
    delete: (p: string) => c.delete(p).set('Accept', JSON_V),
  });
  const P = '/cloudapi/2.0.0/vdcComputePolicies';

  it('CRUD by the System administrator in the shape go-vcloud-director reads (1.0.0 and 2.0.0); tenants read only', async () => {
    const res = await cloud(sys).post(P, { name: 'xl', description: 'big', cpuCount: 8, coresPerSocket: 4, memory: 32768, policyType: 'VdcVmPolicy' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'xl', cpuCount: 8, coresPerSocket: 4, memory: 32768, policyType: 'VdcVmPolicy', isSizingOnly: true });
    expect(res.body.id).toMatch(/^urn:vcloud:vdcComputePolicy:/);
    const v1 = await cloud(sys).get(`/cloudapi/1.0.0/vdcComputePolicies/${res.body.id}`);
    expect(v1.body.name).toBe('xl');
    expect(v1.body.policyType).toBeUndefined();
    expect((await cloud(sys).put(`${P}/${res.body.id}`, { ...res.body, memory: 16384 })).body.memory).toBe(16384);
    expect((await cloud(sys).post(P, { name: 'XL' })).status).toBe(400);
    expect((await cloud(sys).post(P, { name: 'odd', cpuCount: 3, coresPerSocket: 2 })).status).toBe(400);
    expect((await cloud(sys).post(P, { cpuCount: 1 })).status).toBe(400);
    expect((await cloud(acmeAdmin).post(P, { name: 'tenant' })).status).toBe(403);
    expect((await cloud(acmeAdmin).get(`${P}/${res.body.id}`)).status).toBe(403); // not assigned to acme's VDCs
    const list = await cloud(alice).get(`${P}?filter=name==small`);
    expect(list.body.values.map((p: any) => p.name)).toEqual(['small']);
    expect((await cloud(sys).delete(`${P}/${res.body.id}`)).status).toBe(204);
    expect((await cloud(sys).get(`${P}/${res.body.id}`)).status).toBe(403);
  });

  it('assigned to a VDC (legacy references and CloudAPI); the default one sizes new VMs; a sizing policy reconfigures a VM', async () => {
    const { vdc, template } = await findInventory(alice, 'acme-vdc', 'ubuntu-22.04');
    const admin = vdc.href.replace('/api/vdc/', '/api/admin/vdc/');
    const refs = xml((await sys.get(`${admin}/computePolicies`)).text).doc;
    expect(refs.VdcComputePolicyReference.map((r: any) => r.name).sort()).toEqual(['System Default', 'gold-hosts', 'large', 'medium', 'small']);
    const byName = (n: string) => refs.VdcComputePolicyReference.find((r: any) => r.name === n);
    const vdcUrn = `urn:vcloud:vdc:${vdc.href.split('/').pop()}`;
    expect((await cloud(alice).get(`/cloudapi/2.0.0/vdcs/${vdcUrn}/computePolicies`)).body.values).toHaveLength(5);
    // The default: System Default (it sizes nothing); make it large.
    const put = await sys.put(admin).set('Content-Type', MT.adminVdc).send(`<AdminVdc ${NS} name="acme-vdc"><DefaultComputePolicy href="${byName('large').href}"/></AdminVdc>`);
    await waitTask(sim, sys, xml(put.text).doc.href);
    expect(xml((await alice.get(vdc.href)).text).doc.DefaultComputePolicy.name).toBe('large');
    const app = xml((await instantiate(alice, vdc, instantiateBody({ name: 'sized', template }))).text).doc;
    await waitTask(sim, alice, app.Tasks.Task[0].href);
    const vm = xml((await alice.get(xml((await alice.get(app.href)).text).doc.Children.Vm[0].href)).text).doc;
    expect(vm.ComputePolicy.VmSizingPolicy.name).toBe('large');
    expect(vm.VmSpecSection).toMatchObject({ NumCpus: '4', NumCoresPerSocket: '2' });
    expect(vm.VmSpecSection.MemoryResourceMb.Configured).toBe('16384');
    // Reconfigure with another policy of the VDC.
    const re = await alice.post(`${vm.href}/action/reconfigureVm`).set('Content-Type', MT.vm)
      .send(`<Vm ${NS} name="${vm.name}"><ComputePolicy><VmSizingPolicy href="${byName('small').href}"/></ComputePolicy></Vm>`);
    expect(re.status).toBe(202);
    await waitTask(sim, alice, xml(re.text).doc.href);
    const small = xml((await alice.get(vm.href)).text).doc;
    expect(small.ComputePolicy.VmSizingPolicy.name).toBe('small');
    expect(small.VmSpecSection).toMatchObject({ NumCpus: '1' });
    expect(small.VmSpecSection.MemoryResourceMb.Configured).toBe('2048');
    // A policy the VDC does not have is refused; one in use or the default cannot be unassigned or deleted.
    const other = await cloud(sys).post(P, { name: 'elsewhere', cpuCount: 16 });
    const refused = await alice.post(`${vm.href}/action/reconfigureVm`).set('Content-Type', MT.vm)
      .send(`<Vm ${NS} name="${vm.name}"><ComputePolicy><VmSizingPolicy href="http://vcd.test${P}/${other.body.id}"/></ComputePolicy></Vm>`);
    expect(refused.status).toBe(400);
    const assign = (names: string[]) => sys.put(`${admin}/computePolicies`).set('Content-Type', REFS)
      .send(`<VdcComputePolicyReferences ${NS}>${names.map((n) => `<VdcComputePolicyReference href="${byName(n).href}"/>`).join('')}</VdcComputePolicyReferences>`);
    expect((await assign(['large', 'medium'])).status).toBe(400); // small is in use
    expect((await assign(['small', 'medium'])).status).toBe(400); // large is the default
    expect((await cloud(sys).delete(`${P}/${byName('small').id}`)).status).toBe(400);
    expect((await acmeAdmin.put(`${admin}/computePolicies`).set('Content-Type', REFS).send(`<VdcComputePolicyReferences ${NS}/>`)).status).toBe(403);
    const ok = await assign(['small', 'large']);
    expect(ok.status).toBe(200);
    expect(xml(ok.text).doc.VdcComputePolicyReference.map((r: any) => r.name).sort()).toEqual(['large', 'small']);
  });
});
