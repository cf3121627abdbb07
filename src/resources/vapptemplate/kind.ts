/** vApp templates, stored in a VDC and listed in a catalog. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';
import { vAppTemplateFixture } from './fixture.js';

export const vAppTemplateKind: KindDescriptor<'vAppTemplate'> = {
  kind: 'vAppTemplate',
  urnSegment: 'vapptemplate',
  entityName: 'vapptemplate',
  hrefPath: (id) => `/api/vAppTemplate/vappTemplate-${id}`,
  mediaType: MT.vAppTemplate,
  ownerOrg: ownOrg,
  indexes: ['vdcId', 'catalogId'],
  inventoryMetric: true,
  resolvable: true,
  fixture: vAppTemplateFixture,
};
