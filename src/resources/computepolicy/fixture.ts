/**
 * The fixture's `provider.vmGroups` (DRS VM groups of a vCenter's cluster) and `provider.computePolicies`
 * (VDC compute policies: VM sizing and placement), assigned to VDCs by name; VCD's own "System Default"
 * when the fixture declares none. VM groups and System Default draw their ids last (late).
 */
import type { ComputePolicy, VmGroup } from '../../store/types.js';
import { findByName, uniqueName, type FixtureSection } from '../fixture-section.js';

/** A DRS VM group of a vCenter's cluster: the cluster of a resource pool (default: its first). */
export interface FixtureVmGroup { name: string; vCenter?: string; resourcePool?: string }

/** A VDC compute policy (VM sizing: vCPUs, cores per socket, memory). */
export interface FixtureComputePolicy {
  name: string; description?: string; cpuCount?: number; coresPerSocket?: number; memoryMB?: number; cpuSpeedMhz?: number;
  cpuReservationGuarantee?: number; memoryReservationGuarantee?: number;
  /** A VM placement policy: the VM groups (by name) its VMs run in. */
  vmGroups?: string[];
}

export const vmGroupFixture: FixtureSection<undefined, FixtureVmGroup, VmGroup> = {
  key: 'provider.vmGroups',
  // VM groups are unique per cluster, not per list: `clusterGroups` holds vCenter/cluster/name.
  build(b, g, at, _top, clusterGroups) {
    const { snap, fail, random } = b;
    if (!g.name) fail(at, 'a VM group needs a name');
    const vc = g.vCenter === undefined ? snap.vCenter[0] : findByName(b, at, snap.vCenter, g.vCenter, 'vCenter', 'vCenters');
    if (!vc) fail(at, 'a VM group needs a vCenter (the fixture declares none)');
    const rp = g.resourcePool === undefined ? vc!.resourcePools[0] : findByName(b, at, vc!.resourcePools, g.resourcePool, 'resourcePool', `resource pools in vCenter ${vc!.name}`);
    if (!rp) fail(at, `vCenter ${vc!.name} has no resource pool`);
    const key = `${vc!.id}/${rp!.clusterMoref}/${g.name.toLowerCase()}`;
    if (clusterGroups.has(key)) fail(at, `duplicate VM group ${g.name} in cluster ${rp!.clusterMoref}`);
    clusterGroups.add(key);
    // Ids are drawn last (late), so declaring VM groups renumbers nothing else.
    const group: VmGroup = { id: '', vmGroupId: '', name: g.name, vCenterId: vc!.id, clusterMoref: rp!.clusterMoref, clusterName: rp!.name };
    b.late.push(() => Object.assign(group, { id: random.uuid(), vmGroupId: random.uuid() }));
    snap.vmGroup.push(group);
    return group;
  },
};

export const computePolicyFixture: FixtureSection<undefined, FixtureComputePolicy, ComputePolicy> = {
  key: 'provider.computePolicies',
  build(b, c, at, _top, names) {
    const { snap, fail, random } = b;
    uniqueName(b, at, names, c.name, 'compute policy');
    const count = (v: number | undefined, field: string, min: number) => {
      if (v !== undefined && (!Number.isInteger(v) || v < min)) fail(`${at}.${field}`, `${field} must be an integer of at least ${min}, not ${v}`);
      return v;
    };
    const cpuCount = count(c.cpuCount, 'cpuCount', 1);
    const coresPerSocket = count(c.coresPerSocket, 'coresPerSocket', 1);
    if (cpuCount !== undefined && coresPerSocket !== undefined && cpuCount % coresPerSocket !== 0) fail(`${at}.coresPerSocket`, `cpuCount ${cpuCount} is not a multiple of coresPerSocket ${coresPerSocket}`);
    const policy: ComputePolicy = {
      id: random.uuid(), name: c.name, description: c.description ?? '', cpuCount, coresPerSocket, memoryMB: count(c.memoryMB, 'memoryMB', 4),
      cpuSpeedMhz: count(c.cpuSpeedMhz, 'cpuSpeedMhz', 0), cpuReservationGuarantee: c.cpuReservationGuarantee, memoryReservationGuarantee: c.memoryReservationGuarantee,
    };
    if (c.name === 'System Default') policy.isSystemDefault = true;
    if (c.vmGroups?.length) {
      // A placement policy: each VM group in every provider VDC whose resource pools are in its cluster.
      const groups = snap.vmGroup;
      const maps = new Map<string, VmGroup[]>();
      c.vmGroups.forEach((name, gi) => {
        const g = findByName(b, at, groups, name, `vmGroups[${gi}]`, 'vmGroups', 'VM group');
        const pvdcs = snap.providerVdc.filter((pv) => pv.vCenterId === g.vCenterId && snap.vCenter.find((v) => v.id === pv.vCenterId)!.resourcePools
          .some((rp) => pv.resourcePools.includes(rp.moref) && rp.clusterMoref === g.clusterMoref));
        if (!pvdcs.length) fail(`${at}.vmGroups[${gi}]`, `VM group "${name}" is in no provider VDC's cluster`);
        for (const pv of pvdcs) maps.set(pv.id, [...(maps.get(pv.id) ?? []), g]);
      });
      const placement = [...maps].map(([providerVdcId]) => ({ providerVdcId, vmGroupIds: [] as string[], logicalVmGroupIds: [] as string[] }));
      policy.placement = placement;
      b.late.push(() => placement.forEach((m) => { m.vmGroupIds = maps.get(m.providerVdcId)!.map((g) => g.id); }));
    }
    snap.computePolicy.push(policy);
    return policy;
  },
  /** VCD's own "System Default" policy: the default of every VDC that names no policies of its own. */
  after(b) {
    const { snap, random } = b;
    if (snap.computePolicy.some((c) => c.isSystemDefault)) return;
    const sd: ComputePolicy = { id: '', name: 'System Default', description: 'Default Org VDC compute policy', isSystemDefault: true };
    snap.computePolicy.push(sd);
    b.late.push(() => {
      sd.id = random.uuid();
      for (const v of snap.vdc) {
        if (v.defaultComputePolicyId === '') v.defaultComputePolicyId = sd.id;
        if (v.computePolicyIds) v.computePolicyIds = v.computePolicyIds.map((id) => id || sd.id);
      }
    });
  },
};
