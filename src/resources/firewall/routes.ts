/** CloudAPI routes of an edge gateway's firewall rules. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { RIGHTS } from '../../store/roles.js';
import { notFound } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { CLOUDAPI, sendTaskAccepted } from '../cloudapi/context.js';
import { jsonBody as body } from '../cloudapi/json.js';
import { param, requireRight } from '../access.js';
import { gatewayOf } from '../edgegateway/services.js';
import { rulesOf } from './model.js';
import { rulesInput } from './params.js';
import { firewallModel, ruleModel } from './view.js';
import { deleteFirewallRule, deleteFirewallRules, setFirewallRules } from './ops.js';

export function firewallRoutes(router: Router, sim: World): void {
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
    sendTaskAccepted(req, res, setFirewallRules(sim, req.ctx, gw, rules));
  });
  router.delete(`${GW}/firewall/rules`, (req, res) => {
    const gw = gatewayOf(sim, req.ctx, param(req, 'urn'));
    requireRight(req, RIGHTS.gwFirewallConfigure);
    sendTaskAccepted(req, res, deleteFirewallRules(sim, req.ctx, gw));
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
    sendTaskAccepted(req, res, deleteFirewallRule(sim, req.ctx, gw, rule));
  });
}
