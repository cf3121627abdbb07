/** An edge gateway's `services.ipSets` in the fixture: IP sets (firewall groups of type IP_SET), named uniquely per gateway. */
import type { EdgeGateway, FirewallGroup, VdcGroup, VmCriterion } from '../../store/types.js';
import type { Random } from '../../lib/random.js';
import { parseSpan } from '../../lib/iprange.js';
import type { FixtureSection } from '../fixture-section.js';
import { serviceName } from '../edgegateway/fixture.js';

export interface FixtureIpSet { name: string; description?: string; ipAddresses?: string[] }

export const firewallGroupFixture: FixtureSection<EdgeGateway, FixtureIpSet, FirewallGroup> = {
  key: 'services.ipSets',
  parent: 'edgeGateway',
  build(b, s, where, gw, names) {
    serviceName(b, where, names, s?.name, gw, 'an IP set');
    (s.ipAddresses ?? []).forEach((a, j) => {
      if (!parseSpan(a)) b.fail(`${where}.ipAddresses[${j}]`, `"${a}" is not an IPv4 address, range (a-b) or CIDR block`);
    });
    const id = b.random.uuid();
    const set: FirewallGroup = {
      id, orgId: gw.orgId, edgeGatewayId: gw.id, name: s.name, description: s.description ?? '', type: 'IP_SET',
      ipAddresses: s.ipAddresses ?? [], memberIds: [],
    };
    b.snap.firewallGroup.push(set);
    return set;
  },
};

/** The id of a gateway's IP set named in the fixture (case-insensitively), or undefined. */
export function fixtureIpSet(b: { snap: { firewallGroup: FirewallGroup[] } }, gw: EdgeGateway, name: string): string | undefined {
  const lower = String(name).toLowerCase();
  return b.snap.firewallGroup.find((g) => g.edgeGatewayId === gw.id && g.name.toLowerCase() === lower)?.id;
}

/**
 * A VDC group's `firewallGroups:` in the fixture (built with the group, before its DFW rules, which may name
 * them): IP sets (`ipAddresses`) and dynamic groups (`type: VM_CRITERIA`, `vmCriteria`: up to 3 criteria, a VM
 * matching any; each `{ startsWith, contains }` (a name or a list of names) whose rules it must all match).
 * Static security groups need the group's own networks, which the fixture does not declare.
 */
export interface FixtureGroupFirewallGroup {
  name: string;
  description?: string;
  type?: 'IP_SET' | 'VM_CRITERIA';
  ipAddresses?: string[];
  vmCriteria?: { startsWith?: string | string[]; contains?: string | string[] }[];
}

type Fail = (where: string, what: string) => never;

export function buildVdcGroupFirewallGroups(g: VdcGroup, entries: FixtureGroupFirewallGroup[] | undefined, at: string, random: Random, fail: Fail): FirewallGroup[] {
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) fail(at, 'firewallGroups must be a list');
  const seen = new Set<string>();
  return entries.map((e, i) => {
    const where = `${at}[${i}]`;
    if (!e?.name) fail(where, 'a firewall group needs a name');
    const type = e.type ?? 'IP_SET';
    if (type !== 'IP_SET' && type !== 'VM_CRITERIA') fail(`${where}.type`, `"${String(type)}" is not IP_SET or VM_CRITERIA (static security groups need the group's own networks, which the fixture does not declare)`);
    const key = `${type}/${e.name.toLowerCase()}`;
    if (seen.has(key)) fail(where, `duplicate ${type} firewall group name ${e.name}`);
    seen.add(key);
    if (type === 'IP_SET' && e.vmCriteria !== undefined) fail(`${where}.vmCriteria`, 'an IP set has no vmCriteria (type: VM_CRITERIA)');
    if (type === 'VM_CRITERIA' && e.ipAddresses !== undefined) fail(`${where}.ipAddresses`, 'a dynamic group has no ipAddresses (type: IP_SET)');
    (e.ipAddresses ?? []).forEach((a, j) => {
      if (!parseSpan(a)) fail(`${where}.ipAddresses[${j}]`, `"${a}" is not an IPv4 address, range (a-b) or CIDR block`);
    });
    let vmCriteria: VmCriterion[] | undefined;
    if (type === 'VM_CRITERIA') {
      const cs = e.vmCriteria;
      if (!Array.isArray(cs) || !cs.length || cs.length > 3) fail(`${where}.vmCriteria`, 'a dynamic group needs 1 to 3 criteria ({ startsWith, contains })');
      vmCriteria = cs!.map((c, j) => {
        const names = (v: unknown, key: string) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x, k) => {
          if (typeof x !== 'string' || !x.trim()) fail(`${where}.vmCriteria[${j}].${key}`, `item ${k} must be a non-empty VM name (part)`);
          return x.trim();
        });
        const rules = [
          ...names(c?.startsWith, 'startsWith').map((v) => ({ attributeType: 'VM_NAME' as const, attributeValue: v, operator: 'STARTS_WITH' as const })),
          ...names(c?.contains, 'contains').map((v) => ({ attributeType: 'VM_NAME' as const, attributeValue: v, operator: 'CONTAINS' as const })),
        ];
        if (!rules.length || rules.length > 4) fail(`${where}.vmCriteria[${j}]`, 'a criterion has 1 to 4 rules (startsWith, contains)');
        return { rules };
      });
    }
    return {
      id: random.uuid(), orgId: g.orgId, vdcGroupId: g.id, name: e.name, description: e.description ?? '', type,
      ipAddresses: type === 'IP_SET' ? e.ipAddresses ?? [] : [], memberIds: [], ...(vmCriteria ? { vmCriteria } : {}),
    };
  });
}
