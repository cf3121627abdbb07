/** CloudAPI org VDC networks: list and read; POST, PUT, DELETE, each a task in `Location`. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { badRequest } from '../../errors.js';
import { canSeeOrg, param, requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { urn } from '../links.js';
import { sendPage } from '../cloudapi/paging.js';
import { sendJson } from '../../wire/render.js';
import { NETWORK_FIELDS, networkModel } from './cloudview.js';
import type { FieldType } from '../../lib/fiql.js';
import type { Network } from '../../store/types.js';
import { acceptedTask } from '../edgegateway/routes.js';
import { createOrgNetwork, orgNetworkParams, startDeleteOrgNetwork, startUpdateOrgNetwork, vappsUsing } from './cloudops.js';

const API = '/cloudapi/1.0.0';

const ALLOCATED_FIELDS: Record<string, FieldType> = {
  ipAddress: 'string', entityName: 'string', vAppName: 'string', allocationType: 'string', deployed: 'boolean', entityId: 'ref',
};

/** The addresses of a network that VMs hold (POOL and MANUAL), each with its VM and vApp. */
export function allocatedAddresses(sim: World, n: Network): Record<string, unknown>[] {
  const org = sim.store.get('org', n.orgId);
  const out: Record<string, unknown>[] = [];
  for (const vapp of vappsUsing(sim, n)) {
    const names = new Set(vapp.networks.filter((x) => x.networkId === n.id).map((x) => x.name));
    for (const vm of sim.store.where('vm', 'vappId', vapp.id)) {
      for (const nic of vm.nics) {
        if (!nic.ip || !names.has(nic.network) || (nic.mode !== 'POOL' && nic.mode !== 'MANUAL')) continue;
        out.push({
          id: `${vm.id}:${nic.index}`, entityId: urn('vm', vm.id), entityName: vm.name, vAppName: vapp.name, ipAddress: nic.ip,
          deployed: vm.deployed, allocationType: 'VM_ALLOCATED', networkRef: { name: n.name, id: urn('network', n.id) },
          orgRef: { name: org?.name ?? null, id: urn('org', n.orgId) },
        });
      }
    }
  }
  return out;
}

export function orgNetworkCloudRoutes(router: Router, sim: World): void {
  router.get(`${API}/orgVdcNetworks`, (req, res) => {
    const nets = [...sim.store.all('network')].filter((n) => canSeeOrg(req, n.orgId));
    sendPage(req, res, nets.map((n) => networkModel(sim, n)), { model: 'VdcNetworks', fields: NETWORK_FIELDS });
  });
  router.get(`${API}/orgVdcNetworks/:urn`, (req, res) =>
    sendJson(req, res, networkModel(sim, visible(sim, req, 'network', param(req, 'urn')))));
  router.post(`${API}/orgVdcNetworks`, (req, res) => {
    const input = orgNetworkParams(req);
    if (input.vdcGroupId) {
      const group = visible(sim, req, 'vdcGroup', input.vdcGroupId);
      acceptedTask(req, res, createOrgNetwork(sim, req.ctx, visible(sim, req, 'vdc', group.vdcIds[0]), input, group));
      return;
    }
    if (!input.vdcId) throw badRequest('The owner VDC or VDC group is required (ownerRef or orgVdc).');
    const vdc = visible(sim, req, 'vdc', input.vdcId);
    acceptedTask(req, res, createOrgNetwork(sim, req.ctx, vdc, input));
  });
  router.put(`${API}/orgVdcNetworks/:urn`, (req, res) => {
    const n = visible(sim, req, 'network', param(req, 'urn'));
    acceptedTask(req, res, startUpdateOrgNetwork(sim, req.ctx, n, orgNetworkParams(req)));
  });
  router.get(`${API}/orgVdcNetworks/:urn/allocatedIpAddresses`, (req, res) => {
    const n = visible(sim, req, 'network', param(req, 'urn'));
    requireRight(req, RIGHTS.networkView);
    sendPage(req, res, allocatedAddresses(sim, n), { model: 'AllocatedIpAddresses', fields: ALLOCATED_FIELDS });
  });
  router.delete(`${API}/orgVdcNetworks/:urn`, (req, res) => {
    const n = visible(sim, req, 'network', param(req, 'urn'));
    acceptedTask(req, res, startDeleteOrgNetwork(sim, req.ctx, n));
  });
}
