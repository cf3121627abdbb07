/**
 * The simulator's control API, JSON under /_vcdsim (a prefix no VCD path uses): fault rules, scenarios,
 * the clock, task policies and latency models, reset, snapshots, health and the request/fault logs.
 * It is mounted before every VCD middleware, so fault rules never apply to it. The README lists the routes.
 */
import express, { type Request, type Router } from 'express';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Host } from '../host.js';
import { PACKAGE_ROOT } from '../config.js';
import { ENTITY_KINDS, type Snapshot } from '../store/types.js';
import { controlAccess } from './access.js';
import { ControlError, controlErrorHandler } from './errors.js';
import { loadScenarioFile, parseScenarioText, ScenarioError } from '../scenarios/loader.js';
import { parsePolicy, parseScenario } from '../scenarios/schema.js';
import type { Scenario } from '../scenarios/schema.js';
import { Issues, isRecord, num, parseDuration, pathText, record } from '../lib/validate.js';
import type { LatencyModel } from '../engine/latency.js';
import { parseRule } from '../faults/spec.js';
import { snapshotJson } from '../store/persist.js';
import { diffInventories } from '../twin/diff.js';
import { twinRoutes } from './twin.js';

export const CONTROL_PREFIX = '/_vcdsim';
export const SCENARIO_DIR = resolve(PACKAGE_ROOT, 'scenarios');
const VERSION = (JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const LOG_PAGE = 1000;

export function controlRouter(sim: Host): Router {
  const r = express.Router();
  const startedAt = Date.now();
  // Every change made (or refused) through the control API leaves a log line: who (address, and how it
  // got in), what, and how it ended.
  r.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const action = `${req.method} ${CONTROL_PREFIX}${req.path}`;
      res.once('finish', () => sim.log.info('control', {
        action, status: res.statusCode,
        client: req.socket.remoteAddress, auth: res.locals.controlAuth, ...(res.locals.controlDetail ?? {}),
      }));
    }
    next();
  });
  r.use(controlAccess(sim.config.controlToken, sim.config.controlOpen));
  r.use(express.json({ limit: '512mb', strict: false }));

  r.get('/health', (_req, res) => {
    res.json({
      status: 'ok', name: 'vcdsim', version: VERSION, now: sim.clock.iso(), speed: sim.clock.speed,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), faultRules: sim.faults.size,
      scenariosRunning: sim.scenarios.list().filter((s) => s.status === 'running').length, activeTasks: sim.tasks.activeCount(),
    });
  });

  // Fault rules. POST takes one rule, or a list (all validated before any is added).
  r.get('/faults', (_req, res) => res.json(sim.faults.list()));
  r.post('/faults', (req, res) => {
    const many = Array.isArray(req.body);
    const added = [];
    const items: unknown[] = many ? req.body : [req.body];
    const problems = new Issues();
    const rules = items.map((item, i) => parseRule(item, many ? [i] : [], problems));
    if (!problems.ok) throw new ControlError(400, 'The fault rule is not valid.', problems.list.map((p) => ({ path: pathText(p.path), message: p.message })));
    for (const rule of rules) added.push(sim.faults.addRule(rule!));
    res.locals.controlDetail = { rules: added.map((a) => a.id) };
    res.status(201).json(many ? added : added[0]);
  });
  r.delete('/faults', (_req, res) => {
    const removed = sim.faults.clear();
    res.locals.controlDetail = { removed };
    res.json({ removed });
  });
  r.get('/faults/:id', (req, res) => res.json(sim.faults.get(req.params.id) ?? notFound(`no fault rule ${req.params.id}`)));
  r.delete('/faults/:id', (req, res) => {
    if (!sim.faults.remove(req.params.id)) notFound(`no fault rule ${req.params.id}`);
    res.status(204).end();
  });

  // Scenarios: start one by name (from the scenarios folder), as YAML text, or as a JSON object.
  r.get('/scenarios', (_req, res) => res.json({ available: availableScenarios(), runs: sim.scenarios.list().map((s) => s.report()) }));
  r.post('/scenarios', (req, res) => {
    const issues = new Issues();
    const body = record(req.body, [], issues, ['name', 'yaml', 'scenario', 'speed', 'fastForward']);
    if (!body || !issues.ok) badRequest(`The body is a JSON object with name, yaml or scenario, and optionally speed and fastForward: ${issues.text()}`);
    const given = ['name', 'yaml', 'scenario'].filter((k) => body[k] !== undefined);
    if (given.length !== 1) badRequest('Give exactly one of name (a file in the scenarios folder), yaml (its text) or scenario (as JSON).');
    const speed = body.speed === undefined ? undefined : number(body.speed, 'speed');
    const run = sim.scenarios.start(scenarioFrom(body), { speed, fastForward: body.fastForward === true });
    const report = run.report();
    res.locals.controlDetail = { scenario: report.name, run: report.id, speed: sim.clock.speed, fastForward: body.fastForward === true };
    res.status(201).json(report);
  });
  r.get('/scenarios/:id', (req, res) => res.json((sim.scenarios.get(req.params.id) ?? notFound(`no scenario run ${req.params.id}`)).report()));
  r.delete('/scenarios/:id', (req, res) => {
    const run = sim.scenarios.get(req.params.id) ?? notFound(`no scenario run ${req.params.id}`);
    run.stop();
    res.json(run.report());
  });

  // The clock.
  const clock = () => ({ now: sim.clock.iso(), nowMs: Math.floor(sim.clock.now()), speed: sim.clock.speed });
  r.get('/clock', (_req, res) => res.json(clock()));
  r.post('/clock/speed', (req, res) => {
    sim.clock.setSpeed(number(req.body?.speed, 'speed'));
    res.locals.controlDetail = { speed: sim.clock.speed };
    res.json(clock());
  });
  r.post('/clock/advance', (req, res) => {
    const by = req.body?.seconds ?? req.body?.by;
    const ms = parseDuration(by);
    if (ms === undefined) badRequest('Give seconds (a number) or by (a duration such as 90s or 2m).');
    sim.clock.advance(ms);
    res.locals.controlDetail = { advancedMs: ms, now: sim.clock.iso() };
    res.json(clock());
  });

  // Task progression policies and task latency models, per operationName ('*' for every operation).
  r.get('/tasks/policies', (_req, res) => res.json(sim.tasks.policyTable()));
  r.put('/tasks/policies/:operation', (req, res) => {
    const issues = new Issues();
    const policy = parsePolicy(req.body, [], issues);
    if (!policy) badRequest(`The policy is not valid: ${issues.text()}`);
    sim.tasks.setPolicy(req.params.operation, policy);
    res.json(sim.tasks.policyTable());
  });
  r.get('/latency', (_req, res) => res.json(sim.latency.all()));
  r.put('/latency/:operation', (req, res) => {
    const issues = new Issues();
    const keys: (keyof LatencyModel)[] = ['baseMs', 'perVmMs', 'perGbMs', 'jitter'];
    const body = record(req.body, [], issues, keys);
    const model: Partial<LatencyModel> = {};
    for (const k of keys) if (body?.[k] !== undefined) model[k] = num(body[k], [k], issues, { min: 0 });
    if (!issues.ok) badRequest(`The latency model is not valid: ${issues.text()}`);
    sim.latency.set(req.params.operation, model);
    res.json(sim.latency.get(req.params.operation));
  });

  r.post('/reset', (_req, res) => {
    sim.reset();
    res.status(204).end();
  });

  r.get('/snapshot', async (_req, res) => {
    // Streamed slice by slice: a large inventory is more JSON than one string can hold.
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    const drained = () => new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
    for (const chunk of snapshotJson(sim.store.snapshot())) {
      if (!res.write(chunk)) await drained();
      if (res.destroyed) return;
    }
    res.end();
  });
  r.post('/snapshot', (req, res) => {
    sim.store.load(snapshotFrom(req.body));
    sim.tasks.resume();
    res.status(204).end();
  });

  // What changed since the fixture: entities added, removed and changed field by field (src/twin/diff.ts).
  r.get('/diff', (req, res) => {
    const d = diffInventories(sim.fixtureSnapshot(), sim.store.snapshot(), { history: req.query.history === 'true' });
    res.json(d);
  });

  twinRoutes(r, sim, scenarioFrom);

  r.get('/log/requests', (req, res) => res.json(sim.faults.requestLog.since(...cursor(req))));
  r.get('/log/faults', (req, res) => res.json(sim.faults.faultLog.since(...cursor(req))));

  r.use((req: Request) => notFound(`No control route ${req.method} ${CONTROL_PREFIX}${req.path}.`));
  r.use(controlErrorHandler((e) => sim.log.error('control API failure', { error: (e as Error)?.stack ?? String(e) })));
  return r;
}

function scenarioFrom(body: Record<string, unknown>): Scenario {
  if (typeof body.name === 'string') {
    if (!/^[\w.-]+$/.test(body.name)) badRequest('A scenario name is a file name from the scenarios folder, without a path.');
    const name = body.name.replace(/\.ya?ml$/, '');
    if (!availableScenarios().includes(name)) notFound(`No scenario named ${name}; available: ${availableScenarios().join(', ')}.`);
    return loadScenarioFile(resolve(SCENARIO_DIR, `${name}.yaml`));
  }
  if (typeof body.yaml === 'string') return parseScenarioText(body.yaml, '<request>');
  const issues = new Issues();
  const scenario = parseScenario(body.scenario, issues);
  if (!scenario) throw new ScenarioError('<request>', issues.list.map((i) => ({ path: pathText(i.path), message: i.message })));
  return scenario;
}

export function availableScenarios(): string[] {
  try {
    return readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}

function snapshotFrom(body: unknown): Snapshot {
  if (!isRecord(body) || body.version !== 1 || !Array.isArray(body.org)) {
    badRequest('A snapshot is the JSON GET /_vcdsim/snapshot returns: an object with version 1 and a list per entity kind.');
  }
  const snap = body as Record<string, unknown>;
  for (const k of ENTITY_KINDS) {
    if (snap[k] !== undefined && !Array.isArray(snap[k])) badRequest(`The snapshot's ${k} must be a list.`);
    if ((snap[k] as unknown[] | undefined)?.some((e) => !isRecord(e) || typeof e.id !== 'string')) badRequest(`Every ${k} in the snapshot needs an id.`);
  }
  return snap as unknown as Snapshot;
}

function cursor(req: Request): [number, number] {
  const since = Number(req.query.since ?? 0);
  const limit = Number(req.query.limit ?? LOG_PAGE);
  if (!Number.isInteger(since) || since < 0 || !Number.isInteger(limit) || limit < 1) badRequest('since and limit are whole numbers (since >= 0, limit >= 1).');
  return [since, Math.min(limit, LOG_PAGE)];
}

function number(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) badRequest(`${what} must be a non-negative number.`);
  return v as number;
}

function badRequest(message: string): never {
  throw new ControlError(400, message);
}

function notFound(message: string): never {
  throw new ControlError(404, message);
}

