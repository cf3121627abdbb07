#!/usr/bin/env node
/** The `vcdsim` command: flags and VCDSIM_* environment variables → config → a listening simulator. */
import type { Config } from './config.js';
import { configFrom, HELP } from './cli-config.js';
import { Simulator } from './sim.js';
import { loadScenarioFile } from './scenarios/loader.js';
import { formatReport, type ScenarioRun } from './scenarios/runner.js';
import type { Scenario } from './scenarios/schema.js';
import { twinCommand } from './twin/cli.js';

async function main(): Promise<void> {
  const twin = twinCommand(process.argv.slice(2));
  if (twin) process.exit(await twin);
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
  let scenario: Scenario | undefined;
  try {
    // A scenario with mistakes stops the start, before anything listens.
    if (config.scenario) scenario = loadScenarioFile(config.scenario);
    sim = await Simulator.create(config);
  } catch (e) {
    process.stderr.write(`vcdsim: ${(e as Error).message}\n`);
    process.exit(1);
  }
  // Before anything is announced: a signal that arrives with the listening line must still stop gracefully.
  const shutdown = (signal: string) => {
    sim.log.info('shutting down', { signal });
    sim.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  sim.metrics.collectProcessMetrics();
  const url = await sim.listen();
  process.stdout.write(`vcdsim listening on ${url}\n`);
  announce(sim, url);
  if (scenario) playScenario(sim, scenario, config.exitAfterScenario);
}

/** Where everything is (on stderr, after the listening line that scripts parse). */
function announce(sim: Simulator, url: string): void {
  // Bound to every interface: a browser on this machine reaches it as localhost.
  const local = url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//localhost');
  sim.log.info('VCD API', { url: `${local}/api`, login: `${local}/cloudapi/1.0.0/sessions` });
  sim.log.info('dashboard', { url: `${local}/_vcdsim/ui` });
  sim.log.info('metrics', { url: `${local}/_vcdsim/metrics`, health: `${local}/_vcdsim/health` });
}

/** Plays the --scenario; at clock speed 0 it fast-forwards, since nothing else would move time. */
function playScenario(sim: Simulator, scenario: Scenario, exitAfter: boolean): void {
  const frozen = (scenario.speed ?? sim.clock.speed) === 0;
  let run: ScenarioRun;
  try {
    run = sim.scenarios.start(scenario, { fastForward: frozen, onProgress: (line) => process.stdout.write(`${line}\n`) });
  } catch (e) {
    process.stderr.write(`vcdsim: ${(e as Error).message}\n`);
    sim.stop().then(() => process.exit(1), () => process.exit(1));
    return;
  }
  void run.done.then((report) => {
    process.stdout.write(formatReport(report));
    if (exitAfter) sim.stop().then(() => process.exit(report.status === 'passed' ? 0 : 1), () => process.exit(1));
  });
}

await main();
