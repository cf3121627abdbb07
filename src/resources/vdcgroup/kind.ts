/** NSX-T VDC groups (CloudAPI `vdcGroups`): org VDCs sharing networks and a distributed firewall. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { vdcGroupFixture } from './fixture.js';

export const vdcGroupKind: KindDescriptor<'vdcGroup'> = {
  kind: 'vdcGroup',
  urnSegment: 'vdcGroup',
  entityName: 'vdcGroup',
  hrefPath: (id) => `/cloudapi/1.0.0/vdcGroups/urn:vcloud:vdcGroup:${id}`,
  // A CloudAPI entity: its href (a task's Owner) answers JSON.
  mediaType: 'application/json',
  ownerOrg: ownOrg,
  indexes: ['orgId'],
  inventoryMetric: true,
  fixture: vdcGroupFixture,
};
