/** The library entry: embed vcdsim in a test suite or another program. */
import { Simulator } from './sim.js';
import type { Config } from './config.js';
import { ControlClient } from './control/client.js';

export { Simulator } from './sim.js';
export { ControlClient, ControlApiError } from './control/client.js';
export type { Config, LogFormat, LogLevel } from './config.js';
export type { Metrics, ScenarioProgress, ScenarioState } from './observe/metrics.js';
export type { DashboardState } from './dashboard/state.js';

export async function createSimulator(config: Partial<Config> = {}): Promise<Simulator> {
  return Simulator.create(config);
}

/** A simulator serving on a port, as startSimulator() returns it. */
export interface RunningSimulator {
  /** Base URL to point a VCD client at, e.g. `http://127.0.0.1:41873`. */
  url: string;
  /** The simulator itself: store, clock (with `speed: 0`, advance it by hand), tasks, metrics. */
  sim: Simulator;
  /** The control API (faults, scenarios, clock, reset, snapshots, logs) of this instance. */
  control: ControlClient;
  /** Stops listening, lets requests in flight finish and flushes pending writes. */
  stop(): Promise<void>;
}

/** Starts a simulator on a free loopback port (unless told otherwise) and returns its URL. */
export async function startSimulator(config: Partial<Config> = {}): Promise<RunningSimulator> {
  const sim = await Simulator.create({ logLevel: 'warn', ...config });
  const url = await sim.listen(config.port ?? 0, config.host ?? '127.0.0.1');
  return { url, sim, control: new ControlClient(url), stop: () => sim.stop() };
}

export { capture, NOT_CAPTURABLE, type CaptureOptions, type CaptureResult } from './twin/capture.js';
export { record, type Recorder, type RecordOptions, type Exchange } from './twin/record.js';
export { replay, formatReplay, type ReplayReport, type ReplayResult } from './twin/replay.js';
export { diffInventories as diff, formatDiff, inventoryFrom, type InventoryDiff, type DiffOptions } from './twin/diff.js';

import { whatIf as whatIfOn, type WhatIfOptions, type WhatIfReport } from './twin/whatif.js';
import { verify as verifyOn, type VerifyOptions, type VerifyReport } from './twin/verify.js';
export { formatWhatIf, type WhatIfOptions, type WhatIfReport } from './twin/whatif.js';
export { formatVerify, fitLatency, writeLatency, type VerifyOptions, type VerifyReport } from './twin/verify.js';

/** A planned change (a scenario) against a fixture, beside a baseline without it, in process (twin/whatif.ts). */
export function whatIf(opts: WhatIfOptions): Promise<WhatIfReport> {
  return whatIfOn((c) => Simulator.create(c), opts);
}

/** A recording replayed on a twin started from a fixture: predicted vs observed task durations (twin/verify.ts). */
export function verify(opts: VerifyOptions): Promise<VerifyReport> {
  return verifyOn((c) => Simulator.create(c), opts);
}
