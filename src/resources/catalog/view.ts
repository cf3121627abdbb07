/** Catalog, AdminCatalog and CatalogItem documents. */
import type { World } from '../../world.js';
import type { Catalog, CatalogItem } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { adminHrefOf, hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';
import { tasksInProgress } from '../task/view.js';

/** Links that depend on what the caller may do (rights), shown as VCD shows them. */
export interface CatalogLinks {
  adminLinks: boolean;
  publish?: boolean;
  share?: boolean;
}

export function ownerDoc(sim: World, base: string, userId: string): Doc {
  const user = sim.store.get('user', userId);
  return {
    '@_type': MT.owner,
    User: ref(hrefOf(base, 'user', userId), MT.user, user?.name ?? 'unknown', urn('user', userId)),
  };
}

function catalogBody(sim: World, base: string, c: Catalog, admin: boolean, can: CatalogLinks): Doc {
  const { adminLinks } = can;
  const href = hrefOf(base, 'catalog', c.id);
  const adminHref = adminHrefOf(base, 'catalog', c.id);
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
      link('add', `${href}/action/captureVApp`, MT.captureVAppParams),
      link('copy', `${href}/action/copy`, MT.copyOrMoveCatalogItemParams),
      link('move', `${href}/action/move`, MT.copyOrMoveCatalogItemParams),
      ...(can.publish ? [link('publish', `${href}/action/publish`, MT.publishCatalogParams)] : []),
      ...(can.publish && !c.subscription ? [link('publishToExternalOrganizations', `${href}/action/publishToExternalOrganizations`, PUBLISH_EXTERNAL)] : []),
      ...(c.subscription ? [link('sync', `${href}/action/sync`)] : []),
      ...(can.share ? [link('controlAccess', `${href}/action/controlAccess`, MT.controlAccess)] : []),
      link('down', `${href}/controlAccess/`, MT.controlAccess),
      ...(admin ? [
        link('alternate', href, MT.catalog),
        link('edit', adminHref, MT.adminCatalog),
        link('remove', adminHref),
        link('down', `${adminHref}/owner`, MT.owner),
      ] : adminLinks ? [link('alternate', adminHref, MT.adminCatalog)] : []),
      link('down', `${href}/metadata`, MT.metadata),
    ],
    Description: c.description,
    Tasks: tasksInProgress(sim, base, c.id),
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
export const PUBLISH_EXTERNAL = 'application/vnd.vmware.admin.publishExternalCatalogParams+xml';

export function catalogView(sim: World, base: string, c: Catalog, can: CatalogLinks): Rendered {
  return { root: 'Catalog', type: MT.catalog, body: catalogBody(sim, base, c, false, can) };
}

export function adminCatalogView(sim: World, base: string, c: Catalog, can: Omit<CatalogLinks, 'adminLinks'> = {}): Rendered {
  const body = catalogBody(sim, base, c, true, { ...can, adminLinks: true });
  const profiles = (c.storageProfileIds ?? []).map((id) => sim.store.get('storageProfile', id)).filter((p) => p !== undefined);
  if (profiles.length) {
    body.CatalogStorageProfiles = { VdcStorageProfile: profiles.map((p) => ref(hrefOf(base, 'storageProfile', p.id), MT.vdcStorageProfile, p.name)) };
  }
  // A subscription's password and a publication's are never shown.
  if (c.subscription) {
    body.ExternalCatalogSubscriptionParams = { SubscribeToExternalFeeds: true, Location: c.subscription.location, LocalCopy: c.subscription.localCopy };
  }
  if (c.publishExternal) {
    body.PublishExternalCatalogParams = {
      IsPublishedExternally: c.publishExternal.enabled,
      ...(c.publishExternal.enabled ? { catalogPublishedUrl: `${base}/vcsp/lib/${c.id}/` } : {}),
      IsCacheEnabled: c.publishExternal.cacheEnabled,
      PreserveIdentityInfoFlag: c.publishExternal.preserveIdentity,
    };
  }
  return { root: 'AdminCatalog', type: MT.adminCatalog, body };
}

export function catalogOwnerView(sim: World, base: string, c: Catalog, admin: boolean): Rendered {
  const href = `${admin ? adminHrefOf(base, 'catalog', c.id) : hrefOf(base, 'catalog', c.id)}/owner`;
  return { root: 'Owner', type: MT.owner, body: { '@_href': href, ...ownerDoc(sim, base, c.ownerId) } };
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
