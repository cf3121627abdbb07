/**
 * How long operations take, in simulated time: base + per VM + per GB of disk, with seeded jitter,
 * so a 4-VM vApp takes longer to deploy than a 1-VM one. Overridable per operation (fixture or API).
 */
import type { Random } from '../lib/random.js';
import type { LatencyModel } from '../store/types.js';

export type { LatencyModel };

/** Defaults per task operationName (simulated ms), close to what a quiet real VCD shows. */
export const DEFAULT_LATENCY: Record<string, LatencyModel> = {
  vdcInstantiateVapp: { baseMs: 8000, perVmMs: 4000, perGbMs: 20, jitter: 0.1 },
  vdcComposeVapp: { baseMs: 6000, perVmMs: 4000, perGbMs: 20, jitter: 0.1 },
  vdcRecomposeVapp: { baseMs: 5000, perVmMs: 4000, perGbMs: 20, jitter: 0.1 },
  vdcCopyVapp: { baseMs: 10000, perVmMs: 6000, perGbMs: 40, jitter: 0.1 },
  vappDeploy: { baseMs: 3000, perVmMs: 2000, perGbMs: 0, jitter: 0.1 },
  vappPowerOff: { baseMs: 2000, perVmMs: 1000, perGbMs: 0, jitter: 0.1 },
  vappUndeployPowerOff: { baseMs: 3000, perVmMs: 1500, perGbMs: 0, jitter: 0.1 },
  vappUndeploySuspend: { baseMs: 4000, perVmMs: 2000, perGbMs: 0, jitter: 0.1 },
  vappSuspend: { baseMs: 3000, perVmMs: 1500, perGbMs: 0, jitter: 0.1 },
  vappReset: { baseMs: 2000, perVmMs: 1000, perGbMs: 0, jitter: 0.1 },
  vappRebootGuest: { baseMs: 4000, perVmMs: 2000, perGbMs: 0, jitter: 0.1 },
  vappShutdownGuest: { baseMs: 4000, perVmMs: 2000, perGbMs: 0, jitter: 0.1 },
  vappDiscardSuspendedState: { baseMs: 1000, perVmMs: 500, perGbMs: 0, jitter: 0.1 },
  vdcDeleteVapp: { baseMs: 2000, perVmMs: 1000, perGbMs: 0, jitter: 0.1 },
  vappDeleteVm: { baseMs: 2000, perVmMs: 0, perGbMs: 0, jitter: 0.1 },
  vappUpdateVm: { baseMs: 3000, perVmMs: 0, perGbMs: 5, jitter: 0.1 },
  vappUpdateVapp: { baseMs: 1000, perVmMs: 0, perGbMs: 0, jitter: 0.1 },
  metadataUpdate: { baseMs: 500, perVmMs: 0, perGbMs: 0, jitter: 0.1 },
  metadataDelete: { baseMs: 500, perVmMs: 0, perGbMs: 0, jitter: 0.1 },
};
const FALLBACK: LatencyModel = { baseMs: 2000, perVmMs: 1000, perGbMs: 0, jitter: 0.1 };

export class Latency {
  private readonly models = new Map<string, LatencyModel>(Object.entries(DEFAULT_LATENCY));

  constructor(private readonly random: () => Random, overrides: Record<string, Partial<LatencyModel>> = {}) {
    for (const [op, m] of Object.entries(overrides)) this.set(op, m);
  }

  set(operationName: string, model: Partial<LatencyModel>): void {
    this.models.set(operationName, { ...(this.models.get(operationName) ?? FALLBACK), ...model });
  }

  get(operationName: string): LatencyModel {
    return this.models.get(operationName) ?? FALLBACK;
  }

  all(): Record<string, LatencyModel> {
    return Object.fromEntries(this.models);
  }

  /** Simulated duration of one run of `operationName` over `vms` VMs with `diskGb` of disk. */
  duration(operationName: string, vms: number, diskGb = 0): number {
    const m = this.get(operationName);
    const nominal = m.baseMs + m.perVmMs * vms + m.perGbMs * diskGb;
    const factor = 1 + m.jitter * (2 * this.random().next() - 1);
    return Math.max(0, Math.round(nominal * factor));
  }
}
