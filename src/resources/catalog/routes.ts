/**
 * Catalogs and catalog items: GET (tenant and admin views), create in an org, update, publish, delete,
 * sharing (`controlAccess`) and owner, capture of a vApp, copy and move of items, item rename and delete.
 */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import type { Catalog } from '../../store/types.js';
import { adminCatalogView, catalogItemView, catalogOwnerView, catalogView } from './view.js';
import { hasRight, param, requireAdminView, requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { sendDoc } from '../../wire/render.js';
import { readBody } from '../../wire/body.js';
import { attr, child, parseBool, text } from '../../wire/xml.js';
import { sendAccepted, taskBody } from '../task/view.js';
import { templateView } from '../vapptemplate/view.js';
import { changeOwner } from '../acl/ops.js';
import { controlAccessRoutes } from '../acl/routes.js';
import { captureInput, catalogInput, copyOrMoveInput, publishInput } from './params.js';
import { errorOf } from '../../errors.js';
import { applyFeed, checkSubscription, itemsJson, libraryAuthorized, libraryJson, publishedLibrary, publishExternalInput, publishExternally, readFeed, requireSubscribed, subscriptionInput } from './subscription.js';
import {
  captureVApp, createCatalog, deleteCatalogItem, publishCatalog, startCopyOrMove, startDeleteCatalog, syncTask, updateCatalog, updateCatalogItem,
} from './ops.js';

/** A query flag; pyvcloud sends `None` for one it was not given. */
const flag = (req: Request, name: string) => {
  const v = typeof req.query[name] === 'string' ? String(req.query[name]) : undefined;
  return parseBool(v === 'None' ? undefined : v, false);
};

export function catalogRoutes(router: Router, sim: World): void {
  const catalogOf = (req: Request) => {
    requireRight(req, RIGHTS.catalogView);
    return visible(sim, req, 'catalog', param(req, 'id'));
  };
  const adminCatalogOf = (req: Request) => {
    requireAdminView(req);
    return visible(sim, req, 'catalog', param(req, 'id'));
  };
  // go-vcloud-director waits on a new catalog by reading it until its Tasks are done: reading them is a poll
  // (the "complete after N polls" policy counts it), as GET of the task is.
  const polled = (c: Catalog) => {
    for (const t of sim.tasks.activeFor(c.id)) sim.tasks.observe(t);
    return sim.store.get('catalog', c.id) ?? c;
  };
  const can = (req: Request) => ({ publish: hasRight(req, RIGHTS.catalogPublish), share: hasRight(req, RIGHTS.catalogSharing) });
  const sendAdmin = (req: Request, res: Response, c: Catalog, status = 200) =>
    sendDoc(req, res, adminCatalogView(sim, req.ctx.base, c, can(req)), status);

  router.get('/api/catalog/:id', (req, res) => {
    sendDoc(req, res, catalogView(sim, req.ctx.base, polled(catalogOf(req)), { adminLinks: hasRight(req, RIGHTS.adminView), ...can(req) }));
  });
  router.get('/api/admin/catalog/:id', (req, res) => sendAdmin(req, res, polled(adminCatalogOf(req))));

  // 201 with the AdminCatalog, its creation task inside (both SDKs wait on it). A subscription reads the
  // published library first: a wrong password or an unreachable URL is a 400 and makes nothing.
  router.post('/api/admin/org/:id/catalogs', async (req, res) => {
    const org = visible(sim, req, 'org', param(req, 'id'));
    const doc = readBody(req, 'AdminCatalog').doc;
    const input = catalogInput(doc);
    const sub = subscriptionInput(doc);
    if (sub) checkSubscription(sub);
    const feed = sub?.subscribe ? await readFeed(sim, req.ctx.base, sub.location, sub.password) : undefined;
    const { catalog } = createCatalog(sim, req.ctx, org.id, input);
    if (sub?.subscribe && feed) {
      sim.store.update('catalog', catalog.id, { subscription: { location: sub.location, password: sub.password, localCopy: sub.localCopy } });
      applyFeed(sim, req.ctx, sim.store.get('catalog', catalog.id)!, feed);
    }
    res.setHeader('Location', `${req.ctx.base}/api/admin/catalog/${catalog.id}`);
    sendAdmin(req, res, sim.store.get('catalog', catalog.id) ?? catalog, 201);
  });
  router.put('/api/admin/catalog/:id', async (req, res) => {
    const catalog = adminCatalogOf(req);
    const doc = readBody(req, 'AdminCatalog').doc;
    const sub = subscriptionInput(doc);
    if (sub) checkSubscription(sub);
    const feed = sub?.subscribe ? await readFeed(sim, req.ctx.base, sub.location, sub.password) : undefined;
    const updated = updateCatalog(sim, req.ctx, catalog, catalogInput(doc));
    if (sub && !sub.subscribe && updated.subscription) sim.store.update('catalog', catalog.id, { subscription: undefined });
    if (sub?.subscribe && feed) {
      sim.store.update('catalog', catalog.id, { subscription: { location: sub.location, password: sub.password, localCopy: sub.localCopy } });
      applyFeed(sim, req.ctx, sim.store.get('catalog', catalog.id)!, feed);
    }
    sendAdmin(req, res, sim.store.get('catalog', catalog.id)!);
  });
  // Published outside the site: its VCSP library (govcd's PublishToExternalOrganizations, on both hrefs).
  for (const path of ['/api/catalog/:id/action/publishToExternalOrganizations', '/api/admin/catalog/:id/action/publishToExternalOrganizations']) {
    router.post(path, (req, res) => {
      publishExternally(sim, req.ctx, catalogOf(req), publishExternalInput(readBody(req, 'PublishExternalCatalogParams').doc));
      res.status(204).end();
    });
  }
  // A subscribed catalog reads its library again (govcd's Catalog.Sync, AdminCatalog.Sync); a task reports it.
  router.post('/api/catalog/:id/action/sync', async (req, res) => {
    const catalog = catalogOf(req);
    requireRight(req, RIGHTS.catalogEdit);
    const sub = requireSubscribed(catalog);
    const feed = await readFeed(sim, req.ctx.base, sub.location, sub.password);
    applyFeed(sim, req.ctx, sim.store.get('catalog', catalog.id) ?? catalog, feed);
    sendAccepted(sim, req, res, syncTask(sim, req.ctx, catalog));
  });
  router.delete('/api/admin/catalog/:id', (req, res) => {
    const catalog = adminCatalogOf(req);
    sendAccepted(sim, req, res, startDeleteCatalog(sim, req.ctx, catalog, flag(req, 'force'), flag(req, 'recursive')));
  });
  // The tenant path (pyvcloud's `publish` link) and the admin one (go-vcloud-director's SetReadOnlyAccessControl).
  for (const path of ['/api/catalog/:id/action/publish', '/api/admin/catalog/:id/action/publish']) {
    router.post(path, (req, res) => {
      const catalog = catalogOf(req);
      publishCatalog(sim, req.ctx, catalog, publishInput(readBody(req, 'PublishCatalogParams').doc));
      res.status(204).end();
    });
  }

  controlAccessRoutes(router, sim, {
    path: '/api/catalog/:id', setMethod: 'post', viewRight: RIGHTS.catalogViewAcl, setRight: RIGHTS.catalogSharing,
    of: (req) => ({ kind: 'catalog', e: catalogOf(req) }),
  });
  router.get('/api/catalog/:id/owner', (req, res) => sendDoc(req, res, catalogOwnerView(sim, req.ctx.base, catalogOf(req), false)));
  router.get('/api/admin/catalog/:id/owner', (req, res) => sendDoc(req, res, catalogOwnerView(sim, req.ctx.base, adminCatalogOf(req), true)));
  router.put('/api/admin/catalog/:id/owner', (req, res) => {
    requireRight(req, RIGHTS.catalogChangeOwner);
    const catalog = adminCatalogOf(req);
    changeOwner(sim, req.ctx, { kind: 'catalog', e: catalog }, child(readBody(req, 'Owner').doc, 'User'));
    res.status(204).end();
  });

  // 201 with the new VAppTemplate, its capture task inside (pyvcloud's Org.capture_vapp returns it).
  router.post('/api/catalog/:id/action/captureVApp', (req, res) => {
    const catalog = catalogOf(req);
    const { template, task } = captureVApp(sim, req.ctx, catalog, captureInput(readBody(req, 'CaptureVAppParams').doc));
    const doc = templateView(sim, req.ctx.base, sim.store.get('vAppTemplate', template.id) ?? template);
    doc.body.Tasks ??= { Task: [taskBody(sim, req.ctx.base, sim.store.get('task', task.id) ?? task)] };
    res.setHeader('Location', String(doc.body['@_href']));
    sendDoc(req, res, doc, 201);
  });
  for (const action of ['copy', 'move'] as const) {
    router.post(`/api/catalog/:id/action/${action}`, (req, res) => {
      const catalog = catalogOf(req);
      sendAccepted(sim, req, res, startCopyOrMove(sim, req.ctx, catalog, copyOrMoveInput(readBody(req, 'CopyOrMoveCatalogItemParams').doc), action === 'move'));
    });
  }

  const itemOf = (req: Request) => {
    requireRight(req, RIGHTS.catalogView);
    return visible(sim, req, 'catalogItem', param(req, 'id'));
  };
  router.get('/api/catalogItem/:id', (req, res) => sendDoc(req, res, catalogItemView(sim, req.ctx.base, itemOf(req))));
  router.put('/api/catalogItem/:id', (req, res) => {
    const item = itemOf(req);
    const doc = readBody(req, 'CatalogItem').doc;
    sendDoc(req, res, catalogItemView(sim, req.ctx.base, updateCatalogItem(sim, req.ctx, item, { name: attr(doc, 'name'), description: text(doc, 'Description') })));
  });
  router.delete('/api/catalogItem/:id', (req, res) => {
    deleteCatalogItem(sim, req.ctx, itemOf(req));
    res.status(204).end();
  });
}

/** The VCSP library of a catalog published externally (no session: the library's password, HTTP basic). */
export function vcspRoutes(router: Router, sim: World): void {
  const libraryOf = (req: Request) => {
    const c = publishedLibrary(sim, param(req, 'id'));
    if (!libraryAuthorized(c, req.headers.authorization)) {
      throw errorOf(401, 'The library password is required.', { 'WWW-Authenticate': 'Basic realm="vcsp"' });
    }
    return c;
  };
  const send = (res: Response, body: unknown) => res.status(200).type('application/json').send(JSON.stringify(body));
  router.get('/vcsp/lib/:id/', (req, res) => send(res, libraryJson(sim, libraryOf(req))));
  router.get('/vcsp/lib/:id/lib.json', (req, res) => send(res, libraryJson(sim, libraryOf(req))));
  router.get('/vcsp/lib/:id/items.json', (req, res) => send(res, itemsJson(sim, libraryOf(req), `${req.ctx.base}/vcsp/lib/${param(req, 'id')}/`)));
}
