/** VM placement policies, VM groups, logical VM groups and the System Default policy, read as the SDKs read them. */
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const JSON_V = 'application/json;version=37.0';
const REFS = 'application/vnd.vmware.vcloud.vdcComputePolicyReferences+xml';
const P = '/cloudapi/2.0.0/vdcComputePolicies';
const L = '/cloudapi/1.0.0/logicalVmGroups';

let sim: Simulator;
let sys: Client;
let alice: Client;

const cloud = (c: Client) => ({
  get: (p: string) => c.get(p).set('Accept', JSON_V),
  post: (p: string, b: object) => c.post(p).set('Accept', JSON_V).set('Content-Type', 'application/json').send(b),
  put: (p: string, b: object) => c.put(p).set('Accept', JSON_V).set('Content-Type', 'application/json').send(b),
  delete: (p: string) => c.delete(p).set('Accept', JSON_V),
});

/** The provider side as go-vcloud-director reads it: provider VDCs, their resource pools and the VM groups in their clusters. */
async function provider() {
  const pvdcs = xml((await sys.get('/api/query?type=providerVdc&format=idrecords')).text).doc.VMWProviderVdcRecord;
  const gold = ([] as any[]).concat(pvdcs).find((p) => p.name === 'pvdc-gold');
  const silver = ([] as any[]).concat(pvdcs).find((p) => p.name === 'pvdc-silver');
  const pools = xml((await sys.get(`/api/query?type=resourcePool&filter=providerVdc==${encodeURIComponent(gold.id)}`)).text).doc.ResourcePoolRecord;
  const pool = ([] as any[]).concat(pools)[0];
  const vcId = pool.vc.split('/').pop();
  const filter = `(vmGroupName==licensed-hosts;(clusterMoref==${pool.clusterMoref});(vcId==${vcId}))`;
  const groups = xml((await sys.get(`/api/query?type=vmGroups&filter=${encodeURIComponent(filter)}&filterEncoded=true`)).text).doc;
  const all = ([] as any[]).concat(xml((await sys.get('/api/query?type=vmGroups')).text).doc.VmGroupsRecord);
  return { gold, silver, licensed: ([] as any[]).concat(groups.VmGroupsRecord)[0], gpu: all.find((g) => g.vmGroupName === 'gpu-hosts') };
}

const named = (g: any) => ({ id: `urn:vcloud:namedVmGroup:${g.namedVmGroupId}`, name: g.vmGroupName });

beforeEach(async () => {
  sim = await newSim();
  sys = client(sim, await login(sim, 'administrator', 'System'));
  alice = client(sim, await login(sim, 'alice', 'acme'));
});

describe('VM groups and logical VM groups', () => {
  it('finds a VM group by name, cluster and vCenter (query vmGroups); logical VM groups are created, read and deleted', async () => {
    const { gold, licensed, gpu } = await provider();
    expect(licensed).toMatchObject({ vmGroupName: 'licensed-hosts', clusterName: 'compute-cluster-a', clusterMoref: 'domain-c1001' });
    expect(licensed.namedVmGroupId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await alice.get('/api/query?type=vmGroups')).status).toBe(403);

    const made = await cloud(sys).post(L, { name: 'licensed', description: 'one group', pvdcId: gold.id, namedVmGroupReferences: [named(licensed)] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'licensed', pvdcId: gold.id, namedVmGroupReferences: [named(licensed)] });
    expect((await cloud(sys).get(`${L}/${made.body.id}`)).body.name).toBe('licensed');
    // A VM group of another provider VDC's cluster, an unknown one, a duplicate name: 400; tenants: 403.
    expect((await cloud(sys).post(L, { name: 'x', pvdcId: gold.id, namedVmGroupReferences: [named(gpu)] })).status).toBe(400);
    expect((await cloud(sys).post(L, { name: 'y', pvdcId: gold.id, namedVmGroupReferences: [{ id: 'urn:vcloud:namedVmGroup:00000000-0000-0000-0000-000000000000' }] })).status).toBe(400);
    expect((await cloud(sys).post(L, { name: 'LICENSED', pvdcId: gold.id, namedVmGroupReferences: [named(licensed)] })).status).toBe(400);
    expect((await cloud(alice).get(`${L}/${made.body.id}`)).status).toBe(403);
    expect((await cloud(alice).post(L, { name: 'z' })).status).toBe(403);
    expect((await cloud(sys).get('/cloudapi/1.0.0/vgpuProfiles')).body.values).toEqual([]);
    expect((await cloud(sys).delete(`${L}/${made.body.id}`)).status).toBe(204);
    expect((await cloud(sys).get(`${L}/${made.body.id}`)).status).toBe(403);
  });
});

describe('VM placement policies', () => {
  it('created with VM groups (2.0.0 maps, read back in 1.0.0), assigned to a VDC of their provider VDC, placing new and existing VMs', async () => {
    const { gold, silver, licensed } = await provider();
    const res = await cloud(sys).post(P, {
      name: 'licensed-only', description: 'on licensed hosts', policyType: 'VdcVmPolicy',
      pvdcNamedVmGroupsMap: [{ pvdc: { id: gold.id, name: gold.name }, namedVmGroups: [[named(licensed)]] }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'licensed-only', isSizingOnly: false, pvdcNamedVmGroupsMap: [{ pvdc: { id: gold.id }, namedVmGroups: [[named(licensed)]] }] });
    const v1 = (await cloud(sys).get(`/cloudapi/1.0.0/vdcComputePolicies/${res.body.id}`)).body;
    expect(v1).toMatchObject({ pvdcId: gold.id, namedVmGroups: [[named(licensed)]], isSizingOnly: false });
    // An unknown VM group or provider VDC, a group outside the provider VDC's clusters: 400, nothing made.
    const bad = (map: object) => cloud(sys).post(P, { name: 'bad', pvdcNamedVmGroupsMap: [map] });
    expect((await bad({ pvdc: { id: gold.id }, namedVmGroups: [[{ id: 'urn:vcloud:namedVmGroup:00000000-0000-0000-0000-000000000000' }]] })).status).toBe(400);
    expect((await bad({ pvdc: { id: 'urn:vcloud:providervdc:00000000-0000-0000-0000-000000000000' }, namedVmGroups: [[named(licensed)]] })).status).toBe(400);
    expect((await bad({ pvdc: { id: silver.id }, namedVmGroups: [[named(licensed)]] })).status).toBe(400);
    expect((await cloud(sys).get(`${P}?filter=name==bad`)).body.values).toEqual([]);

    // The VDC gets it; a VM instantiated with it is placed; one in use cannot be deleted or unassigned.
    const { vdc, template } = await findInventory(alice, 'acme-vdc', 'ubuntu-22.04');
    const admin = vdc.href.replace('/api/vdc/', '/api/admin/vdc/');
    const refs = ([] as any[]).concat(xml((await sys.get(`${admin}/computePolicies`)).text).doc.VdcComputePolicyReference);
    const assign = (hrefs: string[]) => sys.put(`${admin}/computePolicies`).set('Content-Type', REFS)
      .send(`<VdcComputePolicyReferences ${NS}>${hrefs.map((h) => `<VdcComputePolicyReference href="${h}"/>`).join('')}</VdcComputePolicyReferences>`);
    const policyHref = `http://vcd.test${P}/${res.body.id}`;
    const placed = (href: string) => `<ComputePolicy><VmPlacementPolicy href="${href}"/></ComputePolicy>`;
    const tvm = ([] as any[]).concat(template.Children.Vm)[0].href;
    const item = (policy: string) => instantiateBody({ name: 'placed', template })
      .replace('<AllEULAsAccepted>', `<SourcedItem><Source href="${tvm}"/>${policy}</SourcedItem><AllEULAsAccepted>`);
    // Not assigned yet: refused.
    const early = await instantiate(alice, vdc, item(placed(policyHref)));
    expect(early.status).toBe(400);
    expect(early.text).toMatch(/not assigned to VDC/);
    expect((await assign([...refs.map((r) => r.href), policyHref])).status).toBe(200);
    const app = xml((await instantiate(alice, vdc, item(placed(policyHref)))).text).doc;
    expect((await waitTask(sim, alice, app.Tasks.Task[0].href)).status).toBe('success');
    const vm = xml((await alice.get(xml((await alice.get(app.href)).text).doc.Children.Vm[0].href)).text).doc;
    expect(vm.ComputePolicy.VmPlacementPolicy.name).toBe('licensed-only');
    expect((await cloud(sys).delete(`${P}/${res.body.id}`)).status).toBe(400);
    expect((await assign(refs.map((r) => r.href))).status).toBe(400);
    // Reconfigure (go-vcloud-director's UpdateComputePolicyV2): a sizing policy only takes the placement off.
    const small = refs.find((r) => r.name === 'small').href;
    const re = await alice.post(`${vm.href}/action/reconfigureVm`).set('Content-Type', MT.vm)
      .send(`<Vm ${NS} name="${vm.name}"><ComputePolicy><VmSizingPolicy href="${small}"/></ComputePolicy></Vm>`);
    await waitTask(sim, alice, xml(re.text).doc.href);
    const after = xml((await alice.get(vm.href)).text).doc;
    expect(after.ComputePolicy.VmPlacementPolicy).toBeUndefined();
    expect(after.ComputePolicy.VmSizingPolicy.name).toBe('small');
    // A sizing policy is no placement policy, and the reverse.
    const wrong = await alice.post(`${vm.href}/action/reconfigureVm`).set('Content-Type', MT.vm)
      .send(`<Vm ${NS} name="${vm.name}">${placed(small)}</Vm>`);
    expect(wrong.status).toBe(400);
    const back = await alice.post(`${vm.href}/action/reconfigureVm`).set('Content-Type', MT.vm)
      .send(`<Vm ${NS} name="${vm.name}"><ComputePolicy><VmPlacementPolicy href="${policyHref}"/><VmSizingPolicy href="${small}"/></ComputePolicy></Vm>`);
    await waitTask(sim, alice, xml(back.text).doc.href);
    expect(xml((await alice.get(vm.href)).text).doc.ComputePolicy.VmPlacementPolicy.name).toBe('licensed-only');
  });

  it('a placement policy without VM groups in the VDC\'s provider VDC cannot be assigned to it', async () => {
    const { silver } = await provider();
    const gpu = ([] as any[]).concat(xml((await sys.get('/api/query?type=vmGroups')).text).doc.VmGroupsRecord).find((g) => g.vmGroupName === 'gpu-hosts');
    const res = await cloud(sys).post(P, { name: 'gpu-only', pvdcNamedVmGroupsMap: [{ pvdc: { id: silver.id }, namedVmGroups: [[named(gpu)]] }] });
    expect(res.status).toBe(201);
    const { vdc } = await findInventory(alice, 'acme-vdc', 'ubuntu-22.04');
    const admin = vdc.href.replace('/api/vdc/', '/api/admin/vdc/');
    const refs = ([] as any[]).concat(xml((await sys.get(`${admin}/computePolicies`)).text).doc.VdcComputePolicyReference);
    const put = await sys.put(`${admin}/computePolicies`).set('Content-Type', REFS)
      .send(`<VdcComputePolicyReferences ${NS}>${[...refs.map((r) => r.href), `http://vcd.test${P}/${res.body.id}`].map((h) => `<VdcComputePolicyReference href="${h}"/>`).join('')}</VdcComputePolicyReferences>`);
    expect(put.status).toBe(400);
  });
});

describe('System Default', () => {
  it('every VDC made through the API gets it, as its default; it cannot be deleted or renamed', async () => {
    const all = (await cloud(sys).get(`${P}?filter=name==System Default`)).body.values;
    expect(all).toHaveLength(1);
    const sd = all[0];
    expect(sd).toMatchObject({ isSizingOnly: true, cpuCount: null, memory: null });
    const root = xml((await sys.get('/api/admin')).text).doc;
    const org = root.OrganizationReferences.OrganizationReference.find((o: any) => o.name === 'acme').href;
    const pvdc = root.ProviderVdcReferences.ProviderVdcReference.find((p: any) => p.name === 'pvdc-gold').href;
    const gold = ([] as any[]).concat(xml((await sys.get(pvdc)).text).doc.StorageProfiles.ProviderVdcStorageProfile).find((p) => p.name === 'Gold').href;
    const made = await sys.post(`${org}/vdcsparams`).set('Content-Type', MT.createVdcParams).send(
      `<CreateVdcParams ${NS} name="fresh"><AllocationModel>AllocationVApp</AllocationModel><ComputeCapacity><Cpu><Units>MHz</Units><Limit>1000</Limit></Cpu>` +
      `<Memory><Units>MB</Units><Limit>1024</Limit></Memory></ComputeCapacity><VdcStorageProfile><Enabled>true</Enabled><Units>MB</Units><Limit>1024</Limit>` +
      `<Default>true</Default><ProviderVdcStorageProfile href="${gold}"/></VdcStorageProfile><ProviderVdcReference href="${pvdc}"/></CreateVdcParams>`);
    expect(made.status).toBe(201);
    const vdc = xml(made.text).doc;
    await waitTask(sim, sys, vdc.Tasks.Task[0].href);
    const doc = xml((await sys.get(vdc.href)).text).doc;
    expect(doc.DefaultComputePolicy).toMatchObject({ name: 'System Default', id: sd.id });
    const refs = xml((await sys.get(`${vdc.href}/computePolicies`)).text).doc.VdcComputePolicyReference;
    expect(([] as any[]).concat(refs).map((r) => r.name)).toEqual(['System Default']);
    expect((await cloud(sys).delete(`${P}/${sd.id}`)).status).toBe(400);
    expect((await cloud(sys).put(`${P}/${sd.id}`, { ...sd, name: 'Renamed' })).status).toBe(400);
  });
});
