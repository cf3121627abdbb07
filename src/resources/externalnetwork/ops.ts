/**
 * External networks written by the provider through the CloudAPI: created on a tier-0 router of an NSX-T
 * manager (one external network per router), with subnets and static IP ranges; updated and deleted, each a
 * task as VCD runs them. Ranges edge gateways hold must stay in the pool; a network a gateway uses, or a
 * provider VDC lists, is not deleted.
 */
import { registerCrudActions } from '../task/crud.js';
import type { Request } from 'express';
import type { Actor, World } from '../../world.js';
import type { ExternalNetwork, Task } from '../../store/types.js';
import { badRequest, busyEntity, duplicateName, forbidden } from '../../errors.js';
import { isIpv4, rangeProblem, rangeWithin, subnetsOverlap } from '../../lib/iprange.js';
import { ipRangesOf, refId } from '../edgegateway/params.js';
import { jsonBody, obj, str, type Json } from '../cloudapi/json.js';

type Subnet = ExternalNetwork['subnets'][number];

export interface ExternalNetworkInput {
  name?: string;
  description?: string;
  subnets?: Subnet[];
  backing?: { backingId?: string; backingType?: string; managerId?: string };
}


export function externalNetworkParams(req: Request): ExternalNetworkInput {
  const b = jsonBody(req);
  const subnets = obj(b.subnets)?.values;
  if (subnets !== undefined && subnets !== null && !Array.isArray(subnets)) throw badRequest('subnets.values must be a list.');
  const backings = obj(b.networkBackings)?.values;
  if (backings !== undefined && backings !== null && (!Array.isArray(backings) || backings.length !== 1)) {
    throw badRequest('An external network has exactly one network backing (networkBackings.values).');
  }
  const backing = Array.isArray(backings) ? obj(backings[0]) : undefined;
  return {
    name: str(b.name, 'name'),
    description: str(b.description, 'description'),
    subnets: (subnets as unknown[] | undefined | null)?.map((s, i) => {
      const at = `subnets.values[${i}]`;
      const gateway = str(obj(s)?.gateway, `${at}.gateway`);
      const prefixLength = obj(s)?.prefixLength;
      if (!isIpv4(gateway)) throw badRequest(`${at}.gateway must be an IPv4 address.`);
      if (typeof prefixLength !== 'number' || !Number.isInteger(prefixLength) || prefixLength < 1 || prefixLength > 30) {
        throw badRequest(`${at}.prefixLength must be a whole number from 1 to 30.`);
      }
      return {
        gateway, prefixLength, dns1: str(obj(s)?.dnsServer1, `${at}.dnsServer1`) ?? '', dns2: str(obj(s)?.dnsServer2, `${at}.dnsServer2`) ?? '',
        dnsSuffix: str(obj(s)?.dnsSuffix, `${at}.dnsSuffix`) ?? '', ipRanges: ipRangesOf(obj(s)?.ipRanges, `${at}.ipRanges`),
      };
    }),
    backing: backing && {
      backingId: str(backing.backingId, 'networkBackings.values[0].backingId'),
      backingType: str(backing.backingType, 'networkBackings.values[0].backingType') ?? str(backing.backingTypeValue, 'networkBackings.values[0].backingTypeValue'),
      managerId: refId(backing.networkProvider, 'networkBackings.values[0].networkProvider'),
    },
  };
}

function requireProvider(actor: Actor): void {
  if (!actor.isSysAdmin) throw forbidden('This operation is denied. External networks are the system administrator\'s.');
}

function validName(sim: World, name: string | undefined, except?: string): string {
  const n = name?.trim();
  if (!n) throw badRequest('The external network name is required.');
  if (n.length > 128) throw badRequest('The external network name must be at most 128 characters.');
  if ([...sim.store.all('externalNetwork')].some((e) => e.id !== except && e.name.toLowerCase() === n.toLowerCase())) {
    throw duplicateName(`An external network named "${n}" already exists.`);
  }
  return n;
}

function validSubnets(subnets: Subnet[] | undefined): Subnet[] {
  if (!subnets?.length) throw badRequest('An external network needs at least one subnet (subnets.values).');
  subnets.forEach((s, i) => {
    const problem = rangeProblem(s.ipRanges, s, undefined, []);
    if (problem) throw badRequest(problem);
    for (const o of subnets.slice(0, i)) if (subnetsOverlap(o, s)) throw badRequest(`Subnets ${o.gateway}/${o.prefixLength} and ${s.gateway}/${s.prefixLength} overlap.`);
  });
  return subnets;
}

function assertIdle(sim: World, n: ExternalNetwork): void {
  const running = sim.tasks.activeFor(n.id);
  if (running.length) throw busyEntity(`The entity network "${n.name}" is busy completing an operation ${running[0].operationName}.`);
}

function startTask(sim: World, actor: Actor, n: ExternalNetwork, operationName: string, verb: string, action: Task['action']): Task {
  return sim.tasks.start({
    operationName, operation: `${verb} External Network ${n.name}(${n.id})`, orgId: actor.org!.id, userId: actor.user!.id,
    owner: { kind: 'externalNetwork', id: n.id, name: n.name }, action,
  });
}

/** POST /cloudapi/1.0.0/externalNetworks: on a tier-0 router no other external network uses. */
export function createExternalNetwork(sim: World, actor: Actor, input: ExternalNetworkInput): Task {
  requireProvider(actor);
  const name = validName(sim, input.name);
  const subnets = validSubnets(input.subnets);
  const b = input.backing;
  if (!b?.backingId) throw badRequest('The network backing (networkBackings.values[0].backingId: a tier-0 router) is required.');
  if (b.backingType && b.backingType !== 'NSXT_TIER0') throw badRequest(`Backing type ${b.backingType} is not supported here; use NSXT_TIER0.`);
  const managers = b.managerId ? [sim.store.get('nsxtManager', b.managerId)].filter((m) => m !== undefined) : [...sim.store.all('nsxtManager')];
  if (b.managerId && !managers.length) throw badRequest(`The NSX-T manager urn:vcloud:nsxtmanager:${b.managerId} does not exist.`);
  const mgr = managers.find((m) => m!.tier0Routers.some((t) => t.id === b.backingId));
  if (!mgr) throw badRequest(`The tier-0 router ${b.backingId} is not a tier-0 router of ${b.managerId ? `NSX-T manager "${managers[0]!.name}"` : 'any NSX-T manager'}.`);
  const user = [...sim.store.all('externalNetwork')].find((e) => e.tier0RouterId === b.backingId);
  if (user) throw badRequest(`The tier-0 router ${b.backingId} already backs external network "${user.name}".`);
  const net: ExternalNetwork = {
    id: sim.store.newId(), name, description: input.description ?? '', nsxtManagerId: mgr.id, tier0RouterId: b.backingId, subnets,
  };
  sim.store.insert('externalNetwork', net);
  return startTask(sim, actor, net, 'createExternalNetwork', 'Creating', { type: 'createExternalNetwork', params: { id: net.id } });
}

/** Edge gateway allocations the new subnets would no longer hold. */
function assertAllocationsKept(sim: World, n: ExternalNetwork, subnets: Subnet[]): void {
  for (const gw of sim.store.all('edgeGateway')) {
    for (const u of gw.uplinks) {
      if (u.externalNetworkId !== n.id) continue;
      for (const s of u.subnets) {
        const keep = subnets.find((x) => x.gateway === s.gateway && x.prefixLength === s.prefixLength);
        if (!keep || s.ipRanges.some((r) => !rangeWithin(r, keep.ipRanges))) {
          throw badRequest(`Edge gateway "${gw.name}" uses addresses of subnet ${s.gateway}/${s.prefixLength} that the change would take away.`);
        }
      }
    }
  }
}

/** PUT /cloudapi/1.0.0/externalNetworks/{id}: name, description, subnets (the backing stays). */
export function startUpdateExternalNetwork(sim: World, actor: Actor, n: ExternalNetwork, input: ExternalNetworkInput): Task {
  requireProvider(actor);
  assertIdle(sim, n);
  if (input.backing?.backingId && input.backing.backingId !== n.tier0RouterId) throw badRequest('The backing of an external network cannot be changed.');
  const patch: Partial<ExternalNetwork> = { name: validName(sim, input.name ?? n.name, n.id) };
  if (input.description !== undefined) patch.description = input.description;
  if (input.subnets !== undefined) {
    patch.subnets = validSubnets(input.subnets);
    assertAllocationsKept(sim, n, patch.subnets);
  }
  return startTask(sim, actor, n, 'updateExternalNetwork', 'Updating', { type: 'updateExternalNetwork', params: { id: n.id, patch } });
}

export function assertUnused(sim: World, n: ExternalNetwork): void {
  const gws = [...sim.store.all('edgeGateway')].filter((g) => g.uplinks.some((u) => u.externalNetworkId === n.id));
  if (gws.length) throw badRequest(`External network "${n.name}" cannot be deleted: edge gateways use it (${gws.map((g) => g.name).join(', ')}).`);
  const pvdcs = [...sim.store.all('providerVdc')].filter((p) => p.externalNetworkIds.includes(n.id));
  if (pvdcs.length) throw badRequest(`External network "${n.name}" cannot be deleted: provider VDCs list it (${pvdcs.map((p) => p.name).join(', ')}).`);
}

/** DELETE /cloudapi/1.0.0/externalNetworks/{id}: refused while an edge gateway uses it. */
export function startDeleteExternalNetwork(sim: World, actor: Actor, n: ExternalNetwork): Task {
  requireProvider(actor);
  assertIdle(sim, n);
  assertUnused(sim, n);
  return startTask(sim, actor, n, 'deleteExternalNetwork', 'Deleting', { type: 'deleteExternalNetwork', params: { id: n.id } });
}

export function registerExternalNetworkActions(sim: World): void {
  registerCrudActions(sim, 'externalNetwork', {
    create: 'createExternalNetwork', update: 'updateExternalNetwork', delete: 'deleteExternalNetwork',
    checkUpdate: (n, patch) => patch.subnets && assertAllocationsKept(sim, n, patch.subnets),
    checkDelete: (n) => assertUnused(sim, n),
  });
}
