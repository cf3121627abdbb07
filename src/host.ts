/**
 * What the HTTP side (app.ts, fastpath.ts, the fault gate), the control API and /_vcdsim read from the
 * simulator: the world and the engines around it. sim.ts's Simulator is one; nothing below the HTTP side
 * sees it.
 */
import type { World } from './world.js';
import type { Snapshot } from './store/types.js';
import type { Logger } from './logger.js';
import type { Latency } from './engine/latency.js';
import type { CapacityOverride } from './engine/capacity.js';
import type { FaultEngine } from './faults/engine.js';
import type { Metrics } from './observe/metrics.js';
import type { ScenarioRunner } from './scenarios/runner.js';
import type { DashboardFeed } from './dashboard/feed.js';
import type { Config } from './config.js';
import type { TwinSimulator } from './twin/whatif.js';

export interface Host extends World {
  /** The narrow view resources get. */
  readonly world: World;
  readonly log: Logger;
  readonly latency: Latency;
  readonly capacityOverrides: Map<string, CapacityOverride>;
  readonly faults: FaultEngine;
  readonly scenarios: ScenarioRunner;
  readonly metrics: Metrics;
  readonly dashboard: DashboardFeed;
  /** Back to the fixture's inventory, without fault rules or logs. */
  reset(): void;
  /** The inventory the fixture describes (what reset() returns to). */
  fixtureSnapshot(): Snapshot;
  /** Another simulator in this process (what-if and verify runs of the control API); not listening until asked. */
  spawn(config: Partial<Config>): Promise<TwinSimulator>;
}
