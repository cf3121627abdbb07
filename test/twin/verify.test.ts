/**
 * Verify and fit: a flow recorded in front of a vcdsim whose latency model is known is replayed on a twin
 * with the default model (the predictions are off), the model is fitted from the recording and written
 * into the twin's fixture, and a second verify is within ±10 % and recovers the known model.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { parse } from 'yaml';
import { startSimulator, verify, type RunningSimulator } from '../../src/index.js';
import { fitLatency, formatVerify, observations, writeLatency } from '../../src/twin/verify.js';
import { record } from '../../src/twin/record.js';
import { deployVApp, flowLogin } from './flow.js';

jest.setTimeout(120_000);

const PASSWORD = 'Ver1fy-S3cret';
const dir = mkdtempSync(join(tmpdir(), 'vcdsim-verify-'));
// Gold without a limit: eight deployments of up to 280 GB each fit.
const base = readFileSync('fixtures/default.yaml', 'utf8').replaceAll('password: password', `password: ${PASSWORD}`)
  .replace('{ name: Gold, limitMB: 2048000, default: true }', '{ name: Gold, limitMB: 0, default: true }');
/** The "real" cloud's model: slower than the defaults, with a per-GB term. */
const KNOWN = { baseMs: 15_000, perVmMs: 6_000, perGbMs: 30, jitter: 0.03 };
const sourceFixture = join(dir, 'source.yaml');
writeFileSync(sourceFixture, `${base}\nlatency:\n  vdcInstantiateVapp: ${JSON.stringify(KNOWN)}\n`);
const twinFixture = join(dir, 'twin.yaml');
writeFileSync(twinFixture, base);
const recording = join(dir, 'flow.jsonl');

let source: RunningSimulator;
beforeAll(async () => {
  source = await startSimulator({ fixture: sourceFixture, speed: 2000, seed: 5 });
  const rec = await record({ target: source.url, out: recording });
  const f = await flowLogin(rec.url, 'acme-admin', 'acme', PASSWORD);
  const templates = ['ubuntu-22.04', 'rocky-9', 'three-tier-app', 'k8s-cluster'];
  for (const [i, template] of [...templates, ...templates].entries()) {
    await deployVApp(f, { vdc: 'acme-vdc', template, network: 'acme-web', name: `v${i}` });
  }
  await rec.stop();
});
afterAll(() => source?.stop());

test('the recording carries the VCD\'s own task durations', () => {
  const obs = observations(recording);
  expect(obs).toHaveLength(8);
  for (const o of obs) {
    expect(o).toMatchObject({ operation: 'vdcInstantiateVapp', observedStatus: 'success', source: 'server' });
    // Queue time + base + per VM + per GB, within the known jitter.
    expect(o.observedMs).toBeGreaterThan(0.95 * (200 + KNOWN.baseMs + KNOWN.perVmMs));
  }
});

test('verify reports the default model off, a fit recovers the known one, and a second verify passes', async () => {
  const before = await verify({ recording, fixture: twinFixture, user: 'acme-admin', org: 'acme' });
  expect(before.replay).toEqual({ requests: expect.any(Number), matched: expect.any(Number) });
  expect(before.pairs.every((p) => p.twinTask && p.vms && p.diskGb)).toBe(true);
  const op = before.operations.find((o) => o.operation === 'vdcInstantiateVapp')!;
  expect(op).toMatchObject({ tasks: 8, predicted: 8, outcomeMismatches: 0, ok: false });
  expect(op.medianError!).toBeGreaterThan(0.3);
  expect(before.ok).toBe(false);
  expect(formatVerify(before)).toMatch(/vdcInstantiateVapp\s+8\s+/);

  const fitted = fitLatency(before.pairs, (o) => before.models[o]);
  const m = fitted.vdcInstantiateVapp;
  // The nominal duration of every size recorded is recovered within 5 %; the terms, which eight jittered tasks
  // pin down less tightly (the per-GB one least), within 20 %.
  for (const p of before.pairs) {
    const truth = KNOWN.baseMs + KNOWN.perVmMs * p.vms! + KNOWN.perGbMs * p.diskGb!;
    const fit = m.baseMs + m.perVmMs * p.vms! + m.perGbMs * p.diskGb!;
    expect(Math.abs(fit - truth) / truth).toBeLessThan(0.05);
  }
  expect(Math.abs(m.perVmMs - KNOWN.perVmMs) / KNOWN.perVmMs).toBeLessThan(0.2);
  expect(Math.abs(m.perGbMs - KNOWN.perGbMs) / KNOWN.perGbMs).toBeLessThan(0.2);
  expect(m.jitter).toBeLessThan(0.1);

  const fittedFixture = join(dir, 'fitted.yaml');
  writeLatency(twinFixture, fittedFixture, fitted);
  const written = parse(readFileSync(fittedFixture, 'utf8'));
  expect(written.latency.vdcInstantiateVapp).toEqual(m);
  expect(written.orgs).toHaveLength(3);

  const after = await verify({ recording, fixture: fittedFixture, user: 'acme-admin', org: 'acme' });
  const opAfter = after.operations.find((o) => o.operation === 'vdcInstantiateVapp')!;
  expect(opAfter.medianError!).toBeLessThanOrEqual(0.1);
  expect(opAfter.withinTolerance!).toBeGreaterThanOrEqual(0.75);
  expect(after.ok).toBe(true);
});

test('vcdsim verify on the command line: off, --fit into a copy of the fixture, then within ±10 %', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/cli.js', 'verify', recording, '--user', 'acme-admin', '--org', 'acme', ...args], { encoding: 'utf8' });
  const before = cli('--fixture', twinFixture);
  expect(before.status).toBe(1);
  expect(before.stdout).toMatch(/^vdcInstantiateVapp +8 +.* OFF$/m);
  const out = join(dir, 'cli-fitted.yaml');
  const fit = cli('--fixture', twinFixture, '--fit', '--out', out);
  expect(fit.status).toBe(0);
  expect(fit.stderr).toContain(`Fitted latency models written to ${out}:`);
  expect(readFileSync(twinFixture, 'utf8')).toBe(base);
  const after = cli('--fixture', out, '--json');
  expect(after.status).toBe(0);
  expect(JSON.parse(after.stdout).ok).toBe(true);
});
