/**
 * Edge gateway operations (System administrators, as VCD allows): create, update and delete, each a task
 * as VCD runs them. Uplink addresses are checked inside the external network's pool and never held twice; a
 * new gateway is stored at once (its addresses reserved) and removed again if its task does not succeed;
 * updates land when their task succeeds, checked again then; a gateway with routed networks is not deleted.
 */
import type { Actor, World } from '../../world.js';
import type { EdgeGateway, EdgeGatewaySubnet, EdgeGatewayUplink, ExternalNetwork, Task } from '../../store/types.js';
import { badRequest, duplicateName, forbidden } from '../../errors.js';
import { intToIp, ipToInt } from '../../lib/ippool.js';
import { inRanges, inSubnet, isIpv4, rangeProblem, type Range } from '../../lib/iprange.js';
import { startEntityTask } from '../task/ops.js';
import { assertGatewayIdle } from './services.js';
import { networksOf } from './model.js';
import type { EdgeGatewayInput, UplinkInput } from './params.js';
import { dfwRulesUsing } from '../dfw/model.js';

const DEFAULT_SERVICE_NETWORK = '192.168.255.225/27';

/** Creating, changing and deleting edge gateways is the provider's (VCD's predefined tenant roles cannot). */
export function requireGatewayAdmin(actor: Actor): void {
  if (!actor.isSysAdmin) throw forbidden('This operation is denied. Only a system administrator may create, change or delete an edge gateway.');
}

/** Ranges of an external network other gateways hold. */
function takenOn(sim: World, extId: string, except?: string): Range[] {
  const out: Range[] = [];
  for (const gw of sim.store.all('edgeGateway')) {
    if (gw.id === except) continue;
    for (const u of gw.uplinks) if (u.externalNetworkId === extId) for (const s of u.subnets) out.push(...s.ipRanges);
  }
  return out;
}

/** Free addresses of a pool, lowest first, skipping `taken`. */
function* freeAddresses(pool: readonly Range[], taken: readonly Range[]): Generator<string> {
  for (const r of pool) {
    for (let ip = ipToInt(r.start); ip <= ipToInt(r.end); ip++) {
      const a = intToIp(ip);
      if (!inRanges(a, taken)) yield a;
    }
  }
}

/** Uplinks as requested, made concrete and checked: subnets of the external network, addresses in its pool and free. */
export function resolveUplinks(sim: World, uplinks: UplinkInput[], except?: string): { uplinks: EdgeGatewayUplink[]; exts: ExternalNetwork[] } {
  if (!uplinks.length) throw badRequest('An edge gateway needs an uplink to an external network (edgeGatewayUplinks).');
  const exts: ExternalNetwork[] = [];
  const out = uplinks.map((u): EdgeGatewayUplink => {
    const ext = sim.store.get('externalNetwork', u.externalNetworkId);
    if (!ext) throw badRequest(`The external network urn:vcloud:network:${u.externalNetworkId} does not exist.`);
    if (exts.some((e) => e.id === ext.id)) throw badRequest(`External network "${ext.name}" is named by more than one uplink.`);
    exts.push(ext);
    if (exts[0].nsxtManagerId !== ext.nsxtManagerId) throw badRequest('The uplinks of an edge gateway must use external networks of one NSX-T manager.');
    if (!u.subnets.length) throw badRequest(`The uplink to external network "${ext.name}" needs a subnet.`);
    const taken = [...takenOn(sim, ext.id, except)];
    const primaries = u.subnets.filter((s) => s.primaryIp);
    if (primaries.length > 1) throw badRequest(`The uplink to external network "${ext.name}" may have one primary IP, not ${primaries.length}.`);
    const subnets = u.subnets.map((s, si): EdgeGatewaySubnet => {
      const sub = ext.subnets.find((x) => x.gateway === s.gateway && x.prefixLength === s.prefixLength);
      if (!sub) throw badRequest(`${s.gateway}/${s.prefixLength} is not a subnet of external network "${ext.name}".`);
      if (u.subnets.slice(0, si).some((o) => o.gateway === s.gateway && o.prefixLength === s.prefixLength)) {
        throw badRequest(`Subnet ${s.gateway}/${s.prefixLength} of external network "${ext.name}" is named twice.`);
      }
      const problem = rangeProblem(s.ipRanges, sub, sub.ipRanges, taken);
      if (problem) throw badRequest(problem);
      const ranges = [...s.ipRanges];
      if (s.primaryIp !== undefined) {
        if (!isIpv4(s.primaryIp)) throw badRequest(`The primary IP "${s.primaryIp}" is not an IPv4 address.`);
        if (!inSubnet(s.primaryIp, sub.gateway, sub.prefixLength) || !inRanges(s.primaryIp, sub.ipRanges)) {
          throw badRequest(`The primary IP ${s.primaryIp} is outside the static IP pool of external network "${ext.name}" (${sub.ipRanges.map((r) => `${r.start}-${r.end}`).join(', ')}).`);
        }
        if (!inRanges(s.primaryIp, ranges)) {
          if (inRanges(s.primaryIp, taken)) throw badRequest(`The primary IP ${s.primaryIp} of external network "${ext.name}" is already allocated.`);
          ranges.unshift({ start: s.primaryIp, end: s.primaryIp });
        }
      }
      const count = ranges.reduce((n, r) => n + ipToInt(r.end) - ipToInt(r.start) + 1, 0);
      const want = s.autoCount ?? (count === 0 ? 1 : 0);
      if (want > count) {
        const free = freeAddresses(sub.ipRanges, [...taken, ...ranges]);
        for (let i = count; i < want; i++) {
          const next = free.next();
          if (next.done) throw badRequest(`External network "${ext.name}" has not enough free IP addresses in subnet ${sub.gateway}/${sub.prefixLength} (${want} asked).`);
          ranges.push({ start: next.value, end: next.value });
        }
      }
      taken.push(...ranges);
      const primary = s.primaryIp ?? (primaries.length || si > 0 ? '' : ranges[0].start);
      return { gateway: sub.gateway, prefixLength: sub.prefixLength, primaryIp: primary, ipRanges: ranges, enabled: s.enabled };
    });
    return { externalNetworkId: ext.id, dedicated: u.dedicated, subnets };
  });
  return { uplinks: out, exts };
}

function validName(sim: World, orgId: string, name: string | undefined, except?: string): string {
  const n = name?.trim();
  if (!n) throw badRequest('The edge gateway name is required.');
  if (n.length > 128) throw badRequest('The edge gateway name must be at most 128 characters.');
  const clash = sim.store.where('edgeGateway', 'orgId', orgId).find((g) => g.id !== except && g.name.toLowerCase() === n.toLowerCase());
  if (clash) throw duplicateName(`An edge gateway named "${n}" already exists in this organization.`);
  return n;
}

function edgeClusterFor(sim: World, ext: ExternalNetwork, asked: string | undefined, current?: string): string {
  const mgr = sim.store.get('nsxtManager', ext.nsxtManagerId)!;
  const id = asked ?? current;
  const cluster = id === undefined ? mgr.edgeClusters[0] : mgr.edgeClusters.find((c) => c.id === id);
  if (!cluster) throw badRequest(id === undefined ? `NSX-T manager "${mgr.name}" has no edge cluster.` : `The edge cluster ${id} is not an edge cluster of NSX-T manager "${mgr.name}".`);
  return cluster.id;
}

function startGatewayTask(sim: World, actor: Actor, gw: EdgeGateway, operationName: string, verb: string, action: Task['action']): Task {
  return startEntityTask(sim, actor, { kind: 'edgeGateway', noun: 'Edge Gateway' }, gw, { operationName, verb, action });
}

/** POST /cloudapi/1.0.0/edgeGateways: the gateway is stored at once (its addresses held) and realized by its task. */
export function createEdgeGateway(sim: World, actor: Actor, input: EdgeGatewayInput): Task {
  requireGatewayAdmin(actor);
  const group = input.vdcGroupId ? sim.store.get('vdcGroup', input.vdcGroupId) : undefined;
  if (input.vdcGroupId && !group) throw badRequest(`The VDC group urn:vcloud:vdcGroup:${input.vdcGroupId} does not exist.`);
  // A group's gateway runs in the VDC orgVdc names (one of the group's), else in the group's first.
  const vdcId = group ? input.vdcId ?? group.vdcIds[0] : input.vdcId;
  if (!vdcId) throw badRequest('The owner VDC is required (ownerRef or orgVdc).');
  const vdc = sim.store.get('vdc', vdcId);
  if (!vdc) throw badRequest(`The VDC urn:vcloud:vdc:${vdcId} does not exist.`);
  if (group && !group.vdcIds.includes(vdc.id)) throw badRequest(`VDC "${vdc.name}" does not participate in VDC group "${group.name}".`);
  if (!vdc.networkPoolId) throw badRequest(`VDC "${vdc.name}" is not backed by NSX-T (it has no network pool).`);
  const name = validName(sim, vdc.orgId, input.name);
  const { uplinks, exts } = resolveUplinks(sim, input.uplinks ?? []);
  const gw: EdgeGateway = {
    id: sim.store.newId(), orgId: vdc.orgId, vdcId: vdc.id, name, description: input.description ?? '', uplinks,
    edgeClusterId: edgeClusterFor(sim, exts[0], input.edgeClusterId), distributedRoutingEnabled: input.distributedRoutingEnabled ?? false,
    serviceNetworkDefinition: input.serviceNetworkDefinition || DEFAULT_SERVICE_NETWORK, created: sim.clock.iso(),
    ...(group ? { vdcGroupId: group.id } : {}),
  };
  sim.store.insert('edgeGateway', gw);
  return startGatewayTask(sim, actor, gw, 'edgeGatewayCreate', 'Creating', { type: 'createEdgeGateway', params: { id: gw.id } });
}

export type EdgeGatewayPatch = Partial<Pick<EdgeGateway, 'name' | 'description' | 'uplinks' | 'edgeClusterId' | 'distributedRoutingEnabled' | 'vdcGroupId'>>;

/**
 * The owner a PUT names: the gateway's VDC, or a VDC group it takes part in (govcd MoveToVdcOrVdcGroup).
 * Moving is refused while networks are routed through the gateway (they belong to its current owner).
 */
function ownerPatch(sim: World, gw: EdgeGateway, input: EdgeGatewayInput): Pick<EdgeGatewayPatch, 'vdcGroupId'> | undefined {
  if (input.vdcGroupId) {
    if (input.vdcGroupId === gw.vdcGroupId) return undefined;
    const group = sim.store.get('vdcGroup', input.vdcGroupId);
    if (!group || group.orgId !== gw.orgId) throw badRequest(`The VDC group urn:vcloud:vdcGroup:${input.vdcGroupId} does not exist.`);
    if (!group.vdcIds.includes(gw.vdcId)) throw badRequest(`Edge gateway "${gw.name}" can move only to a VDC group its VDC participates in; "${group.name}" does not include it.`);
    assertNoNetworks(sim, gw, 'moved');
    return { vdcGroupId: group.id };
  }
  if (input.vdcId && input.vdcId !== gw.vdcId) throw badRequest('An NSX-T edge gateway cannot move from one VDC to another.');
  if (input.vdcId && gw.vdcGroupId) {
    assertNoNetworks(sim, gw, 'moved');
    return { vdcGroupId: undefined };
  }
  return undefined;
}

/** PUT /cloudapi/1.0.0/edgeGateways/{id}: the whole gateway as it should be; lands when the task succeeds. */
export function startUpdateEdgeGateway(sim: World, actor: Actor, gw: EdgeGateway, input: EdgeGatewayInput): Task {
  requireGatewayAdmin(actor);
  assertGatewayIdle(sim, gw, true);
  const owner = ownerPatch(sim, gw, input);
  if (input.serviceNetworkDefinition && input.serviceNetworkDefinition !== gw.serviceNetworkDefinition) {
    throw badRequest('The service network definition of an edge gateway cannot be changed.');
  }
  const patch: EdgeGatewayPatch = { name: validName(sim, gw.orgId, input.name ?? gw.name, gw.id), ...owner };
  if (input.description !== undefined) patch.description = input.description;
  if (input.distributedRoutingEnabled !== undefined) patch.distributedRoutingEnabled = input.distributedRoutingEnabled;
  if (input.uplinks !== undefined) {
    const { uplinks, exts } = resolveUplinks(sim, input.uplinks, gw.id);
    patch.uplinks = uplinks;
    patch.edgeClusterId = edgeClusterFor(sim, exts[0], input.edgeClusterId, gw.edgeClusterId);
  } else if (input.edgeClusterId) {
    const ext = sim.store.get('externalNetwork', gw.uplinks[0].externalNetworkId)!;
    patch.edgeClusterId = edgeClusterFor(sim, ext, input.edgeClusterId);
  }
  return startGatewayTask(sim, actor, gw, 'edgeGatewayUpdate', 'Updating', { type: 'updateEdgeGateway', params: { id: gw.id, patch } });
}

/** DELETE /cloudapi/1.0.0/edgeGateways/{id}: refused while org VDC networks are routed through it. */
export function startDeleteEdgeGateway(sim: World, actor: Actor, gw: EdgeGateway): Task {
  requireGatewayAdmin(actor);
  assertGatewayIdle(sim, gw, true);
  assertNoNetworks(sim, gw);
  return startGatewayTask(sim, actor, gw, 'edgeGatewayDelete', 'Deleting', { type: 'deleteEdgeGateway', params: { id: gw.id } });
}

export function assertNoNetworks(sim: World, gw: EdgeGateway, what = 'deleted'): void {
  const nets = networksOf(sim.store, gw);
  if (nets.length) {
    throw badRequest(`Edge gateway "${gw.name}" cannot be ${what}: org VDC networks are connected to it (${nets.map((n) => n.name).join(', ')}). Delete or disconnect them first.`);
  }
  // Distributed firewall rules of its VDC group name its firewall groups.
  const rules = sim.store.where('firewallGroup', 'edgeGatewayId', gw.id).flatMap((g) => dfwRulesUsing(sim.store, gw.orgId, g.id));
  if (rules.length) {
    throw badRequest(`Edge gateway "${gw.name}" cannot be ${what}: distributed firewall rules of its VDC group use its firewall groups (${[...new Set(rules.map((r) => r.name))].join(', ')}).`);
  }
}

/** An update's addresses, checked again when it lands (another gateway may have taken some meanwhile). */
export function assertUplinksFree(sim: World, gwId: string, uplinks: EdgeGatewayUplink[]): void {
  for (const u of uplinks) {
    const taken = takenOn(sim, u.externalNetworkId, gwId);
    for (const s of u.subnets) {
      for (const r of s.ipRanges) {
        const clash = taken.find((t) => ipToInt(r.start) <= ipToInt(t.end) && ipToInt(t.start) <= ipToInt(r.end));
        if (clash) throw badRequest(`IP range ${r.start}-${r.end} overlaps addresses already allocated (${clash.start}-${clash.end}).`);
      }
    }
  }
}
