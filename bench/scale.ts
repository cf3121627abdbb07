/**
 * How the cost grows with the inventory: for each size, the vcdsim command's time from spawn to its
 * listening line and its RSS then, the RSS of a loaded simulator after a GC, typed-query latency (one
 * connection), the RSS after those queries (as left, then after a GC) and the snapshot export.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/config.js';
import { DEFAULT_FIXTURE, generated } from './fixtures.js';
import { QUERIES, queryLatencies } from './query.js';
import { http, int, login, mb, ms, startServer, table, verdict } from './lib.js';

const CLI = resolve(PACKAGE_ROOT, 'dist/cli.js');

/** Node flags for a size: a million VMs need more heap than V8's default limit. */
export const nodeArgsFor = (vms: number) => (vms >= 500_000 ? ['--max-old-space-size=4096'] : []);

interface Startup {
  ms: number;
  rss: number;
  /** From spawn: a client's login answered, then a request the OpenAPI validator checks (when asked for). */
  loginMs?: number;
  validatedMs?: number;
}

/**
 * The vcdsim command, as a user starts it: time until it prints its listening line, and its RSS then.
 * With `ready`, also when it answers a client: a login, then a request the request validator refuses
 * (that validator is built after the port opens, so this shows when it is in place).
 */
export async function cliStartup(fixture: string, nodeArgs: string[] = [], ready = false): Promise<Startup> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, CLI, '--fixture', fixture, '--port', '0', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const base = await new Promise<string>((resolveListening, reject) => {
      let out = '';
      child.stdout!.on('data', (c) => {
        out += c;
        if (out.includes('listening on')) resolveListening(/listening on (\S+)/.exec(out)![1]);
      });
      child.once('exit', (code) => reject(new Error(`vcdsim exited (${code}) before listening`)));
    });
    const startup: Startup = { ms: performance.now() - t0, rss: rssOf(child.pid!) };
    if (ready) {
      const headers = await login(base, 'administrator', 'System');
      startup.loginMs = performance.now() - t0;
      const refused = await http('GET', `${base}/api/query?type=vm&page=abc`, headers);
      if (refused.status !== 400) throw new Error(`the validator answered ${refused.status} to page=abc`);
      startup.validatedMs = performance.now() - t0;
    }
    return startup;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

export interface SizeResult {
  vms: number;
  /** Node flags beyond the defaults for that size. */
  flags: string[];
  fileMB: number;
  startup: Startup;
  rssLoaded: number;
  firstMs: number;
  p50: number;
  p99: number;
  worst: string;
  /** Worst p99 of the `vm` queries (a tenant's, filtered, sorted and paged: the target's). */
  vmP99: number;
  rssAfter: number;
  rssAfterGc: number;
  heapAfterGc: number;
  snapshotMs: number;
  snapshotMB: number;
}

/** The heap limit under which 100,000 VMs stay within 400 MB of RSS after serving queries. */
export const CAPPED = ['--max-old-space-size=320'];

export async function size(dir: string, vms: number, seconds: number, flags: string[] = []): Promise<SizeResult> {
  const { file, mb: fileMB } = generated(dir, vms);
  const nodeArgs = [...nodeArgsFor(vms), ...flags];
  const startup = await cliStartup(file, nodeArgs);
  const sim = await startServer({ kind: 'vcdsim', config: { fixture: file, speed: 0 } }, ['--expose-gc', ...nodeArgs]);
  try {
    const mem = () => sim.ask<{ rss: number; heapUsed: number }>('memory', { gc: true });
    const rssLoaded = (await mem()).rss;
    const { results, firstMs } = await queryLatencies(sim.url, seconds);
    const worst = results.reduce((w, r, i) => (r.p99 > results[w].p99 ? i : w), 0);
    const vmP99 = Math.max(...results.filter((_, i) => QUERIES[i].path.includes('type=vm&')).map((r) => r.p99));
    const rssAfter = (await sim.ask<{ rss: number }>('memory')).rss;
    const afterGc = await mem();
    const t0 = performance.now();
    const snap = await http('GET', `${sim.url}/_vcdsim/snapshot`);
    const snapshotMs = performance.now() - t0;
    if (snap.status !== 200) throw new Error(`snapshot export of ${vms} VMs: ${snap.status}`);
    const p50 = Math.max(...results.map((r) => r.p50));
    return {
      vms, flags, fileMB, startup, rssLoaded, firstMs, p50, p99: results[worst].p99, worst: QUERIES[worst].label, vmP99, rssAfter,
      rssAfterGc: afterGc.rss, heapAfterGc: afterGc.heapUsed, snapshotMs, snapshotMB: snap.body.length / 1e6,
    };
  } finally {
    await sim.stop();
  }
}

export async function scale(o: { dir: string; sizes: number[]; seconds: number }): Promise<{ text: string; results: SizeResult[] }> {
  const defaultStartup = await cliStartup(DEFAULT_FIXTURE, [], true);
  const results: SizeResult[] = [];
  for (const vms of o.sizes) results.push(await size(o.dir, vms, o.seconds));
  if (o.sizes.includes(100_000)) results.push(await size(o.dir, 100_000, o.seconds, CAPPED));
  const rows = results.map((r) => [
    `${int(r.vms)}${r.flags.length ? ` (\`${r.flags.join(' ')}\`)` : ''}`, `${r.fileMB.toFixed(0)} MB`, `${(r.startup.ms / 1000).toFixed(2)} s`, mb(r.startup.rss), mb(r.rssLoaded),
    `${(r.firstMs / 1000).toFixed(2)} s`, `${ms(r.p50)} / ${ms(r.p99)}`, `${mb(r.rssAfter)} → ${mb(r.rssAfterGc)} (heap ${mb(r.heapAfterGc)})`,
    `${(r.snapshotMs / 1000).toFixed(2)} s, ${r.snapshotMB.toFixed(0)} MB`,
  ]);
  const at = (n: number) => results.find((r) => r.vms === n && !r.flags.length);
  const big = at(100_000);
  const capped = results.find((r) => r.flags.length);
  const million = at(1_000_000);
  const lines = [
    `### Scale (generated inventories; query latency on 1 connection, ${o.seconds} s per query, worst p50 and worst p99 of the ${QUERIES.length} queries; ms)`,
    '',
    table(['VMs', 'fixture', 'startup to listening', 'RSS then', 'RSS loaded (after GC)', 'slowest first query (builds rows)', 'query p50 / p99', 'RSS after queries → after GC', 'GET /_vcdsim/snapshot'], rows),
    '',
    `- Startup is the \`vcdsim\` command (\`node dist/cli.js --fixture F\`) from spawn to its listening line; the other columns come from a second process holding the same inventory${million ? ` (1,000,000 VMs: with \`${nodeArgsFor(1_000_000).join(' ')}\`)` : ''}.`,
    `- The queries: ${QUERIES.map((q) => q.label).join('; ')}. Each URL is unique, so no answer comes from the render cache.`,
    '',
    verdict(
      defaultStartup.loginMs! <= 1000,
      'startup to listening and a login answered, default fixture ≤ 1 s',
      `${(defaultStartup.ms / 1000).toFixed(2)} s to listening (RSS ${mb(defaultStartup.rss)}), ${(defaultStartup.loginMs! / 1000).toFixed(2)} s to the login's answer, ${(defaultStartup.validatedMs! / 1000).toFixed(2)} s to the first request the validator checks`,
    ),
  ];
  if (big) {
    lines.push(
      verdict(big.vmP99 <= 10, 'query: filtered, sorted, paged `vm` queries over 100,000 VMs, p99 ≤ 10 ms at 1 connection', `worst p99 of the three ${ms(big.vmP99)} ms (of all six, admin queries across every org included: ${ms(big.p99)} ms, ${big.worst})`),
      verdict(big.startup.ms <= 5000, 'startup to listening, 100,000-VM fixture ≤ 5 s', `${(big.startup.ms / 1000).toFixed(2)} s`),
      verdict(Math.max(big.startup.rss, big.rssAfterGc) <= 400e6, 'RSS with 100,000 VMs ≤ 400 MB (default heap settings)', `${mb(big.startup.rss)} at listening, ${mb(big.rssAfter)} after the queries, ${mb(big.rssAfterGc)} after a GC (heap ${mb(big.heapAfterGc)})`),
    );
  }
  if (capped) {
    lines.push(
      verdict(Math.max(capped.startup.rss, capped.rssAfterGc) <= 400e6, `RSS with 100,000 VMs ≤ 400 MB with \`${CAPPED.join(' ')}\``, `${mb(capped.startup.rss)} at listening, ${mb(capped.rssAfter)} after the queries (worst query p99 ${ms(capped.p99)} ms)`),
    );
  }
  if (million) {
    lines.push(verdict(Number.isFinite(million.p99), '1,000,000 VMs load and serve queries in one process', `RSS ${mb(million.rssLoaded)} loaded, ${mb(million.rssAfterGc)} after the queries and a GC; worst query p99 ${ms(million.p99)} ms`));
  }
  return { text: lines.join('\n'), results };
}
