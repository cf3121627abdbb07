/**
 * A VDC group's `dfwRules:` in the fixture: its default policy's rules, in order, checked as the API checks
 * them; built with their group (vdcgroup/fixture.ts), right after it, so their ids follow its own.
 */
import type { DfwRule, FirewallGroup, VdcGroup } from '../../store/types.js';
import { NSXT_SERVICES } from '../../lib/nsxtservices.js';
import type { Random } from '../../lib/random.js';

type Fail = (where: string, what: string) => never;

export interface FixtureDfwRule {
  name: string;
  action: DfwRule['action'];
  description?: string;
  comments?: string;
  enabled?: boolean;
  direction?: DfwRule['direction'];
  ipProtocol?: DfwRule['ipProtocol'];
  logging?: boolean;
  /** SYSTEM application port profile names (HTTP, HTTPS, SSH…; none: any). */
  applications?: string[];
  /** Names of the group's own firewall groups (its `firewallGroups:`); none: any. */
  sources?: string[];
  destinations?: string[];
}

const SERVICE_BY_NAME = new Map(NSXT_SERVICES.map((s) => [s.name.toLowerCase(), s]));

function oneOf<T extends string>(v: unknown, allowed: readonly T[], where: string, fail: Fail, fallback?: T): T {
  if (v === undefined || v === null) {
    if (fallback === undefined) fail(where, `required: one of ${allowed.join(', ')}`);
    return fallback!;
  }
  if (!(allowed as readonly unknown[]).includes(v)) fail(where, `"${String(v)}" is not one of ${allowed.join(', ')}`);
  return v as T;
}

/**
 * A group's DFW rules, checked as the API checks them; their sources and destinations name the group's own
 * firewall groups (fixture edge gateways join no group).
 */
export function buildDfwRules(g: VdcGroup, rules: FixtureDfwRule[] | undefined, at: string, random: Random, fail: Fail, fwGroups: FirewallGroup[] = []): DfwRule[] {
  const rule = (r: Partial<DfwRule> & Pick<DfwRule, 'name' | 'action'>, position: number): DfwRule => ({
    id: random.uuid(), orgId: g.orgId, vdcGroupId: g.id, position, description: '', comments: '', enabled: true, sourceGroupIds: [],
    destinationGroupIds: [], sourceGroupsExcluded: false, destinationGroupsExcluded: false, appPortProfileIds: [], ipProtocol: 'IPV4_IPV6',
    logging: false, direction: 'IN_OUT', version: 0, ...r,
  });
  if (rules === undefined) return g.dfwEnabled ? [rule({ name: `Default_VdcGroup_${g.name}`, action: 'ALLOW' }, 0)] : [];
  if (!Array.isArray(rules)) fail(at, 'dfwRules must be a list');
  if (rules.length && !g.dfwEnabled) fail(at, 'DFW rules need the distributed firewall on (dfwEnabled: true)');
  return rules.map((r, i) => {
    const where = `${at}[${i}]`;
    if (!r?.name) fail(where, 'a DFW rule needs a name');
    const groups = (key: 'sources' | 'destinations') => {
      const names = r[key];
      if (names === undefined) return [];
      if (!Array.isArray(names)) fail(`${where}.${key}`, `${key} must be a list of the group's firewall group names`);
      return names.map((n, j) => {
        const fg = fwGroups.find((x) => x.name.toLowerCase() === String(n).toLowerCase());
        if (!fg) fail(`${where}.${key}[${j}]`, `"${n}" is not a firewall group of VDC group ${g.name} (its firewallGroups: ${fwGroups.map((x) => x.name).join(', ') || 'none'})`);
        return fg!.id;
      });
    };
    if (r.applications !== undefined && !Array.isArray(r.applications)) fail(`${where}.applications`, 'applications must be a list of SYSTEM application port profile names');
    return rule({
      name: r.name, description: r.description ?? '', comments: r.comments ?? '',
      action: oneOf(r.action, ['ALLOW', 'DROP', 'REJECT'] as const, `${where}.action`, fail),
      enabled: r.enabled ?? true, logging: r.logging ?? false,
      direction: oneOf(r.direction, ['IN', 'OUT', 'IN_OUT'] as const, `${where}.direction`, fail, 'IN_OUT'),
      ipProtocol: oneOf(r.ipProtocol, ['IPV4', 'IPV6', 'IPV4_IPV6'] as const, `${where}.ipProtocol`, fail, 'IPV4_IPV6'),
      sourceGroupIds: groups('sources'), destinationGroupIds: groups('destinations'),
      appPortProfileIds: (r.applications ?? []).map((n, j) => {
        const svc = SERVICE_BY_NAME.get(String(n).toLowerCase());
        if (!svc) fail(`${where}.applications[${j}]`, `"${n}" is not a SYSTEM application port profile (HTTP, HTTPS, SSH, …)`);
        return svc!.id;
      }),
    }, i);
  });
}

