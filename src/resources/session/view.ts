/** Session documents: the legacy XML Session with the links clients navigate from, and CloudAPI's JSON. */
import type { World } from '../../world.js';
import type { Principal } from './ops.js';
import { isSysAdmin } from './ops.js';
import { MT } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import { RIGHTS } from '../../store/roles.js';

export function sessionView(sim: World, base: string, p: Principal): Rendered {
  const { user, org, role } = p;
  const location = `${org.id}@${sim.siteId}`;
  const adminView = isSysAdmin(p) || role.rights.includes(RIGHTS.adminView);
  return {
    root: 'Session',
    type: MT.session,
    body: {
      '@_user': user.name,
      '@_org': org.name,
      '@_userId': urn('user', user.id),
      '@_roles': role.name,
      '@_locationId': location,
      '@_href': `${base}/api/session`,
      '@_type': MT.session,
      Link: [
        link('down', `${base}/api/org/`, MT.orgList),
        link('remove', `${base}/api/session`),
        ...(adminView ? [link('down', `${base}/api/admin/`, MT.adminVcloud)] : []),
        ...(isSysAdmin(p) ? [link('down', `${base}/api/admin/extension`, MT.vmwExtension)] : []),
        link('down', hrefOf(base, 'org', org.id), MT.org, org.name),
        link('down', `${base}/api/query`, MT.queryList),
        link('entityResolver', `${base}/api/entity/`, MT.entity),
        link('openapi', `${base}/cloudapi`, 'application/json'),
      ],
      AuthorizedLocations: {
        Location: [{
          LocationId: location,
          SiteName: 'vcdsim',
          OrgName: org.name,
          RestApiEndpoint: base,
          UIEndpoint: base,
          AuthContext: org.name,
        }],
      },
    },
  };
}

/** CloudAPI `Session` model. */
export function sessionJson(sim: World, p: Principal) {
  const { session, user, org, role } = p;
  return {
    id: urn('session', session.id),
    site: { name: 'vcdsim', id: `urn:vcloud:site:${sim.siteId}` },
    user: { name: user.name, id: urn('user', user.id) },
    org: { name: org.name, id: urn('org', org.id) },
    location: `${org.id}@${sim.siteId}`,
    roles: [role.name],
    roleRefs: [{ name: role.name, id: urn('role', role.id) }],
    sessionIdleTimeoutMinutes: sim.config.sessionIdleMinutes,
  };
}
