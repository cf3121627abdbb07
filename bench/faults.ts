/**
 * Throughput with 100 fault rules loaded that match nothing, as a ratio to the same server with none
 * (target ≥ 0.9). Each round measures both back to back, alternating which goes first; the figure is the
 * median of the rounds' ratios (lib.ts `pairedRatio`). This is the one measure of what matching costs (the
 * test suite holds no timing assertion about it).
 */
import { badOf, control, int, load, login, median, pairedRatio, startServer, table, verdict, type LoadResult } from './lib.js';

/** 100 rules of every shape, none of which matches the traffic. */
function rules(): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < 40; i++) out.push({ match: { path: `/api/vApp/vapp-${i}/**` }, action: 'reset' });
  for (let i = 0; i < 30; i++) out.push({ match: { org: `nosuch-${i}` }, action: { type: 'error', status: 500 } });
  for (let i = 0; i < 20; i++) out.push({ match: { method: 'POST', path: `/cloudapi/1.0.0/x${i}` }, action: 'timeout' });
  for (let i = 0; i < 10; i++) out.push({ match: { kind: 'vm', version: '<30' }, action: 'reset' });
  return out;
}

export async function faultRules(o: { seconds: number; rounds: number }): Promise<{ text: string; ratio: number }> {
  const sim = await startServer({ kind: 'vcdsim', config: {} });
  try {
    const headers = await login(sim.url, 'alice', 'acme');
    // The cheapest requests (a cached document and the public versions list), where the gate's cost shows most.
    const run = (seconds: number, warmup = 0) =>
      load({ url: sim.url, connections: 10, seconds, warmup, headers, requests: [{ path: '/api/org' }, { path: '/api/versions' }] });
    await run(3); // JIT warm-up: the first seconds run slower
    const none: number[] = [];
    const loaded: number[] = [];
    const runs: LoadResult[] = [];
    for (let r = 0; r < o.rounds; r++) {
      for (const which of r % 2 ? ['none', 'loaded'] : ['loaded', 'none']) {
        await control(sim.url, 'DELETE', '/faults');
        if (which === 'loaded') await control(sim.url, 'POST', '/faults', rules());
        const res = await run(o.seconds);
        runs.push(res);
        (which === 'none' ? none : loaded).push(res.rps);
      }
    }
    const ratio = pairedRatio(loaded, none);
    const text = [
      `### Fault rules (10 connections, GET /api/org and /api/versions alternately; ${o.rounds} rounds of ${o.seconds} s each way)`,
      '',
      table(['rules loaded', 'req/s (median)', 'rounds', 'non-2xx/errors'], [
        ['none', int(median(none)), none.map(int).join(', '), ''],
        [`${rules().length}, none matching`, int(median(loaded)), loaded.map(int).join(', '), badOf(runs)],
      ]),
      '',
      `- Ratio in each round (loaded ÷ none): ${loaded.map((rps, r) => rps / none[r]).map((x) => x.toFixed(2)).join(', ')}.`,
      '',
      verdict(ratio >= 0.9, 'with 100 fault rules loaded (none matching), throughput ≥ 0.9× of none', `median of the rounds' ratios ${ratio.toFixed(2)}×`),
    ].join('\n');
    return { text, ratio };
  } finally {
    await sim.stop();
  }
}
