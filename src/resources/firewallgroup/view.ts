/** A firewall group as CloudAPI's FirewallGroup JSON, and the VMs a security group covers. */
import type { World } from '../../world.js';
import type { FirewallGroup, Vm } from '../../store/types.js';
import { urn } from '../links.js';
import type { Model } from '../cloudapi/paging.js';
import { ref } from '../cloudapi/json.js';
import { gatewayUrn } from '../edgegateway/services.js';
import { groupUrn } from './model.js';

export function groupModel(sim: World, g: FirewallGroup): Model {
  const gw = g.edgeGatewayId ? sim.store.get('edgeGateway', g.edgeGatewayId) : undefined;
  // A VDC group's groups name it in ownerRef only; a gateway's name it in both (edgeGatewayRef before API 35).
  const owner = g.vdcGroupId
    ? ref(sim.store.get('vdcGroup', g.vdcGroupId)?.name, urn('vdcGroup', g.vdcGroupId))
    : ref(gw?.name, gatewayUrn(g.edgeGatewayId ?? ''));
  return {
    id: groupUrn(g.id),
    name: g.name,
    description: g.description,
    ipAddresses: g.type === 'IP_SET' ? g.ipAddresses : null,
    members: g.type === 'SECURITY_GROUP' ? g.memberIds.map((id) => ref(sim.store.get('network', id)?.name, urn('network', id))) : null,
    vmCriteria: g.type === 'VM_CRITERIA' ? (g.vmCriteria ?? []).map((c) => ({ rules: c.rules.map((r) => ({ ...r })) })) : null,
    ownerRef: owner,
    edgeGatewayRef: g.vdcGroupId ? null : owner,
    typeValue: g.type,
    // The deprecated type knows IP_SET and SECURITY_GROUP only: a dynamic group is a security group there.
    type: g.type === 'IP_SET' ? 'IP_SET' : 'SECURITY_GROUP',
  };
}

/** One VM a security group covers (govcd's types.NsxtFirewallGroupMemberVms); a standalone VM has no vappRef. */
export function memberVmModel(sim: World, vm: Vm): Model {
  const vapp = sim.store.get('vApp', vm.vappId);
  const vdc = sim.store.get('vdc', vm.vdcId);
  return {
    vmRef: ref(vm.name, urn('vm', vm.id)),
    vappRef: vapp && !vapp.autoNature ? ref(vapp.name, urn('vApp', vapp.id)) : null,
    vdcRef: ref(vdc?.name, urn('vdc', vm.vdcId)),
    orgRef: ref(sim.store.get('org', vm.orgId)?.name, urn('org', vm.orgId)),
  };
}

export const MEMBER_VM_FIELDS = {
  'vmRef.id': 'ref', 'vmRef.name': 'string', 'vappRef.id': 'ref', 'vappRef.name': 'string', 'vdcRef.id': 'ref', 'vdcRef.name': 'string',
} as const;

export const GROUP_FIELDS = {
  id: 'ref', name: 'string', description: 'string', typeValue: 'string', type: 'string', 'ownerRef.id': 'ref',
  'ownerRef.name': 'string', 'edgeGatewayRef.id': 'ref', 'edgeGatewayRef.name': 'string',
} as const;
