/**
 * A FirewallGroup document → a checked group input: its owner (an edge gateway or a VDC group), type (IP set,
 * static security group, or — of a VDC group — dynamic VM criteria), name and content.
 */
import type { Actor, World } from '../../world.js';
import type { EdgeGateway, FirewallGroup, VdcGroup, VmCriterion } from '../../store/types.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import { requireRight, visible } from '../access.js';
import { type Json, list, obj, refId, str } from '../cloudapi/json.js';
import { addressSpan, gatewayOf } from '../edgegateway/services.js';

export interface GroupInput {
  /** The owner: an edge gateway, or a VDC group (exactly one). */
  gw?: EdgeGateway;
  vdcGroup?: VdcGroup;
  orgId: string;
  name: string;
  description: string;
  type: FirewallGroup['type'];
  ipAddresses: string[];
  memberIds: string[];
  vmCriteria: VmCriterion[];
}

/** VCD's limits: up to 3 criteria of up to 4 rules each; VM names match with CONTAINS or STARTS_WITH. */
const MAX_CRITERIA = 3;
const MAX_RULES = 4;

function criteriaInput(v: unknown): VmCriterion[] {
  const criteria = list(v, 'vmCriteria');
  if (!criteria.length) throw badRequest('A VM_CRITERIA firewall group needs at least one criterion in vmCriteria.');
  if (criteria.length > MAX_CRITERIA) throw badRequest(`A dynamic firewall group has at most ${MAX_CRITERIA} criteria, not ${criteria.length}.`);
  return criteria.map((c, i) => {
    const at = `vmCriteria[${i}]`;
    const o = obj(c);
    if (!o) throw badRequest(`${at} must be a JSON object with rules.`);
    const rules = list(o.rules, `${at}.rules`);
    if (!rules.length || rules.length > MAX_RULES) throw badRequest(`${at} needs 1 to ${MAX_RULES} rules, not ${rules.length}.`);
    return {
      rules: rules.map((r, j) => {
        const rat = `${at}.rules[${j}]`;
        const ro = obj(r);
        if (!ro) throw badRequest(`${rat} must be a JSON object.`);
        const type = str(ro.attributeType, `${rat}.attributeType`);
        if (type === 'VM_TAG') throw badRequest(`${rat}: VM_TAG criteria are not supported here (VMs carry no security tags); match on VM_NAME.`);
        if (type !== 'VM_NAME') throw badRequest(`${rat}.attributeType must be VM_NAME or VM_TAG, not "${type ?? ''}".`);
        const operator = str(ro.operator, `${rat}.operator`);
        if (operator !== 'CONTAINS' && operator !== 'STARTS_WITH') {
          throw badRequest(`${rat}.operator "${operator ?? ''}" is not supported for VM_NAME: only CONTAINS and STARTS_WITH are.`);
        }
        const value = (str(ro.attributeValue, `${rat}.attributeValue`) ?? '').trim();
        if (!value) throw badRequest(`${rat}.attributeValue is required.`);
        return { attributeType: type, attributeValue: value, operator };
      }),
    };
  });
}

/** The owner named in ownerRef (or edgeGatewayRef before API 35): an edge gateway or a VDC group the actor sees. */
function ownerOf(sim: World, actor: Actor, b: Json, current?: FirewallGroup): { gw?: EdgeGateway; vdcGroup?: VdcGroup } {
  const ownerId = refId(b.ownerRef, 'ownerRef') ?? refId(b.edgeGatewayRef, 'edgeGatewayRef');
  if (ownerId && /^urn:vcloud:vdcGroup:/.test(ownerId)) return { vdcGroup: visible(sim, actor, 'vdcGroup', ownerId) };
  if (ownerId) return { gw: gatewayOf(sim, actor, ownerId) };
  if (current?.vdcGroupId) return { vdcGroup: sim.store.get('vdcGroup', current.vdcGroupId) };
  if (current?.edgeGatewayId) return { gw: sim.store.get('edgeGateway', current.edgeGatewayId) };
  return {};
}

/** Reads a FirewallGroup document: its owner, type, name and content. */
export function groupInput(sim: World, actor: Actor, b: Json, current?: FirewallGroup): GroupInput {
  requireRight(actor, RIGHTS.gwFirewallConfigure);
  const { gw, vdcGroup } = ownerOf(sim, actor, b, current);
  if (!gw && !vdcGroup) throw badRequest('A firewall group needs its owner (an edge gateway or a VDC group) in ownerRef.');
  if (current && (gw?.id !== current.edgeGatewayId || vdcGroup?.id !== current.vdcGroupId)) throw badRequest('A firewall group cannot move to another owner.');
  const type = str(b.typeValue, 'typeValue') ?? str(b.type, 'type') ?? current?.type ?? 'IP_SET';
  if (type === 'VM_CRITERIA' && !vdcGroup) throw badRequest('Dynamic (VM_CRITERIA) firewall groups belong to VDC groups, not to edge gateways.');
  if (type !== 'IP_SET' && type !== 'SECURITY_GROUP' && type !== 'VM_CRITERIA') throw badRequest('typeValue must be IP_SET, SECURITY_GROUP or VM_CRITERIA.');
  if (current && type !== current.type) throw badRequest('The type of a firewall group cannot change.');
  const name = (str(b.name, 'name') ?? '').trim();
  if (!name) throw badRequest('A firewall group needs a name.');
  const ipAddresses = type === 'IP_SET'
    ? list(b.ipAddresses, 'ipAddresses').map((a, i) => {
      const s = str(a, `ipAddresses[${i}]`) ?? '';
      addressSpan(s, 'The IP set address');
      return s.trim();
    })
    : [];
  // A gateway's security groups hold networks routed through it; a VDC group's, the group's networks.
  const memberIds = type === 'SECURITY_GROUP'
    ? list(b.members, 'members').map((m, i) => {
      const id = uuidOf(refId(m, `members[${i}]`) ?? '') ?? '';
      const net = sim.store.get('network', id);
      if (vdcGroup && (!net || net.vdcGroupId !== vdcGroup.id)) throw badRequest(`members[${i}] is not an org VDC network of VDC group "${vdcGroup.name}".`);
      if (gw && (!net || net.edgeGatewayId !== gw.id)) throw badRequest(`members[${i}] is not an org VDC network routed through edge gateway "${gw.name}".`);
      return id;
    })
    : [];
  const vmCriteria = type === 'VM_CRITERIA' ? criteriaInput(b.vmCriteria) : [];
  return {
    gw, vdcGroup, orgId: (gw ?? vdcGroup)!.orgId, name, description: str(b.description, 'description') ?? '', type, ipAddresses, memberIds, vmCriteria,
  };
}
