/**
 * Firewall groups owned by a VDC group (CloudAPI `firewallGroups` with ownerRef a vdcGroup, as Terraform's
 * vcd_nsxt_ip_set / _security_group / _dynamic_security_group with owner_id a VDC group send them): IP sets,
 * static security groups of the group's networks, dynamic groups on VM names; their associated VMs; used by
 * the group's DFW rules (and refused in another group's); gone with the group.
 */
import { newSim, login, client, XML } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, settleTask, waitTask } from '../support/vcd.js';
import type { Simulator } from '../../src/sim.js';

const CLOUD = 'application/json;version=38.0';
const API = '/cloudapi/1.0.0';
type C = ReturnType<typeof client>;
type Res = { status: number; headers: Record<string, string>; text: string; body: any };

describe('firewall groups of VDC groups', () => {
  let sim: Simulator;
  let sys: C;
  let acme: C;
  let globex: C;
  let alice: C;
  let g: string;
  let net: string;
  let other: string;

  const settle = (c: C, res: Res) => settleTask(sim, c, res);
  const created = async (c: C, body: Record<string, unknown>) => {
    const t = await settle(c, await c.post(`${API}/firewallGroups`).send(body));
    expect(t.status).toBe('success');
    return t.owner.id as string;
  };
  const refused = async (res: Promise<Res>, status: number, message: RegExp) => {
    const r = await res;
    expect([r.status, r.body.message]).toEqual([status, expect.stringMatching(message)]);
  };
  const vmNames = async (c: C, id: string) => (await c.get(`${API}/firewallGroups/${id}/associatedVMs`)).body.values.map((v: any) => v.vmRef.name).sort();

  beforeAll(async () => {
    sim = await newSim();
    sys = client(sim, await login(sim, 'administrator', 'System'), CLOUD);
    acme = client(sim, await login(sim, 'acme-admin', 'acme'), CLOUD);
    globex = client(sim, await login(sim, 'globex-admin', 'globex'), CLOUD);
    alice = client(sim, await login(sim, 'alice', 'acme'), CLOUD);
    g = (await acme.get(`${API}/vdcGroups?filter=name==acme-group`)).body.values[0].id;
    const n = await settle(acme, await acme.post(`${API}/orgVdcNetworks`).send({
      name: 'group-net', ownerRef: { id: g }, networkType: 'ISOLATED',
      subnets: { values: [{ gateway: '10.91.0.1', prefixLength: 24, ipRanges: { values: [{ startAddress: '10.91.0.10', endAddress: '10.91.0.20' }] } }] },
    }));
    net = n.owner.id;
    // A second group of acme's, for rules that name the first group's firewall groups.
    const vdc = (await acme.get(`${API}/vdcs?filter=name==acme-dev`)).body.values[0].id;
    other = (await settle(acme, await acme.post(`${API}/vdcGroups`).send({
      name: 'acme-other', networkProviderType: 'NSX_T', type: 'LOCAL', participatingOrgVdcs: [{ vdcRef: { id: vdc } }],
    }))).owner.id;
    // VMs: ubuntu in acme-vdc on the group network, rocky in acme-dev on none.
    const x = client(sim, await login(sim, 'acme-admin', 'acme'), XML);
    for (const [vdcName, template, vapp, network] of [['acme-vdc', 'ubuntu-22.04', 'web-vapp', true], ['acme-dev', 'rocky-9', 'data-vapp', false]] as const) {
      const inv = await findInventory(x, vdcName, template);
      const res = await instantiate(x, inv.vdc, instantiateBody({ name: vapp, template: inv.template, network: network ? { name: 'group-net', href: `/api/network/${net.split(':').pop()}` } : undefined }));
      expect(res.status).toBe(201);
      const task = /<Task[^>]*href="([^"]+)"/.exec(res.text)![1];
      expect((await waitTask(sim, x, task)).status).toBe('success');
    }
  });

  it('serves IP sets, static and dynamic groups owned by the group, listed by ownerRef.id', async () => {
    const ipSet = await created(acme, { name: 'web-ips', typeValue: 'IP_SET', ownerRef: { id: g }, ipAddresses: ['10.91.0.0/24', '192.0.2.5'] });
    const doc = (await acme.get(`${API}/firewallGroups/${ipSet}`)).body;
    expect(doc).toMatchObject({
      id: ipSet, name: 'web-ips', typeValue: 'IP_SET', type: 'IP_SET', ipAddresses: ['10.91.0.0/24', '192.0.2.5'], members: null, vmCriteria: null,
      ownerRef: { id: g, name: 'acme-group' }, edgeGatewayRef: null,
    });
    const sg = await created(acme, { name: 'on-group-net', typeValue: 'SECURITY_GROUP', ownerRef: { id: g }, members: [{ id: net }] });
    expect((await acme.get(`${API}/firewallGroups/${sg}`)).body).toMatchObject({ typeValue: 'SECURITY_GROUP', members: [{ id: net, name: 'group-net' }] });
    const dyn = await created(acme, {
      name: 'ubuntus', typeValue: 'VM_CRITERIA', ownerRef: { id: g },
      vmCriteria: [{ rules: [{ attributeType: 'VM_NAME', attributeValue: 'ub', operator: 'STARTS_WITH' }] }],
    });
    expect((await acme.get(`${API}/firewallGroups/${dyn}`)).body).toMatchObject({
      typeValue: 'VM_CRITERIA', type: 'SECURITY_GROUP', vmCriteria: [{ rules: [{ attributeType: 'VM_NAME', attributeValue: 'ub', operator: 'STARTS_WITH' }] }],
    });
    // govcd's VdcGroup.GetNsxtFirewallGroupByName: ownerRef.id, typeValue and name.
    const list = (q: string) => acme.get(`${API}/firewallGroups/summaries?filter=${encodeURIComponent(q)}`);
    expect((await list(`ownerRef.id==${g}`)).body.values.map((v: any) => v.name).sort()).toEqual(['on-group-net', 'ubuntus', 'web-ips']);
    expect((await list(`(typeValue==VM_CRITERIA;ownerRef.id==${g});name==ubuntus`)).body.values).toEqual([expect.objectContaining({ id: dyn })]);
    expect((await globex.get(`${API}/firewallGroups/summaries?filter=${encodeURIComponent(`ownerRef.id==${g}`)}`)).body.values).toEqual([]);
    await refused(globex.get(`${API}/firewallGroups/${ipSet}`), 403, /./);
  });

  it('answers the VMs a group covers (associatedVMs) as a CloudAPI page', async () => {
    const byName = async (name: string) => (await acme.get(`${API}/firewallGroups/summaries?filter=${encodeURIComponent(`ownerRef.id==${g};name==${name}`)}`)).body.values[0].id;
    const page = (await acme.get(`${API}/firewallGroups/${await byName('on-group-net')}/associatedVMs`)).body;
    expect(page).toMatchObject({ resultTotal: 1, page: 1, values: [{ vmRef: { name: 'ubuntu' }, vappRef: { name: 'web-vapp' }, vdcRef: { name: 'acme-vdc' }, orgRef: { name: 'acme' } }] });
    const dyn = await byName('ubuntus');
    expect(await vmNames(acme, dyn)).toEqual(['ubuntu']);
    // Criteria: OR between criteria, AND within one; names compare case-insensitively.
    const t = await settle(acme, await acme.put(`${API}/firewallGroups/${dyn}`).send({
      name: 'ubuntus', typeValue: 'VM_CRITERIA', ownerRef: { id: g },
      vmCriteria: [
        { rules: [{ attributeType: 'VM_NAME', attributeValue: 'UB', operator: 'STARTS_WITH' }, { attributeType: 'VM_NAME', attributeValue: 'nope', operator: 'CONTAINS' }] },
        { rules: [{ attributeType: 'VM_NAME', attributeValue: 'ock', operator: 'CONTAINS' }] },
      ],
    }));
    expect(t.status).toBe('success');
    expect(await vmNames(acme, dyn)).toEqual(['rocky']);
    await refused(acme.get(`${API}/firewallGroups/${await byName('web-ips')}/associatedVMs`), 400, /IP set/);
    await refused(globex.get(`${API}/firewallGroups/${dyn}/associatedVMs`), 403, /./);
  });

  it('refuses what VCD refuses, creating nothing', async () => {
    const count = sim.store.count('firewallGroup');
    const post = (body: Record<string, unknown>) => acme.post(`${API}/firewallGroups`).send({ ownerRef: { id: g }, ...body });
    const rule = (r: Record<string, unknown>) => ({ name: 'd', typeValue: 'VM_CRITERIA', vmCriteria: [{ rules: [{ attributeType: 'VM_NAME', attributeValue: 'x', operator: 'CONTAINS', ...r }] }] });
    await refused(post(rule({ operator: 'EQUALS' })), 400, /only CONTAINS and STARTS_WITH/);
    await refused(post(rule({ attributeType: 'VM_TAG' })), 400, /VM_TAG/);
    await refused(post(rule({ attributeValue: '' })), 400, /attributeValue is required/);
    await refused(post({ name: 'd', typeValue: 'VM_CRITERIA', vmCriteria: [] }), 400, /at least one criterion/);
    await refused(post({ name: 'd', typeValue: 'VM_CRITERIA', vmCriteria: [1, 2, 3, 4].map(() => ({ rules: [{ attributeType: 'VM_NAME', attributeValue: 'x', operator: 'CONTAINS' }] })) }), 400, /at most 3 criteria/);
    const acmeWeb = (await acme.get(`${API}/orgVdcNetworks?filter=name==acme-web`)).body.values[0].id;
    await refused(post({ name: 'd', typeValue: 'SECURITY_GROUP', members: [{ id: acmeWeb }] }), 400, /not an org VDC network of VDC group "acme-group"/);
    const edge = (await acme.get(`${API}/edgeGateways?filter=name==acme-edge`)).body.values[0].id;
    await refused(acme.post(`${API}/firewallGroups`).send({ name: 'd', typeValue: 'VM_CRITERIA', ownerRef: { id: edge }, vmCriteria: [] }), 400, /belong to VDC groups/);
    const dup = await post({ name: 'WEB-IPS', typeValue: 'IP_SET', ipAddresses: [] });
    expect([dup.status, dup.body.minorErrorCode]).toEqual([400, 'DUPLICATE_NAME']);
    await refused(globex.post(`${API}/firewallGroups`).send({ name: 'x', typeValue: 'IP_SET', ownerRef: { id: g } }), 403, /./);
    await refused(alice.post(`${API}/firewallGroups`).send({ name: 'x', typeValue: 'IP_SET', ownerRef: { id: g } }), 403, /./);
    expect(sim.store.count('firewallGroup')).toBe(count);
  });

  it('DFW rules name the group\'s own groups, not another group\'s; a used group is not deleted', async () => {
    const ids = async (owner: string) => (await acme.get(`${API}/firewallGroups/summaries?filter=${encodeURIComponent(`ownerRef.id==${owner}`)}`)).body.values;
    const mine = await ids(g);
    const web = mine.find((x: any) => x.name === 'web-ips').id;
    const dyn = mine.find((x: any) => x.name === 'ubuntus').id;
    expect((await settle(sys, await sys.put(`${API}/vdcGroups/${g}/dfwPolicies`).send({ enabled: true }))).status).toBe('success');
    expect((await settle(sys, await sys.put(`${API}/vdcGroups/${other}/dfwPolicies`).send({ enabled: true }))).status).toBe('success');
    const rules = `${API}/vdcGroups/${g}/dfwPolicies/default/rules`;
    const t = await settle(acme, await acme.put(rules).send({ values: [{ name: 'web-to-ubuntu', actionValue: 'ALLOW', ipProtocol: 'IPV4', direction: 'IN_OUT', enabled: true, sourceFirewallGroups: [{ id: web }], destinationFirewallGroups: [{ id: dyn }] }] }));
    expect(t.status).toBe('success');
    expect((await acme.get(rules)).body.values[0]).toMatchObject({ sourceFirewallGroups: [{ id: web, name: 'web-ips' }], destinationFirewallGroups: [{ id: dyn, name: 'ubuntus' }] });
    await refused(acme.post(`${API}/vdcGroups/${other}/dfwPolicies/default/rules`).send({ name: 'x', actionValue: 'ALLOW', sourceFirewallGroups: [{ id: web }] }), 400,
      /the firewall group "web-ips" belongs to VDC group "acme-group", not to VDC group "acme-other"/);
    await refused(acme.delete(`${API}/firewallGroups/${web}`), 400, /in use by firewall rule\(s\) "web-to-ubuntu"/);
  });

  it('the groups go with their VDC group', async () => {
    const ip = await created(acme, { name: 'spare', typeValue: 'IP_SET', ownerRef: { id: other }, ipAddresses: ['192.0.2.9'] });
    expect((await settle(acme, await acme.delete(`${API}/vdcGroups/${other}`))).status).toBe('success');
    expect((await acme.get(`${API}/firewallGroups/${ip}`)).status).toBe(403);
    expect(sim.store.where('firewallGroup', 'vdcGroupId', other.split(':').pop()!)).toEqual([]);
  });

  afterAll(async () => sim.stop());
});
