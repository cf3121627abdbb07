/**
 * The fixture's NSX-T segments (`provider.nsxtManagers[].segments`: importable as OPAQUE org VDC networks)
 * and VDC groups (`orgs[].vdcGroups`: the org's NSX-T VDCs on one manager, the distributed firewall on or
 * off). Built last, so their ids renumber nothing else; bad references are refused with their place.
 */
import type { Random } from '../lib/random.js';
import type { Org, Snapshot, VdcGroup } from './types.js';

export interface FixtureVdcGroup {
  name: string;
  description?: string;
  /** VDC names of the org (NSX-T VDCs of one NSX-T manager); the first is the group's starting VDC. */
  vdcs: string[];
  /** The distributed firewall, active with its default policy. */
  dfwEnabled?: boolean;
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
  });
}
