/**
 * The digital twin over the control API (src/twin/): the diff of now against the fixture or a given
 * inventory, what-if runs, verify against a recording (optionally fitting the latency model of this
 * simulator), and captures of another VCD on loopback as jobs to poll. Every run is bounded: one what-if
 * or verify at a time, one capture at a time, a few finished captures kept, uploads of a bounded size,
 * captures only from loopback addresses. Passwords given here go to the run and nowhere else: not into
 * a job, an answer or the log of control actions.
 */
import type { Router, Request, Response } from 'express';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import type { Host } from '../host.js';
import type { Scenario } from '../scenarios/schema.js';
import { ControlError } from './errors.js';
import { Issues, bool, isRecord, num, pathText, record, str } from '../lib/validate.js';
import { isLoopbackHost } from '../lib/loopback.js';
import { diffInventories, inventoryFrom, type InventoryDiff } from '../twin/diff.js';
import { capture, UNCAPTURED_PATHS, type CaptureResult } from '../twin/capture.js';
import { formatWhatIf, whatIf } from '../twin/whatif.js';
import { fitLatency, fixturePassword, formatVerify, verify } from '../twin/verify.js';
import { readRecording } from '../twin/replay.js';
import { buildFromFixture, readFixtureFile } from '../resources/fixture.js';
import { Random } from '../lib/random.js';
import type { LatencyModel } from '../engine/latency.js';
import { parse as parseYaml } from 'yaml';

/** The largest recording or fixture text accepted in a body. */
export const TWIN_UPLOAD_LIMIT = 64 * 1024 * 1024;
/** Finished capture jobs kept for polling (the oldest finished one goes first). */
export const CAPTURE_JOBS_KEPT = 8;
/** Progress lines a capture job keeps (the newest). */
const PROGRESS_KEPT = 200;
/** A capture's request rate: default and ceiling (requests per second). */
const CAPTURE_RPS = { default: 50, max: 1000 };
/** A what-if clock: fast-forward (0) or at least the issue's 60× real time, so a run stays short. */
const MIN_WHATIF_SPEED = 60;

export interface CaptureJob {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  from: string;
  user: string;
  org: string;
  rps: number;
  startedAt: string;
  endedAt?: string;
  /** The newest progress lines. */
  progress: string[];
  /** Requests made so far (at the end: all of them). */
  requests: number;
  counts?: Record<string, number>;
  refused?: CaptureResult['refused'];
  notCaptured?: string[];
  /** The fixture, as `vcdsim capture` writes it. */
  fixture?: string;
  /** Generated passwords of the fixture's users (`user@org`), as the CLI shows them once. */
  passwords?: Record<string, string>;
  error?: string;
}

type ScenarioOf = (body: Record<string, unknown>) => Scenario;

function bad(message: string, issues?: Issues): never {
  throw new ControlError(400, message, issues?.list.map((p) => ({ path: pathText(p.path), message: p.message })));
}

/** Adds the twin routes to the control router (scenarioOf reads a scenario as POST /scenarios does). */
export function twinRoutes(r: Router, sim: Host, scenarioOf: ScenarioOf): void {
  let busy = '';
  const exclusive = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    if (busy) throw new ControlError(409, `A ${busy} is running; one what-if or verify runs at a time.`);
    busy = what;
    try {
      return await run();
    } finally {
      busy = '';
    }
  };

  // Now against a given inventory (a snapshot, or a fixture as YAML text or JSON), or the fixture.
  r.post('/diff', (req, res) => {
    const issues = new Issues();
    const body = record(req.body ?? {}, [], issues, ['snapshot', 'fixture', 'history', 'ignore', 'uncaptured']);
    if (!body || !issues.ok) bad('The body is a JSON object with optionally snapshot or fixture, history, ignore and uncaptured.', issues);
    if (body.snapshot !== undefined && body.fixture !== undefined) bad('Give snapshot or fixture, not both.');
    const history = body.history === undefined ? false : bool(body.history, ['history'], issues);
    const uncaptured = body.uncaptured === undefined ? false : bool(body.uncaptured, ['uncaptured'], issues);
    const ignore = body.ignore === undefined ? [] : stringList(body.ignore, 'ignore', issues);
    if (!issues.ok) bad('The diff options are not valid.', issues);
    const base = body.snapshot !== undefined ? inventoryOf(body.snapshot, 'snapshot') : body.fixture !== undefined ? inventoryOf(fixtureData(body.fixture), 'fixture') : sim.fixtureSnapshot();
    const d: InventoryDiff = diffInventories(base, sim.store.snapshot(), { history: !!history, ignore: [...ignore!, ...(uncaptured ? UNCAPTURED_PATHS : [])] });
    res.json(d);
  });

  // What-if: a scenario against a fixture (this simulator's unless given), beside a baseline; in process.
  r.post('/whatif', async (req, res: Response) => {
    const issues = new Issues();
    const body = record(req.body, [], issues, ['name', 'yaml', 'scenario', 'fixture', 'seed', 'speed']);
    if (!body || !issues.ok) bad('The body is a JSON object with name, yaml or scenario, and optionally fixture, seed and speed.', issues);
    const given = ['name', 'yaml', 'scenario'].filter((k) => body[k] !== undefined);
    if (given.length !== 1) bad('Give exactly one of name (a file in the scenarios folder), yaml (its text) or scenario (as JSON).');
    const seed = body.seed === undefined ? undefined : num(body.seed, ['seed'], issues, { min: 0, integer: true });
    const speed = body.speed === undefined ? undefined : num(body.speed, ['speed'], issues, { min: 0 });
    if (speed && speed < MIN_WHATIF_SPEED) issues.add(['speed'], `must be 0 (fast-forward) or at least ${MIN_WHATIF_SPEED}, got ${speed}`);
    if (!issues.ok) bad('The what-if options are not valid.', issues);
    const scenario = scenarioOf({ [given[0]]: body[given[0]] });
    const fixture = fixtureFile(body.fixture, sim, localClient(res));
    try {
      const report = await exclusive('what-if', () => whatIf((c) => sim.spawn(c), { fixture: fixture.path, scenario, seed, speed }));
      if (fixture.temp) report.fixture = '<request>';
      res.locals.controlDetail = { scenario: report.scenario, speedFactor: report.speedFactor };
      res.json({ ...report, text: formatWhatIf(report) });
    } finally {
      fixture.cleanup();
    }
  });

  // Verify: a recording (a file, or its JSON lines) replayed on a twin of the fixture; --fit into this simulator.
  r.post('/verify', async (req, res) => {
    const issues = new Issues();
    const body = record(req.body, [], issues, ['recording', 'jsonl', 'fixture', 'user', 'org', 'password', 'seed', 'tolerance', 'fit']);
    if (!body || !issues.ok) bad('The body is a JSON object with recording or jsonl, user and org, and optionally fixture, password, seed, tolerance and fit.', issues);
    if ((body.recording === undefined) === (body.jsonl === undefined)) bad('Give exactly one of recording (a path to a .jsonl file) or jsonl (its text).');
    const user = str(body.user, ['user'], issues);
    const org = str(body.org, ['org'], issues);
    const password = body.password === undefined ? undefined : str(body.password, ['password'], issues);
    const seed = body.seed === undefined ? undefined : num(body.seed, ['seed'], issues, { min: 0, integer: true });
    const tolerance = body.tolerance === undefined ? undefined : num(body.tolerance, ['tolerance'], issues, { min: 0, max: 10 });
    const fit = body.fit === undefined ? false : bool(body.fit, ['fit'], issues);
    if (body.recording !== undefined) str(body.recording, ['recording'], issues);
    if (body.jsonl !== undefined && (typeof body.jsonl !== 'string' || !body.jsonl.trim())) issues.add(['jsonl'], 'must be the recording\'s JSON lines');
    if (!issues.ok) bad('The verify options are not valid.', issues);
    if (body.recording !== undefined && !localClient(res)) onlyLocal('recording');
    const fixture = fixtureFile(body.fixture, sim, localClient(res));
    const dir = typeof body.jsonl === 'string' ? mkdtempSync(join(tmpdir(), 'vcdsim-verify-')) : undefined;
    try {
      let recording: string;
      if (dir) {
        if (Buffer.byteLength(body.jsonl as string) > TWIN_UPLOAD_LIMIT) throw new ControlError(413, 'The recording is too large.');
        recording = join(dir, 'recording.jsonl');
        writeFileSync(recording, body.jsonl as string, { mode: 0o600 });
      } else {
        recording = readableFile(body.recording as string, 'recording');
      }
      try {
        readRecording(recording);
        if (password === undefined) fixturePassword(fixture.path, user!, org!);
      } catch (e) {
        bad((e as Error).message.replace(recording, dir ? 'the recording' : recording));
      }
      const report = await exclusive('verify', () => verify((c) => sim.spawn(c), { recording, fixture: fixture.path, user: user!, org: org!, password, seed, tolerance }));
      if (dir) report.recording = '<request>';
      if (fixture.temp) report.fixture = '<request>';
      let fitted: Record<string, LatencyModel> | undefined;
      if (fit) {
        fitted = fitLatency(report.pairs, (op) => report.models[op]);
        for (const [op, m] of Object.entries(fitted)) sim.latency.set(op, m);
      }
      res.locals.controlDetail = { operations: report.operations.length, ok: report.ok, ...(fitted ? { fitted: Object.keys(fitted) } : {}) };
      res.json({ ...report, ...(fitted ? { fitted } : {}), text: formatVerify(report) });
    } finally {
      fixture.cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  // Captures: a crawl of a VCD on loopback, as a job to poll.
  const jobs = new Map<string, CaptureJob>();
  r.get('/captures', (_req, res) => res.json([...jobs.values()].map(summary)));
  r.post('/captures', (req, res) => {
    const issues = new Issues();
    const body = record(req.body, [], issues, ['from', 'user', 'org', 'password', 'rps']);
    if (!body || !issues.ok) bad('The body is a JSON object with from, user, org and password, and optionally rps.', issues);
    const from = str(body.from, ['from'], issues);
    const user = str(body.user, ['user'], issues);
    const org = str(body.org, ['org'], issues);
    const password = typeof body.password === 'string' ? body.password : issues.add(['password'], 'must be a string');
    const rps = body.rps === undefined ? CAPTURE_RPS.default : num(body.rps, ['rps'], issues, { min: 1, max: CAPTURE_RPS.max });
    let url: URL | undefined;
    if (from) {
      try {
        url = new URL(from);
      } catch {
        issues.add(['from'], `"${from}" is not a URL`);
      }
      if (url && !/^https?:$/.test(url.protocol)) issues.add(['from'], 'must be an http or https URL');
      else if (url && !isLoopbackHost(url.hostname)) issues.add(['from'], `captures read from loopback addresses only (localhost, 127.x, ::1), not ${url.hostname}`);
      else if (url && (url.username || url.password)) issues.add(['from'], 'must carry no credentials: give user, org and password');
    }
    if (!issues.ok) bad('The capture is not valid.', issues);
    if ([...jobs.values()].some((j) => j.status === 'running')) throw new ControlError(409, 'A capture is running; one runs at a time.');
    const finished = [...jobs.values()].filter((j) => j.status !== 'running');
    while (finished.length >= CAPTURE_JOBS_KEPT) jobs.delete(finished.shift()!.id);
    const job: CaptureJob = {
      id: randomUUID(), status: 'running', from: url!.origin, user: user!, org: org!, rps: rps!,
      startedAt: new Date().toISOString(), progress: [], requests: 0,
    };
    jobs.set(job.id, job);
    const started = Date.now();
    capture({
      from: url!.origin, user: user!, org: org!, password: password!, rps,
      onProgress: (line) => {
        job.progress.push(line);
        if (job.progress.length > PROGRESS_KEPT) job.progress.shift();
      },
    }).then((result) => {
      const header = `# Captured by vcdsim (control API) from ${job.from} at ${new Date().toISOString()}\n`;
      Object.assign(job, {
        status: 'succeeded', requests: result.requests, counts: result.counts, refused: result.refused, notCaptured: result.notCaptured,
        fixture: header + stringify(result.fixture), passwords: result.passwords,
      });
    }, (e: unknown) => {
      job.status = 'failed';
      const message = String((e as Error)?.message ?? e);
      job.error = password ? message.split(password).join('<redacted>') : message;
    }).finally(() => {
      job.endedAt = new Date().toISOString();
      sim.log.info('control', { action: 'capture finished', job: job.id, status: job.status, seconds: Math.round((Date.now() - started) / 100) / 10 });
    });
    res.locals.controlDetail = { capture: job.id, from: job.from, user: job.user, org: job.org };
    res.status(202).location(`/_vcdsim/captures/${job.id}`).json(job);
  });
  const jobOf = (req: Request) => jobs.get(String(req.params.id)) ?? notFound(`no capture ${req.params.id}`);
  r.get('/captures/:id', (req, res) => res.json(jobOf(req)));
  r.get('/captures/:id/fixture', (req: Request, res: Response) => {
    const job = jobOf(req);
    if (job.status !== 'succeeded') throw new ControlError(409, `The capture is ${job.status}: its fixture is there once it has succeeded.`);
    res.type('application/yaml; charset=utf-8').send(job.fixture);
  });
  r.delete('/captures/:id', (req, res) => {
    const job = jobOf(req);
    if (job.status === 'running') throw new ControlError(409, 'The capture is running: delete it once it has ended.');
    jobs.delete(job.id);
    res.status(204).end();
  });
}

/** A job without its fixture and passwords (the list). */
function summary(j: CaptureJob): Omit<CaptureJob, 'fixture' | 'passwords' | 'refused' | 'progress'> & { refused?: number } {
  const { fixture: _f, passwords: _p, progress: _g, refused, ...rest } = j;
  return { ...rest, ...(refused ? { refused: refused.length } : {}) };
}

/** Files on this machine are named only by loopback clients: others send their text. */
function localClient(res: Response): boolean {
  return res.locals.controlAuth === 'loopback';
}

function onlyLocal(what: string): never {
  throw new ControlError(403, `A ${what} given by path is read only for loopback clients; send its text instead.`);
}

function notFound(message: string): never {
  throw new ControlError(404, message);
}

function stringList(v: unknown, what: string, issues: Issues): string[] | undefined {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x)) return issues.add([what], 'must be a list of non-empty strings');
  return v as string[];
}

function fixtureData(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return parseYaml(v);
  } catch (e) {
    return bad(`The fixture is not valid YAML: ${(e as Error).message}`);
  }
}

function inventoryOf(data: unknown, what: string) {
  try {
    return inventoryFrom(data, `the ${what}`);
  } catch (e) {
    return bad((e as Error).message);
  }
}

function readableFile(path: string, what: string): string {
  if (!existsSync(path) || !statSync(path).isFile()) bad(`The ${what} ${path} is not a file this simulator can read.`);
  if (statSync(path).size > TWIN_UPLOAD_LIMIT) throw new ControlError(413, `The ${what} ${path} is too large.`);
  return path;
}

/** A fixture to start twins from: a path, YAML text (kept in a temporary file for the run), or this simulator's. */
function fixtureFile(v: unknown, sim: Host, local: boolean): { path: string; temp: boolean; cleanup: () => void } {
  if (v === undefined) return { path: sim.config.fixture, temp: false, cleanup: () => undefined };
  if (typeof v !== 'string' && !isRecord(v)) bad('fixture is a path to a fixture file, its YAML text, or the fixture as JSON.');
  if (typeof v === 'string' && !/[\n:]/.test(v)) {
    if (!local) onlyLocal('fixture');
    const path = readableFile(v, 'fixture');
    try {
      checkFixture(path);
    } catch (e) {
      bad((e as Error).message);
    }
    return { path, temp: false, cleanup: () => undefined };
  }
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  if (Buffer.byteLength(text) > TWIN_UPLOAD_LIMIT) throw new ControlError(413, 'The fixture is too large.');
  const dir = mkdtempSync(join(tmpdir(), 'vcdsim-twin-'));
  const path = join(dir, typeof v === 'string' ? 'fixture.yaml' : 'fixture.json');
  writeFileSync(path, text, { mode: 0o600 });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    checkFixture(path);
  } catch (e) {
    cleanup();
    bad((e as Error).message.split(path).join('the fixture'));
  }
  return { path, temp: true, cleanup };
}

/** Reads and builds a fixture, so that a bad one is refused (with its line) before any run starts. */
function checkFixture(path: string): void {
  buildFromFixture(readFixtureFile(path), new Random(1), new Date(0).toISOString());
}
