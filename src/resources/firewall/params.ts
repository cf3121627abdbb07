/** A NsxtFirewallRuleContainer document → the gateway's user-defined rules, checked. */
import type { World } from '../../world.js';
import type { EdgeGateway, FirewallRule } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import { type Json, bool, list, refId, str } from '../cloudapi/json.js';
import { profileForOrg } from '../appportprofile/model.js';
import { rulesOf } from './model.js';

const ACTIONS = ['ALLOW', 'DROP', 'REJECT'] as const;
const PROTOCOLS = ['IPV4', 'IPV6', 'IPV4_IPV6'] as const;
const DIRECTIONS = ['IN', 'OUT', 'IN_OUT'] as const;

function oneOf<T extends string>(v: unknown, allowed: readonly T[], what: string, fallback: T): T {
  const s = str(v, what);
  if (s === undefined || s === '') return fallback;
  if (!(allowed as readonly string[]).includes(s)) throw badRequest(`${what} must be one of ${allowed.join(', ')}.`);
  return s as T;
}

/** The user-defined rules of a NsxtFirewallRuleContainer, checked against the gateway's groups and the org's profiles. */
export function rulesInput(sim: World, gw: EdgeGateway, b: Json): FirewallRule[] {
  if (!Array.isArray(b.userDefinedRules) && b.userDefinedRules !== undefined && b.userDefinedRules !== null) throw badRequest('userDefinedRules must be a list.');
  const current = new Map(rulesOf(sim, gw).map((r) => [r.id, r]));
  const seen = new Set<string>();
  return list(b.userDefinedRules, 'userDefinedRules').map((x, i) => {
    const o = (x ?? {}) as Json;
    const at = `userDefinedRules[${i}]`;
    const groups = (v: unknown, what: string) => list(v, `${at}.${what}`).map((g, j) => {
      const id = uuidOf(refId(g, `${at}.${what}[${j}]`) ?? '') ?? '';
      const group = sim.store.get('firewallGroup', id);
      if (!group || group.edgeGatewayId !== gw.id) {
        throw badRequest(`${at}.${what}[${j}]: the firewall group ${refId(g, what) ?? ''} does not exist on edge gateway "${gw.name}".`);
      }
      return id;
    });
    const profiles = list(o.applicationPortProfiles, `${at}.applicationPortProfiles`).map((p, j) => {
      const idOrUrn = refId(p, `${at}.applicationPortProfiles[${j}]`) ?? '';
      const profile = profileForOrg(sim, gw.orgId, idOrUrn);
      if (!profile) throw badRequest(`${at}.applicationPortProfiles[${j}]: the application port profile ${idOrUrn} does not exist.`);
      return profile.id;
    });
    const name = (str(o.name, `${at}.name`) ?? '').trim();
    if (!name) throw badRequest(`${at}: a firewall rule needs a name.`);
    const given = str(o.id, `${at}.id`);
    const prior = given ? current.get(given) : undefined;
    if (given && !prior) throw badRequest(`${at}: the firewall rule ${given} does not exist on edge gateway "${gw.name}".`);
    if (given && seen.has(given)) throw badRequest(`${at}: the firewall rule ${given} is listed twice.`);
    if (given) seen.add(given);
    const action = oneOf(o.actionValue ?? o.action, ACTIONS, `${at}.action`, 'ALLOW');
    return {
      id: prior?.id ?? sim.store.newId(),
      name,
      description: str(o.description, `${at}.description`) ?? '',
      action,
      enabled: bool(o.enabled, `${at}.enabled`) ?? true,
      sourceGroupIds: groups(o.sourceFirewallGroups, 'sourceFirewallGroups'),
      destinationGroupIds: groups(o.destinationFirewallGroups, 'destinationFirewallGroups'),
      appPortProfileIds: profiles,
      ipProtocol: oneOf(o.ipProtocol, PROTOCOLS, `${at}.ipProtocol`, 'IPV4_IPV6'),
      logging: bool(o.logging, `${at}.logging`) ?? false,
      direction: oneOf(o.direction, DIRECTIONS, `${at}.direction`, 'IN_OUT'),
      version: prior ? prior.version + 1 : 0,
    };
  });
}
