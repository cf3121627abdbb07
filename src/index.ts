/** The library entry: embed vcdsim in a test suite or another program. */
import { Simulator } from './sim.js';
import type { Config } from './config.js';

export { Simulator } from './sim.js';
export type { Config } from './config.js';
export { ControlClient, ControlApiError } from './control/client.js';

export async function createSimulator(config: Partial<Config> = {}): Promise<Simulator> {
  return Simulator.create(config);
}

export interface RunningSimulator {
  url: string;
  sim: Simulator;
  stop(): Promise<void>;
}

/** Starts a simulator on a free loopback port (unless told otherwise) and returns its URL. */
export async function startSimulator(config: Partial<Config> = {}): Promise<RunningSimulator> {
  const sim = await Simulator.create({ logLevel: 'warn', ...config });
  const url = await sim.listen(config.port ?? 0, config.host ?? '127.0.0.1');
  return { url, sim, stop: () => sim.stop() };
}
