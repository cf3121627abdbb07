/** DFW rule bodies (go-vcloud-director's types.DistributedFirewallRule and DistributedFirewallRules) → typed inputs. */
import type { Request } from 'express';
import type { DfwRule } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { type Json, bool, jsonBody, list, obj, refId, str } from '../cloudapi/json.js';

const ACTIONS = ['ALLOW', 'DROP', 'REJECT'] as const;
const PROTOCOLS = ['IPV4', 'IPV6', 'IPV4_IPV6'] as const;
const DIRECTIONS = ['IN', 'OUT', 'IN_OUT'] as const;

/** One rule as sent: references still as given (ids or URNs), checked by ops.ts. */
export interface DfwRuleInput {
  /** Where it was read ("values[2]", "the rule"), for error messages. */
  at: string;
  id?: string;
  name: string;
  description: string;
  comments: string;
  action: DfwRule['action'];
  enabled: boolean;
  sourceGroups: string[];
  destinationGroups: string[];
  sourceGroupsExcluded: boolean;
  destinationGroupsExcluded: boolean;
  appPortProfiles: string[];
  ipProtocol: DfwRule['ipProtocol'];
  logging: boolean;
  direction: DfwRule['direction'];
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], what: string, fallback?: T): T {
  const s = str(v, what);
  if (s === undefined || s === '') {
    if (fallback === undefined) throw badRequest(`${what} is required: one of ${allowed.join(', ')}.`);
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(s)) throw badRequest(`${what} must be one of ${allowed.join(', ')}, not "${s}".`);
  return s as T;
}

function refs(v: unknown, what: string): string[] {
  return list(v, what).map((x, i) => {
    const id = refId(x, `${what}[${i}]`);
    if (!id) throw badRequest(`${what}[${i}] needs an id.`);
    return id;
  });
}

/** Reads one rule object; `at` names it in errors. */
export function ruleInput(x: unknown, at: string): DfwRuleInput {
  const o = obj(x);
  if (!o) throw badRequest(`${at} must be a JSON object.`);
  const name = (str(o.name, `${at}.name`) ?? '').trim();
  if (!name) throw badRequest(`${at}: a distributed firewall rule needs a name.`);
  if (name.length > 255) throw badRequest(`${at}.name must be at most 255 characters.`);
  const comments = str(o.comments, `${at}.comments`) ?? '';
  if (comments.length > 2048) throw badRequest(`${at}.comments must be at most 2048 characters.`);
  if (list(o.networkContextProfiles, `${at}.networkContextProfiles`).length) {
    throw badRequest(`${at}: network context profiles (layer 7) are not supported here; leave networkContextProfiles empty.`);
  }
  const id = str(o.id, `${at}.id`) || undefined;
  return {
    at,
    id,
    name,
    description: str(o.description, `${at}.description`) ?? '',
    comments,
    // actionValue (API 35.2) wins over the deprecated action.
    action: oneOf(o.actionValue ?? o.action, ACTIONS, `${at}.actionValue`),
    enabled: bool(o.enabled, `${at}.enabled`) ?? true,
    sourceGroups: refs(o.sourceFirewallGroups, `${at}.sourceFirewallGroups`),
    destinationGroups: refs(o.destinationFirewallGroups, `${at}.destinationFirewallGroups`),
    sourceGroupsExcluded: bool(o.sourceGroupsExcluded, `${at}.sourceGroupsExcluded`) ?? false,
    destinationGroupsExcluded: bool(o.destinationGroupsExcluded, `${at}.destinationGroupsExcluded`) ?? false,
    appPortProfiles: refs(o.applicationPortProfiles, `${at}.applicationPortProfiles`),
    ipProtocol: oneOf(o.ipProtocol, PROTOCOLS, `${at}.ipProtocol`, 'IPV4_IPV6'),
    logging: bool(o.logging, `${at}.logging`) ?? false,
    direction: oneOf(o.direction, DIRECTIONS, `${at}.direction`, 'IN_OUT'),
  };
}

/** PUT …/rules: the whole ordered list (`values`; absent or null: no rules). */
export function rulesParams(req: Request): DfwRuleInput[] {
  const b: Json = jsonBody(req);
  if (b.values !== undefined && b.values !== null && !Array.isArray(b.values)) throw badRequest('values must be a list of rules.');
  return list(b.values, 'values').map((x, i) => ruleInput(x, `values[${i}]`));
}

/** POST …/rules and PUT …/rules/{id}: one rule. */
export const ruleParams = (req: Request): DfwRuleInput => ruleInput(jsonBody(req), 'the rule');
