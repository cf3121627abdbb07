#!/usr/bin/env node
/** The `vcdsim` command: flags and VCDSIM_* environment variables → config → a listening simulator. */
import type { Config } from './config.js';
import { configFrom, HELP } from './cli-config.js';
import { Simulator } from './sim.js';
import { loadScenarioFile } from './scenarios/loader.js';
import { formatReport, type ScenarioRun } from './scenarios/runner.js';
import type { Scenario } from './scenarios/schema.js';
import { twinCommand } from './twin/cli.js';
import { randomBytes } from 'node:crypto';
import { isLoopbackHost } from './lib/loopback.js';
import { VERSION } from './observe/version.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'ctl') {
    const { ctl } = await import('./ctl.js');
    process.exit(await ctl(argv.slice(1), process.env));
  }
  const twin = twinCommand(argv, (c) => Simulator.create(c));
  if (twin) process.exit(await twin);
  let config: Config | 'help' | 'version';
  try {
    config = configFrom(argv, process.env);
  } catch (e) {
    process.stderr.write(`vcdsim: ${(e as Error).message}\nRun vcdsim --help for the options.\n`);
    process.exit(2);
  }
  if (config === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (config === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  // Reachable from other machines (a container's 0.0.0.0) with neither a token nor --control-open: the
  // control API takes a token made up now, printed once listening, rather than refusing everyone.
  let madeUpToken = false;
  if (!config.controlToken && !config.controlOpen && !isLoopbackHost(config.host)) {
    config.controlToken = randomBytes(18).toString('base64url');
    madeUpToken = true;
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
  let url: string;
  try {
    url = await sim.listen();
  } catch (e) {
    process.stderr.write(`vcdsim: ${listenFailure(e as NodeJS.ErrnoException, config)}\n`);
    await sim.stop().catch(() => undefined);
    process.exit(1);
  }
  process.stdout.write(`vcdsim listening on ${url}\n`);
  void sim.warmUp();
  announce(sim, url, madeUpToken);
  if (scenario) playScenario(sim, scenario, config);
}

/** Why the server could not listen, in one line. */
function listenFailure(e: NodeJS.ErrnoException, config: Config): string {
  const where = `${config.host}:${config.port}`;
  switch (e.code) {
    case 'EADDRINUSE': return `cannot listen on ${where}: the port is in use (another vcdsim?); choose another with --port`;
    case 'EACCES': return `cannot listen on ${where}: permission denied (ports below 1024 need privileges); choose another with --port`;
    case 'EADDRNOTAVAIL': return `cannot listen on ${where}: ${config.host} is not an address of this machine; choose another with --host`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot listen on ${where}: the host name ${config.host} does not resolve; choose another with --host`;
    default: return `cannot listen on ${where}: ${e.message}`;
  }
}

/** Where everything is (on stderr, after the listening line that scripts parse). */
function announce(sim: Simulator, url: string, madeUpToken: boolean): void {
  // Bound to every interface: a browser on this machine reaches it as localhost.
  const local = url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//localhost');
  sim.log.info('VCD API', { url: `${local}/api`, login: `${local}/cloudapi/1.0.0/sessions` });
  sim.log.info('dashboard', { url: `${local}/_vcdsim/ui` });
  sim.log.info('metrics', { url: `${local}/_vcdsim/metrics`, health: `${local}/_vcdsim/health` });
  const { controlToken, controlOpen } = sim.config;
  if (controlOpen) {
    sim.log.warn('control API open to every client (--control-open): use it on trusted networks only', { url: `${local}/_vcdsim` });
  } else if (madeUpToken) {
    // Warn level, so it shows with VCDSIM_LOG_LEVEL=warn too (docker logs).
    sim.log.warn('control API: clients other than loopback need this token; set VCDSIM_CONTROL_TOKEN (or --control-token) to choose it', {
      token: controlToken, use: `curl -H 'X-VCDSIM-Control-Token: ${controlToken}' ${local}/_vcdsim/clock`,
    });
  } else if (controlToken) {
    sim.log.info('control API: loopback clients, and others presenting the control token', { url: `${local}/_vcdsim` });
  }
}

/**
 * Plays the --scenario at --speed when that was given (else at the scenario's own speed), jumping its
 * timed waits with --fast-forward, and always at clock speed 0, since nothing else would move time.
 */
function playScenario(sim: Simulator, scenario: Scenario, config: Config): void {
  const exitAfter = config.exitAfterScenario;
  const speed = config.speedGiven ? config.speed : undefined;
  const frozen = (speed ?? scenario.speed ?? sim.clock.speed) === 0;
  let run: ScenarioRun;
  try {
    run = sim.scenarios.start(scenario, { speed, fastForward: frozen || config.fastForward === true, onProgress: (line) => process.stdout.write(`${line}\n`) });
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
