/** CloudAPI routes of an edge gateway's NAT rules. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest, notFound } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { sendPage } from '../cloudapi/paging.js';
import { CLOUDAPI, sendTaskAccepted } from '../cloudapi/context.js';
import { jsonBody as body } from '../cloudapi/json.js';
import { param, requireRight } from '../access.js';
import { gatewayOf } from '../edgegateway/services.js';
import { natRulesOf } from './model.js';
import { natInput } from './params.js';
import { NAT_FIELDS, natModel } from './view.js';
import { createNatRule, deleteNatRule, updateNatRule } from './ops.js';

export function natRoutes(router: Router, sim: World): void {
  const { store } = sim;
  const GW = `${CLOUDAPI}/edgeGateways/:urn`;
  router.get(`${GW}/nat/rules`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwNatView);
    sendPage(req, res, natRulesOf(sim, gw).map((r) => natModel(sim, r)), { model: 'EdgeNatRules', fields: NAT_FIELDS });
  });
  router.post(`${GW}/nat/rules`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwNatConfigure);
    const input = natInput(sim, gw, body(req));
    sendTaskAccepted(req, res, createNatRule(sim, req.ctx, gw, input));
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
    sendTaskAccepted(req, res, updateNatRule(sim, req.ctx, gw, rule, input));
  });
  router.delete(`${GW}/nat/rules/:ruleId`, (req, res) => {
    const { gw, rule } = natRuleOf(req);
    requireRight(req, RIGHTS.gwNatConfigure);
    if (!rule) throw notFound(`The NAT rule ${param(req, 'ruleId')} does not exist.`);
    sendTaskAccepted(req, res, deleteNatRule(sim, req.ctx, gw, rule));
  });
}
