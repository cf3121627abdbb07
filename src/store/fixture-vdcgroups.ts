/**
 * The fixture's NSX-T segments (`provider.nsxtManagers[].segments`: importable as OPAQUE org VDC networks)
 * and VDC groups (`orgs[].vdcGroups`: the org's NSX-T VDCs on one manager, the distributed firewall on or
 * off, its rules). Built last, so their ids renumber nothing else; bad references are refused with their place.
 */
import type { Random } from '../lib/random.js';
import type { DfwRule, Org, Snapshot, VdcGroup } from './types.js';
import { NSXT_SERVICES } from '../lib/nsxtservices.js';

export interface FixtureVdcGroup {
  name: string;
  description?: string;
  /** VDC names of the org (NSX-T VDCs of one NSX-T manager); the first is the group's starting VDC. */
  vdcs: string[];
  /** The distributed firewall, active with its default policy. */
  dfwEnabled?: boolean;
  /**
   * The default policy's rules, in order (the DFW must be enabled); absent: VCD's allow-all
   * `Default_VdcGroup_<name>` rule, `[]`: none.
   */
  dfwRules?: FixtureDfwRule[];
}

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
function buildDfwRules(g: VdcGroup, rules: FixtureDfwRule[] | undefined, at: string, random: Random, fail: Fail): DfwRule[] {
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

type Fail = (where: string, what: string) => never;
/** The part of the fixture's `provider:` section segments sit in. */
type SegmentsOf = { nsxtManagers?: { name: string; segments?: { name: string; description?: string }[] }[] };

export function buildSegments(snap: Snapshot, p: SegmentsOf | undefined, random: Random, fail: Fail): void {
  (p?.nsxtManagers ?? []).forEach((m, i) => {
    if (!m.segments) return;
    const at = `provider.nsxtManagers[${i}].segments`;
    if (!Array.isArray(m.segments)) fail(at, 'segments must be a list');
    const mgr = snap.nsxtManager.find((x) => x.name === m.name)!;
    const seen = new Set<string>();
    mgr.segments = m.segments.map((s, si) => {
      if (!s?.name) fail(`${at}[${si}]`, 'a segment needs a name');
      if (seen.has(s.name.toLowerCase())) fail(`${at}[${si}]`, `duplicate segment name ${s.name}`);
      seen.add(s.name.toLowerCase());
      return { id: random.uuid(), name: s.name, description: s.description ?? '' };
    });
  });
}

export function buildVdcGroups(snap: Snapshot, org: Org, groups: FixtureVdcGroup[] | undefined, orgAt: string, random: Random, now: string, fail: Fail): void {
  if (groups === undefined) return;
  if (!Array.isArray(groups)) fail(`${orgAt}.vdcGroups`, 'vdcGroups must be a list');
  const seen = new Set<string>();
  groups.forEach((g, gi) => {
    const at = `${orgAt}.vdcGroups[${gi}]`;
    if (!g?.name) fail(at, 'a VDC group needs a name');
    if (seen.has(g.name.toLowerCase())) fail(at, `duplicate VDC group name ${g.name}`);
    seen.add(g.name.toLowerCase());
    if (!Array.isArray(g.vdcs) || !g.vdcs.length) fail(`${at}.vdcs`, 'a VDC group needs at least one VDC (vdcs: names of the org\'s VDCs)');
    if (g.vdcs.length > 16) fail(`${at}.vdcs`, `a VDC group has at most 16 VDCs, not ${g.vdcs.length}`);
    const orgVdcs = snap.vdc.filter((v) => v.orgId === org.id);
    let manager: string | undefined;
    const ids = g.vdcs.map((name, vi) => {
      const vdc = orgVdcs.find((v) => v.name === name);
      if (!vdc) fail(`${at}.vdcs[${vi}]`, `VDC "${name}" is not a VDC of org ${org.name} (one of: ${orgVdcs.map((v) => v.name).join(', ') || 'none'})`);
      const pool = vdc!.networkPoolId ? snap.networkPool.find((n) => n.id === vdc!.networkPoolId) : undefined;
      if (!pool) fail(`${at}.vdcs[${vi}]`, `VDC "${name}" is not backed by NSX-T (it has no network pool)`);
      if (manager !== undefined && pool!.nsxtManagerId !== manager) fail(`${at}.vdcs[${vi}]`, `VDC "${name}" is on another NSX-T manager than the group's first VDC`);
      manager = pool!.nsxtManagerId;
      return vdc!.id;
    });
    if (new Set(ids).size !== ids.length) fail(`${at}.vdcs`, 'a VDC is named twice');
    const id = random.uuid();
    const group: VdcGroup = {
      id, orgId: org.id, name: g.name, description: g.description ?? '', vdcIds: ids,
      networkPoolId: snap.vdc.find((v) => v.id === ids[0])!.networkPoolId!, dfwEnabled: g.dfwEnabled ?? false, created: now,
    };
    if (group.dfwEnabled) group.defaultPolicy = { id: random.uuid(), name: `Default_VdcGroup_${g.name}`, enabled: true, version: 1 };
    snap.vdcGroup.push(group);
    snap.dfwRule.push(...buildDfwRules(group, g.dfwRules, `${at}.dfwRules`, random, fail));
  });
}
