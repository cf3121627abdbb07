/**
 * What the gateway's services (firewall, NAT, static routes, DNS, IPsec, DHCP…) read of their edge gateway:
 * the addresses sub-allocated to it, and whether a change is being applied to it (a task on the gateway: VCD
 * takes one change at a time and refuses the others as busy).
 */
import type { Actor, World } from '../../world.js';
import type { EdgeGateway, Task, TaskAction } from '../../store/types.js';
import { badRequest, busyEntity } from '../../errors.js';
import { inRanges, parseSpan, type Range } from '../../lib/iprange.js';
import { intToIp, ipToInt } from '../../lib/ippool.js';
import { visible } from '../access.js';
import { removedWith } from '../cascade.js';
import { startOwnedTask } from '../task/ops.js';
import { allocatedRanges } from './model.js';

export const gatewayUrn = (id: string) => `urn:vcloud:gateway:${id}`;

export function gatewayOf(sim: World, actor: Actor, idOrUrn: string): EdgeGateway {
  return visible(sim, actor, 'edgeGateway', idOrUrn);
}

/** The addresses an address expression names: one IPv4 address, a range `a-b`, or a CIDR block. */
export function addressSpan(expr: string, what: string): Range {
  const span = parseSpan(expr.trim());
  if (span) return span;
  throw badRequest(`${what} "${expr}" is not an IPv4 address, range (a-b) or CIDR block.`);
}

/** Every address of `expr` lies in the gateway's sub-allocated addresses. */
export function assertAllocated(gw: EdgeGateway, expr: string, what: string): void {
  const span = addressSpan(expr, what);
  const ranges = allocatedRanges(gw);
  for (let ip = ipToInt(span.start), end = ipToInt(span.end); ip <= end; ip++) {
    if (!inRanges(intToIp(ip), ranges)) {
      throw badRequest(`${what} ${intToIp(ip)} is not an IP address allocated to edge gateway "${gw.name}".`);
    }
  }
}

/**
 * VCD applies one change at a time to a gateway: another, while a task runs on it, is refused as busy; the
 * gateway's own changes and the networks routed through it name the running task's operation in the refusal.
 */
export function assertGatewayIdle(sim: World, gw: EdgeGateway, nameOperation = false): void {
  const running = sim.tasks.activeFor(gw.id);
  if (running.length) throw busyEntity(`The entity gateway "${gw.name}" is busy completing an operation${nameOperation ? ` ${running[0].operationName}` : ''}.`);
}

/** A change to the gateway's rules: a task the gateway owns, refused while another runs. */
export function startGatewayTask(sim: World, actor: Actor, gw: EdgeGateway, operationName: string, operation: string, action: TaskAction): Task {
  assertGatewayIdle(sim, gw);
  return startOwnedTask(sim, actor, {
    operationName, operation, orgId: gw.orgId, owner: { kind: 'edgeGateway', id: gw.id, name: gw.name }, action,
  });
}

/** The gateway a service change lands on when its task succeeds: refused if it was deleted while the task ran. */
export function liveGateway(sim: World, gatewayId: string): EdgeGateway {
  const gw = sim.store.get('edgeGateway', gatewayId);
  if (!gw) throw badRequest('The edge gateway no longer exists.');
  return gw;
}

/**
 * A deleted gateway takes its services with it: the entities of `kind` on it, or, for a kind of one entity
 * per gateway (its id the gateway's), that one.
 */
export function removedWithGateway(sim: World, kind: 'firewallGroup' | 'natRule' | 'staticRoute' | 'ipsecTunnel' | 'edgeFirewall' | 'gatewayDns'): void {
  if (kind !== 'edgeFirewall' && kind !== 'gatewayDns') {
    removedWith(sim, 'edgeGateway', kind, 'edgeGatewayId');
    return;
  }
  sim.store.onChange((k, id, entity) => {
    if (k === 'edgeGateway' && entity === undefined && id !== '*') sim.store.remove(kind, id);
  });
}
