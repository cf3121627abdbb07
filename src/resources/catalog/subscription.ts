/**
 * Catalogs published outside the site and catalogs subscribed to them. A catalog published externally
 * (PublishExternalCatalogParams) serves a VCSP library at `/vcsp/lib/{id}/` (`lib.json`, its `items.json`),
 * guarded by its password (HTTP basic, any user name); a subscribed catalog (ExternalCatalogSubscriptionParams on
 * create or update) reads that library over the network — loopback addresses only, as uploads by link do — and
 * copies its items: vApp templates (their VMs' shapes travel in a `vcdsim.template` property of the item, where
 * VCD would read the OVF) and media. The same simulator or another one on 127.0.0.1 may publish.
 */
import http from 'node:http';
import https from 'node:https';
import type { World, Actor } from '../../world.js';
import type { Catalog, CatalogItem, TemplateVm, VAppTemplate } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { badRequest, notFound } from '../../errors.js';
import { isLoopbackHost } from '../../lib/loopback.js';
import { child, parseBool, text, type Doc } from '../../wire/xml.js';
import { requireRight } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { catalogPlacement } from './ops.js';

const FETCH_TIMEOUT_MS = 30_000;

export interface PublishExternalInput { enabled: boolean; password?: string; cacheEnabled?: boolean; preserveIdentity?: boolean }
export interface SubscriptionInput { subscribe: boolean; location: string; password: string; localCopy: boolean }

export function publishExternalInput(doc: Doc): PublishExternalInput {
  const enabled = text(doc, 'IsPublishedExternally');
  if (enabled === undefined) throw badRequest('PublishExternalCatalogParams needs IsPublishedExternally.');
  const flag = (name: string) => (text(doc, name) === undefined ? undefined : parseBool(text(doc, name), false));
  return { enabled: parseBool(enabled, false), password: text(doc, 'Password'), cacheEnabled: flag('IsCacheEnabled'), preserveIdentity: flag('PreserveIdentityInfoFlag') };
}

/** ExternalCatalogSubscriptionParams in an AdminCatalog (undefined: none sent). */
export function subscriptionInput(doc: Doc): SubscriptionInput | undefined {
  const s = child(doc, 'ExternalCatalogSubscriptionParams');
  if (!s) return undefined;
  return {
    subscribe: parseBool(text(s, 'SubscribeToExternalFeeds'), false),
    location: (text(s, 'Location') ?? '').trim(),
    password: text(s, 'Password') ?? '',
    localCopy: parseBool(text(s, 'LocalCopy'), false),
  };
}

/** POST …/action/publishToExternalOrganizations: on (with its password and flags) or off. */
export function publishExternally(sim: World, actor: Actor, catalog: Catalog, input: PublishExternalInput): Catalog {
  requireRight(actor, RIGHTS.catalogPublish);
  if (catalog.subscription && input.enabled) throw badRequest(`The catalog "${catalog.name}" is subscribed to another catalog and cannot be published externally.`);
  const before = catalog.publishExternal;
  return sim.store.update('catalog', catalog.id, {
    publishExternal: {
      enabled: input.enabled,
      password: input.password ?? before?.password ?? '',
      cacheEnabled: input.cacheEnabled ?? before?.cacheEnabled ?? false,
      preserveIdentity: input.preserveIdentity ?? before?.preserveIdentity ?? false,
    },
  });
}

// ---- the publisher's side: the VCSP library ----

/** The library of an externally published catalog, or 404 (unknown, or not published). */
export function publishedLibrary(sim: World, id: string): Catalog {
  const c = sim.store.get('catalog', id);
  if (!c?.publishExternal?.enabled) throw notFound('No such library.');
  return c;
}

/** Whether an Authorization header carries the library's password (none set: open). */
export function libraryAuthorized(c: Catalog, authorization: string | undefined): boolean {
  const password = c.publishExternal?.password ?? '';
  if (!password) return true;
  const m = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1) === password;
}

export function libraryJson(sim: World, c: Catalog): Record<string, unknown> {
  const items = sim.store.where('catalogItem', 'catalogId', c.id);
  return {
    vcsp_version: '1', name: c.name, id: `urn:uuid:${c.id}`, created: c.created,
    capabilities: { transferIcon: false }, version: String(items.length + 1), items_href: 'items.json',
  };
}

export function itemsJson(sim: World, c: Catalog, libraryHref: string): Record<string, unknown> {
  const { store } = sim;
  const items = store.where('catalogItem', 'catalogId', c.id).flatMap((item): Record<string, unknown>[] => {
    const base = { id: `urn:uuid:${item.id}`, name: item.name, description: item.description, created: item.created, version: '1', selfHref: `${libraryHref}${item.id}/item.json` };
    if (item.mediaId) {
      const m = store.get('media', item.mediaId);
      if (!m || m.status !== Status.RESOLVED) return [];
      return [{ ...base, type: 'iso', files: [{ name: `${m.name}`, size: m.size, hrefs: [] }], properties: { 'vcdsim.media': JSON.stringify({ imageType: m.imageType, size: m.size }) } }];
    }
    const t = store.get('vAppTemplate', item.templateId);
    if (!t || t.status !== Status.POWERED_OFF) return [];
    // Without PreserveIdentityInfoFlag the copies get new MAC addresses, as VCD leaves BIOS UUIDs and MACs out of the OVF.
    const vms = t.vms.map((vm) => ({ ...vm, nics: vm.nics.map((n) => (c.publishExternal?.preserveIdentity ? n : { ...n, mac: '' })) }));
    return [{ ...base, type: 'vcsp.ovf', files: [{ name: 'descriptor.ovf', size: 0, hrefs: [] }], properties: { 'vcdsim.template': JSON.stringify({ vms, networks: t.networks }) } }];
  });
  return { items };
}

// ---- the subscriber's side ----

interface FeedItem { id: string; name: string; description: string; template?: { vms: TemplateVm[]; networks: string[] }; media?: { imageType: 'iso' | 'floppy'; size: number } }
export interface Feed { name: string; items: FeedItem[] }

/** One GET (loopback only; a self-signed certificate is accepted there, as a subscription's expected thumbprint would be). */
function get(url: URL, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).get(url, { headers, timeout: FETCH_TIMEOUT_MS, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

async function getJson(url: URL, password: string): Promise<unknown> {
  let res: { status: number; body: string };
  try {
    res = await get(url, { accept: 'application/json', ...(password ? { authorization: `Basic ${Buffer.from(`vcsp:${password}`).toString('base64')}` } : {}) });
  } catch (e) {
    throw badRequest(`Unable to connect to the external catalog at ${url.href}: ${(e as Error).message}`);
  }
  if (res.status === 401 || res.status === 403) throw badRequest(`The external catalog at ${url.href} refused the subscription password (${res.status}).`);
  if (res.status !== 200) throw badRequest(`The external catalog at ${url.href} answered ${res.status}: it is not a published catalog.`);
  try {
    return JSON.parse(res.body);
  } catch {
    throw badRequest(`The external catalog at ${url.href} did not answer a VCSP library (JSON).`);
  }
}

/**
 * Reads a library and its items (the password is checked by the publisher); any failure is a 400 and changes
 * nothing. A library of this simulator, at the address the request came in by (`base`), is read in place.
 */
export async function readFeed(sim: World, base: string, location: string, password: string): Promise<Feed> {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw badRequest(`The subscription URL "${location}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest(`The subscription URL "${location}" is not http or https.`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  const own = url.origin === new URL(base).origin ? /^\/vcsp\/lib\/([^/]+)\/$/.exec(url.pathname) : null;
  if (own) {
    const c = sim.store.get('catalog', own[1]);
    if (!c?.publishExternal?.enabled) throw badRequest(`The external catalog at ${url.href} answered 404: it is not a published catalog.`);
    if (!libraryAuthorized(c, `Basic ${Buffer.from(`vcsp:${password}`).toString('base64')}`)) throw badRequest(`The external catalog at ${url.href} refused the subscription password (401).`);
    return feedOf(libraryJson(sim, c), itemsJson(sim, c, url.href), url);
  }
  if (!isLoopbackHost(url.hostname)) {
    throw badRequest(`vcdsim subscribes to catalogs on loopback addresses only (127.0.0.1, ::1, localhost), not ${url.host}.`);
  }
  const lib = (await getJson(new URL('lib.json', url), password)) as { name?: unknown; items_href?: unknown };
  if (typeof lib?.name !== 'string') throw badRequest(`The external catalog at ${url.href} did not answer a VCSP library.`);
  const list = await getJson(new URL(typeof lib.items_href === 'string' ? lib.items_href : 'items.json', url), password);
  return feedOf(lib, list, url);
}

function feedOf(libDoc: unknown, listDoc: unknown, url: URL): Feed {
  const lib = libDoc as { name?: unknown };
  if (typeof lib?.name !== 'string') throw badRequest(`The external catalog at ${url.href} did not answer a VCSP library.`);
  const list = listDoc as { items?: unknown };
  const items: FeedItem[] = [];
  for (const raw of Array.isArray(list?.items) ? list.items : []) {
    const i = raw as { id?: string; name?: string; description?: string; properties?: Record<string, string> };
    if (typeof i.id !== 'string' || typeof i.name !== 'string') continue;
    const parse = (key: string) => {
      try {
        return i.properties?.[key] ? JSON.parse(i.properties[key]) : undefined;
      } catch {
        return undefined;
      }
    };
    items.push({ id: i.id, name: i.name, description: i.description ?? '', template: parse('vcdsim.template'), media: parse('vcdsim.media') });
  }
  return { name: lib.name, items };
}

/** Makes the subscribed catalog's items those of the feed: new ones copied, gone ones removed, the rest kept. */
export function applyFeed(sim: World, actor: Actor, catalog: Catalog, feed: Feed): void {
  const { store } = sim;
  const existing = store.where('catalogItem', 'catalogId', catalog.id);
  const wanted = new Set(feed.items.map((i) => i.id));
  for (const item of existing) if (item.sourceItemId && !wanted.has(item.sourceItemId)) removeItem(sim, item);
  const have = new Set(existing.map((i) => i.sourceItemId));
  const now = sim.clock.iso();
  for (const f of feed.items) {
    if (have.has(f.id) || (!f.template && !f.media)) continue;
    const { vdcId, profile } = catalogPlacement(sim, catalog);
    if (f.media) {
      const m = store.insert('media', {
        id: store.newId(), orgId: catalog.orgId, vdcId, catalogId: catalog.id, name: f.name, description: f.description, ownerId: actor.user!.id,
        imageType: f.media.imageType === 'floppy' ? 'floppy' : 'iso', size: Number(f.media.size) || 0, status: Status.RESOLVED, storageProfileId: profile?.id, created: now,
      });
      store.insert('catalogItem', { id: store.newId(), catalogId: catalog.id, name: f.name, description: f.description, templateId: '', mediaId: m.id, created: now, sourceItemId: f.id });
      continue;
    }
    const vms: TemplateVm[] = (f.template!.vms ?? []).map((vm) => ({
      ...vm, id: store.newId(), nics: (vm.nics ?? []).map((n) => ({ ...n, mac: n.mac || store.random.mac() })),
    }));
    const t: VAppTemplate = store.insert('vAppTemplate', {
      id: store.newId(), orgId: catalog.orgId, vdcId, catalogId: catalog.id, name: f.name, description: f.description, ownerId: actor.user!.id,
      status: Status.POWERED_OFF, vms, networks: f.template!.networks ?? [], storageProfileId: profile?.id, created: now,
    });
    store.insert('catalogItem', { id: store.newId(), catalogId: catalog.id, name: f.name, description: f.description, templateId: t.id, created: now, sourceItemId: f.id });
  }
  store.update('catalog', catalog.id, { subscription: { ...store.get('catalog', catalog.id)!.subscription!, lastSync: now } });
}

function removeItem(sim: World, item: CatalogItem): void {
  if (item.mediaId) sim.store.remove('media', item.mediaId);
  else if (item.templateId) sim.store.remove('vAppTemplate', item.templateId);
  sim.store.remove('catalogItem', item.id);
}

/** A subscription's checks before anything is read or made. */
export function checkSubscription(input: SubscriptionInput): void {
  if (!input.subscribe) return;
  if (!input.location) throw badRequest('ExternalCatalogSubscriptionParams needs a Location (the published catalog\'s subscription URL).');
}

/** Sync of a catalog that is not subscribed: VCD's 400. */
export function requireSubscribed(catalog: Catalog): NonNullable<Catalog['subscription']> {
  if (!catalog.subscription) throw badRequest(`The catalog "${catalog.name}" is not subscribed to an external catalog.`);
  return catalog.subscription;
}

/** The subscription URL a publishing catalog shows (catalogPublishedUrl). */
export const publishedUrl = (base: string, c: Catalog) => `${base}/vcsp/lib/${c.id}/`;

