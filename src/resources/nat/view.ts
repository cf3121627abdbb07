/** A NAT rule as CloudAPI's NsxtNatRule JSON. */
import type { World } from '../../world.js';
import type { NatRule } from '../../store/types.js';
import type { Model } from '../cloudapi/paging.js';
import { ref } from '../cloudapi/json.js';
import { profileName, profileUrn } from '../appportprofile/model.js';

export function natModel(sim: World, r: NatRule): Model {
  const profile = r.appPortProfileId && profileName(sim, r.appPortProfileId);
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    ruleType: r.type === 'REFLEXIVE' ? null : r.type,
    type: r.type,
    externalAddresses: r.externalAddresses,
    internalAddresses: r.internalAddresses,
    applicationPortProfile: r.appPortProfileId ? ref(profile || undefined, profileUrn(r.appPortProfileId)) : null,
    internalPort: null,
    dnatExternalPort: r.dnatExternalPort,
    snatDestinationAddresses: r.snatDestinationAddresses,
    logging: r.logging,
    systemRule: false,
    firewallMatch: r.firewallMatch,
    priority: r.priority,
    version: { version: r.version },
  };
}

export const NAT_FIELDS = {
  id: 'string', name: 'string', description: 'string', enabled: 'boolean', type: 'string', ruleType: 'string',
  externalAddresses: 'string', internalAddresses: 'string', priority: 'number', firewallMatch: 'string',
} as const;
