/** The CloudAPI VDC group body (types.VdcGroup) and DFW policies (types.DfwPolicies) → typed inputs. */
import type { Request } from 'express';
import { badRequest } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';
import { bool, jsonBody, list, obj, str } from '../cloudapi/json.js';

export interface VdcGroupInput {
  name?: string;
  description?: string;
  orgId?: string;
  /** Participating VDCs (bare UUIDs), in order. */
  vdcIds?: string[];
  networkPoolId?: string;
  networkProviderType?: string;
  type?: string;
  universalNetworkingEnabled?: boolean;
}

const bare = (id: string | undefined) => (id === undefined ? undefined : uuidOf(id) ?? id);

export function vdcGroupParams(req: Request): VdcGroupInput {
  const b = jsonBody(req);
  const participants = b.participatingOrgVdcs === undefined || b.participatingOrgVdcs === null ? undefined : list(b.participatingOrgVdcs, 'participatingOrgVdcs');
  return {
    name: str(b.name, 'name'),
    description: str(b.description, 'description'),
    orgId: bare(str(b.orgId, 'orgId') || undefined),
    vdcIds: participants?.map((p, i) => {
      const id = str(obj(obj(p)?.vdcRef)?.id, `participatingOrgVdcs[${i}].vdcRef.id`);
      if (!id) throw badRequest(`participatingOrgVdcs[${i}] needs vdcRef.id.`);
      return bare(id)!;
    }),
    networkPoolId: bare(str(b.networkPoolId, 'networkPoolId') || undefined),
    networkProviderType: str(b.networkProviderType, 'networkProviderType') || undefined,
    type: str(b.type, 'type') || undefined,
    universalNetworkingEnabled: bool(b.universalNetworkingEnabled, 'universalNetworkingEnabled'),
  };
}

export interface DfwInput {
  enabled?: boolean;
  defaultPolicy?: { name?: string; enabled?: boolean; description?: string };
}

export function dfwParams(req: Request): DfwInput {
  const b = jsonBody(req);
  const p = b.defaultPolicy === undefined || b.defaultPolicy === null ? undefined : obj(b.defaultPolicy);
  if (b.defaultPolicy !== undefined && b.defaultPolicy !== null && !p) throw badRequest('defaultPolicy must be an object.');
  return {
    enabled: bool(b.enabled, 'enabled'),
    defaultPolicy: p && { name: str(p.name, 'defaultPolicy.name'), enabled: bool(p.enabled, 'defaultPolicy.enabled'), description: str(p.description, 'defaultPolicy.description') },
  };
}

export function defaultPolicyParams(req: Request): NonNullable<DfwInput['defaultPolicy']> {
  const p = jsonBody(req);
  return { name: str(p.name, 'name'), enabled: bool(p.enabled, 'enabled'), description: str(p.description, 'description') };
}
