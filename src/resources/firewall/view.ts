/** An edge gateway's firewall as CloudAPI's NsxtFirewallRuleContainer JSON, and one rule as NsxtFirewallRule. */
import type { World } from '../../world.js';
import type { EdgeGateway, FirewallRule } from '../../store/types.js';
import type { Model } from '../cloudapi/paging.js';
import { ref } from '../cloudapi/json.js';
import { groupUrn } from '../firewallgroup/model.js';
import { profileName, profileUrn } from '../appportprofile/model.js';
import { nameUuid } from '../user/rights.js';
import { rulesOf } from './model.js';

export function ruleModel(sim: World, r: FirewallRule): Model {
  const refs = (ids: string[], kind: 'group' | 'profile') => (ids.length ? ids.map((id) => kind === 'group'
    ? ref(sim.store.get('firewallGroup', id)?.name, groupUrn(id))
    : ref(profileName(sim, id), profileUrn(id))) : null);
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    action: r.action === 'REJECT' ? 'DROP' : r.action,
    actionValue: r.action,
    sourceFirewallGroups: refs(r.sourceGroupIds, 'group'),
    destinationFirewallGroups: refs(r.destinationGroupIds, 'group'),
    applicationPortProfiles: refs(r.appPortProfileIds, 'profile'),
    ipProtocol: r.ipProtocol,
    logging: r.logging,
    direction: r.direction,
    version: { version: r.version },
  };
}

/** The default rule NSX-T puts after the user-defined ones on a VCD edge gateway: everything else is dropped. */
function defaultRule(gw: EdgeGateway): FirewallRule {
  return {
    id: nameUuid('edgeDefaultRule', gw.id), name: 'default_rule', description: '', action: 'DROP', enabled: true, sourceGroupIds: [],
    destinationGroupIds: [], appPortProfileIds: [], ipProtocol: 'IPV4_IPV6', logging: false, direction: 'IN_OUT', version: 0,
  };
}

export function firewallModel(sim: World, gw: EdgeGateway): Model {
  return {
    systemRules: [],
    defaultRules: [ruleModel(sim, defaultRule(gw))],
    userDefinedRules: rulesOf(sim, gw).map((r) => ruleModel(sim, r)),
  };
}
