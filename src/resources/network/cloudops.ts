/**
 * Org VDC networks written through the CloudAPI (NSX-T): routed to an edge gateway of the VDC, or
 * isolated; one subnet with its static pool and DNS. Each change is a task as VCD runs it. Subnets that
 * overlap another network of the VDC are refused; ranges must keep the addresses VMs hold; a network VMs
 * use is not deleted.
 */
import { registerCrudActions } from '../task/crud.js';
import { startEntityTask } from '../task/ops.js';
import type { Request } from 'express';
import type { Actor, World } from '../../world.js';
import type { EdgeGateway, FenceMode, Network, Task, Vdc, VdcGroup } from '../../store/types.js';
import { badRequest, busyEntity, duplicateName, forbidden, limitsExceeded } from '../../errors.js';
import { RIGHTS } from '../../store/roles.js';
import { inRanges, isIpv4, rangeProblem, subnetsOverlap } from '../../lib/iprange.js';
import { requireRight } from '../access.js';
import { ipRangesOf, refId } from '../edgegateway/params.js';
import { assertGatewayIdle } from '../edgegateway/services.js';
import { jsonBody, obj, str, type Json } from '../cloudapi/json.js';
import { networksIn, vdcsOfNetwork } from '../vdcgroup/model.js';
import { managerOfVdc } from '../vdcgroup/ops.js';

const FENCE: Record<string, FenceMode> = { NAT_ROUTED: 'natRouted', ISOLATED: 'isolated', OPAQUE: 'isolated' };

/** The CloudAPI networkType of a network: an imported NSX-T segment is OPAQUE. */
export const networkTypeOf = (n: Network): string => (n.segmentId ? 'OPAQUE' : { natRouted: 'NAT_ROUTED', isolated: 'ISOLATED', bridged: 'DIRECT' }[n.fenceMode]);

export interface OrgNetworkInput {
  name?: string;
  description?: string;
  vdcId?: string;
  /** ownerRef names a VDC group (urn:vcloud:vdcGroup:…). */
  vdcGroupId?: string;
  networkType?: string;
  /** OPAQUE: the NSX-T segment to import (backingNetworkId). */
  segmentId?: string;
  edgeGatewayId?: string;
  subnet?: Pick<Network, 'gateway' | 'prefixLength' | 'dns1' | 'dns2' | 'dnsSuffix' | 'ipRanges'>;
  shared?: boolean;
}

export function orgNetworkParams(req: Request): OrgNetworkInput {
  const b = jsonBody(req);
  const values = obj(b.subnets)?.values;
  if (values !== undefined && values !== null && !Array.isArray(values)) throw badRequest('subnets.values must be a list.');
  if (Array.isArray(values) && values.length > 1) throw badRequest('An org VDC network has one subnet here (dual-stack networks are not supported).');
  const s = Array.isArray(values) ? obj(values[0]) : undefined;
  let subnet: OrgNetworkInput['subnet'];
  if (s) {
    const gateway = str(s.gateway, 'subnets.values[0].gateway');
    const prefixLength = s.prefixLength;
    if (!isIpv4(gateway)) throw badRequest('subnets.values[0].gateway must be an IPv4 address.');
    if (typeof prefixLength !== 'number' || !Number.isInteger(prefixLength) || prefixLength < 1 || prefixLength > 30) {
      throw badRequest('subnets.values[0].prefixLength must be a whole number from 1 to 30.');
    }
    subnet = {
      gateway, prefixLength, dns1: str(s.dnsServer1, 'dnsServer1') ?? '', dns2: str(s.dnsServer2, 'dnsServer2') ?? '',
      dnsSuffix: str(s.dnsSuffix, 'dnsSuffix') ?? '', ipRanges: ipRangesOf(s.ipRanges, 'subnets.values[0].ipRanges'),
    };
  }
  const shared = b.shared;
  if (shared !== undefined && shared !== null && typeof shared !== 'boolean') throw badRequest('shared must be true or false.');
  const owner = str(obj(b.ownerRef)?.id, 'ownerRef.id');
  const group = owner && /^urn:vcloud:vdcGroup:/i.test(owner) ? refId(b.ownerRef, 'ownerRef') : undefined;
  return {
    name: str(b.name, 'name'),
    description: str(b.description, 'description'),
    vdcId: group ? refId(b.orgVdc, 'orgVdc') : refId(b.ownerRef, 'ownerRef') ?? refId(b.orgVdc, 'orgVdc'),
    vdcGroupId: group,
    segmentId: str(b.backingNetworkId, 'backingNetworkId') || undefined,
    networkType: str(b.networkType, 'networkType'),
    edgeGatewayId: refId(obj(b.connection)?.routerRef, 'connection.routerRef'),
    subnet,
    shared: (shared as boolean | null | undefined) ?? undefined,
  };
}

/** VMs' vApps bridged to the network. */
export const vappsUsing = (sim: World, n: Network) =>
  vdcsOfNetwork(sim.store, n).flatMap((v) => sim.store.where('vApp', 'vdcId', v)).filter((a) => a.networks.some((x) => x.networkId === n.id));

/** The networks a new or changed network must not clash with: those every VDC it serves may use. */
function neighbours(sim: World, vdcIds: string[]): Network[] {
  const out = new Map<string, Network>();
  for (const v of vdcIds) for (const n of networksIn(sim.store, v)) out.set(n.id, n);
  return [...out.values()];
}

function assertIdle(sim: World, n: Network): void {
  const running = sim.tasks.activeFor(n.id);
  if (running.length) throw busyEntity(`The entity network "${n.name}" is busy completing an operation ${running[0].operationName}.`);
}

function validName(sim: World, vdc: Vdc, name: string | undefined, except?: string, scope = [vdc.id]): string {
  const n = name?.trim();
  if (!n) throw badRequest('The network name is required.');
  if (n.length > 128) throw badRequest('The network name must be at most 128 characters.');
  const clash = neighbours(sim, scope).find((x) => x.id !== except && x.name.toLowerCase() === n.toLowerCase());
  if (clash) {
    const where = sim.store.get('vdc', clash.vdcId);
    throw duplicateName(`A network named "${n}" already exists in VDC "${where?.name ?? vdc.name}".`);
  }
  return n;
}

/** The subnet checked: ranges inside it and clear of its gateway, no overlap with the VDC's other networks. */
function validSubnet(sim: World, vdc: Vdc, subnet: OrgNetworkInput['subnet'], except?: string, scope = [vdc.id]): NonNullable<OrgNetworkInput['subnet']> {
  if (!subnet) throw badRequest('An org VDC network needs a subnet (subnets.values: gateway and prefixLength).');
  const problem = rangeProblem(subnet.ipRanges, subnet, undefined, []);
  if (problem) throw badRequest(problem);
  const clash = neighbours(sim, scope).find((x) => x.id !== except && x.fenceMode !== 'bridged' && subnetsOverlap(x, subnet));
  if (clash) throw badRequest(`Subnet ${subnet.gateway}/${subnet.prefixLength} overlaps network "${clash.name}" (${clash.gateway}/${clash.prefixLength}).`);
  return subnet;
}

function gatewayFor(sim: World, vdc: Vdc, id: string | undefined, group?: VdcGroup): EdgeGateway {
  if (!id) throw badRequest('A routed network needs its edge gateway (connection.routerRef.id).');
  const gw = sim.store.get('edgeGateway', id);
  if (!gw || gw.orgId !== vdc.orgId) throw badRequest(`The edge gateway urn:vcloud:gateway:${id} does not exist.`);
  if (group && gw.vdcGroupId !== group.id) throw badRequest(`Edge gateway "${gw.name}" does not belong to VDC group "${group.name}": a group network is routed through a gateway of its group.`);
  if (!group && gw.vdcGroupId) throw badRequest(`Edge gateway "${gw.name}" belongs to a VDC group: it routes that group's networks only.`);
  if (!group && gw.vdcId !== vdc.id) throw badRequest(`Edge gateway "${gw.name}" belongs to another VDC.`);
  assertGatewayIdle(sim, gw, true);
  return gw;
}

function startTask(sim: World, actor: Actor, n: Network, operationName: string, verb: string, action: Task['action']): Task {
  return startEntityTask(sim, actor, { kind: 'network', noun: 'Network' }, n, { operationName, verb, action });
}

/** An OPAQUE network's segment: one of the VDC's NSX-T manager, not imported yet. */
function importableSegment(sim: World, vdc: Vdc, id: string | undefined): string {
  if (!id) throw badRequest('An imported (OPAQUE) network needs the NSX-T segment to import (backingNetworkId).');
  const mgrId = managerOfVdc(sim, vdc);
  const mgr = mgrId ? sim.store.get('nsxtManager', mgrId) : undefined;
  const seg = mgr?.segments?.find((s) => s.id === id);
  if (!seg) throw badRequest(`The NSX-T segment ${id} is not an importable segment of VDC "${vdc.name}" (see nsxTResources/importableSegments).`);
  const taken = [...sim.store.all('network')].find((n) => n.segmentId === id);
  if (taken) throw badRequest(`The NSX-T segment "${seg.name}" is already imported (as network "${taken.name}"); a segment is imported once.`);
  return id;
}

/** POST /cloudapi/1.0.0/orgVdcNetworks: stored at once (its subnet claimed), realized by its task. A group network is the group's: `vdc` is its first VDC. */
export function createOrgNetwork(sim: World, actor: Actor, vdc: Vdc, input: OrgNetworkInput, group?: VdcGroup): Task {
  requireRight(actor, RIGHTS.networkEdit);
  const fenceMode = FENCE[input.networkType ?? ''];
  if (!fenceMode) throw badRequest(`networkType must be NAT_ROUTED, ISOLATED or OPAQUE, not "${input.networkType ?? ''}".`);
  const scope = group ? group.vdcIds : [vdc.id];
  const name = validName(sim, vdc, input.name, undefined, scope);
  if (input.networkType === 'OPAQUE' && !actor.isSysAdmin) throw forbidden('This operation is denied. Importing an NSX-T segment is for system administrators.');
  const segmentId = input.networkType === 'OPAQUE' ? importableSegment(sim, vdc, input.segmentId) : undefined;
  const subnet = validSubnet(sim, vdc, input.subnet, undefined, scope);
  const gw = fenceMode === 'natRouted' ? gatewayFor(sim, vdc, input.edgeGatewayId, group) : undefined;
  if (vdc.networkQuota > 0 && sim.store.where('network', 'vdcId', vdc.id).length >= vdc.networkQuota) {
    throw limitsExceeded(`VDC "${vdc.name}" already has its maximum of ${vdc.networkQuota} networks.`);
  }
  const net: Network = {
    id: sim.store.newId(), orgId: vdc.orgId, vdcId: vdc.id, name, description: input.description ?? '', fenceMode, ...subnet,
    isShared: input.shared ?? false, allocatedIps: [], created: sim.clock.iso(), ...(gw ? { edgeGatewayId: gw.id } : {}),
    ...(group ? { vdcGroupId: group.id } : {}), ...(segmentId ? { segmentId } : {}),
  };
  sim.store.insert('network', net);
  return startTask(sim, actor, net, 'createOrgVdcNetwork', 'Creating', { type: 'createOrgNetwork', params: { id: net.id } });
}

export type OrgNetworkPatch = Partial<Pick<Network, 'name' | 'description' | 'gateway' | 'prefixLength' | 'dns1' | 'dns2' | 'dnsSuffix' | 'ipRanges' | 'isShared'>>;

/** Addresses VMs hold that the ranges would no longer contain. */
function assertKeepsAllocations(n: Network, ranges: { start: string; end: string }[]): void {
  const lost = n.allocatedIps.filter((ip) => !inRanges(ip, ranges));
  if (lost.length) throw badRequest(`The static pool of network "${n.name}" must keep the addresses VMs use (${lost.slice(0, 5).join(', ')}${lost.length > 5 ? ', …' : ''}).`);
}

/** PUT /cloudapi/1.0.0/orgVdcNetworks/{id}: name, description, DNS, ranges; the type and the gateway stay. */
export function startUpdateOrgNetwork(sim: World, actor: Actor, n: Network, input: OrgNetworkInput): Task {
  requireRight(actor, RIGHTS.networkEdit);
  assertIdle(sim, n);
  if (n.fenceMode === 'bridged') throw badRequest(`Network "${n.name}" is a direct network; it is changed through the legacy API.`);
  const vdc = sim.store.get('vdc', n.vdcId)!;
  if ((input.vdcGroupId ?? undefined) !== n.vdcGroupId && (input.vdcGroupId || (input.vdcId && input.vdcId !== n.vdcId))) {
    throw badRequest(n.vdcGroupId ? `Network "${n.name}" belongs to a VDC group: it cannot move.` : 'A network cannot move to another VDC or to a VDC group.');
  }
  if (!n.vdcGroupId && input.vdcId && input.vdcId !== n.vdcId) throw badRequest('A network cannot move to another VDC.');
  if (input.networkType && input.networkType !== networkTypeOf(n)) throw badRequest(`The type of network "${n.name}" cannot be changed.`);
  if (input.segmentId && n.segmentId && input.segmentId !== n.segmentId) throw badRequest(`Network "${n.name}" cannot import another NSX-T segment.`);
  if (input.edgeGatewayId && input.edgeGatewayId !== n.edgeGatewayId) throw badRequest(`Network "${n.name}" cannot move to another edge gateway.`);
  const scope = vdcsOfNetwork(sim.store, n);
  const patch: OrgNetworkPatch = { name: validName(sim, vdc, input.name ?? n.name, n.id, scope) };
  if (input.description !== undefined) patch.description = input.description;
  if (input.shared !== undefined) patch.isShared = input.shared;
  if (input.subnet) {
    const s = validSubnet(sim, vdc, input.subnet, n.id, scope);
    if ((s.gateway !== n.gateway || s.prefixLength !== n.prefixLength) && vappsUsing(sim, n).length) {
      throw badRequest(`The subnet of network "${n.name}" cannot change while VMs use it.`);
    }
    assertKeepsAllocations(n, s.ipRanges);
    Object.assign(patch, s);
  }
  return startTask(sim, actor, n, 'updateOrgVdcNetwork', 'Updating', { type: 'updateOrgNetwork', params: { id: n.id, patch } });
}

export function assertNetworkUnused(sim: World, n: Network): void {
  const vapps = vappsUsing(sim, n);
  if (vapps.length) throw badRequest(`Network "${n.name}" cannot be deleted: vApps use it (${vapps.slice(0, 5).map((a) => a.name).join(', ')}${vapps.length > 5 ? ', …' : ''}).`);
}

/** DELETE /cloudapi/1.0.0/orgVdcNetworks/{id}: refused while vApps use the network. */
export function startDeleteOrgNetwork(sim: World, actor: Actor, n: Network): Task {
  requireRight(actor, RIGHTS.networkEdit);
  assertIdle(sim, n);
  assertNetworkUnused(sim, n);
  return startTask(sim, actor, n, 'deleteOrgVdcNetwork', 'Deleting', { type: 'deleteOrgNetwork', params: { id: n.id } });
}

export function registerOrgNetworkActions(sim: World): void {
  registerCrudActions(sim, 'network', {
    create: 'createOrgNetwork', update: 'updateOrgNetwork', delete: 'deleteOrgNetwork',
    // VMs may have taken addresses while the task ran.
    checkUpdate: (n, patch) => patch.ipRanges && assertKeepsAllocations(n, patch.ipRanges),
    checkDelete: (n) => assertNetworkUnused(sim, n),
  });
}
