/** A NsxtStaticRoute document → a checked static route input: name, network (CIDR) and next hops. */
import type { StaticRoute } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { isCidr, isIpv4 } from '../../lib/iprange.js';
import { type Json, int, list, str } from '../cloudapi/json.js';

export type StaticRouteInput = Pick<StaticRoute, 'name' | 'description' | 'networkCidr' | 'nextHops'>;

export function staticRouteInput(b: Json): StaticRouteInput {
  const name = (str(b.name, 'name') ?? '').trim();
  if (!name) throw badRequest('A static route needs a name.');
  const cidr = (str(b.networkCidr, 'networkCidr') ?? '').trim();
  if (!isCidr(cidr)) throw badRequest(`networkCidr "${cidr}" is not an IPv4 network in CIDR form (10.1.0.0/16).`);
  const hops = list(b.nextHops, 'nextHops');
  if (!hops.length) throw badRequest('A static route needs at least one next hop (nextHops).');
  const nextHops = hops.map((h, i) => {
    const o = (h ?? {}) as Json;
    const ipAddress = (str(o.ipAddress, `nextHops[${i}].ipAddress`) ?? '').trim();
    if (!isIpv4(ipAddress)) throw badRequest(`nextHops[${i}].ipAddress "${ipAddress}" is not an IPv4 address.`);
    const adminDistance = int(o.adminDistance, `nextHops[${i}].adminDistance`) ?? 1;
    if (adminDistance < 1 || adminDistance > 255) throw badRequest(`nextHops[${i}].adminDistance must be between 1 and 255.`);
    return { ipAddress, adminDistance };
  });
  return { name, description: str(b.description, 'description') ?? '', networkCidr: cidr, nextHops };
}
