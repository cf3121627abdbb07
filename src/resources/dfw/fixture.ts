/**
 * A VDC group's `dfwRules:` in the fixture: its default policy's rules, in order, checked as the API checks
 * them; built with their group (vdcgroup/fixture.ts), right after it, so their ids follow its own.
 */
import type { DfwRule, VdcGroup } from '../../store/types.js';
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

/** A group's DFW rules, checked as the API checks them; fixture edge gateways join no group, so rules name no firewall groups. */
export function buildDfwRules(g: VdcGroup, rules: FixtureDfwRule[] | undefined, at: string, random: Random, fail: Fail): DfwRule[] {
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
    for (const key of ['sources', 'destinations']) {
      if (key in r) fail(`${where}.${key}`, 'fixture DFW rules name no firewall groups (the fixture\'s edge gateways join no VDC group); leave it out (any)');
    }
    if (r.applications !== undefined && !Array.isArray(r.applications)) fail(`${where}.applications`, 'applications must be a list of SYSTEM application port profile names');
    return rule({
      name: r.name, description: r.description ?? '', comments: r.comments ?? '',
      action: oneOf(r.action, ['ALLOW', 'DROP', 'REJECT'] as const, `${where}.action`, fail),
      enabled: r.enabled ?? true, logging: r.logging ?? false,
      direction: oneOf(r.direction, ['IN', 'OUT', 'IN_OUT'] as const, `${where}.direction`, fail, 'IN_OUT'),
      ipProtocol: oneOf(r.ipProtocol, ['IPV4', 'IPV6', 'IPV4_IPV6'] as const, `${where}.ipProtocol`, fail, 'IPV4_IPV6'),
      appPortProfileIds: (r.applications ?? []).map((n, j) => {
        const svc = SERVICE_BY_NAME.get(String(n).toLowerCase());
        if (!svc) fail(`${where}.applications[${j}]`, `"${n}" is not a SYSTEM application port profile (HTTP, HTTPS, SSH, …)`);
        return svc!.id;
      }),
    }, i);
  });
}

