/**
 * DFW rule operations, each a task of the VDC group as VCD runs them: the whole ordered list replaced
 * (`PUT …/rules`, an empty list clears it), one rule added at the end (`POST`), changed or deleted. Rules
 * name firewall groups of the group (its own, or of its edge gateways) and application port profiles the group's org may use;
 * anything else (unknown, another tenant's, a gateway outside the group) is a 400. The rules are read and
 * written only while the group's distributed firewall is active, through its default policy.
 */
import type { Actor, World } from '../../world.js';
import type { DfwRule, Task, VdcGroup } from '../../store/types.js';
import { badRequest, notFound } from '../../errors.js';
import { RIGHTS } from '../../store/roles.js';
import { uuidOf } from '../../wire/links.js';
import { canSeeOrg, requireRight } from '../access.js';
import { registerCrudActions } from '../task/crud.js';
import { removedWith } from '../cascade.js';
import { startEntityTask } from '../task/ops.js';
import { profileForOrg } from '../appportprofile/model.js';
import { assertGroupIdle } from '../vdcgroup/ops.js';
import { rulesOfGroup } from './model.js';
import type { DfwRuleInput } from './params.js';

/** The group's active policy named in the path: `default` or the default policy's id. */
export function assertPolicy(g: VdcGroup, policyId: string): void {
  if (!g.dfwEnabled) throw badRequest(`The distributed firewall of VDC group "${g.name}" is not active: it has no default policy.`);
  const id = uuidOf(policyId) ?? policyId;
  if (policyId !== 'default' && id !== g.defaultPolicy?.id) throw notFound(`The DFW policy ${policyId} does not exist in VDC group "${g.name}".`);
}

/** A rule of the group, by id (404 otherwise). */
export function ruleOf(sim: World, g: VdcGroup, ruleId: string): DfwRule {
  const r = sim.store.get('dfwRule', uuidOf(ruleId) ?? ruleId);
  if (!r || r.vdcGroupId !== g.id) throw notFound(`The distributed firewall rule ${ruleId} does not exist in VDC group "${g.name}".`);
  return r;
}

/** A firewall group a rule of `g` may name: the group's own, or of an edge gateway in the group; the group's org's. */
function firewallGroupFor(sim: World, actor: Actor | undefined, g: VdcGroup, idOrUrn: string, at: string): string {
  const id = uuidOf(idOrUrn) ?? idOrUrn;
  const fg = sim.store.get('firewallGroup', id);
  // Unknown and another tenant's read alike.
  if (!fg || fg.orgId !== g.orgId || (actor && !canSeeOrg(actor, fg.orgId))) throw badRequest(`${at}: the firewall group ${idOrUrn} does not exist.`);
  if (fg.vdcGroupId) {
    if (fg.vdcGroupId === g.id) return id;
    const other = sim.store.get('vdcGroup', fg.vdcGroupId);
    throw badRequest(`${at}: the firewall group "${fg.name}" belongs to VDC group "${other?.name ?? fg.vdcGroupId}", not to VDC group "${g.name}".`);
  }
  const gw = fg.edgeGatewayId ? sim.store.get('edgeGateway', fg.edgeGatewayId) : undefined;
  if (gw?.vdcGroupId !== g.id) {
    throw badRequest(`${at}: the firewall group "${fg.name}" belongs to edge gateway "${gw?.name ?? fg.edgeGatewayId}", which is not in VDC group "${g.name}".`);
  }
  return id;
}

function profileFor(sim: World, g: VdcGroup, idOrUrn: string, at: string): string {
  const p = profileForOrg(sim, g.orgId, idOrUrn);
  if (!p) throw badRequest(`${at}: the application port profile ${idOrUrn} does not exist.`);
  return p.id;
}

/** The rule's fields with its references checked and resolved to ids. */
function resolve(sim: World, actor: Actor | undefined, g: VdcGroup, i: DfwRuleInput): Omit<DfwRule, 'id' | 'orgId' | 'vdcGroupId' | 'position' | 'version'> {
  return {
    name: i.name, description: i.description, comments: i.comments, action: i.action, enabled: i.enabled,
    sourceGroupIds: i.sourceGroups.map((x, j) => firewallGroupFor(sim, actor, g, x, `${i.at}.sourceFirewallGroups[${j}]`)),
    destinationGroupIds: i.destinationGroups.map((x, j) => firewallGroupFor(sim, actor, g, x, `${i.at}.destinationFirewallGroups[${j}]`)),
    sourceGroupsExcluded: i.sourceGroupsExcluded, destinationGroupsExcluded: i.destinationGroupsExcluded,
    appPortProfileIds: i.appPortProfiles.map((x, j) => profileFor(sim, g, x, `${i.at}.applicationPortProfiles[${j}]`)),
    ipProtocol: i.ipProtocol, logging: i.logging, direction: i.direction,
  };
}

/** A rule's references checked again when its task lands (a firewall group may have gone meanwhile). */
export function checkRuleRefs(sim: World, r: Pick<DfwRule, 'vdcGroupId' | 'name' | 'sourceGroupIds' | 'destinationGroupIds' | 'appPortProfileIds'>): void {
  const g = sim.store.get('vdcGroup', r.vdcGroupId);
  if (!g) throw badRequest('The VDC group no longer exists.');
  const at = `rule "${r.name}"`;
  for (const id of [...r.sourceGroupIds, ...r.destinationGroupIds]) firewallGroupFor(sim, undefined, g, id, at);
  for (const id of r.appPortProfileIds) profileFor(sim, g, id, at);
}

/** The rules' tasks are the group's: it is busy while one runs. */
const startRulesTask = (sim: World, actor: Actor, g: VdcGroup, operationName: string, verb: string, action: Task['action']): Task =>
  startEntityTask(sim, actor, { kind: 'vdcGroup', noun: 'VDC Group' }, g, { operationName, verb: `${verb} of`, action });

function assertWritable(sim: World, actor: Actor, g: VdcGroup, policyId: string): void {
  requireRight(actor, RIGHTS.dfwConfigure);
  assertPolicy(g, policyId);
  assertGroupIdle(sim, g);
}

/** Whether a rule's fields differ from what it is now (its version moves only then). */
const changes = (r: DfwRule, fields: Partial<DfwRule>) =>
  Object.entries(fields).some(([k, v]) => JSON.stringify(v) !== JSON.stringify(r[k as keyof DfwRule]));

/** PUT …/rules: the list replaced as a whole, in the order given; rules named by id keep it (and their version unless changed). */
export function startSetRules(sim: World, actor: Actor, g: VdcGroup, policyId: string, inputs: DfwRuleInput[]): Task {
  assertWritable(sim, actor, g, policyId);
  const current = new Map(rulesOfGroup(sim.store, g.id).map((r) => [r.id, r]));
  const seen = new Set<string>();
  const rules: DfwRule[] = inputs.map((i, position) => {
    const given = i.id && (uuidOf(i.id) ?? i.id);
    const prior = given ? current.get(given) : undefined;
    if (given && !prior) throw badRequest(`${i.at}: the distributed firewall rule ${i.id} does not exist in VDC group "${g.name}".`);
    if (given && seen.has(given)) throw badRequest(`${i.at}: the distributed firewall rule ${i.id} is listed twice.`);
    if (given) seen.add(given);
    const fields = resolve(sim, actor, g, i);
    return {
      id: prior?.id ?? sim.store.newId(), orgId: g.orgId, vdcGroupId: g.id, position, ...fields,
      version: prior ? prior.version + (changes(prior, fields) ? 1 : 0) : 0,
    };
  });
  return startRulesTask(sim, actor, g, 'vdcGroupDfwRulesUpdate', 'Updating distributed firewall rules', { type: 'setDfwRules', params: { groupId: g.id, rules } });
}

/** The position after a group's last rule. */
function nextPosition(sim: World, groupId: string): number {
  const rules = rulesOfGroup(sim.store, groupId);
  return rules.length ? rules[rules.length - 1].position + 1 : 0;
}

/** POST …/rules: one rule after the others, there once its task succeeds. */
export function startCreateRule(sim: World, actor: Actor, g: VdcGroup, policyId: string, input: DfwRuleInput): Task {
  assertWritable(sim, actor, g, policyId);
  const rule: DfwRule = { id: sim.store.newId(), orgId: g.orgId, vdcGroupId: g.id, position: nextPosition(sim, g.id), ...resolve(sim, actor, g, input), version: 0 };
  return startRulesTask(sim, actor, g, 'vdcGroupDfwRuleCreate', `Creating distributed firewall rule ${rule.name}`, { type: 'createDfwRule', params: { rule } });
}

/** PUT …/rules/{id}: the rule's fields replaced; it keeps its place. */
export function startUpdateRule(sim: World, actor: Actor, g: VdcGroup, policyId: string, rule: DfwRule, input: DfwRuleInput): Task {
  assertWritable(sim, actor, g, policyId);
  if (input.id && (uuidOf(input.id) ?? input.id) !== rule.id) throw badRequest(`The id in the body (${input.id}) is not the rule's id in the URL (${rule.id}).`);
  const patch: Partial<DfwRule> = resolve(sim, actor, g, input);
  return startRulesTask(sim, actor, g, 'vdcGroupDfwRuleUpdate', `Updating distributed firewall rule ${rule.name}`, { type: 'updateDfwRule', params: { id: rule.id, patch } });
}

/** DELETE …/rules/{id}. */
export function startDeleteRule(sim: World, actor: Actor, g: VdcGroup, policyId: string, rule: DfwRule): Task {
  assertWritable(sim, actor, g, policyId);
  return startRulesTask(sim, actor, g, 'vdcGroupDfwRuleDelete', `Deleting distributed firewall rule ${rule.name}`, { type: 'deleteDfwRule', params: { id: rule.id } });
}

export function registerDfwActions(sim: World): void {
  removedWith(sim, 'vdcGroup', 'dfwRule', 'vdcGroupId');
  registerCrudActions(sim, 'dfwRule', {
    create: 'createDfwRule', update: 'updateDfwRule', delete: 'deleteDfwRule', created: 'rule',
    gone: 'The distributed firewall rule', versioned: true,
    checkCreate: (r) => {
      checkRuleRefs(sim, r);
      if (!sim.store.get('vdcGroup', r.vdcGroupId)?.dfwEnabled) throw badRequest('The distributed firewall of the VDC group is no longer active.');
    },
    checkUpdate: (r, patch) => checkRuleRefs(sim, { ...r, ...patch }),
  });
  sim.tasks.register('setDfwRules', {
    apply(params) {
      const { groupId, rules } = params as { groupId: string; rules: DfwRule[] };
      const g = sim.store.get('vdcGroup', groupId);
      if (!g) return;
      if (!g.dfwEnabled) throw badRequest(`The distributed firewall of VDC group "${g.name}" is no longer active.`);
      for (const r of rules) checkRuleRefs(sim, r);
      const keep = new Set(rules.map((r) => r.id));
      for (const r of rulesOfGroup(sim.store, groupId)) if (!keep.has(r.id)) sim.store.remove('dfwRule', r.id);
      for (const r of rules) {
        if (sim.store.get('dfwRule', r.id)) sim.store.update('dfwRule', r.id, r);
        else sim.store.insert('dfwRule', r);
      }
    },
  });
}
