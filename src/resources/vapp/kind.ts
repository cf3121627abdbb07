/** vApps: the unit clients create, power and delete. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';
import { vAppFixture } from './fixture.js';

export const vAppKind: KindDescriptor<'vApp'> = {
  kind: 'vApp',
  urnSegment: 'vapp',
  entityName: 'vapp',
  hrefPath: (id) => `/api/vApp/vapp-${id}`,
  mediaType: MT.vApp,
  ownerOrg: ownOrg,
  indexes: ['vdcId', 'orgId'],
  inventoryMetric: true,
  resolvable: true,
  fixture: vAppFixture,
};
