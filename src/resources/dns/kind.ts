/** The DNS forwarder of an edge gateway: one entity per gateway (its id is the gateway's). */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { gatewayDnsFixture } from './fixture.js';

export const gatewayDnsKind: KindDescriptor<'gatewayDns'> = {
  kind: 'gatewayDns',
  urnSegment: 'gatewayDns',
  entityName: 'gatewayDns',
  ownerOrg: ownOrg,
  fixture: gatewayDnsFixture,
};
