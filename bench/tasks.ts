/**
 * Tasks on a fast clock: power-on tasks for `count` VMs are started through the API while the clock runs
 * at `speed`, long enough that all of them run at once; the server reports how far each one's real
 * lifetime, read in simulated time, strays from the time it was given, and the event loop's delay.
 */
import { generated } from './fixtures.js';
import { control, http, int, login, ms, sleep, startServer, table, verdict } from './lib.js';

/** 3–5 simulated hours (11–18 s real at 1000×): longer than it takes to start them all, so all run at once. */
const DURATION = { baseMs: 4 * 3_600_000, perVmMs: 0, perGbMs: 0, jitter: 0.25 };

interface TaskReport {
  started: number;
  finished: number;
  peak: number;
  within1pct: number;
  p99: number;
  max: number;
  finishSeconds: number;
}

export async function tasks(o: { dir: string; count: number; speed: number }): Promise<{ text: string }> {
  const { file } = generated(o.dir, o.count, true);
  const sim = await startServer({ kind: 'vcdsim', config: { fixture: file, speed: o.speed } });
  try {
    await control(sim.url, 'PUT', '/latency/vappDeploy', DURATION);
    const snap = (await control(sim.url, 'GET', '/snapshot')) as { vm: { id: string }[] };
    const headers = await login(sim.url, 'org1-admin', 'org1');
    await sim.ask('tasks-watch');
    await sim.ask('eld-start');
    const t0 = performance.now();
    let next = 0;
    let refused = 0;
    const worker = async () => {
      while (next < snap.vm.length) {
        const vm = snap.vm[next++];
        const res = await http('POST', `${sim.url}/api/vApp/vm-${vm.id}/power/action/powerOn`, headers);
        if (res.status !== 202) refused++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const startSeconds = (performance.now() - t0) / 1000;
    let report: TaskReport;
    for (;;) {
      await sleep(250);
      report = await sim.ask<TaskReport>('tasks-report');
      if (report.finished >= report.started || performance.now() - t0 > 120_000) break;
    }
    const eld = await sim.ask<{ p50: number; p99: number; max: number }>('eld-stop');
    const pct = (x: number) => `${(x * 100).toFixed(3)} %`;
    const text = [
      `### Tasks (${int(o.count)} power-on tasks at --speed ${o.speed}, each given 3–5 simulated hours)`,
      '',
      table(['tasks started', 'running at once (peak)', 'finished', 'within 1 % of their time', 'deviation p99 / max', 'event loop delay p50 / p99 / max (ms)'], [[
        int(report.started), int(report.peak), int(report.finished), int(report.within1pct), `${pct(report.p99)} / ${pct(report.max)}`,
        `${ms(eld.p50)} / ${ms(eld.p99)} / ${ms(eld.max)}`,
      ]]),
      '',
      `- The ${int(o.count)} POSTs (16 at a time) took ${startSeconds.toFixed(1)} s${refused ? `; ${refused} were refused` : ''}; the tasks finished over ${report.finishSeconds.toFixed(1)} s. ` +
        'Deviation: each task\'s real lifetime × speed against its queue time plus duration. Event-loop delay covers the whole run, starts and finishes.',
      '',
      verdict(
        report.peak >= o.count && report.within1pct === o.count && eld.p99 <= 20,
        `tasks: ${int(o.count)} concurrent running tasks at --speed ${o.speed} each finish within 1 % of their simulated duration, event loop p99 delay ≤ 20 ms`,
        `${int(report.peak)} running at once; ${int(report.within1pct)} of ${int(report.finished)} within 1 % (worst ${pct(report.max)}); event loop p99 ${ms(eld.p99)} ms`,
      ),
    ].join('\n');
    return { text };
  } finally {
    await sim.stop();
  }
}
