/** An application port profile as CloudAPI's ApplicationPortProfile JSON. */
import type { World } from '../../world.js';
import { urn } from '../links.js';
import type { Model } from '../cloudapi/paging.js';
import { ref } from '../cloudapi/json.js';
import { type Profile, profileUrn, usableForNat } from './model.js';

export function profileModel(sim: World, p: Profile): Model {
  const org = p.scope === 'TENANT' && p.orgId ? sim.store.get('org', p.orgId) : undefined;
  return {
    orgRef: p.scope === 'TENANT' && p.orgId ? ref(org?.name, urn('org', p.orgId)) : null,
    contextEntityId: p.scope === 'SYSTEM' ? null : p.contextEntityId,
    networkProviderScope: null,
    id: profileUrn(p.id),
    name: p.name,
    description: p.description,
    scope: p.scope,
    applicationPorts: p.ports.map((ap) => ({ name: null, protocol: ap.protocol, destinationPorts: ap.destinationPorts })),
    usableForNAT: usableForNat(p),
  };
}

export const PROFILE_FIELDS = {
  id: 'ref', name: 'string', description: 'string', scope: 'string', contextEntityId: 'ref', 'orgRef.id': 'ref',
  'orgRef.name': 'string', usableForNAT: 'boolean',
} as const;
