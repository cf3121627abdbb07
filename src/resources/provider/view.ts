/**
 * Provider documents: VMWExtension and its reference lists, VimServer, ProviderVdc / VMWProviderVdc, their
 * storage profiles, network pools, external networks and NSX-T managers (legacy), and the CloudAPI models.
 */
import type { World } from '../../world.js';
import type { ExternalNetwork, NetworkPool, NsxtManager, ProviderVdc, PvdcStorageProfile, StorageProfile, VCenter } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { adminHrefOf, hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';
import { ipScope } from '../network/view.js';
import { PMT } from './kind.js';
import { vdcUsage } from '../../engine/capacity.js';

export const EXT = '/api/admin/extension';

/** What a provider VDC's org VDCs take from it: allocated and reserved compute, storage per profile, VMs' use. */
export function pvdcUsage(sim: World, p: ProviderVdc) {
  const vdcs = [...sim.store.all('vdc')].filter((v) => v.providerVdcId === p.id);
  const u = { cpuAllocated: 0, cpuReserved: 0, cpuUsed: 0, memAllocated: 0, memReserved: 0, memUsed: 0, vdcs, storageUsed: new Map<string, number>(), storageRequested: new Map<string, number>() };
  for (const v of vdcs) {
    const use = vdcUsage(sim.store, v);
    u.cpuAllocated += v.cpu.allocated || v.cpu.limit;
    u.cpuReserved += v.cpu.reserved;
    u.cpuUsed += use.cpuUsedMhz;
    u.memAllocated += v.memory.allocated || v.memory.limit;
    u.memReserved += v.memory.reserved;
    u.memUsed += use.memoryUsedMB;
    for (const sp of sim.store.where('storageProfile', 'vdcId', v.id)) {
      if (!sp.pvdcStorageProfileId) continue;
      const id = sp.pvdcStorageProfileId;
      u.storageUsed.set(id, (u.storageUsed.get(id) ?? 0) + (use.storageByProfile.get(sp.id) ?? 0));
      u.storageRequested.set(id, (u.storageRequested.get(id) ?? 0) + sp.limitMB);
    }
  }
  return u;
}

export function extensionView(base: string): Rendered {
  return {
    root: 'vmext:VMWExtension',
    type: PMT.extension,
    body: {
      '@_href': `${base}${EXT}`,
      '@_type': PMT.extension,
      Link: [
        link('down', `${base}${EXT}/vimServerReferences`, PMT.vimServerRefs),
        link('down', `${base}${EXT}/providerVdcReferences`, PMT.providerVdcRefs),
        link('down', `${base}${EXT}/externalNetworkReferences`, PMT.externalNetworkRefs),
        link('down', `${base}${EXT}/networkPoolReferences`, PMT.networkPoolRefs),
        link('down', `${base}/api/query?type=nsxTManager&format=references`, MT.references),
      ],
    },
  };
}

/** A `vmext:VMW…References` list. */
export function referencesView(base: string, path: string, root: string, type: string, element: string, refs: Doc[]): Rendered {
  return {
    root: `vmext:${root}`,
    type,
    body: { '@_href': `${base}${path}`, '@_type': type, [`vmext:${element}`]: refs },
  };
}

export const vimServerRef = (base: string, v: VCenter) => ref(hrefOf(base, 'vCenter', v.id), PMT.vimServer, v.name, urn('vCenter', v.id));
export const pvdcRef = (base: string, p: ProviderVdc) => ref(hrefOf(base, 'providerVdc', p.id), PMT.providerVdc, p.name, urn('providerVdc', p.id));
export const networkPoolRef = (base: string, n: NetworkPool) => ref(hrefOf(base, 'networkPool', n.id), PMT.vmwNetworkPool, n.name, urn('networkPool', n.id));
export const externalNetworkRef = (base: string, n: ExternalNetwork) =>
  ref(hrefOf(base, 'externalNetwork', n.id), PMT.externalNetwork, n.name, urn('externalNetwork', n.id));

export function vimServerView(base: string, v: VCenter): Rendered {
  const href = hrefOf(base, 'vCenter', v.id);
  return {
    root: 'vmext:VimServer',
    type: PMT.vimServer,
    body: {
      '@_href': href, '@_type': PMT.vimServer, '@_id': urn('vCenter', v.id), '@_name': v.name,
      Link: [link('up', `${base}${EXT}/vimServerReferences`, PMT.vimServerRefs)],
      Description: v.description || undefined,
      'vmext:Username': v.username,
      'vmext:Url': v.url,
      'vmext:IsEnabled': v.isEnabled,
      'vmext:IsConnected': true,
      'vmext:Uuid': v.instanceUuid,
      'vmext:VcVersion': v.version,
      'vmext:UseVsphereService': false,
    },
  };
}

const vimObjectRef = (base: string, vc: VCenter, moref: string, type: string): Doc => ({
  'vmext:VimServerRef': vimServerRef(base, vc),
  'vmext:MoRef': moref,
  'vmext:VimObjectType': type,
});

/** Datastores are not modelled: one per storage profile, named after it. */
const datastoreMoref = (sp: PvdcStorageProfile, i: number) => `datastore-${2001 + i}`;

function pvdcBody(sim: World, base: string, p: ProviderVdc, extended: boolean): Doc {
  const { store } = sim;
  const vc = store.get('vCenter', p.vCenterId)!;
  const profiles = store.where('pvdcStorageProfile', 'providerVdcId', p.id);
  const usage = pvdcUsage(sim, p);
  const type = extended ? PMT.vmwProviderVdc : PMT.providerVdc;
  const body: Doc = {
    '@_href': extended ? `${base}${EXT}/providervdc/${p.id}` : hrefOf(base, 'providerVdc', p.id),
    '@_type': type,
    '@_id': urn('providerVdc', p.id),
    '@_name': p.name,
    '@_status': 1,
    Link: [
      link('up', `${base}/api/admin`, MT.adminVcloud),
      extended ? link('alternate', hrefOf(base, 'providerVdc', p.id), PMT.providerVdc) : link('alternate', `${base}${EXT}/providervdc/${p.id}`, PMT.vmwProviderVdc),
    ],
    Description: p.description || undefined,
    ComputeCapacity: {
      Cpu: { Units: 'MHz', Allocation: usage.cpuAllocated, Reserved: usage.cpuReserved, Total: p.cpuTotalMhz, Used: usage.cpuUsed, Overhead: 0 },
      Memory: { Units: 'MB', Allocation: usage.memAllocated, Reserved: usage.memReserved, Total: p.memoryTotalMB, Used: usage.memUsed, Overhead: 0 },
      IsElastic: false,
      IsHA: false,
    },
    AvailableNetworks: {
      Network: p.externalNetworkIds.map((id) => store.get('externalNetwork', id)).filter((n) => n !== undefined).map((n) => externalNetworkRef(base, n!)),
    },
    StorageProfiles: {
      ProviderVdcStorageProfile: profiles.map((sp) =>
        ref(hrefOf(base, 'pvdcStorageProfile', sp.id), PMT.pvdcStorageProfile, sp.name, urn('pvdcStorageProfile', sp.id))),
    },
    Vdcs: { Vdc: usage.vdcs.map((v) => ref(adminHrefOf(base, 'vdc', v.id), MT.adminVdc, v.name, urn('vdc', v.id))) },
    IsEnabled: p.isEnabled,
    NetworkPoolReferences: {
      NetworkPoolReference: [store.get('networkPool', p.networkPoolId)].filter((n) => n !== undefined).map((n) => networkPoolRef(base, n!)),
    },
  };
  if (!extended) return body;
  return {
    ...body,
    'vmext:DataStoreRefs': { 'vmext:VimObjectRef': profiles.map((sp, i) => vimObjectRef(base, vc, datastoreMoref(sp, i), 'DATASTORE')) },
    'vmext:ResourcePoolRefs': { 'vmext:VimObjectRef': p.resourcePools.map((m) => vimObjectRef(base, vc, m, 'RESOURCE_POOL')) },
    'vmext:VimServer': [vimServerRef(base, vc)],
    'vmext:HighestSupportedHardwareVersion': p.highestHardwareVersion,
  };
}

export function providerVdcView(sim: World, base: string, p: ProviderVdc): Rendered {
  return { root: 'ProviderVdc', type: PMT.providerVdc, body: pvdcBody(sim, base, p, false) };
}

export function vmwProviderVdcView(sim: World, base: string, p: ProviderVdc): Rendered {
  return { root: 'vmext:VMWProviderVdc', type: PMT.vmwProviderVdc, body: pvdcBody(sim, base, p, true) };
}

function pvdcStorageProfileBody(sim: World, base: string, sp: PvdcStorageProfile, extended: boolean): Doc {
  const p = sim.store.get('providerVdc', sp.providerVdcId)!;
  const type = extended ? PMT.vmwPvdcStorageProfile : PMT.pvdcStorageProfile;
  return {
    '@_href': extended ? `${base}${EXT}/pvdcStorageProfile/${sp.id}` : hrefOf(base, 'pvdcStorageProfile', sp.id),
    '@_type': type,
    '@_id': urn('pvdcStorageProfile', sp.id),
    '@_name': sp.name,
    Link: [link('up', hrefOf(base, 'providerVdc', p.id), PMT.providerVdc)],
    Enabled: sp.isEnabled,
    Units: 'MB',
    CapacityTotal: sp.totalMB,
    CapacityUsed: pvdcUsage(sim, p).storageUsed.get(sp.id) ?? 0,
  };
}

export function pvdcStorageProfileView(sim: World, base: string, sp: PvdcStorageProfile): Rendered {
  return { root: 'ProviderVdcStorageProfile', type: PMT.pvdcStorageProfile, body: pvdcStorageProfileBody(sim, base, sp, false) };
}

export function vmwPvdcStorageProfileView(sim: World, base: string, sp: PvdcStorageProfile): Rendered {
  const p = sim.store.get('providerVdc', sp.providerVdcId)!;
  const vc = sim.store.get('vCenter', p.vCenterId)!;
  return {
    root: 'vmext:VMWProviderVdcStorageProfile',
    type: PMT.vmwPvdcStorageProfile,
    body: { ...pvdcStorageProfileBody(sim, base, sp, true), 'vmext:VimStorageProfile': vimObjectRef(base, vc, `storage-profile-${sp.id.slice(0, 8)}`, 'STORAGE_PROFILE') },
  };
}

export function networkPoolView(sim: World, base: string, n: NetworkPool): Rendered {
  return {
    root: 'vmext:VMWNetworkPool',
    type: PMT.vmwNetworkPool,
    body: {
      '@_href': hrefOf(base, 'networkPool', n.id), '@_type': PMT.vmwNetworkPool, '@_id': urn('networkPool', n.id), '@_name': n.name,
      '@_status': 1,
      Link: [link('up', `${base}${EXT}/networkPoolReferences`, PMT.networkPoolRefs)],
      Description: n.description || undefined,
    },
  };
}

export function externalNetworkView(sim: World, base: string, n: ExternalNetwork): Rendered {
  return {
    root: 'vmext:VMWExternalNetwork',
    type: PMT.externalNetwork,
    body: {
      '@_href': hrefOf(base, 'externalNetwork', n.id), '@_type': PMT.externalNetwork, '@_id': urn('externalNetwork', n.id), '@_name': n.name,
      Link: [link('up', `${base}${EXT}/externalNetworkReferences`, PMT.externalNetworkRefs)],
      Description: n.description || undefined,
      Configuration: {
        IpScopes: { IpScope: n.subnets.map((s) => ipScope(s, false)) },
        FenceMode: 'isolated',
        RetainNetInfoAcrossDeployments: false,
      },
    },
  };
}

/** The NSX-T manager document (VCD serves it newer than the published XSDs; clients read its JSON form). */
export function nsxtManagerView(base: string, m: NsxtManager): Rendered {
  return {
    root: 'vmext:NsxTManager',
    type: PMT.nsxtManager,
    body: {
      '@_href': hrefOf(base, 'nsxtManager', m.id), '@_type': PMT.nsxtManager, '@_id': urn('nsxtManager', m.id), '@_name': m.name,
      Description: m.description || undefined,
      'vmext:Username': m.username,
      'vmext:Url': m.url,
      'vmext:DeploymentType': 'PRIMARY',
      'vmext:Version': m.version,
    },
  };
}

/** AdminVdcStorageProfile: the admin view of an org VDC storage profile, with the provider VDC storage profile. */
export function adminVdcStorageProfileView(sim: World, base: string, sp: StorageProfile): Rendered {
  const vdc = sim.store.get('vdc', sp.vdcId)!;
  const used = vdcUsage(sim.store, vdc).storageByProfile.get(sp.id) ?? 0;
  const pvdcSp = sp.pvdcStorageProfileId ? sim.store.get('pvdcStorageProfile', sp.pvdcStorageProfileId) : undefined;
  return {
    root: 'AdminVdcStorageProfile',
    type: PMT.adminVdcStorageProfile,
    body: {
      '@_href': `${base}/api/admin/vdcStorageProfile/${sp.id}`,
      '@_type': PMT.adminVdcStorageProfile,
      '@_id': urn('storageProfile', sp.id),
      '@_name': sp.name,
      Link: [link('up', adminHrefOf(base, 'vdc', vdc.id), MT.adminVdc), link('alternate', hrefOf(base, 'storageProfile', sp.id), MT.vdcStorageProfile)],
      Enabled: sp.isEnabled,
      Units: 'MB',
      Limit: sp.limitMB,
      Default: sp.isDefault,
      StorageUsedMB: used,
      ProviderVdcStorageProfile: pvdcSp &&
        ref(hrefOf(base, 'pvdcStorageProfile', pvdcSp.id), PMT.pvdcStorageProfile, pvdcSp.name, urn('pvdcStorageProfile', pvdcSp.id)),
    },
  };
}
