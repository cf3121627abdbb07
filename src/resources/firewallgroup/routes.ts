/** CloudAPI routes of firewall groups (of edge gateways and VDC groups) and the VMs a security group covers. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest } from '../../errors.js';
import { sendJson } from '../../wire/render.js';
import { uuidOf } from '../../wire/links.js';
import { contextOf, sendPage } from '../cloudapi/paging.js';
import { CLOUDAPI, sendTaskAccepted } from '../cloudapi/context.js';
import { jsonBody as body } from '../cloudapi/json.js';
import { canSeeOrg, param, requireRight, visible } from '../access.js';
import { groupInput } from './params.js';
import { GROUP_FIELDS, MEMBER_VM_FIELDS, groupModel, memberVmModel } from './view.js';
import { associatedVms } from './model.js';
import { createFirewallGroup, deleteFirewallGroup, updateFirewallGroup } from './ops.js';

export function firewallGroupRoutes(router: Router, sim: World): void {
  const { store } = sim;
  const GROUPS = `${CLOUDAPI}/firewallGroups`;
  const groupOf = (req: Parameters<typeof param>[0]) => visible(sim, req, 'firewallGroup', param(req, 'urn'));
  router.get(`${GROUPS}/summaries`, (req, res) => {
    requireRight(req, RIGHTS.gwFirewallView);
    const { params, context } = contextOf(req);
    let groups = [...store.all('firewallGroup')].filter((g) => canSeeOrg(req, g.orgId));
    // In an edge gateway's (or VDC group's) context: its groups; in an org VDC network's: the groups it is a member of.
    if (context) {
      const id = uuidOf(context) ?? context;
      groups = groups.filter((g) => g.edgeGatewayId === id || g.vdcGroupId === id || g.memberIds.includes(id));
    }
    sendPage(req, res, groups.map((g) => groupModel(sim, g)), { model: 'FirewallGroupSummaries', fields: GROUP_FIELDS }, params);
  });
  router.get(`${GROUPS}/:urn`, (req, res) => {
    const g = groupOf(req);
    requireRight(req, RIGHTS.gwFirewallView);
    sendJson(req, res, groupModel(sim, g));
  });
  // The VMs a security group covers (static: on a member network; dynamic: matching its criteria).
  router.get(`${GROUPS}/:urn/associatedVMs`, (req, res) => {
    const g = groupOf(req);
    requireRight(req, RIGHTS.gwFirewallView);
    if (g.type === 'IP_SET') throw badRequest(`The firewall group "${g.name}" is an IP set: only security groups have associated VMs.`);
    const vms = associatedVms(sim, g).filter((vm) => canSeeOrg(req, vm.orgId));
    sendPage(req, res, vms.map((vm) => memberVmModel(sim, vm)), { model: 'FirewallGroupMemberVms', fields: MEMBER_VM_FIELDS });
  });
  router.post(GROUPS, (req, res) => {
    const input = groupInput(sim, req.ctx, body(req));
    sendTaskAccepted(req, res, createFirewallGroup(sim, req.ctx, input));
  });
  router.put(`${GROUPS}/:urn`, (req, res) => {
    const current = groupOf(req);
    const b = body(req);
    if (b.id !== undefined && b.id !== null && uuidOf(String(b.id)) !== current.id) throw badRequest('The id in the body is not the id in the URL.');
    const input = groupInput(sim, req.ctx, b, current);
    sendTaskAccepted(req, res, updateFirewallGroup(sim, req.ctx, current, input));
  });
  router.delete(`${GROUPS}/:urn`, (req, res) => {
    const current = groupOf(req);
    requireRight(req, RIGHTS.gwFirewallConfigure);
    sendTaskAccepted(req, res, deleteFirewallGroup(sim, req.ctx, current));
  });
}
