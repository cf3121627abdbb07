/**
 * The fixture's `provider:` side (System administrators only): vCenters, NSX-T managers (and their segments),
 * network pools, external networks and provider VDCs. Its ids come after every tenant entity, so declaring it
 * never renumbers the tenants; references between its entities are by name, checked here.
 */
import type { ExternalNetwork, NetworkPool, NsxtManager, ProviderVdc, PvdcStorageProfile, VCenter } from '../../store/types.js';
import { findByName, uniqueName, type FixtureSection, type FixtureSubnet } from '../fixture-section.js';

export interface FixtureVCenter {
  name: string; description?: string; url?: string; username?: string; version?: string; enabled?: boolean;
  resourcePools?: { name: string; moref?: string; cluster?: string }[];
}

export interface FixtureNsxtManager {
  name: string; description?: string; url?: string; username?: string; version?: string;
  tier0Routers?: { name: string; description?: string }[];
  edgeClusters?: { name: string; description?: string }[];
  /** Segments made in NSX-T that org VDC networks may import (OPAQUE). */
  segments?: { name: string; description?: string }[];
}

export interface FixtureNetworkPool { name: string; description?: string; nsxtManager: string; transportZone?: string }

export interface FixtureExternalNetwork { name: string; description?: string; nsxtManager: string; tier0Router: string; subnets?: FixtureSubnet[] }

export interface FixtureProviderVdc {
  name: string; description?: string; vCenter: string; resourcePools?: string[]; networkPool: string;
  externalNetworks?: string[]; cpuMhz?: number; memoryMB?: number; highestHardwareVersion?: string; enabled?: boolean;
  storageProfiles?: { name: string; totalMB?: number; enabled?: boolean }[];
}

export const vCenterFixture: FixtureSection<undefined, FixtureVCenter, VCenter> = {
  key: 'provider.vCenters',
  build(b, v, at, _top, names) {
    uniqueName(b, at, names, v.name, 'vCenter');
    // Resource pools are numbered across vCenters.
    let moref = 1000 + b.snap.vCenter.reduce((n, c) => n + c.resourcePools.length, 0);
    const vc: VCenter = {
      id: b.random.uuid(), name: v.name, description: v.description ?? '', url: v.url ?? `https://${v.name}.vcdsim.local`,
      username: v.username ?? 'administrator@vsphere.local', version: v.version ?? '8.0.2', instanceUuid: b.random.uuid(),
      isEnabled: v.enabled ?? true,
      resourcePools: (v.resourcePools ?? []).map((r, ri) => {
        if (!r.name) b.fail(`${at}.resourcePools[${ri}]`, 'a resource pool needs a name');
        const n = ++moref;
        return { name: r.name, moref: r.moref ?? `resgroup-${n}`, clusterMoref: r.cluster ?? `domain-c${n}` };
      }),
    };
    b.snap.vCenter.push(vc);
    return vc;
  },
};

export const nsxtManagerFixture: FixtureSection<undefined, FixtureNsxtManager, NsxtManager> = {
  key: 'provider.nsxtManagers',
  build(b, m, at, _top, names) {
    uniqueName(b, at, names, m.name, 'NSX-T manager');
    const objects = (list: { name: string; description?: string }[] | undefined, what: string) =>
      (list ?? []).map((o, oi) => {
        if (!o.name) b.fail(`${at}.${what}[${oi}]`, 'a name is required');
        return { id: b.random.uuid(), name: o.name, description: o.description ?? '' };
      });
    const mgr: NsxtManager = {
      id: b.random.uuid(), name: m.name, description: m.description ?? '', url: m.url ?? `https://${m.name}.vcdsim.local`,
      username: m.username ?? 'admin', version: m.version ?? '4.1.2.0.0', tier0Routers: objects(m.tier0Routers, 'tier0Routers'),
      edgeClusters: objects(m.edgeClusters, 'edgeClusters'),
    };
    b.snap.nsxtManager.push(mgr);
    return mgr;
  },
  passes: {
    /** Its NSX-T segments (importable as OPAQUE org VDC networks), drawn last so that they renumber nothing else. */
    segments(b, m, mat, mgr) {
      if (!m.segments) return;
      const at = `${mat}.segments`;
      if (!Array.isArray(m.segments)) b.fail(at, 'segments must be a list');
      const seen = new Set<string>();
      mgr.segments = m.segments.map((s, si) => {
        if (!s?.name) b.fail(`${at}[${si}]`, 'a segment needs a name');
        if (seen.has(s.name.toLowerCase())) b.fail(`${at}[${si}]`, `duplicate segment name ${s.name}`);
        seen.add(s.name.toLowerCase());
        return { id: b.random.uuid(), name: s.name, description: s.description ?? '' };
      });
    },
  },
};

export const networkPoolFixture: FixtureSection<undefined, FixtureNetworkPool, NetworkPool> = {
  key: 'provider.networkPools',
  build(b, n, at, _top, names) {
    uniqueName(b, at, names, n.name, 'network pool');
    const mgr = findByName(b, at, b.snap.nsxtManager, n.nsxtManager, 'nsxtManager', 'NSX-T managers');
    const pool: NetworkPool = {
      id: b.random.uuid(), name: n.name, description: n.description ?? '', nsxtManagerId: mgr.id,
      transportZone: n.transportZone ?? 'nsx-overlay-transportzone',
    };
    b.snap.networkPool.push(pool);
    return pool;
  },
};

export const externalNetworkFixture: FixtureSection<undefined, FixtureExternalNetwork, ExternalNetwork> = {
  key: 'provider.externalNetworks',
  build(b, n, at, _top, names) {
    uniqueName(b, at, names, n.name, 'external network');
    const mgr = findByName(b, at, b.snap.nsxtManager, n.nsxtManager, 'nsxtManager', 'NSX-T managers');
    const t0 = findByName(b, at, mgr.tier0Routers, n.tier0Router, 'tier0Router', `tier-0 routers in NSX-T manager ${mgr.name}`);
    (n.subnets ?? []).forEach((s, si) => {
      if (!s.gateway) b.fail(`${at}.subnets[${si}]`, 'a subnet needs a gateway');
    });
    const ext: ExternalNetwork = {
      id: b.random.uuid(), name: n.name, description: n.description ?? '', nsxtManagerId: mgr.id, tier0RouterId: t0.id,
      subnets: (n.subnets ?? []).map((s) => ({
        gateway: s.gateway, prefixLength: s.prefixLength ?? 24, dns1: s.dns1 ?? '', dns2: s.dns2 ?? '', dnsSuffix: s.dnsSuffix ?? '',
        ipRanges: s.ipRanges ?? [],
      })),
    };
    b.snap.externalNetwork.push(ext);
    return ext;
  },
};

export const providerVdcFixture: FixtureSection<undefined, FixtureProviderVdc, ProviderVdc> = {
  key: 'provider.providerVdcs',
  build(b, v, at, _top, seen) {
    const { snap, fail, random } = b;
    uniqueName(b, at, seen, v.name, 'provider VDC');
    const vc = findByName(b, at, snap.vCenter, v.vCenter, 'vCenter', 'vCenters');
    const pools = (v.resourcePools ?? vc.resourcePools.slice(0, 1).map((r) => r.name)).map((name) =>
      findByName(b, at, vc.resourcePools, name, 'resourcePool', `resource pools in vCenter ${vc.name}`).moref);
    if (!pools.length) fail(at, `a provider VDC needs a resource pool (vCenter ${vc.name} has none)`);
    const netPool = findByName(b, at, snap.networkPool, v.networkPool, 'networkPool', 'network pools');
    const exts = (v.externalNetworks ?? []).map((name) => findByName(b, at, snap.externalNetwork, name, 'externalNetwork', 'external networks').id);
    const hw = v.highestHardwareVersion ?? 'vmx-19';
    if (!/^vmx-\d+$/.test(hw)) fail(at, `highestHardwareVersion must look like vmx-19, not "${hw}"`);
    const pvdc: ProviderVdc = {
      id: random.uuid(), name: v.name, description: v.description ?? '', vCenterId: vc.id, resourcePools: pools,
      nsxtManagerId: netPool.nsxtManagerId, networkPoolId: netPool.id, externalNetworkIds: exts,
      cpuTotalMhz: v.cpuMhz ?? 0, memoryTotalMB: v.memoryMB ?? 0, highestHardwareVersion: hw, isEnabled: v.enabled ?? true,
    };
    snap.providerVdc.push(pvdc);
    const names = new Set<string>();
    (v.storageProfiles ?? []).forEach((sp, si) => {
      uniqueName(b, `${at}.storageProfiles[${si}]`, names, sp.name, 'storage profile');
      const profile: PvdcStorageProfile = {
        id: random.uuid(), providerVdcId: pvdc.id, name: sp.name, totalMB: sp.totalMB ?? 0, isEnabled: sp.enabled ?? true,
      };
      snap.pvdcStorageProfile.push(profile);
    });
    return pvdc;
  },
};
