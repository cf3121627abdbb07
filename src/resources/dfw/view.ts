/** DFW rule models, as go-vcloud-director's types.DistributedFirewallRule and DistributedFirewallRules read them. */
import type { World } from '../../world.js';
import type { DfwRule, VdcGroup } from '../../store/types.js';
import type { Model } from '../cloudapi/paging.js';
import { ref } from '../cloudapi/json.js';
import { groupUrn } from '../firewallgroup/model.js';
import { profileName, profileUrn } from '../appportprofile/model.js';
import { rulesOfGroup } from './model.js';

export function dfwRuleModel(sim: World, r: DfwRule): Model {
  const groups = (ids: string[]) => (ids.length ? ids.map((id) => ref(sim.store.get('firewallGroup', id)?.name, groupUrn(id))) : null);
  const profiles = r.appPortProfileIds.length
    ? r.appPortProfileIds.map((id) => ref(profileName(sim, id), profileUrn(id)))
    : null;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    comments: r.comments,
    enabled: r.enabled,
    // The deprecated action knows ALLOW and DROP only; actionValue says REJECT.
    action: r.action === 'REJECT' ? 'DROP' : r.action,
    actionValue: r.action,
    sourceFirewallGroups: groups(r.sourceGroupIds),
    destinationFirewallGroups: groups(r.destinationGroupIds),
    sourceGroupsExcluded: r.sourceGroupsExcluded,
    destinationGroupsExcluded: r.destinationGroupsExcluded,
    applicationPortProfiles: profiles,
    networkContextProfiles: null,
    ipProtocol: r.ipProtocol,
    logging: r.logging,
    direction: r.direction,
    version: { version: r.version },
  };
}

/** The default policy's rules, in the order they apply. */
export const dfwRulesModel = (sim: World, g: VdcGroup): Model => ({ values: rulesOfGroup(sim.store, g.id).map((r) => dfwRuleModel(sim, r)) });
