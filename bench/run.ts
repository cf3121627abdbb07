/**
 * `npm run bench`: every benchmark, each figure beside a baseline measured in the same run, and the
 * targets of the performance issue stated as met or not. Servers run in child processes on loopback;
 * every measurement is bounded in time (the whole run takes a few minutes on 2 cores).
 *
 *   npm run bench [-- --quick] [-- --peers] [-- --only docs,faults,scale,tasks,persist,whatif,upload]
 *
 * --quick: short measurements and small inventories (a smoke test, not figures to quote).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { agentClose } from './lib.js';
import { documents } from './docs.js';
import { faultRules } from './faults.js';
import { scale } from './scale.js';
import { tasks } from './tasks.js';
import { persistence } from './persist.js';
import { whatIfSpeed } from './whatif.js';
import { uploadFigure } from './upload.js';

const SECTIONS = ['docs', 'faults', 'scale', 'tasks', 'persist', 'whatif', 'upload'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    peers: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const quick = values.quick!;
const only = new Set((values.only?.split(',') ?? SECTIONS) as Section[]);
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; sections: ${SECTIONS.join(', ')}`);

const out = (s: string) => process.stdout.write(`${s}\n\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'vcdsim-bench-'));
  out(`## vcdsim benchmarks${quick ? ' (quick)' : ''}\n\n${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z`);
  try {
    if (only.has('docs')) {
      out((await documents({ dir, seconds: quick ? 1.5 : 4, rounds: quick ? 1 : 3, connections: 10, peers: values.peers! })).text);
    }
    if (only.has('faults')) out((await faultRules({ seconds: quick ? 1 : 2, rounds: quick ? 2 : 8 })).text);
    if (only.has('scale')) out((await scale({ dir, sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000], seconds: quick ? 0.5 : 2 })).text);
    if (only.has('tasks')) out((await tasks({ dir, count: quick ? 1_000 : 10_000, speed: 1000 })).text);
    if (only.has('persist')) out((await persistence({ dir, seconds: quick ? 1 : 3, rounds: quick ? 2 : 7, bigVms: quick ? 10_000 : 100_000 })).text);
    if (only.has('whatif')) out((await whatIfSpeed({ dir, rounds: quick ? 1 : 3 })).text);
    if (only.has('upload')) out((await uploadFigure({ bytes: quick ? 64 * 2 ** 20 : 2 ** 30 })).text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    agentClose();
  }
  out(`Benchmarks took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

await main();
