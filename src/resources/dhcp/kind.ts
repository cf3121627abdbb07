/** DHCP on org VDC networks: the network's DHCP service (one per network) and its bindings. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { networkDhcpFixture } from './fixture.js';

/** A network's DHCP service: its id is the network's. */
export const networkDhcpKind: KindDescriptor<'networkDhcp'> = {
  kind: 'networkDhcp',
  urnSegment: 'networkDhcp',
  entityName: 'networkDhcp',
  ownerOrg: ownOrg,
  fixture: networkDhcpFixture,
};

export const dhcpBindingKind: KindDescriptor<'dhcpBinding'> = {
  kind: 'dhcpBinding',
  urnSegment: 'dhcpBinding',
  entityName: 'dhcpBinding',
  ownerOrg: ownOrg,
  indexes: ['networkId', 'orgId'],
};
