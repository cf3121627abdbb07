/** The admin root: `GET /api/admin` (VCloud) and `GET /api/admin/orgs` (organization references). */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import { canSeeOrg, requireAdminView } from '../access.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { adminHrefOf, hrefOf } from '../links.js';
import { sendDoc } from '../../wire/render.js';
import { PMT } from '../provider/kind.js';

/** What `GET /api/admin` reports as the product version (go-vcloud-director's GetVcdVersion parses it). */
export const PRODUCT_VERSION = '10.5.1.23400185 Wed Nov 22 2023 10:00:00 GMT';

export function adminRoutes(router: Router, sim: World): void {
  const orgRefs = (req: Request) =>
    [...sim.store.all('org')].filter((o) => canSeeOrg(req, o.id)).map((o) => ref(adminHrefOf(req.ctx.base, 'org', o.id), MT.adminOrg, o.name));

  const root = (req: Request, res: Response) => {
    requireAdminView(req);
    const base = req.ctx.base;
    sendDoc(req, res, {
      root: 'VCloud',
      type: MT.adminVcloud,
      body: {
        '@_href': `${base}/api/admin`,
        '@_type': MT.adminVcloud,
        '@_name': 'vCloud',
        Link: [
          link('down', `${base}/api/admin/orgs`, MT.orgList),
          // Creating orgs is the provider's: the link shows to System administrators only.
          ...(req.ctx.isSysAdmin ? [link('add', `${base}/api/admin/orgs`, MT.adminOrg)] : []),
          ...(req.ctx.isSysAdmin ? [link('down', `${base}/api/admin/extension`, PMT.extension)] : []),
        ],
        Description: PRODUCT_VERSION,
        OrganizationReferences: { OrganizationReference: orgRefs(req) },
        ProviderVdcReferences: req.ctx.isSysAdmin
          ? { ProviderVdcReference: [...sim.store.all('providerVdc')].map((p) => ref(hrefOf(base, 'providerVdc', p.id), PMT.providerVdc, p.name)) }
          : undefined,
        RoleReferences: req.ctx.isSysAdmin
          ? { RoleReference: [...sim.store.all('role')].map((r) => ref(hrefOf(base, 'role', r.id), MT.role, r.name)) }
          : undefined,
        Networks: req.ctx.isSysAdmin
          ? { Network: [...sim.store.all('externalNetwork')].map((n) => ref(hrefOf(base, 'externalNetwork', n.id), PMT.externalNetwork, n.name)) }
          : undefined,
      },
    });
  };
  router.get('/api/admin', root);
  router.get('/api/admin/', root);
  // The organizations an administrator manages, as an OrgList of AdminOrg references.
  router.get('/api/admin/orgs', (req, res) => {
    requireAdminView(req);
    sendDoc(req, res, { root: 'OrgList', type: MT.orgList, body: { '@_href': `${req.ctx.base}/api/admin/orgs`, '@_type': MT.orgList, Org: orgRefs(req) } });
  });
}
