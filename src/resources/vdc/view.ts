/** Vdc, AdminVdc and VdcStorageProfile documents. */
import { networksIn } from '../vdcgroup/model.js';
import type { Actor, World } from '../../world.js';
import type { StorageProfile, Vdc } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { adminHrefOf, hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';
import { vdcUsage } from '../../engine/capacity.js';
import { supportedHardwareVersionRefs } from './hwv.js';
import { PMT } from '../provider/kind.js';
import { tasksInProgress } from '../task/view.js';
import { COMPUTE_POLICY_REFS } from '../computepolicy/model.js';
import { canRead, hasRight } from '../access.js';
import { RIGHTS } from '../../store/roles.js';

/**
 * `provider`: the caller is a System administrator (edit, enable or disable, remove, compute policies);
 * `actor`: the caller, whose access decides which ResourceEntities it is shown and the ACL links.
 */
function vdcBody(sim: World, base: string, vdc: Vdc, admin: boolean, adminLinks: boolean, provider: boolean, actor?: Actor): Doc {
  const { store } = sim;
  const href = hrefOf(base, 'vdc', vdc.id);
  const usage = vdcUsage(store, vdc);
  const networks = networksIn(store, vdc.id);
  const profiles = store.where('storageProfile', 'vdcId', vdc.id);
  const action = (name: string, type: string) => link('add', `${href}/action/${name}`, type);
  const type = admin ? MT.adminVdc : MT.vdc;
  const adminHref = adminHrefOf(base, 'vdc', vdc.id);
  const defaultPolicy = vdc.defaultComputePolicyId ? sim.store.get('computePolicy', vdc.defaultComputePolicyId) : undefined;
  return {
    '@_href': admin ? adminHrefOf(base, 'vdc', vdc.id) : href,
    '@_type': type,
    '@_id': urn('vdc', vdc.id),
    '@_name': vdc.name,
    '@_status': vdc.status ?? 1,
    Link: [
      link('up', hrefOf(base, 'org', vdc.orgId), MT.org),
      action('instantiateVAppTemplate', MT.instantiateVAppTemplateParams),
      action('composeVApp', MT.composeVAppParams),
      action('cloneVApp', MT.cloneVAppParams),
      action('createVm', MT.createVmParams),
      action('instantiateVmFromTemplate', MT.instantiateVmTemplateParams),
      link('add', `${href}/media`, MT.media),
      link('add', `${href}/disk`, MT.diskCreateParams),
      ...(admin || adminLinks ? [link('add', `${adminHrefOf(base, 'vdc', vdc.id)}/networks`, MT.orgVdcNetwork)] : []),
      ...(admin ? [link('alternate', href, MT.vdc)] : adminLinks ? [link('alternate', adminHrefOf(base, 'vdc', vdc.id), MT.adminVdc)] : []),
      link('orgVdcNetworks', `${base}/api/query?type=orgVdcNetwork&format=records&filter=vdc%3D%3D${vdc.id}`, MT.records),
      link('down', `${href}/metadata`, MT.metadata),
      ...(actor && hasRight(actor, RIGHTS.vdcViewAcl) ? [link('down', `${href}/controlAccess`, MT.controlAccess)] : []),
      ...(actor && hasRight(actor, RIGHTS.vdcEditAcl) ? [link('controlAccess', `${href}/action/controlAccess`, MT.controlAccess)] : []),
      ...(provider ? [
        link('remove', admin ? adminHref : href),
        ...(admin ? [
          link('edit', adminHref, MT.adminVdc),
          vdc.isEnabled ? link('disable', `${adminHref}/action/disable`) : link('enable', `${adminHref}/action/enable`),
          link('down', `${adminHref}/computePolicies`, COMPUTE_POLICY_REFS),
        ] : []),
      ] : []),
    ],
    Description: vdc.description,
    // The admin view carries the VDC's own tasks (creation, update, deletion), as the SDKs wait on them.
    Tasks: admin ? tasksInProgress(sim, base, vdc.id) : undefined,
    AllocationModel: vdc.allocationModel,
    ComputeCapacity: {
      Cpu: { Units: 'MHz', Allocated: vdc.cpu.allocated, Limit: vdc.cpu.limit, Reserved: vdc.cpu.reserved, Used: usage.cpuUsedMhz, Overhead: 0 },
      Memory: { Units: 'MB', Allocated: vdc.memory.allocated, Limit: vdc.memory.limit, Reserved: vdc.memory.reserved, Used: usage.memoryUsedMB, Overhead: 0 },
    },
    ResourceEntities: {
      ResourceEntity: [
        // What the caller may open: vApps it owns or that are shared with it, templates and media of catalogs it reads.
        ...store.where('vAppTemplate', 'vdcId', vdc.id).filter((t) => !actor || canRead(sim, actor, 'vAppTemplate', t))
          .map((t) => ref(hrefOf(base, 'vAppTemplate', t.id), MT.vAppTemplate, t.name, urn('vAppTemplate', t.id))),
        ...store.where('vApp', 'vdcId', vdc.id).filter((a) => !actor || canRead(sim, actor, 'vApp', a))
          .map((a) => ref(hrefOf(base, 'vApp', a.id), MT.vApp, a.name, urn('vApp', a.id))),
        ...store.where('media', 'vdcId', vdc.id).filter((m) => !actor || canRead(sim, actor, 'media', m))
          .map((m) => ref(hrefOf(base, 'media', m.id), MT.media, m.name, urn('media', m.id))),
        ...store.where('disk', 'vdcId', vdc.id).filter((d) => !actor || canRead(sim, actor, 'disk', d))
          .map((d) => ref(hrefOf(base, 'disk', d.id), MT.disk, d.name, urn('disk', d.id))),
      ],
    },
    AvailableNetworks: { Network: networks.map((n) => ref(hrefOf(base, 'network', n.id), MT.network, n.name, urn('network', n.id))) },
    Capabilities: {
      SupportedHardwareVersions: {
        SupportedHardwareVersion: supportedHardwareVersionRefs(base, vdc),
      },
    },
    NicQuota: vdc.nicQuota,
    NetworkQuota: vdc.networkQuota,
    UsedNetworkCount: networks.length,
    VmQuota: vdc.vmQuota,
    IsEnabled: vdc.isEnabled,
    VdcStorageProfiles: {
      VdcStorageProfile: profiles.map((p) => ref(hrefOf(base, 'storageProfile', p.id), MT.vdcStorageProfile, p.name, urn('storageProfile', p.id))),
    },
    VCpuInMhz2: vdc.vCpuInMhz,
    // API 33.0 and later; shown once the VDC has compute policies (the API 30.0 schemas do not know it).
    DefaultComputePolicy: defaultPolicy ? ref(hrefOf(base, 'computePolicy', defaultPolicy.id), 'application/json', defaultPolicy.name, urn('computePolicy', defaultPolicy.id)) : undefined,
  };
}

/** `adminLinks`: whether the caller may follow links to admin views (the `alternate` AdminVdc). */
export function vdcView(sim: World, base: string, vdc: Vdc, adminLinks: boolean, provider = false, actor?: Actor): Rendered {
  return { root: 'Vdc', type: MT.vdc, body: vdcBody(sim, base, vdc, false, adminLinks, provider, actor) };
}

export function adminVdcView(sim: World, base: string, vdc: Vdc, provider = false, actor?: Actor): Rendered {
  return {
    root: 'AdminVdc',
    type: MT.adminVdc,
    body: {
      ...vdcBody(sim, base, vdc, true, true, provider, actor),
      ResourceGuaranteedMemory: vdc.guaranteedMemory ?? (vdc.memory.allocated ? round(vdc.memory.reserved / vdc.memory.allocated) : 1),
      ResourceGuaranteedCpu: vdc.guaranteedCpu ?? (vdc.cpu.allocated ? round(vdc.cpu.reserved / vdc.cpu.allocated) : 0),
      VCpuInMhz: vdc.vCpuInMhz,
      IsThinProvision: true,
      NetworkPoolReference: vdc.networkPoolId
        ? ref(hrefOf(base, 'networkPool', vdc.networkPoolId), PMT.vmwNetworkPool, sim.store.get('networkPool', vdc.networkPoolId)?.name)
        : undefined,
      ProviderVdcReference: vdc.providerVdcId
        ? ref(hrefOf(base, 'providerVdc', vdc.providerVdcId), PMT.providerVdc, sim.store.get('providerVdc', vdc.providerVdcId)?.name)
        : undefined,
      UsesFastProvisioning: false,
    },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

export function storageProfileView(sim: World, base: string, p: StorageProfile): Rendered {
  const vdc = sim.store.get('vdc', p.vdcId)!;
  const used = vdcUsage(sim.store, vdc).storageByProfile.get(p.id) ?? 0;
  return {
    root: 'VdcStorageProfile',
    type: MT.vdcStorageProfile,
    body: {
      '@_href': hrefOf(base, 'storageProfile', p.id),
      '@_type': MT.vdcStorageProfile,
      '@_id': urn('storageProfile', p.id),
      '@_name': p.name,
      Link: [link('up', hrefOf(base, 'vdc', vdc.id), MT.vdc)],
      Enabled: p.isEnabled,
      Units: 'MB',
      Limit: p.limitMB,
      Default: p.isDefault,
      StorageUsedMB: used,
    },
  };
}
