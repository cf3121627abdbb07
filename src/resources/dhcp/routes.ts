/** CloudAPI routes of DHCP on org VDC networks: the configuration and its bindings. */
import type { Request, Router } from 'express';
import type { World } from '../../world.js';
import type { DhcpBinding } from '../../store/types.js';
import { badRequest, notFound } from '../../errors.js';
import { RIGHTS } from '../../store/roles.js';
import { sendJson } from '../../wire/render.js';
import { sendPage } from '../cloudapi/paging.js';
import { jsonBody as body, obj } from '../cloudapi/json.js';
import { param, requireRight, visible } from '../access.js';
import { CLOUDAPI, sendTaskAccepted } from '../cloudapi/context.js';
import { dhcpInput, dhcpModel, dhcpOf } from './dhcp.js';
import { BINDING_FIELDS, assertBindingFree, bindingInput, bindingModel, bindingsOf } from './bindings.js';
import { startNetworkTask } from './actions.js';

export function dhcpRoutes(router: Router, sim: World): void {
  const { store } = sim;
  const NET = `${CLOUDAPI}/orgVdcNetworks/:urn/dhcp`;
  const networkOf = (req: Request) => visible(sim, req.ctx, 'network', param(req, 'urn'));

  router.get(NET, (req, res) => {
    const net = networkOf(req);
    requireRight(req, RIGHTS.gwDhcpView);
    sendJson(req, res, dhcpModel(dhcpOf(sim, net.id)));
  });
  router.put(NET, (req, res) => {
    const net = networkOf(req);
    requireRight(req, RIGHTS.gwDhcpConfigure);
    const input = dhcpInput(net, body(req), dhcpOf(sim, net.id));
    const config = { ...input, id: net.id, orgId: net.orgId };
    sendTaskAccepted(req, res, startNetworkTask(sim, req.ctx, net, 'orgVdcNetworkDhcpUpdate', `Updating DHCP of network ${net.name}`,
      { type: 'setNetworkDhcp', params: { networkId: net.id, config } }));
  });
  router.delete(NET, (req, res) => {
    const net = networkOf(req);
    requireRight(req, RIGHTS.gwDhcpConfigure);
    if (bindingsOf(sim, net.id).length) throw badRequest(`Network "${net.name}" has DHCP bindings: delete them before its DHCP configuration.`);
    sendTaskAccepted(req, res, startNetworkTask(sim, req.ctx, net, 'orgVdcNetworkDhcpDelete', `Deleting DHCP of network ${net.name}`,
      { type: 'deleteNetworkDhcp', params: { networkId: net.id } }));
  });

  // ---- bindings ----
  router.get(`${NET}/bindings`, (req, res) => {
    const net = networkOf(req);
    requireRight(req, RIGHTS.gwDhcpView);
    sendPage(req, res, bindingsOf(sim, net.id).map(bindingModel), { model: 'DhcpBindings', fields: BINDING_FIELDS });
  });
  router.post(`${NET}/bindings`, (req, res) => {
    const net = networkOf(req);
    requireRight(req, RIGHTS.gwDhcpConfigure);
    const input = bindingInput(net, dhcpOf(sim, net.id), body(req));
    assertBindingFree(sim, net.id, input);
    const binding: DhcpBinding = { ...input, id: store.newId(), orgId: net.orgId, networkId: net.id, version: 0 };
    const task = startNetworkTask(sim, req.ctx, net, 'orgVdcNetworkDhcpBindingCreate', `Creating DHCP binding ${binding.name} on network ${net.name}`,
      { type: 'createDhcpBinding', params: { binding } });
    // go-vcloud-director reads the new binding's id from the task's Details, as VCD writes it there.
    store.update('task', task.id, { details: binding.id });
    sendTaskAccepted(req, res, task);
  });
  const bindingOf = (req: Request) => {
    const net = networkOf(req);
    const b = store.get('dhcpBinding', param(req, 'bindingId'));
    return { net, binding: b?.networkId === net.id ? b : undefined };
  };
  router.get(`${NET}/bindings/:bindingId`, (req, res) => {
    const { binding } = bindingOf(req);
    requireRight(req, RIGHTS.gwDhcpView);
    if (!binding) throw notFound(`The DHCP binding ${param(req, 'bindingId')} does not exist.`);
    sendJson(req, res, bindingModel(binding));
  });
  router.put(`${NET}/bindings/:bindingId`, (req, res) => {
    const { net, binding } = bindingOf(req);
    requireRight(req, RIGHTS.gwDhcpConfigure);
    if (!binding) throw notFound(`The DHCP binding ${param(req, 'bindingId')} does not exist.`);
    const b = body(req);
    const version = obj(b.version)?.version;
    if (typeof version !== 'number') throw badRequest('An update of a DHCP binding needs its current version ({"version": {"version": n}}).');
    if (version !== binding.version) {
      throw badRequest(`The DHCP binding "${binding.name}" was changed by someone else (version ${binding.version}, the request has ${version}): read it again.`);
    }
    const input = bindingInput(net, dhcpOf(sim, net.id), b);
    assertBindingFree(sim, net.id, input, binding.id);
    sendTaskAccepted(req, res, startNetworkTask(sim, req.ctx, net, 'orgVdcNetworkDhcpBindingUpdate', `Updating DHCP binding ${binding.name} on network ${net.name}`,
      { type: 'updateDhcpBinding', params: { id: binding.id, patch: input } }));
  });
  router.delete(`${NET}/bindings/:bindingId`, (req, res) => {
    const { net, binding } = bindingOf(req);
    requireRight(req, RIGHTS.gwDhcpConfigure);
    if (!binding) throw notFound(`The DHCP binding ${param(req, 'bindingId')} does not exist.`);
    sendTaskAccepted(req, res, startNetworkTask(sim, req.ctx, net, 'orgVdcNetworkDhcpBindingDelete', `Deleting DHCP binding ${binding.name} on network ${net.name}`,
      { type: 'deleteDhcpBinding', params: { id: binding.id } }));
  });
}
