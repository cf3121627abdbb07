/** Distributed firewall rules of a VDC group's default DFW policy (CloudAPI `vdcGroups/{id}/dfwPolicies/default/rules`). */
import { ownOrg, type KindDescriptor } from '../kind.js';

export const dfwRuleKind: KindDescriptor<'dfwRule'> = {
  kind: 'dfwRule',
  urnSegment: 'dfwRule',
  entityName: 'dfwRule',
  // No href of its own: a rule is read under its VDC group (`…/dfwPolicies/default/rules/{id}`), and its
  // tasks are the group's.
  ownerOrg: ownOrg,
  indexes: ['vdcGroupId', 'orgId'],
  inventoryMetric: true,
};
