/**
 * Query latency at scale: the same typed queries over a generated 100,000-VM inventory and a 1,000-VM one
 * (the same-run baseline), plus a bare node:http server answering a fixed body (the floor of one loopback
 * round trip). One keep-alive connection, sequential requests, bounded in time. Prints markdown.
 *
 *   npm run bench:query [-- --vms 100000 --seconds 3]
 */
import { createServer, request, Agent, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { Simulator } from '../src/sim.js';
import { generateFixture, writeFixture } from '../scripts/fixture.js';

const { values } = parseArgs({ options: { vms: { type: 'string' }, seconds: { type: 'string' } } });
const BIG = Number(values.vms ?? 100_000);
const SMALL = 1_000;
/** Per query and inventory: at most this long, or MAX_RUNS requests, after WARMUP requests. */
const SECONDS = Number(values.seconds ?? 3);
const MAX_RUNS = 2_000;
const WARMUP = 30;

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function login(base: string, user: string, org: string): Promise<Record<string, string>> {
  const path = org === 'System' ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
  const token = await new Promise<string>((resolve, reject) => {
    const req = request(`${base}${path}`, {
      method: 'POST', agent,
      headers: { Accept: 'application/json;version=37.0', Authorization: `Basic ${Buffer.from(`${user}@${org}:password`).toString('base64')}` },
    }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(String(res.headers['x-vmware-vcloud-access-token'])) : reject(new Error(`login ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
  return { Accept: 'application/*+xml;version=37.0', Authorization: `Bearer ${token}` };
}

interface Stats {
  p50: number;
  p99: number;
  runs: number;
}

async function measure(url: string, headers: Record<string, string>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) {
    const res = await get(url, headers);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body.slice(0, 300)}`);
  }
  const times: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  while (times.length < MAX_RUNS && performance.now() < until) {
    const t0 = performance.now();
    await get(url, headers);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p99: at(0.99), runs: times.length };
}

interface Inventory {
  sim: Simulator;
  base: string;
  loadMs: number;
  rssMB: number;
}

async function inventory(dir: string, vms: number): Promise<Inventory> {
  const file = join(dir, `vms${vms}.json`);
  writeFixture(file, generateFixture({ vms }));
  global.gc?.();
  const t0 = performance.now();
  const sim = await Simulator.create({ fixture: file, logLevel: 'silent', speed: 0 });
  const loadMs = performance.now() - t0;
  global.gc?.();
  const rssMB = process.memoryUsage().rss / 1e6;
  const base = await sim.listen(0, '127.0.0.1');
  return { sim, base, loadMs, rssMB };
}

/** The queries, as a tenant of org1 and as the system administrator. */
const QUERIES: { label: string; as: 'tenant' | 'admin'; path: string }[] = [
  { label: 'issue query, positional names (tenant vm)', as: 'tenant', path: '/api/query?type=vm&filter=(name==org1-vdc1-*;status==POWERED_ON)&sortAsc=name&pageSize=2&page=2' },
  { label: 'issue query as written, name==web* (tenant vm)', as: 'tenant', path: '/api/query?type=vm&filter=(name==web*;status==POWERED_ON)&sortAsc=name&pageSize=2' },
  { label: 'suffix wildcard, page 3 (tenant vm)', as: 'tenant', path: '/api/query?type=vm&filter=(name==*vm1;status==POWERED_ON)&sortAsc=name&pageSize=25&page=3' },
  { label: 'all orgs, two conditions, page 3 (adminVM)', as: 'admin', path: '/api/query?type=adminVM&filter=(status==POWERED_ON;numberOfCpus=ge=4)&sortAsc=name&pageSize=25&page=3' },
  { label: 'all orgs, sorted by memory (adminVM)', as: 'admin', path: '/api/query?type=adminVM&filter=status==POWERED_ON&sortDesc=memoryMB&pageSize=25' },
  { label: 'all orgs, 128 records as JSON (adminVM)', as: 'admin', path: '/api/query?type=adminVM&filter=isDeployed==true&pageSize=128&page=4' },
];

async function bare(): Promise<{ server: Server; url: string }> {
  const body = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><QueryResultRecords total="0"/>');
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/vnd.vmware.vcloud.query.records+xml;version=37.0');
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query` };
}

const ms = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vcdsim-bench-'));
  try {
    const floor = await bare();
    const floorStats = await measure(floor.url, {});
    const headersFor = async (inv: Inventory, q: (typeof QUERIES)[number]) => {
      const h = q.as === 'admin' ? await login(inv.base, 'administrator', 'System') : await login(inv.base, 'org1-admin', 'org1');
      return q.label.includes('JSON') ? { ...h, Accept: 'application/*+json;version=37.0' } : h;
    };
    // One inventory at a time, so the RSS after the large one's queries is its own.
    const big = await inventory(dir, BIG);
    const bigStats: Stats[] = [];
    for (const q of QUERIES) bigStats.push(await measure(`${big.base}${q.path}`, await headersFor(big, q)));
    global.gc?.();
    const bigRssAfter = process.memoryUsage().rss / 1e6;
    await big.sim.stop();
    const small = await inventory(dir, SMALL);
    const rows: string[] = [];
    for (const [n, q] of QUERIES.entries()) {
      const s = await measure(`${small.base}${q.path}`, await headersFor(small, q));
      const b = bigStats[n];
      rows.push(`| ${q.label} | ${ms(s.p50)} / ${ms(s.p99)} | ${ms(b.p50)} / ${ms(b.p99)} | ${(b.p50 / s.p50).toFixed(1)}× | ${b.runs} |`);
    }
    const out = [
      `### Query latency, ${BIG.toLocaleString('en')} VMs vs ${SMALL.toLocaleString('en')} (ms, p50 / p99; 1 connection, loopback)`,
      '',
      `Load of the ${BIG.toLocaleString('en')}-VM fixture: ${(big.loadMs / 1000).toFixed(2)} s, RSS after load ${big.rssMB.toFixed(0)} MB, ` +
        `after its queries (indexes built) ${bigRssAfter.toFixed(0)} MB. ${SMALL.toLocaleString('en')}-VM fixture: ${(small.loadMs / 1000).toFixed(2)} s.`,
      `Floor — bare node:http answering a fixed body: ${ms(floorStats.p50)} / ${ms(floorStats.p99)}.`,
      '',
      `| query | ${SMALL.toLocaleString('en')} VMs | ${BIG.toLocaleString('en')} VMs | p50 ratio | runs |`,
      '|---|---|---|---|---|',
      ...rows,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    await Promise.all([small.sim.stop(), new Promise((r) => floor.server.close(r))]);
    agent.destroy();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
