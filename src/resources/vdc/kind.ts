/** Org VDCs and their storage profiles. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';
import { vdcFixture } from './fixture.js';

export const vdcKind: KindDescriptor<'vdc'> = {
  kind: 'vdc',
  urnSegment: 'vdc',
  entityName: 'vdc',
  hrefPath: (id) => `/api/vdc/${id}`,
  mediaType: MT.vdc,
  ownerOrg: ownOrg,
  indexes: ['orgId'],
  inventoryMetric: true,
  resolvable: true,
  fixture: vdcFixture,
};

export const storageProfileKind: KindDescriptor<'storageProfile'> = {
  kind: 'storageProfile',
  urnSegment: 'vdcstorageProfile',
  entityName: 'vdcstorageProfile',
  hrefPath: (id) => `/api/vdcStorageProfile/${id}`,
  mediaType: MT.vdcStorageProfile,
  ownerOrg: (store, p) => store.get('vdc', p.vdcId)?.orgId,
  indexes: ['vdcId'],
  resolvable: true,
};
