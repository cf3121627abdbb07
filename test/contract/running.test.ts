/**
 * The contract as a user would check it: start the `vcdsim` binary, fetch the OpenAPI document it
 * serves, drive every operation over HTTP, and validate every recorded answer against that document —
 * with vcdsim's checker (JSON and XML) and, for JSON answers, independently with express-openapi-
 * validator's own response validator replaying them. No mismatch allowed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import request from 'supertest';
import * as OpenApiValidator from 'express-openapi-validator';
import { Tour, coverage, type Recorded, type Send } from './tour.js';
import { ResponseChecker } from '../../src/contract/responses.js';
import { DEFAULT_FIXTURE, PACKAGE_ROOT } from '../../src/config.js';
import type { OpenApiDoc } from '../../src/contract/spec.js';

const CLI = resolve(PACKAGE_ROOT, 'dist/cli.js');
const CROSS_CHECKED = [
  'GET /api/session', 'GET /api/org/{id}', 'GET /api/vdc/{id}', 'GET /api/admin/vdc/{id}', 'GET /api/vAppTemplate/vappTemplate-{id}',
  'POST /api/vdc/{id}/action/instantiateVAppTemplate', 'GET /api/vApp/vapp-{id}', 'GET /api/vApp/vm-{id}', 'GET /api/task/{id}',
  'GET /cloudapi/1.0.0/sessions/current',
];
let child: ChildProcess | undefined;
let dir: string;
let url: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'vcdsim-contract-'));
  // Simulated time runs 1000× fast (sessions idle out after weeks of it); renames take five simulated
  // minutes, so the tour can cancel one. The server checks its own answers too (--validate-responses):
  // a mismatch there would be a 500 the tour does not expect.
  const fixture = join(dir, 'fixture.yaml');
  writeFileSync(fixture, `${readFileSync(DEFAULT_FIXTURE, 'utf8')}\nlatency:\n  vappUpdateVapp: { baseMs: 300000 }\n`);
  child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1', '--speed', '1000', '--session-idle', '100000', '--validate-responses', '--log-level', 'warn', '--fixture', fixture], { stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise<string>((ok, fail) => {
    let out = '';
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /vcdsim listening on (\S+)/.exec(out);
      if (m) ok(m[1]);
    });
    child!.once('exit', (code) => fail(new Error(`vcdsim exited with ${code}`)));
  });
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((ok) => child!.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

const overHttp: Send = async (method, path, headers, body, firstChunk) => {
  const res = await fetch(url + path, { method, headers, body });
  const reply = { status: res.status, headers: Object.fromEntries(res.headers) };
  if (!firstChunk) return { ...reply, body: Buffer.from(await res.arrayBuffer()) };
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  return { ...reply, body: Buffer.from(value ?? []) };
};

/**
 * Replays recorded JSON answers through express-openapi-validator's response validation. Its lookup
 * lower-cases the answer's media type but not the document's (`vApp+json`), so it gets a copy whose
 * media types are lower case — they are case-insensitive anyway.
 */
async function replayThroughValidator(doc: OpenApiDoc, records: Recorded[]): Promise<string[]> {
  const lowered = JSON.parse(JSON.stringify(doc), function (key, value) {
    return key === 'content' && value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([type, media]) => [type.toLowerCase(), media]))
      : value;
  }) as OpenApiDoc;
  const app = express();
  app.use(OpenApiValidator.middleware({
    apiSpec: lowered as unknown as Parameters<typeof OpenApiValidator.middleware>[0]['apiSpec'],
    validateRequests: false,
    validateResponses: true,
    validateSecurity: false,
    ignoreUndocumented: true,
    fileUploader: false,
  }));
  const byId = new Map(records.map((r, i) => [String(i), r]));
  app.use((req, res) => {
    const r = byId.get(String(req.headers['x-replay']))!;
    // The validator picks the documented media type by the answer's Content-Type.
    res.status(r.status).type(r.contentType!.split(';')[0]).json(JSON.parse(r.body.toString('utf8')));
  });
  app.use((e: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(599).json({ message: e.message });
  });
  const failures: string[] = [];
  for (const [id, r] of byId) {
    const res = await request(app)[r.method.toLowerCase() as 'get'](r.url).set('x-replay', id);
    if (res.status === 599) failures.push(`${r.method} ${r.url} → ${r.status}: ${res.body.message}`);
  }
  return failures;
}

it('a running vcdsim answers every operation as the document it serves says, in XML and JSON', async () => {
  const res = await fetch(`${url}/_vcdsim/openapi.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as OpenApiDoc;
  expect(doc.servers).toEqual([{ url, description: 'this simulator' }]);
  const checker = new ResponseChecker(doc);
  const records: Recorded[] = [];
  for (const format of ['xml', 'json'] as const) {
    const tour = new Tour(overHttp, checker, format, () => sleep(10));
    await tour.run();
    records.push(...tour.records);
  }
  const show = (r: Recorded) => `${r.method} ${r.url} → ${r.status}: ${r.result.problems.join('; ')}`;
  expect(records.filter((r) => r.result.problems.length || !r.result.operation).map(show)).toEqual([]);
  expect(coverage(checker, records).missing).toEqual([]);

  // It compiles each operation's schemas on its own (~0.1 s of CPU apiece), so it checks the operations
  // with the richest documents, every JSON answer they gave, errors included.
  const json = records.filter((r) => r.result.format === 'json' && r.body.length && CROSS_CHECKED.includes(r.result.operation!));
  expect(new Set(json.map((r) => r.result.operation)).size).toBe(CROSS_CHECKED.length);
  expect(await replayThroughValidator(doc, json)).toEqual([]);
}, 180_000);
