/** Fixtures with NSX-T segments and VDC groups: built last, bad references refused with their line. */
import { buildFromText } from '../support/fixture-text.js';

const fixture = (groups: string, segments = '[{ name: seg-a }, { name: seg-b }]') => `
orgs:
  - name: System
    users: [{ name: administrator, password: p, role: System Administrator }]
  - name: acme
    vdcGroups:
${groups}
    vdcs:
      - { name: vdc1 }
      - { name: vdc2 }
      - { name: plain, providerVdc: other }
  - name: globex
    vdcs: [{ name: gvdc }]
provider:
  vCenters: [{ name: vc, resourcePools: [{ name: rp }] }]
  nsxtManagers:
    - { name: nsx, segments: ${segments} }
    - { name: nsx2 }
  networkPools: [{ name: pool, nsxtManager: nsx }, { name: pool2, nsxtManager: nsx2 }]
  providerVdcs: [{ name: pvdc, vCenter: vc, networkPool: pool }, { name: other, vCenter: vc, networkPool: pool2 }]
`;
const load = (groups: string, segments?: string) => buildFromText(fixture(groups, segments));

describe('fixture VDC groups and NSX-T segments', () => {
  it('builds a group of the org\'s VDCs (DFW on: a default policy) and the manager\'s segments', () => {
    const snap = load('      - { name: g, vdcs: [vdc1, vdc2], dfwEnabled: true }');
    const [g] = snap.vdcGroup;
    const acme = snap.org.find((o) => o.name === 'acme')!;
    expect(g).toMatchObject({ name: 'g', orgId: acme.id, dfwEnabled: true, defaultPolicy: { name: 'Default_VdcGroup_g', enabled: true } });
    expect(g.vdcIds.map((id) => snap.vdc.find((v) => v.id === id)!.name)).toEqual(['vdc1', 'vdc2']);
    expect(g.networkPoolId).toBe(snap.networkPool[0].id);
    expect(snap.nsxtManager[0].segments!.map((s) => s.name)).toEqual(['seg-a', 'seg-b']);
  });

  it('declaring groups and segments renumbers nothing else', () => {
    const a = load('      []');
    const b = load('      - { name: g, vdcs: [vdc1] }');
    expect(b.vdc.map((v) => v.id)).toEqual(a.vdc.map((v) => v.id));
    expect(b.nsxtManager.map((m) => m.id)).toEqual(a.nsxtManager.map((m) => m.id));
  });

  it('refuses another org\'s VDC, a VDC on another manager, repeats and nameless groups, naming the line', () => {
    expect(() => load('      - { name: g, vdcs: [vdc1, gvdc] }')).toThrow(/orgs\[1\]\.vdcGroups\[0\]\.vdcs\[1\] \(line 7\): VDC "gvdc" is not a VDC of org acme/);
    expect(() => load('      - { name: g, vdcs: [vdc1, plain] }')).toThrow(/vdcs\[1\] \(line 7\): VDC "plain" is on another NSX-T manager/);
    expect(() => load('      - { name: g, vdcs: [] }')).toThrow(/vdcGroups\[0\]\.vdcs .*at least one VDC/);
    expect(() => load('      - { name: g, vdcs: [vdc1, vdc1] }')).toThrow(/named twice/);
    expect(() => load('      - { name: g, vdcs: [vdc1] }\n      - { name: G, vdcs: [vdc2] }')).toThrow(/vdcGroups\[1\] \(line 8\): duplicate VDC group name G/);
    expect(() => load('      - { vdcs: [vdc1] }')).toThrow(/needs a name/);
    expect(() => load('      []', '[{ name: s }, { name: s }]')).toThrow(/provider\.nsxtManagers\[0\]\.segments\[1\] .*duplicate segment name s/);
  });
});

describe('fixture DFW rules of a VDC group', () => {
  it('builds the rules in order (DFW on); without dfwRules, VCD\'s default rule; with [], none', () => {
    const snap = load(`      - name: g
        vdcs: [vdc1]
        dfwEnabled: true
        dfwRules:
          - { name: ssh-in, action: ALLOW, direction: IN, applications: [SSH], comments: admins }
          - { name: drop-rest, action: REJECT, ipProtocol: IPV4, logging: true }`);
    const [g] = snap.vdcGroup;
    expect(snap.dfwRule.map((r) => [r.name, r.position, r.action, r.direction, r.ipProtocol, r.logging, r.vdcGroupId, r.orgId]))
      .toEqual([['ssh-in', 0, 'ALLOW', 'IN', 'IPV4_IPV6', false, g.id, g.orgId], ['drop-rest', 1, 'REJECT', 'IN_OUT', 'IPV4', true, g.id, g.orgId]]);
    expect(snap.dfwRule[0].appPortProfileIds).toHaveLength(1);
    expect(snap.dfwRule[0].comments).toBe('admins');
    expect(load('      - { name: g, vdcs: [vdc1], dfwEnabled: true }').dfwRule.map((r) => [r.name, r.action])).toEqual([['Default_VdcGroup_g', 'ALLOW']]);
    expect(load('      - { name: g, vdcs: [vdc1], dfwEnabled: true, dfwRules: [] }').dfwRule).toEqual([]);
    expect(load('      - { name: g, vdcs: [vdc1] }').dfwRule).toEqual([]);
  });

  it('refuses rules without the DFW, bad actions and directions, unknown applications and firewall groups, naming the line', () => {
    const group = (rule: string, dfw = 'true') => load(`      - name: g
        vdcs: [vdc1]
        dfwEnabled: ${dfw}
        dfwRules:
          - ${rule}`);
    expect(() => group('{ name: r, action: ALLOW }', 'false')).toThrow(/vdcGroups\[0\]\.dfwRules .*need the distributed firewall on/);
    expect(() => group('{ name: r, action: PERMIT }')).toThrow(/dfwRules\[0\]\.action \(line 11\): "PERMIT" is not one of ALLOW, DROP, REJECT/);
    expect(() => group('{ name: r }')).toThrow(/dfwRules\[0\]\.action.*required/);
    expect(() => group('{ name: r, action: DROP, direction: UP }')).toThrow(/dfwRules\[0\]\.direction.*"UP" is not one of IN, OUT, IN_OUT/);
    expect(() => group('{ name: r, action: DROP, applications: [NOPE] }')).toThrow(/applications\[0\].*"NOPE" is not a SYSTEM application port profile/);
    expect(() => group('{ name: r, action: DROP, sources: [web] }')).toThrow(/dfwRules\[0\]\.sources\[0\].*"web" is not a firewall group of VDC group g \(its firewallGroups: none\)/);
    expect(() => group('{ action: DROP }')).toThrow(/dfwRules\[0\].*needs a name/);
  });
});

describe('fixture firewall groups of a VDC group', () => {
  const group = (fw: string, rules = '') => load(`      - name: g
        vdcs: [vdc1]
        dfwEnabled: true
        firewallGroups:
${fw}${rules}`);

  it('builds IP sets and dynamic groups the group owns; its DFW rules name them', () => {
    const snap = group(`          - { name: admins, ipAddresses: [192.0.2.0/28] }
          - { name: webs, type: VM_CRITERIA, vmCriteria: [{ startsWith: web }, { contains: [front, prod] }] }`, `
        dfwRules:
          - { name: admin-to-web, action: ALLOW, sources: [admins], destinations: [WEBS] }`);
    const [g] = snap.vdcGroup;
    expect(snap.firewallGroup.map((f) => [f.name, f.type, f.vdcGroupId, f.orgId, f.edgeGatewayId])).toEqual([['admins', 'IP_SET', g.id, g.orgId, undefined], ['webs', 'VM_CRITERIA', g.id, g.orgId, undefined]]);
    expect(snap.firewallGroup[0].ipAddresses).toEqual(['192.0.2.0/28']);
    expect(snap.firewallGroup[1].vmCriteria).toEqual([
      { rules: [{ attributeType: 'VM_NAME', attributeValue: 'web', operator: 'STARTS_WITH' }] },
      { rules: [{ attributeType: 'VM_NAME', attributeValue: 'front', operator: 'CONTAINS' }, { attributeType: 'VM_NAME', attributeValue: 'prod', operator: 'CONTAINS' }] },
    ]);
    expect(snap.dfwRule[0]).toMatchObject({ sourceGroupIds: [snap.firewallGroup[0].id], destinationGroupIds: [snap.firewallGroup[1].id] });
  });

  it('refuses static groups, bad addresses and criteria, repeats, naming the line', () => {
    expect(() => group('          - { name: s, type: SECURITY_GROUP }')).toThrow(/firewallGroups\[0\]\.type \(line 11\): "SECURITY_GROUP" is not IP_SET or VM_CRITERIA/);
    expect(() => group('          - { name: s, ipAddresses: [nope] }')).toThrow(/firewallGroups\[0\]\.ipAddresses\[0\].*"nope" is not an IPv4 address/);
    expect(() => group('          - { name: s, type: VM_CRITERIA, vmCriteria: [] }')).toThrow(/vmCriteria.*1 to 3 criteria/);
    expect(() => group('          - { name: s, type: VM_CRITERIA, vmCriteria: [{ endsWith: x }] }')).toThrow(/vmCriteria\[0\].*1 to 4 rules/);
    expect(() => group('          - { name: s }\n          - { name: S }')).toThrow(/firewallGroups\[1\].*duplicate IP_SET firewall group name S/);
    expect(() => group('          - { description: x }')).toThrow(/firewallGroups\[0\].*needs a name/);
  });

  it('declaring them renumbers nothing else', () => {
    const a = load('      - { name: g, vdcs: [vdc1], dfwEnabled: true }');
    const b = group('          - { name: s }');
    expect(b.vdcGroup.map((g) => g.id)).toEqual(a.vdcGroup.map((g) => g.id));
    expect(b.vdc.map((v) => v.id)).toEqual(a.vdc.map((v) => v.id));
  });
});
