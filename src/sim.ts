/**
 * The composition root: builds the world (store, clock, tasks, capacity), the engines around it (faults,
 * scenarios, metrics, dashboard), the HTTP app and the server. Tests and other programs embed it through
 * createSimulator()/startSimulator() (see index.ts); the CLI is a thin shell over it. Nothing else imports
 * this module: resources see the World (world.ts), the HTTP side the Host (host.ts).
 */
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import type { Express } from 'express';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { defaultConfig, type Config } from './config.js';
import { Store } from './store/store.js';
import { Clock } from './engine/clock.js';
import { Random } from './lib/random.js';
import { buildFromFixture, readFixtureFile } from './resources/fixture.js';
import { Persistence } from './store/persist.js';
import type { Snapshot } from './store/types.js';
import { createApp } from './app.js';
import { messageClasses } from './http/messages.js';
import { loadSpec } from './contract/spec.js';
import { prepareRequestValidation } from './contract/requests.js';
import { answerClientError } from './wire/render.js';
import { createLogger, type Logger } from './logger.js';
import { selfSignedCertificate } from './tls.js';
import { Latency } from './engine/latency.js';
import { TaskEngine } from './engine/tasks.js';
import { trackUsage, type CapacityContext, type CapacityOverride } from './engine/capacity.js';
import { FaultEngine } from './faults/engine.js';
import { ScenarioRunner } from './scenarios/runner.js';
import { Metrics } from './observe/metrics.js';
import { VERSION } from './observe/version.js';
import { loadProgress } from './observe/progress.js';
import { DashboardFeed } from './dashboard/feed.js';
import { STORE_INDEXES } from './resources/kinds.js';
import { TASK_ACTIONS } from './resources/registry.js';
import type { World } from './world.js';
import type { Host } from './host.js';

export class Simulator implements Host {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  /** Identifies this "site" in session location ids (`orgId@siteId`). */
  readonly siteId: string;
  /** The request handler (Express behind the render cache's fast path): give it to a server or to supertest. */
  readonly app: RequestListener;
  /** The Express app inside (its router lists every route). */
  readonly express: Express;
  readonly latency: Latency;
  readonly tasks: TaskEngine;
  /** Capacity forced down by faults, per VDC id ('*' = every VDC); see engine/capacity.ts. */
  readonly capacityOverrides = new Map<string, CapacityOverride>();
  readonly capacity: CapacityContext;
  /** What resources see: state and the engines that change it (world.ts). */
  readonly world: World;
  /** Fault rules, the fault and request logs (faults/engine.ts). */
  readonly faults: FaultEngine;
  /** Scenario runs (scenarios/runner.ts). */
  readonly scenarios: ScenarioRunner;
  /** Prometheus metrics (observe/metrics.ts), served at /_vcdsim/metrics. */
  readonly metrics: Metrics;
  /** The dashboard's live state and event streams (dashboard/feed.ts). */
  readonly dashboard: DashboardFeed;
  private initial!: Snapshot;
  private persistence?: Persistence;
  private server?: Server;

  private constructor(config: Config) {
    this.config = config;
    this.log = createLogger(config.logLevel, undefined, config.logFormat);
    this.store = new Store(config.seed, STORE_INDEXES);
    trackUsage(this.store);
    this.clock = new Clock(config.speed);
    this.siteId = new Random(config.seed ^ 0x51e).uuid();
    this.latency = new Latency(() => this.store.random);
    this.tasks = new TaskEngine(this.store, this.clock, this.latency);
    this.capacity = { store: this.store, tasks: this.tasks, capacityOverrides: this.capacityOverrides };
    this.world = { config, store: this.store, clock: this.clock, tasks: this.tasks, siteId: this.siteId, capacity: this.capacity };
    for (const register of TASK_ACTIONS) register(this.world);
    this.faults = new FaultEngine({ clock: this.clock, store: this.store, tasks: this.tasks, capacityOverrides: this.capacityOverrides, seed: config.seed });
    this.scenarios = new ScenarioRunner(this);
    this.metrics = new Metrics(this, VERSION);
    this.faults.onFault((e) => this.metrics.faultFired(e.rule, e.action));
    this.metrics.faultRules(() => this.faults.list());
    this.dashboard = new DashboardFeed(this.world);
    ({ handler: this.app, express: this.express } = createApp(this));
  }

  static async create(overrides: Partial<Config> = {}): Promise<Simulator> {
    const sim = new Simulator({ ...defaultConfig(), ...overrides });
    const progress = loadProgress(sim.log, sim.config.fixture);
    const fixture = readFixtureFile(sim.config.fixture);
    progress.stage('fixture parsed');
    for (const [op, model] of Object.entries(fixture.latency ?? {})) sim.latency.set(op, model);
    sim.initial = buildFromFixture(fixture, new Random(sim.config.seed), sim.clock.iso());
    progress.stage('inventory built');
    let source = sim.config.fixture;
    if (sim.config.dataFile) {
      sim.persistence = new Persistence(sim.config.dataFile, sim.store, sim.log);
      const saved = await sim.persistence.read();
      sim.store.load(saved ?? sim.initial);
      if (saved) {
        source = sim.config.dataFile;
        progress.stage('data file read');
      } else {
        sim.persistence.scheduleFlush();
      }
    } else {
      sim.store.load(sim.initial);
    }
    progress.done(sim.store, source);
    sim.tasks.resume();
    return sim;
  }

  /** Back to the fixture's inventory (ids included: same seed, same ids), without fault rules or logs. */
  reset(): void {
    this.scenarios.stopAll();
    this.faults.reset(this.config.seed);
    this.store.load(structuredClone(this.initial));
    this.capacityOverrides.clear();
    this.tasks.resume();
  }

  /** The inventory the fixture describes (what reset() returns to). */
  fixtureSnapshot(): Snapshot {
    return this.initial;
  }

  /** Another simulator in this process (the control API's what-if and verify runs). */
  spawn(config: Partial<Config>): Promise<Simulator> {
    return Simulator.create(config);
  }

  async listen(port = this.config.port, host = this.config.host): Promise<string> {
    const { config } = this;
    if (config.tls) {
      const creds = config.cert && config.key
        ? { cert: readFileSync(config.cert), key: readFileSync(config.key) }
        : await selfSignedCertificate(host);
      this.server = createHttpsServer({ ...creds, ...messageClasses(this.express) }, this.app);
    } else {
      this.server = createHttpServer(messageClasses(this.express), this.app);
    }
    const server = this.server;
    server.keepAliveTimeout = 65_000;
    // What Node's HTTP parser refuses still gets a VCD Error document (wire/render.ts).
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return this.url();
  }

  /**
   * Builds the request validator now rather than at the first request that needs it (half a second of CPU):
   * the `vcdsim` command does it just after it listens, while clients connect and log in. Resolves when it is built.
   */
  warmUp(): Promise<void> {
    if (!this.config.validateRequests) return Promise.resolve();
    return new Promise((resolve, reject) => setImmediate(() => prepareRequestValidation(loadSpec()).then(resolve, reject)));
  }

  url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('the simulator is not listening');
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    return `${this.config.tls ? 'https' : 'http'}://${host}:${addr.port}`;
  }

  /** Stops accepting connections, lets in-flight requests finish and flushes pending writes. */
  async stop(): Promise<void> {
    this.clock.stop();
    this.scenarios.stopAll();
    // Hung and delayed requests would keep server.close() waiting: let them go first.
    this.faults.close();
    // Open event streams would keep server.close() waiting.
    this.dashboard.close();
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    }
    await this.persistence?.close();
  }
}
