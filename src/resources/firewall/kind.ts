/** A gateway's user-defined firewall rules, one entity per gateway (its id is the gateway's). */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { edgeFirewallFixture } from './fixture.js';

export const edgeFirewallKind: KindDescriptor<'edgeFirewall'> = {
  kind: 'edgeFirewall',
  urnSegment: 'edgeFirewall',
  entityName: 'edgeFirewall',
  ownerOrg: ownOrg,
  fixture: edgeFirewallFixture,
};
