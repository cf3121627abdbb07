/** An ApplicationPortProfile document → a checked profile input: scope, context, name and ports. */
import type { Actor, World } from '../../world.js';
import type { AppPort, AppPortProfile } from '../../store/types.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest, forbidden } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import { requireRight, visible } from '../access.js';
import { urn } from '../links.js';
import { type Json, list, str } from '../cloudapi/json.js';

const PROTOCOLS = ['ICMPv4', 'ICMPv6', 'TCP', 'UDP'] as const;

const PORT = /^\d{1,5}$/;

function validPort(p: string, protocol: string): string {
  const t = p.trim();
  const [a, b] = t.split('-');
  const ok = (x: string | undefined) => x !== undefined && PORT.test(x) && Number(x) >= 1 && Number(x) <= 65535;
  if (!ok(a) || (b !== undefined && (!ok(b) || Number(b) < Number(a))) || t.split('-').length > 2) {
    throw badRequest(`"${p}" is not a valid ${protocol} port or port range (1-65535, or a range such as 8000-8080).`);
  }
  return t;
}

function portsFrom(v: unknown): AppPort[] {
  const ports = list(v, 'applicationPorts');
  if (!ports.length) throw badRequest('An application port profile needs at least one application port (applicationPorts).');
  return ports.map((x, i) => {
    const o = (x ?? {}) as Json;
    const protocol = str(o.protocol, `applicationPorts[${i}].protocol`);
    if (!protocol || !(PROTOCOLS as readonly string[]).includes(protocol)) {
      throw badRequest(`applicationPorts[${i}].protocol must be one of ${PROTOCOLS.join(', ')}.`);
    }
    const raw = list(o.destinationPorts, `applicationPorts[${i}].destinationPorts`).map((d) => str(d, `applicationPorts[${i}].destinationPorts`) ?? '');
    if (protocol.startsWith('ICMP') && raw.length) throw badRequest(`An ${protocol} application port takes no destination ports.`);
    if (!protocol.startsWith('ICMP') && !raw.length) throw badRequest(`A ${protocol} application port needs at least one destination port.`);
    return { protocol: protocol as AppPort['protocol'], destinationPorts: raw.map((d) => validPort(d, protocol)) };
  });
}

export interface ProfileInput {
  scope: 'PROVIDER' | 'TENANT';
  orgId?: string;
  name: string;
  description: string;
  contextEntityId: string;
  ports: AppPort[];
}

/** Reads and checks a profile document: scope, context (a VDC of the caller's org, or an NSX-T manager), name, ports. */
export function profileInput(sim: World, actor: Actor, b: Json, current?: AppPortProfile): ProfileInput {
  const scope = str(b.scope, 'scope') ?? current?.scope ?? 'TENANT';
  if (scope === 'SYSTEM') throw badRequest('SYSTEM application port profiles are read-only: create a TENANT or PROVIDER profile.');
  if (scope !== 'TENANT' && scope !== 'PROVIDER') throw badRequest('scope must be TENANT or PROVIDER.');
  if (current && scope !== current.scope) throw badRequest('The scope of an application port profile cannot change.');
  const name = (str(b.name, 'name') ?? '').trim();
  if (!name) throw badRequest('An application port profile needs a name.');
  const description = str(b.description, 'description') ?? '';
  const ports = portsFrom(b.applicationPorts);
  const context = str(b.contextEntityId, 'contextEntityId') ?? current?.contextEntityId;
  if (scope === 'PROVIDER') {
    if (!actor.isSysAdmin) throw forbidden('Only a system administrator can manage PROVIDER application port profiles.');
    const mgr = context && sim.store.get('nsxtManager', uuidOf(context) ?? '');
    if (!mgr) throw badRequest('A PROVIDER application port profile needs contextEntityId: the URN of an NSX-T manager.');
    return { scope, name, description, ports, contextEntityId: urn('nsxtManager', mgr.id) };
  }
  requireRight(actor, RIGHTS.gwServicesConfigure);
  if (!context || !/^urn:vcloud:vdc:/.test(context)) throw badRequest('A TENANT application port profile needs contextEntityId: the URN of an org VDC.');
  const vdc = visible(sim, actor, 'vdc', context);
  const orgRef = b.orgRef as Json | undefined | null;
  const orgId = orgRef && typeof orgRef === 'object' ? uuidOf(String(orgRef.id ?? '')) : undefined;
  if (orgId && orgId !== vdc.orgId) throw badRequest(`orgRef names another org than the one that owns VDC "${vdc.name}".`);
  return { scope, orgId: vdc.orgId, name, description, ports, contextEntityId: urn('vdc', vdc.id) };
}
