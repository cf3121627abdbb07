/** A NsxtNatRule document → a checked NAT rule input for the gateway. */
import type { World } from '../../world.js';
import type { EdgeGateway, NatRule, NatRuleType } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { type Json, bool, int, refId, str } from '../cloudapi/json.js';
import { addressSpan, assertAllocated } from '../edgegateway/services.js';
import { profileForOrg } from '../appportprofile/model.js';

const TYPES: NatRuleType[] = ['DNAT', 'NO_DNAT', 'SNAT', 'NO_SNAT', 'REFLEXIVE'];
const MATCHES = ['MATCH_INTERNAL_ADDRESS', 'MATCH_EXTERNAL_ADDRESS', 'BYPASS'] as const;
export const MAX_PRIORITY = 2147481599;

const PORT = /^\d{1,5}(-\d{1,5})?$/;

export type NatInput = Omit<NatRule, 'id' | 'orgId' | 'edgeGatewayId' | 'version'>;

/** Reads and checks a NsxtNatRule document for the gateway, as VCD checks it. */
export function natInput(sim: World, gw: EdgeGateway, b: Json, current?: NatRule): NatInput {
  const name = (str(b.name, 'name') ?? '').trim();
  if (!name) throw badRequest('A NAT rule needs a name.');
  const type = (str(b.type, 'type') || str(b.ruleType, 'ruleType') || current?.type) as NatRuleType | undefined;
  if (!type || !TYPES.includes(type)) throw badRequest(`type must be one of ${TYPES.join(', ')}.`);
  const external = (str(b.externalAddresses, 'externalAddresses') ?? '').trim();
  const internal = (str(b.internalAddresses, 'internalAddresses') ?? '').trim();
  // What each type takes: DNAT and REFLEXIVE translate both sides; SNAT too; NO_SNAT names internal
  // addresses only, NO_DNAT external ones only.
  const needsExternal = type !== 'NO_SNAT';
  const needsInternal = type !== 'NO_DNAT';
  if (needsExternal && !external) throw badRequest(`A ${type} rule needs externalAddresses (an IP address allocated to the gateway).`);
  if (!needsExternal && external) throw badRequest(`A ${type} rule takes no externalAddresses.`);
  if (needsInternal && !internal) throw badRequest(`A ${type} rule needs internalAddresses.`);
  if (!needsInternal && internal) throw badRequest(`A ${type} rule takes no internalAddresses.`);
  if (external) assertAllocated(gw, external, 'The external address');
  if (internal) addressSpan(internal, 'The internal address');
  const snatDestinationAddresses = (str(b.snatDestinationAddresses, 'snatDestinationAddresses') ?? '').trim();
  if (snatDestinationAddresses) {
    if (type !== 'SNAT' && type !== 'NO_SNAT') throw badRequest('snatDestinationAddresses applies to SNAT and NO_SNAT rules only.');
    addressSpan(snatDestinationAddresses, 'The SNAT destination address');
  }
  const dnatExternalPort = (str(b.dnatExternalPort, 'dnatExternalPort') ?? '').trim();
  if (dnatExternalPort) {
    if (type !== 'DNAT') throw badRequest('dnatExternalPort applies to DNAT rules only.');
    if (!PORT.test(dnatExternalPort) || dnatExternalPort.split('-').some((p) => Number(p) < 1 || Number(p) > 65535)) {
      throw badRequest(`dnatExternalPort "${dnatExternalPort}" is not a port or port range (1-65535).`);
    }
  }
  const profileRef = refId(b.applicationPortProfile, 'applicationPortProfile');
  let appPortProfileId: string | undefined;
  if (profileRef) {
    const profile = profileForOrg(sim, gw.orgId, profileRef);
    if (!profile) throw badRequest(`The application port profile ${profileRef} does not exist.`);
    if (profile.ports.length !== 1 || profile.ports[0].destinationPorts.length > 1) {
      throw badRequest(`The application port profile "${profile.name}" cannot be used for NAT: it must have one protocol with at most one port or range.`);
    }
    appPortProfileId = profile.id;
  }
  const priority = int(b.priority, 'priority') ?? current?.priority ?? 0;
  if (priority < 0 || priority > MAX_PRIORITY) throw badRequest(`priority must be between 0 and ${MAX_PRIORITY}.`);
  const match = str(b.firewallMatch, 'firewallMatch') || current?.firewallMatch || 'MATCH_INTERNAL_ADDRESS';
  if (!(MATCHES as readonly string[]).includes(match)) throw badRequest(`firewallMatch must be one of ${MATCHES.join(', ')}.`);
  return {
    name, description: str(b.description, 'description') ?? '', enabled: bool(b.enabled, 'enabled') ?? true, type,
    externalAddresses: external, internalAddresses: internal, appPortProfileId, dnatExternalPort, snatDestinationAddresses,
    logging: bool(b.logging, 'logging') ?? false, firewallMatch: match as NatRule['firewallMatch'], priority,
  };
}
