/** Catalog, AdminCatalog and CatalogItem documents. */
import type { World } from '../../world.js';
import type { Catalog, CatalogItem } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { adminHrefOf, hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';

export function ownerDoc(sim: World, base: string, userId: string): Doc {
  const user = sim.store.get('user', userId);
  return {
    '@_type': MT.owner,
    User: ref(hrefOf(base, 'user', userId), MT.user, user?.name ?? 'unknown', urn('user', userId)),
  };
}

function catalogBody(sim: World, base: string, c: Catalog, admin: boolean, adminLinks: boolean): Doc {
  const href = hrefOf(base, 'catalog', c.id);
  const items = sim.store.where('catalogItem', 'catalogId', c.id);
  return {
    '@_href': admin ? adminHrefOf(base, 'catalog', c.id) : href,
    '@_type': admin ? MT.adminCatalog : MT.catalog,
    '@_id': urn('catalog', c.id),
    '@_name': c.name,
    Link: [
      link('up', hrefOf(base, 'org', c.orgId), MT.org),
      link('add', `${href}/catalogItems`, MT.catalogItem),
      link('add', `${href}/action/upload`, MT.uploadVAppTemplateParams),
      link('add', `${href}/action/upload`, MT.media),
      ...(admin ? [link('alternate', href, MT.catalog)] : adminLinks ? [link('alternate', adminHrefOf(base, 'catalog', c.id), MT.adminCatalog)] : []),
      link('down', `${href}/metadata`, MT.metadata),
    ],
    Description: c.description,
    Owner: ownerDoc(sim, base, c.ownerId),
    CatalogItems: {
      CatalogItem: items.map((i) => ref(hrefOf(base, 'catalogItem', i.id), MT.catalogItem, i.name, urn('catalogItem', i.id))),
    },
    IsPublished: c.isPublished,
    DateCreated: c.created,
    VersionNumber: items.length + 1,
  };
}

/** `adminLinks`: whether the caller may follow links to admin views (the `alternate` AdminCatalog). */
export function catalogView(sim: World, base: string, c: Catalog, adminLinks: boolean): Rendered {
  return { root: 'Catalog', type: MT.catalog, body: catalogBody(sim, base, c, false, adminLinks) };
}

export function adminCatalogView(sim: World, base: string, c: Catalog): Rendered {
  return { root: 'AdminCatalog', type: MT.adminCatalog, body: catalogBody(sim, base, c, true, true) };
}

export function catalogItemView(sim: World, base: string, item: CatalogItem): Rendered {
  const href = hrefOf(base, 'catalogItem', item.id);
  const template = sim.store.get('vAppTemplate', item.templateId);
  const media = item.mediaId ? sim.store.get('media', item.mediaId) : undefined;
  const size = media ? media.size : template ? template.vms.reduce((s, vm) => s + vm.disks.reduce((d, disk) => d + disk.sizeMB, 0), 0) * 1024 * 1024 : 0;
  return {
    root: 'CatalogItem',
    type: MT.catalogItem,
    body: {
      '@_href': href,
      '@_type': MT.catalogItem,
      '@_id': urn('catalogItem', item.id),
      '@_name': item.name,
      '@_size': size,
      Link: [
        link('up', hrefOf(base, 'catalog', item.catalogId), MT.catalog),
        link('down', `${href}/metadata`, MT.metadata),
      ],
      Description: item.description,
      Entity: item.mediaId
        ? ref(hrefOf(base, 'media', item.mediaId), MT.media, media?.name ?? item.name, urn('media', item.mediaId))
        : ref(hrefOf(base, 'vAppTemplate', item.templateId), MT.vAppTemplate, template?.name ?? item.name, urn('vAppTemplate', item.templateId)),
      DateCreated: item.created,
      VersionNumber: 1,
    },
  };
}
