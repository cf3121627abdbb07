/** Orgs: the OrgList clients find orgs by name in, the Org, and (for admins) the AdminOrg and its administration. */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import type { Org } from '../../store/types.js';
import { adminOrgView, orgListView, orgView } from './view.js';
import { canRead, canSeeOrg, hasRight, param, requireAdminView, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { sendDoc } from '../../wire/render.js';
import { readBody } from '../../wire/body.js';
import { parseBool } from '../../wire/xml.js';
import { notFound } from '../../errors.js';
import { sendAccepted } from '../task/view.js';
import { createOrg, setOrgEnabled, startDeleteOrg, updateOrg, updateSettingsPart } from './ops.js';
import { orgInput } from './params.js';
import { DEFAULT_SETTINGS, SETTINGS_PARTS, settingsBody, settingsPartBody, type SettingsPart } from './model.js';
import { MT } from '../../wire/media.js';

/** A query flag; pyvcloud's System.delete_org sends `None` for one it was not given. */
const flag = (req: Request, name: string) => {
  const v = typeof req.query[name] === 'string' ? String(req.query[name]) : undefined;
  return parseBool(v === 'None' ? undefined : v, false);
};

export function orgRoutes(router: Router, sim: World): void {
  const list = (req: Request, res: Response) => {
    const orgs = [...sim.store.all('org')].filter((o) => canSeeOrg(req, o.id));
    sendDoc(req, res, orgListView(req.ctx.base, orgs));
  };
  const adminOrgOf = (req: Request) => {
    requireAdminView(req);
    return visible(sim, req, 'org', param(req, 'id'));
  };
  const sendAdminOrg = (req: Request, res: Response, org: Org, status = 200) =>
    sendDoc(req, res, adminOrgView(sim, req.ctx.base, org, hasRight(req, RIGHTS.orgEdit), req.ctx.isSysAdmin, hasRight(req, RIGHTS.catalogEdit)), status);

  router.get('/api/org', list);
  router.get('/api/org/', list);
  router.get('/api/org/:id', (req, res) => {
    const org = visible(sim, req, 'org', req.params.id);
    // Its own catalogs the caller may see, then other orgs' shared with it or published.
    const shared = req.ctx.org?.id === org.id && !req.ctx.isSysAdmin ? [...sim.store.all('catalog')].filter((c) => c.orgId !== org.id) : [];
    const catalogs = [...sim.store.where('catalog', 'orgId', org.id), ...shared].filter((c) => canRead(sim, req, 'catalog', c));
    const vdcs = sim.store.where('vdc', 'orgId', org.id).filter((v) => canRead(sim, req, 'vdc', v));
    sendDoc(req, res, orgView(sim, req.ctx.base, org, catalogs, hasRight(req, RIGHTS.catalogEdit), vdcs));
  });
  router.get('/api/admin/org/:id', (req, res) => sendAdminOrg(req, res, adminOrgOf(req)));

  // Creating an org answers 201 with the AdminOrg, as VCD does (the creation is immediate).
  router.post('/api/admin/orgs', (req, res) => {
    requireAdminView(req);
    const body = readBody(req, 'AdminOrg');
    const org = createOrg(sim, req.ctx, orgInput(body.doc, { deployedVmQuota: 0, storedVmQuota: 0, settings: DEFAULT_SETTINGS }));
    res.setHeader('Location', `${req.ctx.base}/api/admin/org/${org.id}`);
    sendAdminOrg(req, res, org, 201);
  });
  router.put('/api/admin/org/:id', (req, res) => {
    const org = adminOrgOf(req);
    const body = readBody(req, 'AdminOrg');
    sendAdminOrg(req, res, updateOrg(sim, req.ctx, org, orgInput(body.doc, org)));
  });
  router.delete('/api/admin/org/:id', (req, res) => {
    const org = adminOrgOf(req);
    sendAccepted(sim, req, res, startDeleteOrg(sim, req.ctx, org, flag(req, 'force'), flag(req, 'recursive')));
  });
  for (const action of ['enable', 'disable'] as const) {
    router.post(`/api/admin/org/:id/action/${action}`, (req, res) => {
      setOrgEnabled(sim, req.ctx, adminOrgOf(req), action === 'enable');
      res.status(204).end();
    });
  }

  router.get('/api/admin/org/:id/settings', (req, res) => {
    const org = adminOrgOf(req);
    sendDoc(req, res, { root: 'OrgSettings', type: MT.orgSettings, body: settingsBody(org, req.ctx.base, true) });
  });
  const partOf = (req: Request): SettingsPart => {
    const p = param(req, 'part');
    if (!Object.hasOwn(SETTINGS_PARTS, p)) throw notFound(`There are no organization settings named "${p}".`);
    return p as SettingsPart;
  };
  const sendPart = (req: Request, res: Response, org: Org, part: SettingsPart) => {
    const href = `${req.ctx.base}/api/admin/org/${org.id}/settings/${part}`;
    const { element, type } = SETTINGS_PARTS[part];
    sendDoc(req, res, { root: element, type, body: settingsPartBody(org, part, href, hasRight(req, RIGHTS.orgEdit)) });
  };
  router.get('/api/admin/org/:id/settings/:part', (req, res) => {
    const org = adminOrgOf(req);
    sendPart(req, res, org, partOf(req));
  });
  router.put('/api/admin/org/:id/settings/:part', (req, res) => {
    const org = adminOrgOf(req);
    const part = partOf(req);
    const body = readBody(req, SETTINGS_PARTS[part].element);
    sendPart(req, res, updateSettingsPart(sim, req.ctx, org, part, body.doc), part);
  });
}
