/**
 * The fixture's `vdcs:` of an org, with their storage profiles; once the provider side exists (its ids come
 * after the tenants'), the `provider` pass gives each its provider VDC, network pool and compute policies.
 */
import type { AllocationModel, Network, StorageProfile, Vdc } from '../../store/types.js';
import { accessFromFixture, findByName, type FixtureAccess, type FixtureMetadata, type FixtureSection } from '../fixture-section.js';
import type { OrgScope } from '../org/fixture.js';

/** An org VDC's own fields; its networks, edge gateways, vApps and disks are their kinds' sections. */
export interface FixtureVdc {
  name: string;
  description?: string;
  allocationModel?: AllocationModel;
  cpu?: { allocatedMhz?: number; limitMhz?: number; reservedMhz?: number };
  memory?: { allocatedMB?: number; limitMB?: number; reservedMB?: number };
  vCpuInMhz?: number;
  vmQuota?: number;
  nicQuota?: number;
  networkQuota?: number;
  hardwareVersion?: string;
  /** false: a disabled VDC (nothing new is created in it). */
  enabled?: boolean;
  /** A provider VDC of the `provider:` section (the first one when absent), and a network pool (the provider VDC's). */
  providerVdc?: string;
  networkPool?: string;
  /** Compute policies of the `provider:` section assigned to the VDC, and its default one (one of them). */
  computePolicies?: string[];
  defaultComputePolicy?: string;
  metadata?: FixtureMetadata;
  storageProfiles?: { name: string; limitMB?: number; default?: boolean }[];
  /** Who in the org may use the VDC besides its administrators, ReadOnly only (absent: everyone). */
  access?: FixtureAccess;
}

/** What a VDC's sections get: the VDC, its org, and what the later passes resolve. */
export interface VdcScope {
  vdc: Vdc;
  org: OrgScope;
  /** Storage profiles the fixture names, matched with the provider VDC's by the `provider` pass. */
  profiles: { at: string; sp: StorageProfile }[];
  /** natRouted networks, connected to an edge gateway of the VDC once gateways exist. */
  routed: { at: string; net: Network; gateway?: string }[];
}

const VALID_ALLOCATION: AllocationModel[] = ['AllocationVApp', 'AllocationPool', 'ReservationPool', 'Flex'];

export const vdcFixture: FixtureSection<OrgScope, FixtureVdc, VdcScope> = {
  key: 'vdcs',
  parent: 'org',
  build(b, v, vat, scope) {
    const model = v.allocationModel ?? 'AllocationVApp';
    if (!VALID_ALLOCATION.includes(model)) b.fail(vat, `allocationModel must be one of ${VALID_ALLOCATION.join(', ')}`);
    const vdc: Vdc = {
      id: b.random.uuid(), orgId: scope.org.id, name: v.name, description: v.description ?? '', allocationModel: model,
      cpu: { allocated: v.cpu?.allocatedMhz ?? 0, limit: v.cpu?.limitMhz ?? 0, reserved: v.cpu?.reservedMhz ?? 0 },
      memory: { allocated: v.memory?.allocatedMB ?? 0, limit: v.memory?.limitMB ?? 0, reserved: v.memory?.reservedMB ?? 0 },
      vCpuInMhz: v.vCpuInMhz ?? 2000, vmQuota: v.vmQuota ?? 0, nicQuota: v.nicQuota ?? 0,
      networkQuota: v.networkQuota ?? 20, isEnabled: v.enabled !== false, hardwareVersion: v.hardwareVersion ?? 'vmx-19', created: b.now,
      metadata: b.md(v.metadata, vat),
    };
    scope.vdcs.set(v.name, vdc);
    b.snap.vdc.push(vdc);
    if (v.access) vdc.acl = accessFromFixture(b, v.access, scope.users, `${vat}.access`, false, scope.groups, true);
    const self: VdcScope = { vdc, org: scope, profiles: [], routed: [] };
    const profiles = v.storageProfiles?.length ? v.storageProfiles : [{ name: '*', limitMB: 0, default: true }];
    profiles.forEach((p, pi) => {
      const sp: StorageProfile = {
        id: b.random.uuid(), vdcId: vdc.id, name: p.name, limitMB: p.limitMB ?? 0, isDefault: p.default ?? pi === 0,
        isEnabled: true,
      };
      b.snap.storageProfile.push(sp);
      if (v.storageProfiles?.length) self.profiles.push({ at: `${vat}.storageProfiles[${pi}]`, sp });
    });
    return self;
  },
  passes: {
    /** Its compute policies (System Default when it names none), provider VDC and network pool, and its profiles' provider profiles. */
    provider(b, v, at, { vdc, profiles }) {
      const { snap, fail } = b;
      const systemDefault = snap.computePolicy.find((c) => c.isSystemDefault)!;
      if (!v.computePolicies && !v.defaultComputePolicy) {
        vdc.computePolicyIds = [systemDefault.id];
        vdc.defaultComputePolicyId = systemDefault.id;
      }
      if (v.computePolicies || v.defaultComputePolicy) {
        const ids = (v.computePolicies ?? []).map((name, i) => {
          return findByName(b, at, snap.computePolicy, name, `computePolicies[${i}]`, 'compute policies', 'compute policy').id;
        });
        if (v.defaultComputePolicy !== undefined) {
          const d = snap.computePolicy.find((c) => c.name === v.defaultComputePolicy);
          if (!d || !ids.includes(d.id)) fail(`${at}.defaultComputePolicy`, `defaultComputePolicy "${v.defaultComputePolicy}" is not one of the VDC's computePolicies`);
          vdc.defaultComputePolicyId = d!.id;
        } else if (ids.includes(systemDefault.id)) {
          vdc.defaultComputePolicyId = systemDefault.id;
        }
        vdc.computePolicyIds = ids;
      }
      if (!snap.providerVdc.length) {
        if (v.providerVdc) fail(`${at}.providerVdc`, `providerVdc "${v.providerVdc}" does not exist (the fixture declares no provider VDCs)`);
        if (v.networkPool) fail(`${at}.networkPool`, `networkPool "${v.networkPool}" does not exist (the fixture declares no network pools)`);
        return;
      }
      const pvdc = v.providerVdc === undefined ? snap.providerVdc[0] : snap.providerVdc.find((p) => p.name === v.providerVdc);
      if (!pvdc) fail(`${at}.providerVdc`, `providerVdc "${v.providerVdc}" does not exist (one of: ${snap.providerVdc.map((p) => p.name).join(', ')})`);
      const pool = v.networkPool === undefined ? snap.networkPool.find((n) => n.id === pvdc!.networkPoolId) : snap.networkPool.find((n) => n.name === v.networkPool);
      if (!pool) fail(`${at}.networkPool`, `networkPool "${v.networkPool}" does not exist (one of: ${snap.networkPool.map((n) => n.name).join(', ')})`);
      vdc.providerVdcId = pvdc!.id;
      vdc.networkPoolId = pool!.id;
      const offered = snap.pvdcStorageProfile.filter((p) => p.providerVdcId === pvdc!.id);
      for (const { at: pat, sp } of profiles) {
        const match = offered.find((p) => p.name === sp.name);
        if (!match) fail(`${pat}.name`, `storage profile "${sp.name}" is not a storage profile of provider VDC ${pvdc!.name} (one of: ${offered.map((p) => p.name).join(', ')})`);
        sp.pvdcStorageProfileId = match!.id;
      }
    },
  },
};
