/**
 * The fixture's `vdcGroups:` of an org: its NSX-T VDCs on one manager, the distributed firewall on or off,
 * its firewall groups (firewallgroup/fixture.ts) and its rules (dfw/fixture.ts).
 * Built last, so their ids renumber nothing else; bad references are refused with their place.
 */
import type { VdcGroup } from '../../store/types.js';
import type { FixtureSection } from '../fixture-section.js';
import type { OrgScope } from '../org/fixture.js';
import { buildDfwRules, type FixtureDfwRule } from '../dfw/fixture.js';
import { buildVdcGroupFirewallGroups, type FixtureGroupFirewallGroup } from '../firewallgroup/fixture.js';

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
  /** Firewall groups the group owns (IP sets, dynamic groups), for its DFW rules' sources and destinations. */
  firewallGroups?: FixtureGroupFirewallGroup[];
}

export const vdcGroupFixture: FixtureSection<OrgScope, FixtureVdcGroup, VdcGroup> = {
  key: 'vdcGroups',
  parent: 'org',
  notAList: 'vdcGroups must be a list',
  build(b, g, at, { org }, seen) {
    const { snap, fail } = b;
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
    const id = b.random.uuid();
    const group: VdcGroup = {
      id, orgId: org.id, name: g.name, description: g.description ?? '', vdcIds: ids,
      networkPoolId: snap.vdc.find((v) => v.id === ids[0])!.networkPoolId!, dfwEnabled: g.dfwEnabled ?? false, created: b.now,
    };
    if (group.dfwEnabled) group.defaultPolicy = { id: b.random.uuid(), name: `Default_VdcGroup_${g.name}`, enabled: true, version: 1 };
    snap.vdcGroup.push(group);
    const fwGroups = buildVdcGroupFirewallGroups(group, g.firewallGroups, `${at}.firewallGroups`, b.random, fail);
    snap.firewallGroup.push(...fwGroups);
    snap.dfwRule.push(...buildDfwRules(group, g.dfwRules, `${at}.dfwRules`, b.random, fail, fwGroups));
    return group;
  },
};
