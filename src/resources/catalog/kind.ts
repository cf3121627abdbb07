/** Catalogs and their items. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';
import { catalogFixture } from './fixture.js';

export const catalogKind: KindDescriptor<'catalog'> = {
  kind: 'catalog',
  urnSegment: 'catalog',
  entityName: 'catalog',
  hrefPath: (id) => `/api/catalog/${id}`,
  mediaType: MT.catalog,
  ownerOrg: ownOrg,
  indexes: ['orgId'],
  inventoryMetric: true,
  resolvable: true,
  fixture: catalogFixture,
};

export const catalogItemKind: KindDescriptor<'catalogItem'> = {
  kind: 'catalogItem',
  urnSegment: 'catalogitem',
  entityName: 'catalogitem',
  hrefPath: (id) => `/api/catalogItem/${id}`,
  mediaType: MT.catalogItem,
  ownerOrg: (store, item) => store.get('catalog', item.catalogId)?.orgId,
  indexes: ['catalogId', 'templateId', 'mediaId'],
  resolvable: true,
};
