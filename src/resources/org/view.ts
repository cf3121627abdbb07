/** Org documents: OrgList, Org (tenant view) and AdminOrg. */
import type { World } from '../../world.js';
import type { Catalog, Org, Vdc } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { adminHrefOf, hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';
import { settingsBody } from './model.js';
import { rolesOfOrg } from '../user/model.js';

export function orgListView(base: string, orgs: Org[]): Rendered {
  return {
    root: 'OrgList',
    type: MT.orgList,
    body: {
      '@_href': `${base}/api/org/`,
      '@_type': MT.orgList,
      Org: orgs.map((o) => ref(hrefOf(base, 'org', o.id), MT.org, o.name)),
    },
  };
}

/** The query links pyvcloud (API ≥ 33) uses to list an org's VDCs and catalogs: hrefs contain "vdc" / "catalog". */
export function orgQueryLinks(base: string, org: Org): Doc[] {
  const q = (type: string) => `${base}/api/query?type=${type}&format=records&filter=org%3D%3D${org.id}`;
  return [
    link('down', q('orgVdc'), MT.records),
    link('down', q('catalog'), MT.records),
  ];
}

/**
 * `catalogs`: the catalogs the caller may see (its own org's and those shared with it); `addCatalog`: whether
 * it may create one; `vdcs`: the VDCs it may see (their access control decides).
 */
export function orgView(sim: World, base: string, org: Org, catalogs?: Catalog[], addCatalog = false, vdcs?: Vdc[]): Rendered {
  const { store } = sim;
  const href = hrefOf(base, 'org', org.id);
  return {
    root: 'Org',
    type: MT.org,
    body: {
      '@_href': href,
      '@_type': MT.org,
      '@_id': urn('org', org.id),
      '@_name': org.name,
      Link: [
        ...(vdcs ?? store.where('vdc', 'orgId', org.id)).map((v) => link('down', hrefOf(base, 'vdc', v.id), MT.vdc, v.name)),
        link('down', `${base}/api/tasksList/${org.id}`, MT.tasksList),
        ...(catalogs ?? store.where('catalog', 'orgId', org.id)).map((c) => link('down', hrefOf(base, 'catalog', c.id), MT.catalog, c.name)),
        ...store.where('network', 'orgId', org.id).map((n) => link('down', hrefOf(base, 'network', n.id), MT.orgNetwork, n.name)),
        ...orgQueryLinks(base, org),
        link('down', `${href}/metadata`, MT.metadata),
        ...(addCatalog ? [link('add', `${adminHrefOf(base, 'org', org.id)}/catalogs`, MT.adminCatalog)] : []),
      ],
      Description: org.description,
      FullName: org.fullName,
      IsEnabled: org.isEnabled,
    },
  };
}

/** `manage`: whether the caller may change the org (edit and settings links); `provider`: System administrators (enable, disable, remove). */
export function adminOrgView(sim: World, base: string, org: Org, manage = false, provider = false, addCatalog = false): Rendered {
  const { store } = sim;
  const href = adminHrefOf(base, 'org', org.id);
  const isSystem = org.name.toLowerCase() === 'system';
  return {
    root: 'AdminOrg',
    type: MT.adminOrg,
    body: {
      '@_href': href,
      '@_type': MT.adminOrg,
      '@_id': urn('org', org.id),
      '@_name': org.name,
      Link: [
        link('alternate', hrefOf(base, 'org', org.id), MT.org),
        link('down', `${base}/api/tasksList/${org.id}`, MT.tasksList),
        link('down', `${hrefOf(base, 'org', org.id)}/metadata`, MT.metadata),
        ...(manage ? [
          link('edit', href, MT.adminOrg),
          link('add', `${href}/users`, MT.user),
          link('add', `${href}/roles`, MT.role),
          link('add', `${href}/groups`, MT.group),
          link('down', `${href}/settings`, MT.orgSettings),
        ] : []),
        ...(addCatalog ? [link('add', `${href}/catalogs`, MT.adminCatalog)] : []),
        ...(provider && !isSystem ? [
          link('remove', href),
          link('add', `${href}/vdcsparams`, MT.createVdcParams),
          org.isEnabled ? link('disable', `${href}/action/disable`) : link('enable', `${href}/action/enable`),
        ] : []),
      ],
      Description: org.description,
      FullName: org.fullName,
      IsEnabled: org.isEnabled,
      Settings: settingsBody(org, base, manage),
      Users: {
        UserReference: store.where('user', 'orgId', org.id).map((u) => ref(hrefOf(base, 'user', u.id), MT.user, u.name)),
      },
      Groups: { GroupReference: store.where('group', 'orgId', org.id).map((g) => ref(hrefOf(base, 'group', g.id), MT.group, g.name)) },
      Catalogs: {
        CatalogReference: store.where('catalog', 'orgId', org.id).map((c) => ref(adminHrefOf(base, 'catalog', c.id), MT.adminCatalog, c.name)),
      },
      Vdcs: { Vdc: store.where('vdc', 'orgId', org.id).map((v) => ref(adminHrefOf(base, 'vdc', v.id), MT.adminVdc, v.name)) },
      Networks: { Network: store.where('network', 'orgId', org.id).map((n) => ref(adminHrefOf(base, 'network', n.id), MT.orgVdcNetwork, n.name)) },
      // The roles its users can be given (go-vcloud-director's user creation looks the role up here).
      RoleReferences: { RoleReference: rolesOfOrg(store, org).map((r) => ref(hrefOf(base, 'role', r.id), MT.role, r.name)) },
    },
  };
}
