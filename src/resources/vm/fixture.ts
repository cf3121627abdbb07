/**
 * A VM in the fixture format, as vApps (`vapps[].vms`) and templates (`templates[].vms`) hold it: its shape,
 * its NICs and (vApp VMs) the snapshot it holds, loaded like one taken with `createSnapshot`.
 */
import type { Random } from '../../lib/random.js';
import type { Nic, TemplateVm, Vm, VmSnapshot } from '../../store/types.js';
import { Status } from '../../store/types.js';
import type { FixtureMetadata } from '../fixture-section.js';

export interface FixtureVm {
  name: string;
  description?: string;
  os?: string;
  cpus?: number;
  coresPerSocket?: number;
  memoryMB?: number;
  disksMB?: number[];
  nics?: number;
  hardwareVersion?: string;
  metadata?: FixtureMetadata;
  /** Guest computer name (default: the name, cut to 15 characters). */
  computerName?: string;
  /** VM storage profile of the VDC, by name (default: the VDC's default profile). vApp VMs only. */
  storageProfile?: string;
  /** A VDC compute policy of the `provider:` section, assigned to the VDC, sizing the VM (vApps only). */
  sizingPolicy?: string;
  /** NICs one by one, instead of `nics`: network (vApp VMs: an org VDC network of the VDC), exact IP and MAC. */
  nicList?: FixtureNic[];
  /** The snapshot the VM holds (vApp VMs only). */
  snapshot?: FixtureSnapshot;
}

/** One NIC as a captured inventory knows it. */
export interface FixtureNic {
  network?: string;
  ip?: string;
  mac?: string;
  mode?: Nic['mode'];
  connected?: boolean;
  adapter?: string;
  primary?: boolean;
  /** The vApp network's name when it differs from the org VDC network it is bridged to (vApp VMs). */
  vappNetwork?: string;
}

/** How a fixture VM is running: on (deployed), off (undeployed) or suspended (deployed). */
export type FixturePower = 'on' | 'off' | 'suspended';

/** A VM's shape as a template holds it (a vApp VM starts from it): ids and MACs drawn here, in this order. */
export function templateVm(vm: FixtureVm, index: number, network: string, random: Random, hw: string): TemplateVm {
  const disks = (vm.disksMB ?? [16384]).map((sizeMB, unit) => ({
    instanceId: 2000 + unit, sizeMB, busType: 6, busSubType: 'VirtualSCSI', unit, bus: 0,
  }));
  const nics: Nic[] = vm.nicList
    ? vm.nicList.map((n, i) => ({
      index: i, network: n.network ?? network, connected: n.connected ?? true, mode: n.mode ?? 'POOL', mac: n.mac ?? random.mac(),
      adapter: n.adapter ?? 'VMXNET3', primary: n.primary ?? i === 0,
    }))
    : Array.from({ length: vm.nics ?? 1 }, (_, i) => ({
      index: i, network, connected: true, mode: 'POOL' as const, mac: random.mac(), adapter: 'VMXNET3', primary: i === 0,
    }));
  return {
    id: random.uuid(), localId: `vm-${index + 1}`, name: vm.name, description: vm.description ?? '',
    osType: vm.os ?? 'other4xLinux64Guest', cpus: vm.cpus ?? 1, coresPerSocket: vm.coresPerSocket ?? 1,
    memoryMB: vm.memoryMB ?? 1024, hardwareVersion: vm.hardwareVersion ?? hw, disks, nics,
    computerName: vm.computerName ?? vm.name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 15), cpuHotAdd: false, memoryHotAdd: false,
  };
}

/** The snapshot a vApp VM holds, as a captured inventory knows it. */
export interface FixtureSnapshot {
  /** When it was taken (ISO 8601, not after the load); the load time when absent. */
  created?: string;
  /** Storage it takes in MB; as `createSnapshot` would count it when absent (1% of each disk, plus the memory with `memory`). */
  sizeMB?: number;
  /** Whether the VM was running when it was taken; its power state when absent. */
  poweredOn?: boolean;
  /** Whether it holds the VM's memory (only a snapshot of a running VM can); false when absent. */
  memory?: boolean;
}

const KEYS = new Set(['created', 'sizeMB', 'poweredOn', 'memory']);

/** The snapshot a fixture declares for a VM just built from it; `fail` names the place and the problem. */
export function snapshotFromFixture(s: FixtureSnapshot, vm: Vm, now: string, fail: (what: string) => never): VmSnapshot {
  if (!s || typeof s !== 'object' || Array.isArray(s)) fail('a snapshot is a map (created, sizeMB, poweredOn, memory)');
  const unknown = Object.keys(s).filter((k) => !KEYS.has(k));
  if (unknown.length) fail(`unknown snapshot field ${unknown.join(', ')}: use created, sizeMB, poweredOn, memory`);
  for (const k of ['poweredOn', 'memory'] as const) {
    if (s[k] !== undefined && typeof s[k] !== 'boolean') fail(`snapshot ${k} must be true or false, got ${JSON.stringify(s[k])}`);
  }
  const running = vm.status === Status.POWERED_ON;
  const poweredOn = s.poweredOn ?? running;
  const memory = s.memory ?? false;
  if (memory && !poweredOn) fail('a snapshot with memory must be of a running VM (poweredOn: true)');
  let created = now;
  if (s.created !== undefined) {
    const t = typeof s.created === 'string' ? Date.parse(s.created) : NaN;
    if (Number.isNaN(t)) fail(`snapshot created must be an ISO 8601 date, got ${JSON.stringify(s.created)}`);
    if (t > Date.parse(now)) fail(`snapshot created (${s.created}) is after the inventory's load time (${now})`);
    created = new Date(t).toISOString();
  }
  const delta = vm.disks.reduce((sum, d) => sum + Math.max(1, Math.ceil(d.sizeMB / 100)), 0);
  const sizeMB = s.sizeMB ?? delta + (memory ? vm.memoryMB : 0);
  if (!Number.isInteger(sizeMB) || sizeMB < 1) fail(`snapshot sizeMB must be a positive whole number of MB, got ${JSON.stringify(s.sizeMB)}`);
  // What a revert brings back: the hardware as loaded, running only with memory of a running VM.
  const state = poweredOn ? { status: Status.POWERED_ON, deployed: true } : { status: Status.POWERED_OFF, deployed: vm.deployed && !running };
  return {
    created, poweredOn, memory, quiesce: false, sizeMB,
    state: structuredClone({ ...state, cpus: vm.cpus, coresPerSocket: vm.coresPerSocket, memoryMB: vm.memoryMB, disks: vm.disks, hardwareVersion: vm.hardwareVersion }),
  };
}
