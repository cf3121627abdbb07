/** NAT rules of an edge gateway. */
import { ownOrg, type KindDescriptor } from '../kind.js';

export const natRuleKind: KindDescriptor<'natRule'> = {
  kind: 'natRule',
  urnSegment: 'natRule',
  entityName: 'natRule',
  ownerOrg: ownOrg,
  indexes: ['edgeGatewayId', 'orgId'],
  inventoryMetric: true,
};
