/**
 * What-if: a planned change played against a fixture in process beside its baseline. The report counts
 * tasks and refusals with their reasons, capacity peaks and IP pool use; the same seed gives the same
 * report; a 200-VM plan with a fault window runs far faster than real time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jest } from '@jest/globals';
import { createSimulator } from '../../src/index.js';
import { baselineOf, formatWhatIf, whatIf, type RunOutcome, type TwinSimulator, type WhatIfReport } from '../../src/twin/whatif.js';
import { loadScenarioFile, parseScenarioText, ScenarioError } from '../../src/scenarios/loader.js';

jest.setTimeout(120_000);

const makeSim = (c: object) => createSimulator(c) as Promise<TwinSimulator>;
const dir = mkdtempSync(join(tmpdir(), 'vcdsim-whatif-'));
const PLAN = resolve('scenarios/whatif/mass-deploy.yaml');

/** acme-vdc big enough for the plan: no VM quota, CPU and memory unlimited. */
const roomy = join(dir, 'roomy.yaml');
writeFileSync(roomy, readFileSync('fixtures/default.yaml', 'utf8')
  .replace('cpu: { limitMhz: 64000, reservedMhz: 0 }', 'cpu: { limitMhz: 0, reservedMhz: 0 }')
  .replace('memory: { limitMB: 131072, reservedMB: 0 }', 'memory: { limitMB: 0, reservedMB: 0 }')
  .replace('vmQuota: 40', 'vmQuota: 0')
  .replace('{ name: Gold, limitMB: 2048000, default: true }', '{ name: Gold, limitMB: 0, default: true }'));

/** What must repeat exactly for a seed: everything but the real time spent. */
function comparable(r: WhatIfReport): unknown {
  const strip = (o: RunOutcome) => ({ ...o, wallMs: 0, speedFactor: 0 });
  return { ...r, speedFactor: 0, baseline: strip(r.baseline), change: strip(r.change) };
}

test('the change is weighed against its baseline: refusals, failures and peaks with their reasons', async () => {
  const report = await whatIf(makeSim, { fixture: 'fixtures/default.yaml', scenario: loadScenarioFile(PLAN) });
  const { baseline, change } = report;
  // The baseline is the background load and the fault window alone.
  expect(baseline.tasks.started).toBe(20);
  expect(baseline.attempts.made).toBe(0);
  expect(baseline.vdcs.find((v) => v.vdc === 'acme/acme-vdc')!.vms.peak).toBe(0);
  // The change: 200 deployments, powered on, into a VDC with 32 vCPUs: most fail for CPU, as VCD fails them.
  expect(change.attempts.made).toBeGreaterThanOrEqual(200);
  expect(change.tasks.byOperation.vdcInstantiateVapp.started).toBe(220);
  const cpu = change.taskFailures.find((f) => f.reason.includes('does not have enough CPU'))!;
  expect(cpu).toMatchObject({ what: 'vdcInstantiateVapp', reason: 'The operation failed because the VDC "acme-vdc" does not have enough CPU: # MHz available, # MHz required.' });
  expect(cpu.n).toBeGreaterThan(150);
  const acme = change.vdcs.find((v) => v.vdc === 'acme/acme-vdc')!;
  expect(acme.cpuMhz).toEqual({ start: 0, peak: 64_000, limit: 64_000 });
  expect(acme.runningVms.peak).toBe(16);
  expect(change.networks.find((n) => n.network === 'acme/acme-vdc/acme-web')).toMatchObject({ size: 191, start: 0, peak: acme.vms.peak });
  // The power-offs of web-100…web-199 find none: those deployments failed and were rolled back.
  expect(change.attempts.made).toBe(200);
  expect(change.tasks.byOperation.vappPowerOff).toBeUndefined();
  expect(change.settledMs).not.toBeNull();
  const text = formatWhatIf(report);
  expect(text).toMatch(/^tasks started +20 +220$/m);
  expect(text).toMatch(/^ {2}CPU MHz +0\/64000 \(0 %\) +64000\/64000 \(100 %\)$/m);
  expect(text).toContain('× vdcInstantiateVapp: The operation failed because the VDC "acme-vdc" does not have enough CPU');
  expect(text).toMatch(/× real time/);
});

test('the same seed gives the same report; 200 VM deployments with a fault window run well over 60× real time', async () => {
  const scenario = loadScenarioFile(PLAN);
  const a = await whatIf(makeSim, { fixture: roomy, scenario, seed: 3 });
  const b = await whatIf(makeSim, { fixture: roomy, scenario, seed: 3 });
  expect(comparable(b)).toEqual(comparable(a));
  const { change } = a;
  expect(change.tasks.byOperation.vdcInstantiateVapp.started).toBe(220);
  // In a roomy VDC the deployments succeed but for the fault window's share.
  expect(change.tasks.byOperation.vdcInstantiateVapp.succeeded).toBeGreaterThan(180);
  expect(change.taskFailures.every((f) => f.reason === 'The datastore is not accessible.')).toBe(true);
  expect(change.vdcs.find((v) => v.vdc === 'acme/acme-vdc')!.vms.peak).toBe(change.tasks.byOperation.vdcInstantiateVapp.succeeded - 20 + change.tasks.active);
  expect(change.speedFactor).toBeGreaterThanOrEqual(60);
  expect(a.speedFactor).toBeGreaterThanOrEqual(60);
  const other = await whatIf(makeSim, { fixture: roomy, scenario, seed: 4 });
  expect(comparable(other)).not.toEqual(comparable(a));
});

test('with a speed the clock runs at that pace and the report says so', async () => {
  const scenario = parseScenarioText(`
name: small
timeline:
  - at: 0s
    change: true
    do:
      - instantiate: { org: acme, vdc: acme-dev, template: ubuntu-22.04, network: acme-dev-net, name: 'dev-{i}', count: 3 }
  - at: 30s
    change: true
    do:
      - powerOn: { org: acme, vapp: 'dev-*' }
  - at: 1m
    do:
      - reconfigure: { org: acme, vapp: 'dev-1', cpus: 4 }
      - undeploy: { org: acme, vapp: 'dev-2' }
  - at: 2m
    do:
      - delete: { org: acme, vapp: 'dev-3', force: true }
`);
  expect(baselineOf(scenario)!.timeline).toHaveLength(2);
  const r = await whatIf(makeSim, { fixture: 'fixtures/default.yaml', scenario, speed: 600 });
  expect(r.clock).toBe('600× real time');
  // About 600× (timers fire on real ones: never faster than asked).
  expect(r.change.speedFactor).toBeGreaterThan(300);
  expect(r.change.speedFactor).toBeLessThan(700);
  const c = r.change;
  expect(c.tasks.byOperation).toMatchObject({
    vdcInstantiateVapp: { started: 3, succeeded: 3 }, vappDeploy: { started: 3, succeeded: 3 },
    vappUndeployPowerOff: { started: 1, succeeded: 1 }, vdcDeleteVapp: { started: 1, succeeded: 1 },
  });
  // dev-1 runs without CPU hot add: the reconfiguration is refused as VCD refuses it.
  expect(c.refusals).toEqual([{ what: 'reconfigure', reason: expect.stringContaining('CPU hot add is not enabled'), n: 1 }]);
  // In the baseline the vApps never exist: its own steps find nothing to act on.
  expect(r.baseline.attempts.made).toBe(0);
  expect(r.baseline.tasks.started).toBe(0);
});

test('a plan naming what the fixture lacks is refused with its line', async () => {
  const scenario = parseScenarioText(`name: bad
timeline:
  - at: 0s
    do:
      - instantiate: { org: acme, vdc: nowhere, template: ubuntu-22.04, name: x }
`, 'bad.yaml');
  await expect(whatIf(makeSim, { fixture: 'fixtures/default.yaml', scenario })).rejects.toThrow('bad.yaml:3:1: timeline[0].do: org acme has no VDC named "nowhere"');
  expect(() => parseScenarioText('name: x\ntimeline:\n  - at: 0s\n    do:\n      - instantiate: { org: acme, vdc: v, template: t, name: x, count: 2 }\n', 'x.yaml'))
    .toThrow(ScenarioError);
});

test('vcdsim whatif on the command line, paced, prints its report as JSON', () => {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'whatif', '--fixture', 'fixtures/default.yaml', '--scenario', PLAN, '--speed', '2000', '--json'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  const report = JSON.parse(r.stdout) as WhatIfReport;
  expect(report.clock).toBe('2000× real time');
  expect(report.change.tasks.started).toBe(220);
  expect(report.speedFactor).toBeGreaterThan(1000);
  expect(r.stderr).toContain('baseline: 3 of 5 steps');
});
