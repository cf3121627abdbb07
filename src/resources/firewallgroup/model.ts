/**
 * Firewall groups (CloudAPI `firewallGroups`) of an edge gateway — IP sets (addresses, ranges, CIDR blocks)
 * and static security groups (org VDC networks routed through the gateway) — or of a VDC group, for its
 * distributed firewall: IP sets, static security groups of the group's networks and dynamic groups (VM
 * criteria). Names are unique per type and owner; a group a firewall rule uses cannot be deleted.
 */
import type { World } from '../../world.js';
import type { FirewallGroup, Vm } from '../../store/types.js';
import { duplicateName } from '../../errors.js';
import { dfwRulesUsing } from '../dfw/model.js';
import { vdcsOfNetwork } from '../vdcgroup/model.js';

export const groupUrn = (id: string) => `urn:vcloud:firewallGroup:${id}`;

type Owned = Pick<FirewallGroup, 'edgeGatewayId' | 'vdcGroupId' | 'type' | 'name'>;

/** The groups of the same owner (edge gateway or VDC group). */
export const groupsOfOwner = (sim: World, g: Pick<FirewallGroup, 'edgeGatewayId' | 'vdcGroupId'>): FirewallGroup[] =>
  (g.vdcGroupId ? sim.store.where('firewallGroup', 'vdcGroupId', g.vdcGroupId) : sim.store.where('firewallGroup', 'edgeGatewayId', g.edgeGatewayId ?? ''));

/** Names are unique per type on a gateway or a VDC group. */
export function assertGroupNameFree(sim: World, g: Owned, exceptId?: string): void {
  const clash = groupsOfOwner(sim, g).some((o) => o.id !== exceptId && o.type === g.type && o.name.toLowerCase() === g.name.toLowerCase());
  if (clash) throw duplicateName(`A firewall group of type ${g.type} named "${g.name}" already exists on this ${g.vdcGroupId ? 'VDC group' : 'edge gateway'}.`);
}

/** The firewall rules that use a group: its gateway's, and distributed firewall rules of a VDC group. */
export function groupUsers(sim: World, g: FirewallGroup): string[] {
  const fw = g.edgeGatewayId ? sim.store.get('edgeFirewall', g.edgeGatewayId) : undefined;
  return (fw?.rules ?? []).filter((r) => r.sourceGroupIds.includes(g.id) || r.destinationGroupIds.includes(g.id)).map((r) => r.name)
    .concat(dfwRulesUsing(sim.store, g.orgId, g.id).map((r) => r.name));
}

/** Whether a VM matches a dynamic group's criteria: every rule of one criterion at least (names compare case-insensitively). */
export function matchesCriteria(g: FirewallGroup, vm: Pick<Vm, 'name'>): boolean {
  const name = vm.name.toLowerCase();
  return (g.vmCriteria ?? []).some((c) => c.rules.every((r) => {
    const v = r.attributeValue.toLowerCase();
    return r.operator === 'STARTS_WITH' ? name.startsWith(v) : name.includes(v);
  }));
}

/** The org VDC networks a VM's NICs are on (through its vApp's networks). */
function vmNetworkIds(sim: World, vm: Vm): string[] {
  const vapp = sim.store.get('vApp', vm.vappId);
  return vm.nics.flatMap((n) => vapp?.networks.find((x) => x.name === n.network)?.networkId ?? []);
}

/**
 * The VMs a security group covers: static, those with a NIC on a member network; dynamic, the VMs of the
 * VDC group's VDCs that match its criteria. IP sets cover none.
 */
export function associatedVms(sim: World, g: FirewallGroup): Vm[] {
  const vmsIn = (vdcIds: Iterable<string>) => [...new Set(vdcIds)].flatMap((id) => sim.store.where('vm', 'vdcId', id));
  if (g.type === 'SECURITY_GROUP') {
    const nets = new Set(g.memberIds);
    const vdcs = g.memberIds.flatMap((id) => {
      const n = sim.store.get('network', id);
      return n ? vdcsOfNetwork(sim.store, n) : [];
    });
    return vmsIn(vdcs).filter((vm) => vmNetworkIds(sim, vm).some((id) => nets.has(id)));
  }
  if (g.type === 'VM_CRITERIA') return vmsIn(sim.store.get('vdcGroup', g.vdcGroupId ?? '')?.vdcIds ?? []).filter((vm) => matchesCriteria(g, vm));
  return [];
}
