/**
 * CloudAPI DFW rules of a VDC group's default policy: `vdcGroups/{id}/dfwPolicies/{policy}/rules` (GET the
 * ordered list, PUT it whole, POST one more) and `…/rules/{ruleId}` (GET, PUT, DELETE). Writes are tasks of
 * the group (202, the task in `Location`). `{policy}` is `default` or the default policy's id.
 */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import { RIGHTS } from '../../store/roles.js';
import { sendJson } from '../../wire/render.js';
import { param, requireRight, visible } from '../access.js';
import { sendTaskAccepted } from '../cloudapi/context.js';
import { assertPolicy, ruleOf, startCreateRule, startDeleteRule, startSetRules, startUpdateRule } from './ops.js';
import { ruleParams, rulesParams } from './params.js';
import { dfwRuleModel, dfwRulesModel } from './view.js';

const RULES = '/cloudapi/1.0.0/vdcGroups/:urn/dfwPolicies/:policy/rules';

export function dfwRoutes(router: Router, sim: World): void {
  const groupOf = (req: Request) => visible(sim, req, 'vdcGroup', param(req, 'urn'));
  /** The group whose rules are read. */
  const readable = (req: Request) => {
    const g = groupOf(req);
    requireRight(req, RIGHTS.dfwView);
    assertPolicy(g, param(req, 'policy'));
    return g;
  };
  /** The group whose rule is changed: the right and an active policy come before the rule's lookup. */
  const writable = (req: Request) => {
    const g = groupOf(req);
    requireRight(req, RIGHTS.dfwConfigure);
    assertPolicy(g, param(req, 'policy'));
    return g;
  };
  router.get(RULES, (req, res) => sendJson(req, res, dfwRulesModel(sim, readable(req))));
  router.put(RULES, (req, res) => {
    const g = groupOf(req);
    sendTaskAccepted(req, res, startSetRules(sim, req.ctx, g, param(req, 'policy'), rulesParams(req)));
  });
  router.post(RULES, (req, res) => {
    const g = groupOf(req);
    sendTaskAccepted(req, res, startCreateRule(sim, req.ctx, g, param(req, 'policy'), ruleParams(req)));
  });
  router.get(`${RULES}/:ruleId`, (req, res) => {
    const g = readable(req);
    sendJson(req, res, dfwRuleModel(sim, ruleOf(sim, g, param(req, 'ruleId'))));
  });
  router.put(`${RULES}/:ruleId`, (req, res) => {
    const g = writable(req);
    const rule = ruleOf(sim, g, param(req, 'ruleId'));
    sendTaskAccepted(req, res, startUpdateRule(sim, req.ctx, g, param(req, 'policy'), rule, ruleParams(req)));
  });
  router.delete(`${RULES}/:ruleId`, (req, res) => {
    const g = writable(req);
    const rule = ruleOf(sim, g, param(req, 'ruleId'));
    sendTaskAccepted(req, res, startDeleteRule(sim, req.ctx, g, param(req, 'policy'), rule));
  });
}
