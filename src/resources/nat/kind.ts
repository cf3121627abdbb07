/** NAT rules of an edge gateway. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { natRuleFixture } from './fixture.js';

export const natRuleKind: KindDescriptor<'natRule'> = {
  kind: 'natRule',
  urnSegment: 'natRule',
  entityName: 'natRule',
  ownerOrg: ownOrg,
  indexes: ['edgeGatewayId', 'orgId'],
  inventoryMetric: true,
  fixture: natRuleFixture,
};
