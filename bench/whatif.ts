/**
 * What-if at speed: the plan in scenarios/whatif/mass-deploy.yaml (200 VM deployments over 20 minutes, a
 * fault window, background load, power-offs) played in process against the default inventory with room
 * for it, beside its baseline, a few rounds; simulated time over real time is the figure (the bar: 60×).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { whatIf } from '../src/index.js';
import { loadScenarioFile } from '../src/scenarios/loader.js';
import { PACKAGE_ROOT } from '../src/config.js';
import { int, table, verdict } from './lib.js';

export async function whatIfSpeed(o: { dir: string; rounds: number }): Promise<{ text: string }> {
  const fixture = join(o.dir, 'whatif-roomy.yaml');
  writeFileSync(fixture, readFileSync(join(PACKAGE_ROOT, 'fixtures/default.yaml'), 'utf8')
    .replace('cpu: { limitMhz: 64000, reservedMhz: 0 }', 'cpu: { limitMhz: 0, reservedMhz: 0 }')
    .replace('memory: { limitMB: 131072, reservedMB: 0 }', 'memory: { limitMB: 0, reservedMB: 0 }')
    .replace('vmQuota: 40', 'vmQuota: 0')
    .replace('{ name: Gold, limitMB: 2048000, default: true }', '{ name: Gold, limitMB: 0, default: true }'));
  const scenario = loadScenarioFile(join(PACKAGE_ROOT, 'scenarios/whatif/mass-deploy.yaml'));
  const rows: string[][] = [];
  const factors: number[] = [];
  for (let i = 0; i < o.rounds; i++) {
    const r = await whatIf({ fixture, scenario, seed: 7 + i });
    const c = r.change;
    factors.push(c.speedFactor);
    rows.push([String(i + 1), int(c.tasks.started), int(c.tasks.succeeded), `${(c.simulatedMs / 60_000).toFixed(1)} min`, `${(c.wallMs / 1000).toFixed(2)} s`, `${int(c.speedFactor)}×`, `${int(r.speedFactor)}×`]);
  }
  const median = [...factors].sort((a, b) => a - b)[factors.length >> 1];
  const text = [
    `### What-if (200 VM deployments with a fault window, beside the baseline; ${o.rounds} rounds)`,
    '',
    table(['round', 'tasks (change)', 'succeeded', 'simulated', 'real', 'change run', 'both runs'], rows),
    '',
    '- Baseline for the figure: real time (1×). The change run\'s factor counts playing the plan and waiting for its tasks to end, not starting its simulator from the fixture.',
    '',
    verdict(median >= 60, 'whatif: simulated time at least 60× real time for a 200-VM plan with a fault window', `median ${int(median)}× over ${o.rounds} rounds`),
  ].join('\n');
  return { text };
}
