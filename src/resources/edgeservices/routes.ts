/**
 * CloudAPI routes of the edge gateway services: application port profiles (and, per gateway, firewall groups,
 * firewall rules and NAT rules).
 */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { badRequest } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { uuidOf } from '../../wire/links.js';
import { sendPage } from '../cloudapi/paging.js';
import { CLOUDAPI } from './kind.js';
import { contextOf } from './json.js';
import { jsonBody as body } from '../cloudapi/json.js';
import {
  PROFILE_FIELDS, assertProfileNameFree, profileInput, profileModel, profileUsers, visibleProfile, visibleProfiles, writableProfile,
} from './profiles.js';
import { sendTaskAccepted, startServiceTask } from './tasks.js';
import { RIGHTS } from '../../store/roles.js';
import { notFound } from '../../errors.js';
import { canSeeOrg, param, requireRight, visible } from '../access.js';
import type { FirewallGroup, NatRule, StaticRoute } from '../../store/types.js';
import { GROUP_FIELDS, assertGroupNameFree, groupInput, groupModel, groupUsers } from './firewallgroups.js';
import { firewallModel, ruleModel, rulesInput, rulesOf } from './firewall.js';
import { NAT_FIELDS, assertNatNameFree, natInput, natModel, natRulesOf } from './nat.js';
import { gatewayOf, startGatewayTask } from './gateway.js';
import { STATIC_ROUTE_FIELDS, assertRouteNameFree, staticRouteInput, staticRouteModel, staticRoutesOf } from './staticroutes.js';

export function edgeServiceRoutes(router: Router, sim: World): void {
  const { store } = sim;

  // ---- application port profiles ----
  const PROFILES = `${CLOUDAPI}/applicationPortProfiles`;
  router.get(PROFILES, (req, res) => {
    const { params, context } = contextOf(req);
    let profiles = visibleProfiles(sim, req.ctx);
    // In a VDC's (or a gateway's) context: SYSTEM and PROVIDER profiles and the TENANT profiles of its org.
    if (context) {
      const org = store.get('vdc', uuidOf(context) ?? context)?.orgId;
      profiles = profiles.filter((p) => p.scope !== 'TENANT' || (org !== undefined && p.orgId === org));
    }
    sendPage(req, res, profiles.map((p) => profileModel(sim, p)), { model: 'ApplicationPortProfiles', fields: PROFILE_FIELDS }, params);
  });
  router.get(`${PROFILES}/:urn`, (req, res) => sendJson(req, res, profileModel(sim, visibleProfile(sim, req.ctx, param(req, 'urn')))));
  router.post(PROFILES, (req, res) => {
    const input = profileInput(sim, req.ctx, body(req));
    assertProfileNameFree(sim, input);
    const profile = { id: store.newId(), ...input };
    const task = startServiceTask(sim, req.ctx, {
      operationName: 'nsxtApplicationPortProfileCreate', operation: `Creating Application Port Profile ${profile.name}`,
      orgId: req.ctx.org!.id, owner: { kind: 'appPortProfile', id: profile.id, name: profile.name },
      action: { type: 'createAppPortProfile', params: { profile } },
    });
    sendTaskAccepted(req, res, task);
  });
  router.put(`${PROFILES}/:urn`, (req, res) => {
    const current = writableProfile(sim, req.ctx, param(req, 'urn'));
    const b = body(req);
    if (b.id !== undefined && uuidOf(String(b.id)) !== current.id) throw badRequest('The id in the body is not the id in the URL.');
    const input = profileInput(sim, req.ctx, b, current);
    assertProfileNameFree(sim, { ...input, orgId: current.orgId }, current.id);
    const patch = { name: input.name, description: input.description, ports: input.ports };
    const task = startServiceTask(sim, req.ctx, {
      operationName: 'nsxtApplicationPortProfileUpdate', operation: `Updating Application Port Profile ${current.name}`,
      orgId: req.ctx.org!.id, owner: { kind: 'appPortProfile', id: current.id, name: current.name },
      action: { type: 'updateAppPortProfile', params: { id: current.id, patch } },
    });
    sendTaskAccepted(req, res, task);
  });
  router.delete(`${PROFILES}/:urn`, (req, res) => {
    const current = writableProfile(sim, req.ctx, param(req, 'urn'));
    const users = profileUsers(sim, current.id);
    if (users.length) throw badRequest(`The application port profile "${current.name}" is in use by ${users.join(', ')}.`);
    const task = startServiceTask(sim, req.ctx, {
      operationName: 'nsxtApplicationPortProfileDelete', operation: `Deleting Application Port Profile ${current.name}`,
      orgId: req.ctx.org!.id, owner: { kind: 'appPortProfile', id: current.id, name: current.name },
      action: { type: 'deleteAppPortProfile', params: { id: current.id } },
    });
    sendTaskAccepted(req, res, task);
  });

  // ---- firewall groups ----
  const GROUPS = `${CLOUDAPI}/firewallGroups`;
  const groupOf = (req: Parameters<typeof param>[0]) => visible(sim, req, 'firewallGroup', param(req, 'urn'));
  router.get(`${GROUPS}/summaries`, (req, res) => {
    requireRight(req, RIGHTS.gwFirewallView);
    const { params, context } = contextOf(req);
    let groups = [...store.all('firewallGroup')].filter((g) => canSeeOrg(req, g.orgId));
    // In an edge gateway's context: its groups; in an org VDC network's: the groups it is a member of.
    if (context) {
      const id = uuidOf(context) ?? context;
      groups = groups.filter((g) => g.edgeGatewayId === id || g.memberIds.includes(id));
    }
    sendPage(req, res, groups.map((g) => groupModel(sim, g)), { model: 'FirewallGroupSummaries', fields: GROUP_FIELDS }, params);
  });
  router.get(`${GROUPS}/:urn`, (req, res) => {
    const g = groupOf(req);
    requireRight(req, RIGHTS.gwFirewallView);
    sendJson(req, res, groupModel(sim, g));
  });
  router.post(GROUPS, (req, res) => {
    const input = groupInput(sim, req.ctx, body(req));
    const group: FirewallGroup = {
      id: store.newId(), orgId: input.gw.orgId, edgeGatewayId: input.gw.id, name: input.name, description: input.description,
      type: input.type, ipAddresses: input.ipAddresses, memberIds: input.memberIds,
    };
    assertGroupNameFree(sim, group);
    const task = startServiceTask(sim, req.ctx, {
      operationName: 'nsxtFirewallGroupCreate', operation: `Creating Firewall Group ${group.name}`, orgId: group.orgId,
      owner: { kind: 'firewallGroup', id: group.id, name: group.name }, action: { type: 'createFirewallGroup', params: { group } },
    });
    sendTaskAccepted(req, res, task);
  });
  router.put(`${GROUPS}/:urn`, (req, res) => {
    const current = groupOf(req);
    const b = body(req);
    if (b.id !== undefined && b.id !== null && uuidOf(String(b.id)) !== current.id) throw badRequest('The id in the body is not the id in the URL.');
    const input = groupInput(sim, req.ctx, b, current);
    const patch = { name: input.name, description: input.description, ipAddresses: input.ipAddresses, memberIds: input.memberIds };
    assertGroupNameFree(sim, { ...current, ...patch }, current.id);
    const task = startServiceTask(sim, req.ctx, {
      operationName: 'nsxtFirewallGroupUpdate', operation: `Updating Firewall Group ${current.name}`, orgId: current.orgId,
      owner: { kind: 'firewallGroup', id: current.id, name: current.name }, action: { type: 'updateFirewallGroup', params: { id: current.id, patch } },
    });
    sendTaskAccepted(req, res, task);
  });
  router.delete(`${GROUPS}/:urn`, (req, res) => {
    const current = groupOf(req);
    requireRight(req, RIGHTS.gwFirewallConfigure);
    const users = groupUsers(sim, current);
    if (users.length) throw badRequest(`The firewall group "${current.name}" is in use by firewall rule(s) ${users.map((n) => `"${n}"`).join(', ')}.`);
    const task = startServiceTask(sim, req.ctx, {
      operationName: 'nsxtFirewallGroupDelete', operation: `Deleting Firewall Group ${current.name}`, orgId: current.orgId,
      owner: { kind: 'firewallGroup', id: current.id, name: current.name }, action: { type: 'deleteFirewallGroup', params: { id: current.id } },
    });
    sendTaskAccepted(req, res, task);
  });

  // ---- the gateway's firewall rules ----
  const GW = `${CLOUDAPI}/edgeGateways/:urn`;
  router.get(`${GW}/firewall/rules`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwFirewallView);
    sendJson(req, res, firewallModel(sim, gw));
  });
  router.put(`${GW}/firewall/rules`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwFirewallConfigure);
    const rules = rulesInput(sim, gw, body(req));
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeFirewallRulesUpdate', `Updating firewall rules of edge gateway ${gw.name}`,
      { type: 'setFirewallRules', params: { gatewayId: gw.id, rules } }));
  });
  router.delete(`${GW}/firewall/rules`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwFirewallConfigure);
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeFirewallRulesDelete', `Deleting firewall rules of edge gateway ${gw.name}`,
      { type: 'setFirewallRules', params: { gatewayId: gw.id, rules: [] } }));
  });
  const fwRuleOf = (req: Parameters<typeof param>[0]) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    const rule = rulesOf(sim, gw).find((r) => r.id === param(req, 'ruleId'));
    return { gw, rule };
  };
  router.get(`${GW}/firewall/rules/:ruleId`, (req, res) => {
    const { rule } = fwRuleOf(req);
    requireRight(req, RIGHTS.gwFirewallView);
    if (!rule) throw notFound(`The firewall rule ${param(req, 'ruleId')} does not exist.`);
    sendJson(req, res, ruleModel(sim, rule));
  });
  router.delete(`${GW}/firewall/rules/:ruleId`, (req, res) => {
    const { gw, rule } = fwRuleOf(req);
    requireRight(req, RIGHTS.gwFirewallConfigure);
    if (!rule) throw notFound(`The firewall rule ${param(req, 'ruleId')} does not exist.`);
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeFirewallRuleDelete', `Deleting firewall rule ${rule.name} of edge gateway ${gw.name}`,
      { type: 'deleteFirewallRule', params: { gatewayId: gw.id, ruleId: rule.id } }));
  });

  // ---- NAT rules ----
  router.get(`${GW}/nat/rules`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwNatView);
    sendPage(req, res, natRulesOf(sim, gw).map((r) => natModel(sim, r)), { model: 'EdgeNatRules', fields: NAT_FIELDS });
  });
  router.post(`${GW}/nat/rules`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwNatConfigure);
    const input = natInput(sim, gw, body(req));
    assertNatNameFree(sim, gw.id, input.name);
    const rule: NatRule = { ...input, id: store.newId(), orgId: gw.orgId, edgeGatewayId: gw.id, version: 0 };
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeNatRuleCreate', `Creating NAT rule ${rule.name} on edge gateway ${gw.name}`,
      { type: 'createNatRule', params: { rule } }));
  });
  const natRuleOf = (req: Parameters<typeof param>[0]) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    const rule = store.get('natRule', param(req, 'ruleId'));
    return { gw, rule: rule?.edgeGatewayId === gw.id ? rule : undefined };
  };
  router.get(`${GW}/nat/rules/:ruleId`, (req, res) => {
    const { rule } = natRuleOf(req);
    requireRight(req, RIGHTS.gwNatView);
    if (!rule) throw notFound(`The NAT rule ${param(req, 'ruleId')} does not exist.`);
    sendJson(req, res, natModel(sim, rule));
  });
  router.put(`${GW}/nat/rules/:ruleId`, (req, res) => {
    const { gw, rule } = natRuleOf(req);
    requireRight(req, RIGHTS.gwNatConfigure);
    if (!rule) throw notFound(`The NAT rule ${param(req, 'ruleId')} does not exist.`);
    const b = body(req);
    const version = (b.version as { version?: unknown } | undefined | null)?.version;
    if (typeof version === 'number' && version !== rule.version) {
      throw badRequest(`The NAT rule "${rule.name}" was changed by someone else (version ${rule.version}, the request has ${version}): read it again.`);
    }
    const input = natInput(sim, gw, b, rule);
    assertNatNameFree(sim, gw.id, input.name, rule.id);
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeNatRuleUpdate', `Updating NAT rule ${rule.name} on edge gateway ${gw.name}`,
      { type: 'updateNatRule', params: { id: rule.id, patch: input } }));
  });
  router.delete(`${GW}/nat/rules/:ruleId`, (req, res) => {
    const { gw, rule } = natRuleOf(req);
    requireRight(req, RIGHTS.gwNatConfigure);
    if (!rule) throw notFound(`The NAT rule ${param(req, 'ruleId')} does not exist.`);
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeNatRuleDelete', `Deleting NAT rule ${rule.name} on edge gateway ${gw.name}`,
      { type: 'deleteNatRule', params: { id: rule.id } }));
  });

  // ---- static routes ----
  router.get(`${GW}/routing/staticRoutes`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwRoutingView);
    sendPage(req, res, staticRoutesOf(sim, gw).map(staticRouteModel), { model: 'EdgeStaticRoutes', fields: STATIC_ROUTE_FIELDS });
  });
  router.post(`${GW}/routing/staticRoutes`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwRoutingConfigure);
    const input = staticRouteInput(body(req));
    assertRouteNameFree(sim, gw.id, input.name);
    const route: StaticRoute = { ...input, id: store.newId(), orgId: gw.orgId, edgeGatewayId: gw.id };
    const task = startGatewayTask(sim, req.ctx, gw, 'edgeStaticRouteCreate', `Creating static route ${route.name} on edge gateway ${gw.name}`,
      { type: 'createStaticRoute', params: { route } });
    // go-vcloud-director reads the new route's id from the task's Details, as VCD writes it there.
    store.update('task', task.id, { details: route.id });
    sendTaskAccepted(req, res, task);
  });
  const routeOf = (req: Parameters<typeof param>[0]) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    const route = store.get('staticRoute', param(req, 'routeId'));
    return { gw, route: route?.edgeGatewayId === gw.id ? route : undefined };
  };
  router.get(`${GW}/routing/staticRoutes/:routeId`, (req, res) => {
    const { route } = routeOf(req);
    requireRight(req, RIGHTS.gwRoutingView);
    if (!route) throw notFound(`The static route ${param(req, 'routeId')} does not exist.`);
    sendJson(req, res, staticRouteModel(route));
  });
  router.put(`${GW}/routing/staticRoutes/:routeId`, (req, res) => {
    const { gw, route } = routeOf(req);
    requireRight(req, RIGHTS.gwRoutingConfigure);
    if (!route) throw notFound(`The static route ${param(req, 'routeId')} does not exist.`);
    const input = staticRouteInput(body(req));
    assertRouteNameFree(sim, gw.id, input.name, route.id);
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeStaticRouteUpdate', `Updating static route ${route.name} on edge gateway ${gw.name}`,
      { type: 'updateStaticRoute', params: { id: route.id, patch: input } }));
  });
  router.delete(`${GW}/routing/staticRoutes/:routeId`, (req, res) => {
    const { gw, route } = routeOf(req);
    requireRight(req, RIGHTS.gwRoutingConfigure);
    if (!route) throw notFound(`The static route ${param(req, 'routeId')} does not exist.`);
    sendTaskAccepted(req, res, startGatewayTask(sim, req.ctx, gw, 'edgeStaticRouteDelete', `Deleting static route ${route.name} on edge gateway ${gw.name}`,
      { type: 'deleteStaticRoute', params: { id: route.id } }));
  });
}
