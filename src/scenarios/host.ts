/** What scenarios drive and check: the world, fault rules, latency models and the progress metrics. */
import type { World } from '../world.js';
import type { FaultEngine } from '../faults/engine.js';
import type { Latency } from '../engine/latency.js';
import type { Metrics } from '../observe/metrics.js';

export interface ScenarioHost extends World {
  readonly faults: FaultEngine;
  readonly latency: Latency;
  readonly metrics: Metrics;
}
