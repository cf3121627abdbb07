/**
 * VM snapshots in the fixture format: a vApp VM (or a whole vApp, for each of its VMs) may declare the
 * snapshot it holds, as a captured inventory knows it. Loaded like one taken with `createSnapshot`.
 */
import type { Vm, VmSnapshot } from './types.js';
import { Status } from './types.js';

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
