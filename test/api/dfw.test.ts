/**
 * Distributed firewall rules of a VDC group's default policy (CloudAPI `vdcGroups/{id}/dfwPolicies/default/rules`,
 * go-vcloud-director's types.DistributedFirewallRule(s)): read, replaced as a list, added, changed and deleted
 * as tasks; references checked; gone with the DFW and with the group.
 */
import { newSim, login, client } from '../support/sim.js';
import { settleTask } from '../support/vcd.js';
import type { Simulator } from '../../src/sim.js';

const CLOUD = 'application/json;version=38.0';
const API = '/cloudapi/1.0.0';
type C = ReturnType<typeof client>;
type Res = { status: number; headers: Record<string, string>; text: string; body: any };

describe('VDC group distributed firewall rules', () => {
  let sim: Simulator;
  let sys: C;
  let acme: C;
  let globex: C;
  let alice: C;
  let g: string;
  let rules: string;
  /** Firewall groups: on the group's gateway, on acme-edge (not in the group), on globex-edge. */
  let web: string;
  let outside: string;
  let foreign: string;
  let ssh: string;

  const settle = (c: C, res: Res) => settleTask(sim, c, res);
  const ok = async (c: C, res: Promise<Res>) => expect((await settle(c, await res)).status).toBe('success');
  const refused = async (res: Promise<Res>, status: number, message: RegExp) => {
    const r = await res;
    expect([r.status, r.body.minorErrorCode, r.body.message]).toEqual([status, expect.any(String), expect.stringMatching(message)]);
  };
  const rule = (name: string, extra: Record<string, unknown> = {}) => ({ name, actionValue: 'ALLOW', ipProtocol: 'IPV4', direction: 'IN_OUT', enabled: true, ...extra });
  const names = async (c: C = acme) => (await c.get(rules)).body.values.map((r: any) => r.name);
  const ipSet = async (c: C, name: string, gw: string) => (await settle(c, await c.post(`${API}/firewallGroups`).send({ name, typeValue: 'IP_SET', ownerRef: { id: gw }, ipAddresses: ['10.0.0.0/24'] }))).owner.id;
  const edgeId = async (name: string) => (await sys.get(`${API}/edgeGateways?filter=name==${name}`)).body.values[0];

  beforeAll(async () => {
    sim = await newSim();
    sys = client(sim, await login(sim, 'administrator', 'System'), CLOUD);
    acme = client(sim, await login(sim, 'acme-admin', 'acme'), CLOUD);
    globex = client(sim, await login(sim, 'globex-admin', 'globex'), CLOUD);
    alice = client(sim, await login(sim, 'alice', 'acme'), CLOUD);
    g = (await acme.get(`${API}/vdcGroups?filter=name==acme-group`)).body.values[0].id;
    rules = `${API}/vdcGroups/${g}/dfwPolicies/default/rules`;
    const edge = await edgeId('acme-edge');
    const spare = await settle(sys, await sys.post(`${API}/edgeGateways`).send({
      name: 'group-edge', ownerRef: { id: g }, edgeGatewayUplinks: [{ uplinkId: edge.edgeGatewayUplinks[0].uplinkId, subnets: { values: [{ gateway: '203.0.113.1', prefixLength: 24, primaryIp: '203.0.113.50', enabled: true }] } }],
    }));
    web = await ipSet(acme, 'web', spare.owner.id);
    outside = await ipSet(acme, 'outside', edge.id);
    foreign = await ipSet(globex, 'foreign', (await edgeId('globex-edge')).id);
    ssh = (await acme.get(`${API}/applicationPortProfiles?filter=${encodeURIComponent('name==SSH')}`)).body.values[0].id;
  });

  it('answers 400 while the DFW is off; turning it on gives VCD\'s allow-all default rule', async () => {
    await refused(acme.get(rules), 400, /distributed firewall of VDC group "acme-group" is not active/);
    await refused(acme.put(rules).send({ values: [] }), 400, /not active/);
    await ok(sys, sys.put(`${API}/vdcGroups/${g}/dfwPolicies`).send({ enabled: true }));
    const all = (await acme.get(rules)).body;
    expect(all.values).toEqual([expect.objectContaining({
      name: 'Default_VdcGroup_acme-group', actionValue: 'ALLOW', action: 'ALLOW', enabled: true, ipProtocol: 'IPV4_IPV6', direction: 'IN_OUT',
      sourceFirewallGroups: null, destinationFirewallGroups: null, applicationPortProfiles: null, version: { version: 0 },
    })]);
    // The policy by its id reads the same; an unknown policy is a 404.
    const policy = (await acme.get(`${API}/vdcGroups/${g}/dfwPolicies/default`)).body.id;
    expect((await acme.get(`${API}/vdcGroups/${g}/dfwPolicies/${policy}/rules`)).body).toEqual(all);
    await refused(acme.get(`${API}/vdcGroups/${g}/dfwPolicies/nope/rules`), 404, /DFW policy nope/);
  });

  it('replaces the ordered list as a task (UpdateDistributedFirewall), keeping the ids of rules it names', async () => {
    const [first] = (await acme.get(rules)).body.values;
    const before = sim.store.count('dfwRule');
    const res = await acme.put(rules).send({
      values: [
        rule('web-in', { sourceFirewallGroups: [{ id: web }], applicationPortProfiles: [{ id: ssh }], logging: true, comments: 'hello' }),
        { ...first, actionValue: 'DROP', action: 'DROP' },
        rule('out', { destinationFirewallGroups: [{ id: web }], destinationGroupsExcluded: true, direction: 'OUT', actionValue: 'REJECT' }),
      ],
    });
    expect(sim.store.count('dfwRule')).toBe(before);
    await ok(acme, Promise.resolve(res));
    const got = (await acme.get(rules)).body.values;
    expect(got.map((r: any) => r.name)).toEqual(['web-in', 'Default_VdcGroup_acme-group', 'out']);
    expect(got[0]).toMatchObject({
      sourceFirewallGroups: [{ name: 'web', id: web }], applicationPortProfiles: [{ name: 'SSH', id: ssh }], logging: true, comments: 'hello',
      ipProtocol: 'IPV4', version: { version: 0 }, networkContextProfiles: null,
    });
    expect(got[1]).toMatchObject({ id: first.id, actionValue: 'DROP', version: { version: 1 } });
    expect(got[2]).toMatchObject({ action: 'DROP', actionValue: 'REJECT', direction: 'OUT', destinationGroupsExcluded: true, sourceGroupsExcluded: false });
    // The same list again: no rule changed, no version moves.
    await ok(acme, acme.put(rules).send({ values: got }));
    expect((await acme.get(rules)).body.values).toEqual(got);
  });

  it('adds one rule at the end, reads, changes and deletes it by id', async () => {
    await ok(acme, acme.post(rules).send(rule('added', { actionValue: 'DROP' })));
    const list = (await acme.get(rules)).body.values;
    const added = list[list.length - 1];
    expect(added).toMatchObject({ name: 'added', actionValue: 'DROP' });
    expect((await acme.get(`${rules}/${added.id}`)).body).toEqual(added);
    await ok(acme, acme.put(`${rules}/${added.id}`).send({ ...added, name: 'changed', actionValue: 'REJECT', action: undefined, enabled: false }));
    expect((await acme.get(`${rules}/${added.id}`)).body).toMatchObject({ name: 'changed', actionValue: 'REJECT', enabled: false, version: { version: 1 } });
    expect(await names()).toEqual(['web-in', 'Default_VdcGroup_acme-group', 'out', 'changed']);
    await ok(acme, acme.delete(`${rules}/${added.id}`));
    await refused(acme.get(`${rules}/${added.id}`), 404, /does not exist/);
    await refused(acme.put(`${rules}/${added.id}`).send(rule('x')), 404, /does not exist/);
  });

  it('refuses bad rules with VCD\'s error and changes nothing', async () => {
    const before = await names();
    const count = sim.store.count('dfwRule');
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ actionValue: 'ALLOW' }, /needs a name/],
      [rule('r', { actionValue: 'PERMIT' }), /actionValue must be one of ALLOW, DROP, REJECT/],
      [{ name: 'r' }, /actionValue is required/],
      [rule('r', { ipProtocol: 'IPV5' }), /ipProtocol must be one of/],
      [rule('r', { direction: 'UP' }), /direction must be one of/],
      [rule('r', { enabled: 'yes' }), /enabled.* must be (true or false|boolean)/],
      [rule('r', { sourceFirewallGroups: [{ id: 'urn:vcloud:firewallGroup:00000000-0000-0000-0000-000000000000' }] }), /firewall group .* does not exist/],
      [rule('r', { sourceFirewallGroups: [{ id: foreign }] }), /firewall group .* does not exist/],
      [rule('r', { destinationFirewallGroups: [{ id: outside }] }), /belongs to edge gateway "acme-edge", which is not in VDC group "acme-group"/],
      [rule('r', { applicationPortProfiles: [{ id: 'urn:vcloud:applicationPortProfile:nope' }] }), /application port profile .* does not exist/],
      [rule('r', { networkContextProfiles: [{ id: 'x' }] }), /network context profiles/],
      [rule('r', { sourceFirewallGroups: 'web' }), /sourceFirewallGroups.* must be (a list|array)/],
    ];
    for (const [body, why] of bad) {
      await refused(acme.post(rules).send(body), 400, why);
      await refused(acme.put(rules).send({ values: [body] }), 400, why);
    }
    await refused(acme.put(rules).send({ values: [rule('r', { id: '00000000-0000-0000-0000-000000000000' })] }), 400, /rule .* does not exist in VDC group/);
    const first = (await acme.get(rules)).body.values[0];
    await refused(acme.put(rules).send({ values: [first, first] }), 400, /listed twice/);
    await refused(acme.put(rules).send({ values: 'all' }), 400, /values.* must be (a list|array)/);
    await refused(acme.put(`${rules}/${first.id}`).send({ ...first, id: '00000000-0000-0000-0000-000000000000' }), 400, /not the rule's id/);
    expect(await names()).toEqual(before);
    expect(sim.store.count('dfwRule')).toBe(count);
  });

  it('is the group\'s org\'s: other tenants get 403, a tenant without the rights too; the group is busy while a change runs', async () => {
    const first = (await acme.get(rules)).body.values[0];
    await refused(globex.get(rules), 403, /./);
    await refused(globex.put(rules).send({ values: [] }), 403, /./);
    await refused(globex.get(`${rules}/${first.id}`), 403, /./);
    await refused(globex.delete(`${rules}/${first.id}`), 403, /./);
    await refused(alice.get(rules), 403, /./);
    await refused(alice.delete(`${rules}/${first.id}`), 403, /./);
    expect((await sys.get(rules)).body.values).toHaveLength(3);
    // A change in flight keeps the group busy.
    const running = await acme.post(rules).send(rule('slow'));
    await refused(acme.delete(`${rules}/${first.id}`), 400, /busy/);
    await settle(acme, running);
    const slow = (await acme.get(rules)).body.values.find((r: any) => r.name === 'slow');
    await ok(acme, acme.delete(`${rules}/${slow.id}`));
  });

  it('keeps the firewall groups and gateways its rules use; loses its rules with the DFW and with the group', async () => {
    await refused(acme.delete(`${API}/firewallGroups/${web}`), 400, /in use by firewall rule\(s\) "web-in", "out"/);
    const gw = (await sys.get(`${API}/edgeGateways?filter=name==group-edge`)).body.values[0];
    await refused(sys.put(`${API}/edgeGateways/${gw.id}`).send({ ...gw, ownerRef: { id: gw.orgVdc.id } }), 400, /distributed firewall rules of its VDC group use its firewall groups \(web-in, out\)/);
    await ok(acme, acme.put(rules).send({ values: [] }));
    expect((await acme.get(rules)).body.values).toEqual([]);
    await ok(acme, acme.put(rules).send({ values: [rule('again', { sourceFirewallGroups: [{ id: web }] })] }));
    // Off: the policy's rules go; on again: the default rule only.
    await ok(sys, sys.put(`${API}/vdcGroups/${g}/dfwPolicies`).send({ enabled: false }));
    expect(sim.store.where('dfwRule', 'orgId', sim.store.get('vdcGroup', g.split(':').pop()!)!.orgId)).toEqual([]);
    await ok(sys, sys.put(`${API}/vdcGroups/${g}/dfwPolicies`).send({ enabled: true }));
    expect(await names()).toEqual(['Default_VdcGroup_acme-group']);
    // The group goes (its gateway moved back first): its rules with it.
    await ok(sys, sys.put(`${API}/edgeGateways/${gw.id}`).send({ ...gw, ownerRef: { id: gw.orgVdc.id } }));
    await ok(acme, acme.delete(`${API}/vdcGroups/${g}`));
    expect(sim.store.count('dfwRule')).toBe(0);
  });
});
