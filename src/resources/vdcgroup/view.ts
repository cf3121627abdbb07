/** CloudAPI VDC group models, as go-vcloud-director's types.VdcGroup, types.CandidateVdc and types.DfwPolicies read them. */
import type { World } from '../../world.js';
import type { Vdc, VdcGroup } from '../../store/types.js';
import type { FieldType } from '../../lib/fiql.js';
import { urn } from '../links.js';
import { ref } from '../cloudapi/json.js';
import { managerOfVdc } from './ops.js';

export const VDC_GROUP_FIELDS: Record<string, FieldType> = {
  id: 'ref', name: 'string', description: 'string', orgId: 'ref', status: 'string', type: 'string',
  networkProviderType: 'string', dfwEnabled: 'boolean', participatingOrgVdcCount: 'number',
};

export const CANDIDATE_FIELDS: Record<string, FieldType> = {
  id: 'ref', name: 'string', 'orgRef.id': 'ref', 'orgRef.name': 'string', networkProviderScope: 'string', faultDomainTag: 'string',
};

const siteRef = (sim: World) => ref('vcdsim', `urn:vcloud:site:${sim.siteId}`);

/** Where a VDC sits: its NSX-T manager's name (network provider scope) and its provider VDC's (fault domain). */
function placement(sim: World, vdc: Vdc) {
  const mgrId = managerOfVdc(sim, vdc);
  const mgr = mgrId ? sim.store.get('nsxtManager', mgrId) : undefined;
  const pvdc = vdc.providerVdcId ? sim.store.get('providerVdc', vdc.providerVdcId) : undefined;
  return { networkProviderScope: mgr?.name ?? '', faultDomainTag: pvdc?.name ?? mgr?.name ?? '' };
}

export function candidateVdcModel(sim: World, vdc: Vdc): Record<string, unknown> {
  const org = sim.store.get('org', vdc.orgId);
  return { id: urn('vdc', vdc.id), name: vdc.name, orgRef: ref(org?.name, urn('org', vdc.orgId)), siteRef: siteRef(sim), ...placement(sim, vdc) };
}

export function vdcGroupModel(sim: World, g: VdcGroup): Record<string, unknown> {
  const running = sim.tasks.activeFor(g.id)[0];
  const status = !running ? 'REALIZED' : running.operationName === 'vdcGroupCreate' ? 'SAVING' : 'CONFIGURING';
  return {
    id: urn('vdcGroup', g.id),
    orgId: urn('org', g.orgId),
    name: g.name,
    description: g.description,
    localEgress: false,
    participatingOrgVdcs: g.vdcIds.map((id) => {
      const vdc = sim.store.get('vdc', id);
      const org = vdc && sim.store.get('org', vdc.orgId);
      return {
        vdcRef: ref(vdc?.name, urn('vdc', id)),
        orgRef: ref(org?.name, urn('org', vdc?.orgId ?? g.orgId)),
        siteRef: siteRef(sim),
        ...(vdc ? placement(sim, vdc) : { networkProviderScope: '', faultDomainTag: '' }),
        remoteOrg: false,
        status: vdc ? (status === 'SAVING' ? 'SAVING' : 'REALIZED') : 'OBJECT_NOT_FOUND',
      };
    }),
    participatingOrgVdcCount: g.vdcIds.length,
    universalNetworkingEnabled: false,
    networkPoolUniversalId: null,
    networkPoolId: urn('networkPool', g.networkPoolId),
    status,
    type: 'LOCAL',
    networkProviderType: 'NSX_T',
    dfwEnabled: g.dfwEnabled,
    errorMessage: null,
    networkingTenancyEnabled: false,
  };
}

export function defaultPolicyModel(g: VdcGroup): Record<string, unknown> | null {
  const p = g.defaultPolicy;
  return p ? { id: p.id, name: p.name, description: '', enabled: p.enabled, version: { version: p.version } } : null;
}

export const dfwPoliciesModel = (g: VdcGroup) => ({ enabled: g.dfwEnabled, defaultPolicy: g.dfwEnabled ? defaultPolicyModel(g) : null });
