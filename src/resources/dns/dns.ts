/**
 * The DNS forwarder of an edge gateway (`edgeGateways/{id}/dns`): a default forwarder zone (upstream servers)
 * and conditional zones (upstream servers for DNS domains), listening on an address of the gateway's service
 * network (or one of its own addresses); `version` guards updates.
 */
import type { World } from '../../world.js';
import type { DnsZone, EdgeGateway, GatewayDns } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { isIpv4 } from '../../lib/iprange.js';
import { intToIp, ipToInt } from '../../lib/ippool.js';
import type { Model } from '../cloudapi/paging.js';
import { type Json, bool, list, obj, str } from '../cloudapi/json.js';
import { assertAllocated } from '../edgegateway/services.js';

const MAX_UPSTREAM = 3;
const MAX_CONDITIONAL = 5;

/** VCD's listener address on the gateway's service network: its first address plus three (192.168.255.228 by default). */
export function defaultListenerIp(gw: EdgeGateway): string {
  const [ip] = (gw.serviceNetworkDefinition || '192.168.255.225/27').split('/');
  return isIpv4(ip) ? intToIp(ipToInt(ip) + 3) : '192.168.255.228';
}

const zoneModel = (z: DnsZone, conditional: boolean) => ({
  id: z.id, displayName: z.displayName, upstreamServers: z.upstreamServers, ...(conditional ? { dnsDomainNames: z.dnsDomainNames } : {}),
});

export function dnsModel(gw: EdgeGateway, d: GatewayDns | undefined): Model {
  return {
    enabled: d?.enabled ?? false,
    listenerIp: d?.listenerIp ?? defaultListenerIp(gw),
    snatRuleEnabled: d?.snatRuleEnabled ?? false,
    snatRuleExternalIpAddress: null,
    defaultForwarderZone: d?.defaultZone ? zoneModel(d.defaultZone, false) : null,
    conditionalForwarderZones: d?.conditionalZones.length ? d.conditionalZones.map((z) => zoneModel(z, true)) : null,
    version: { version: d?.version ?? 0 },
  };
}

export type DnsInput = Omit<GatewayDns, 'id' | 'orgId' | 'version'>;

function zoneInput(sim: World, v: unknown, what: string, conditional: boolean, current: DnsZone[]): DnsZone {
  const o = obj(v);
  if (!o) throw badRequest(`${what} must be an object.`);
  const displayName = (str(o.displayName, `${what}.displayName`) ?? '').trim();
  if (!displayName) throw badRequest(`${what} needs a displayName.`);
  const upstreamServers = list(o.upstreamServers, `${what}.upstreamServers`).map((s, i) => (str(s, `${what}.upstreamServers[${i}]`) ?? '').trim());
  if (!upstreamServers.length) throw badRequest(`${what} needs at least one upstream server.`);
  if (upstreamServers.length > MAX_UPSTREAM) throw badRequest(`${what} takes at most ${MAX_UPSTREAM} upstream servers.`);
  for (const s of upstreamServers) if (!isIpv4(s)) throw badRequest(`${what}: upstream server "${s}" is not an IPv4 address.`);
  const dnsDomainNames = list(o.dnsDomainNames, `${what}.dnsDomainNames`).map((s, i) => (str(s, `${what}.dnsDomainNames[${i}]`) ?? '').trim().toLowerCase());
  if (conditional && !dnsDomainNames.length) throw badRequest(`${what} (a conditional zone) needs at least one DNS domain name.`);
  if (!conditional && dnsDomainNames.length) throw badRequest(`${what} (the default zone) takes no DNS domain names.`);
  for (const d of dnsDomainNames) if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(d)) throw badRequest(`${what}: "${d}" is not a DNS domain name.`);
  const id = (str(o.id, `${what}.id`) ?? '').trim();
  if (id && !current.some((z) => z.id === id)) throw badRequest(`${what}: the zone ${id} does not exist on this gateway (leave id out for a new zone).`);
  return { id: id || sim.store.newId(), displayName, upstreamServers, dnsDomainNames };
}

/** Reads and checks an NsxtEdgeGatewayDns document for the gateway, as VCD checks it. */
export function dnsInput(sim: World, gw: EdgeGateway, b: Json, current?: GatewayDns): DnsInput {
  const version = obj(b.version)?.version;
  if (current && typeof version === 'number' && version !== current.version) {
    throw badRequest(`The DNS forwarder of edge gateway "${gw.name}" was changed by someone else (version ${current.version}, the request has ${version}): read it again.`);
  }
  const enabled = bool(b.enabled, 'enabled') ?? false;
  const known = current ? [...(current.defaultZone ? [current.defaultZone] : []), ...current.conditionalZones] : [];
  const defaultZone = b.defaultForwarderZone === undefined || b.defaultForwarderZone === null
    ? undefined : zoneInput(sim, b.defaultForwarderZone, 'defaultForwarderZone', false, known);
  const conditionalZones = list(b.conditionalForwarderZones, 'conditionalForwarderZones').map((z, i) => zoneInput(sim, z, `conditionalForwarderZones[${i}]`, true, known));
  if (conditionalZones.length > MAX_CONDITIONAL) throw badRequest(`At most ${MAX_CONDITIONAL} conditional forwarder zones can be set.`);
  const domains = new Set<string>();
  for (const d of conditionalZones.flatMap((z) => z.dnsDomainNames)) {
    if (domains.has(d)) throw badRequest(`The DNS domain "${d}" is in more than one conditional forwarder zone.`);
    domains.add(d);
  }
  if (enabled && !defaultZone) throw badRequest('An enabled DNS forwarder needs a default forwarder zone (defaultForwarderZone).');
  const listenerIp = (str(b.listenerIp, 'listenerIp') ?? '').trim() || current?.listenerIp || defaultListenerIp(gw);
  if (!isIpv4(listenerIp)) throw badRequest(`listenerIp "${listenerIp}" is not an IPv4 address.`);
  if (listenerIp !== defaultListenerIp(gw)) assertAllocated(gw, listenerIp, 'The DNS listener address');
  return { enabled, listenerIp, snatRuleEnabled: bool(b.snatRuleEnabled, 'snatRuleEnabled') ?? false, defaultZone, conditionalZones };
}
