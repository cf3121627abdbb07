/**
 * DFW rules as other kinds see them: a group's rules in the order they apply, the rules naming a firewall
 * group, and the rules a group gets or loses with its distributed firewall. Pure store reads and writes
 * (vdcgroup/, firewallgroup/ and edgegateway/ import it without a cycle).
 */
import type { Store } from '../../store/store.js';
import type { DfwRule, VdcGroup } from '../../store/types.js';

/** A VDC group's rules, in the order they apply. */
export const rulesOfGroup = (store: Store, groupId: string): DfwRule[] =>
  store.where('dfwRule', 'vdcGroupId', groupId).sort((a, b) => a.position - b.position);

/** The DFW rules that name a firewall group (as a source or a destination). */
export const dfwRulesUsing = (store: Store, orgId: string, firewallGroupId: string): DfwRule[] =>
  store.where('dfwRule', 'orgId', orgId).filter((r) => r.sourceGroupIds.includes(firewallGroupId) || r.destinationGroupIds.includes(firewallGroupId));

/** The rules of a group go: the group is deleted or its distributed firewall turned off. */
export function removeGroupRules(store: Store, groupId: string): void {
  for (const r of store.where('dfwRule', 'vdcGroupId', groupId)) store.remove('dfwRule', r.id);
}

/** The rule VCD puts in the default policy when the distributed firewall is turned on: everything allowed. */
export function defaultRule(id: string, g: VdcGroup): DfwRule {
  return {
    id, orgId: g.orgId, vdcGroupId: g.id, position: 0, name: `Default_VdcGroup_${g.name}`, description: '', comments: '',
    action: 'ALLOW', enabled: true, sourceGroupIds: [], destinationGroupIds: [], sourceGroupsExcluded: false,
    destinationGroupsExcluded: false, appPortProfileIds: [], ipProtocol: 'IPV4_IPV6', logging: false, direction: 'IN_OUT', version: 0,
  };
}
