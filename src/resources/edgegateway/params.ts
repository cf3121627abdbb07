/** The CloudAPI edge gateway body (types.OpenAPIEdgeGateway) → a typed input; shapes are checked, meaning is ops.ts's. */
import { bool, int, jsonBody, obj, str } from '../cloudapi/json.js';
import type { Request } from 'express';
import { badRequest } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';

export interface SubnetInput {
  gateway: string;
  prefixLength: number;
  primaryIp?: string;
  ipRanges: { start: string; end: string }[];
  enabled: boolean;
  /** Addresses to take from the external network's pool on top of the ranges named (autoAllocateIpRanges). */
  autoCount?: number;
}

export interface UplinkInput {
  externalNetworkId: string;
  subnets: SubnetInput[];
  dedicated: boolean;
}

export interface EdgeGatewayInput {
  name?: string;
  description?: string;
  /** The owner VDC (ownerRef, or orgVdc). */
  vdcId?: string;
  /** ownerRef names a VDC group (urn:vcloud:vdcGroup:…): the gateway is the group's. */
  vdcGroupId?: string;
  uplinks?: UplinkInput[];
  edgeClusterId?: string;
  distributedRoutingEnabled?: boolean;
  serviceNetworkDefinition?: string;
}

/** `{values: [...]}` (or a bare list) → its items. */
const values = (v: unknown, what: string): unknown[] => {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : obj(v)?.values;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw badRequest(`${what} must be a list ({"values": [...]}).`);
  return list;
};
/** A reference's id as a bare UUID. */
export const refId = (v: unknown, what: string): string | undefined => {
  const id = str(obj(v)?.id, `${what}.id`);
  return id === undefined ? undefined : uuidOf(id) ?? id;
};

export function ipRangesOf(v: unknown, what: string): { start: string; end: string }[] {
  return values(v, what).map((r, i) => {
    const start = str(obj(r)?.startAddress, `${what}[${i}].startAddress`);
    const end = str(obj(r)?.endAddress, `${what}[${i}].endAddress`) ?? start;
    if (!start) throw badRequest(`${what}[${i}] needs a startAddress.`);
    return { start, end: end! };
  });
}

export function edgeGatewayParams(req: Request): EdgeGatewayInput {
  const b = jsonBody(req);
  const uplinks = b.edgeGatewayUplinks === undefined || b.edgeGatewayUplinks === null ? undefined : b.edgeGatewayUplinks;
  if (uplinks !== undefined && !Array.isArray(uplinks)) throw badRequest('edgeGatewayUplinks must be a list.');
  const primary = obj(obj(b.edgeClusterConfig)?.primaryEdgeCluster);
  const owner = str(obj(b.ownerRef)?.id, 'ownerRef.id');
  const group = owner && /^urn:vcloud:vdcGroup:/i.test(owner) ? refId(b.ownerRef, 'ownerRef') : undefined;
  return {
    name: str(b.name, 'name'),
    description: str(b.description, 'description'),
    vdcId: group ? refId(b.orgVdc, 'orgVdc') : refId(b.ownerRef, 'ownerRef') ?? refId(b.orgVdc, 'orgVdc'),
    vdcGroupId: group,
    uplinks: (uplinks as unknown[] | undefined)?.map((u, ui) => {
      const at = `edgeGatewayUplinks[${ui}]`;
      const ext = str(obj(u)?.uplinkId, `${at}.uplinkId`);
      if (!ext) throw badRequest(`${at} needs the uplinkId of an external network.`);
      return {
        externalNetworkId: uuidOf(ext) ?? ext,
        dedicated: bool(obj(u)?.dedicated, `${at}.dedicated`) ?? false,
        subnets: values(obj(u)?.subnets, `${at}.subnets`).map((s, si) => {
          const sat = `${at}.subnets[${si}]`;
          const gateway = str(obj(s)?.gateway, `${sat}.gateway`);
          const prefixLength = int(obj(s)?.prefixLength, `${sat}.prefixLength`);
          if (!gateway || prefixLength === undefined) throw badRequest(`${sat} needs a gateway and a prefixLength.`);
          const auto = bool(obj(s)?.autoAllocateIpRanges, `${sat}.autoAllocateIpRanges`);
          const total = int(obj(s)?.totalIpCount, `${sat}.totalIpCount`);
          return {
            gateway, prefixLength,
            primaryIp: str(obj(s)?.primaryIp, `${sat}.primaryIp`) || undefined,
            ipRanges: ipRangesOf(obj(s)?.ipRanges, `${sat}.ipRanges`),
            enabled: bool(obj(s)?.enabled, `${sat}.enabled`) ?? true,
            autoCount: auto ? total ?? 1 : undefined,
          };
        }),
      };
    }),
    edgeClusterId: str(primary?.backingId, 'edgeClusterConfig.primaryEdgeCluster.backingId') || undefined,
    distributedRoutingEnabled: bool(b.distributedRoutingEnabled, 'distributedRoutingEnabled'),
    serviceNetworkDefinition: str(b.serviceNetworkDefinition, 'serviceNetworkDefinition'),
  };
}
