/** Application port profiles: PROVIDER and TENANT profiles are state (SYSTEM ones are NSX-T's, system.ts). */
import type { KindDescriptor } from '../kind.js';

export const appPortProfileKind: KindDescriptor<'appPortProfile'> = {
  kind: 'appPortProfile',
  urnSegment: 'applicationPortProfile',
  entityName: 'applicationPortProfile',
  hrefPath: (id) => `/cloudapi/1.0.0/applicationPortProfiles/urn:vcloud:applicationPortProfile:${id}`,
  // A CloudAPI entity: its href (a task's Owner) answers JSON.
  mediaType: 'application/json',
  // TENANT profiles are their org's; PROVIDER profiles serve every tenant.
  ownerOrg: (_store, e) => e.orgId,
  shared: true,
  indexes: ['orgId'],
};
