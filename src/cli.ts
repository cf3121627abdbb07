#!/usr/bin/env node
/** The `vcdsim` command: flags and VCDSIM_* environment variables → config → a listening simulator. */
import type { Config } from './config.js';
import { configFrom, HELP } from './cli-config.js';
import { Simulator } from './sim.js';

async function main(): Promise<void> {
  let config: Config | 'help';
  try {
    config = configFrom(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`vcdsim: ${(e as Error).message}\nRun vcdsim --help for the options.\n`);
    process.exit(2);
  }
  if (config === 'help') {
    process.stdout.write(HELP);
    return;
  }
  let sim: Simulator;
  try {
    sim = await Simulator.create(config);
  } catch (e) {
    process.stderr.write(`vcdsim: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const url = await sim.listen();
  process.stdout.write(`vcdsim listening on ${url}\n`);
  const shutdown = (signal: string) => {
    sim.log.info('shutting down', { signal });
    sim.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

await main();
