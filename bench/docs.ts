/**
 * Documents: requests per second and latency of vcdsim's answers beside two baselines measured in the
 * same run — A, a bare node:http server, and B, a bare Express 5 app, both answering the byte-identical
 * vApp document — and, with --peers, the same document from Prism and Mockoon.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type autocannon from 'autocannon';
import { benchFixture, PAIR, SINGLE } from './fixtures.js';
import {
  badOf, control, freePort, http, int, JSON_TYPE, load, login, ms, ratio, startProgram, startServer, table, verdict, XML,
  type LoadResult, type Server,
} from './lib.js';

export interface DocsOptions {
  dir: string;
  seconds: number;
  rounds: number;
  connections: number;
  peers: boolean;
}

interface Row {
  label: string;
  /** Runs one measurement; rounds are interleaved across rows so drift favours none. */
  run(seconds: number, warmup: number): Promise<LoadResult>;
  results: LoadResult[];
  note?: string;
}

interface Ids {
  vapps: Map<string, { id: string; vmIds: string[] }>;
}

async function ids(base: string): Promise<Ids> {
  const snap = (await control(base, 'GET', '/snapshot')) as { vApp: { id: string; name: string }[]; vm: { id: string; vappId: string; name: string }[] };
  const vapps = new Map<string, { id: string; vmIds: string[] }>();
  for (const a of snap.vApp) vapps.set(a.name, { id: a.id, vmIds: snap.vm.filter((v) => v.vappId === a.id).sort((x, y) => x.name.localeCompare(y.name)).map((v) => v.id) });
  return { vapps };
}

export async function documents(o: DocsOptions): Promise<{ text: string; vappVsB: number }> {
  const fixture = benchFixture(o.dir, o.connections);
  const sim = await startServer({ kind: 'vcdsim', config: { fixture } });
  const stops: (() => Promise<void>)[] = [() => sim.stop()];
  const notes: string[] = [];
  try {
    const { vapps } = await ids(sim.url);
    const pair = vapps.get(PAIR)!;
    let alice = await login(sim.url, 'alice', 'acme');
    const vappPath = `/api/vApp/vapp-${pair.id}`;
    const vmPath = `/api/vApp/vm-${pair.vmIds[0]}`;
    const queryPath = '/api/query?type=vm&filter=(name==pair-*;status==POWERED_ON)&sortAsc=name&pageSize=25&page=1';
    const doc = await http('GET', `${sim.url}${vappPath}`, alice);
    if (doc.status !== 200) throw new Error(`GET ${vappPath}: ${doc.status}`);
    const contentType = String(doc.headers['content-type']);

    const body = doc.body.toString('base64');
    const a = await startServer({ kind: 'http', path: vappPath, contentType, body });
    stops.push(() => a.stop());
    const b = await startServer({ kind: 'express', path: '/api/vApp/:id', contentType, body });
    stops.push(() => b.stop());
    for (const [name, s] of [['A', a], ['B', b]] as const) {
      const got = await http('GET', `${s.url}${vappPath}`);
      if (!got.body.equals(doc.body)) throw new Error(`baseline ${name} does not answer the vApp document byte for byte`);
    }

    const c = o.connections;
    const get = (server: Server | { url: string }, path: string, headers: () => Record<string, string> = () => ({})) =>
      (seconds: number, warmup: number) => load({ url: `${server.url}${path}`, connections: c, seconds, warmup, headers: headers() });
    const rows: Row[] = [
      { label: 'A: bare node:http, vApp XML', run: get(a, vappPath), results: [] },
      { label: 'B: bare Express 5, vApp XML', run: get(b, vappPath), results: [] },
      { label: 'vcdsim GET vApp (2 VMs), XML', run: get(sim, vappPath, () => alice), results: [] },
      { label: 'vcdsim GET VM, JSON', run: get(sim, vmPath, () => ({ ...alice, Accept: JSON_TYPE })), results: [] },
      { label: 'vcdsim GET /api/org, XML', run: get(sim, '/api/org', () => alice), results: [] },
      { label: 'vcdsim typed query page (vm, filter, sort), XML', run: get(sim, queryPath, () => alice), results: [] },
      {
        label: 'vcdsim power-on round trip (POST + task poll)',
        note: 'each connection its own VM: POST powerOn, GET its task, POST powerOff, GET its task; tasks complete on their first poll (task policy set through the control API); per request',
        results: [],
        run: async (seconds, warmup) => {
          // Each run starts from the fixture (every VM off, no task open) with a fresh session (reset ends
          // the old ones), and ends the same way for the other rows.
          const fresh = async () => {
            await control(sim.url, 'POST', '/reset');
            alice = await login(sim.url, 'alice', 'acme');
          };
          for (const op of ['vappDeploy', 'vappPowerOff']) await control(sim.url, 'PUT', `/tasks/policies/${op}`, { mode: 'polls', polls: 1 });
          const vms = [...Array(c).keys()].map((i) => vapps.get(SINGLE(i + 1))!.vmIds[0]);
          const once = async (s: number) => {
            await fresh();
            return load({ url: sim.url, connections: c, seconds: s, headers: alice, setupClient: roundTrips(vms) });
          };
          if (warmup) await once(warmup);
          const r = await once(seconds);
          await fresh();
          return r;
        },
      },
    ];
    if (o.peers) rows.push(...(await peerRows(o.dir, vappPath, contentType, doc.body, get, stops, notes)));

    for (let round = 0; round < o.rounds; round++) {
      for (const row of rows) row.results.push(await row.run(o.seconds, round === 0 ? 1 : 0));
    }

    const median = (rs: LoadResult[]) => [...rs].sort((x, y) => x.rps - y.rps)[Math.floor(rs.length / 2)];
    const A = median(rows[0].results).rps;
    const B = median(rows[1].results).rps;
    const lines = rows.map((row) => {
      const m = median(row.results);
      return [row.label, int(m.rps), ms(m.p50), ms(m.p99), ratio(m.rps, A), ratio(m.rps, B), badOf(row.results)];
    });
    const vappVsB = median(rows[2].results).rps / B;
    const text = [
      `### Documents (${c} connections, ${o.seconds} s per measurement, median of ${o.rounds} interleaved rounds; ms)`,
      '',
      table(['server, request', 'req/s', 'p50', 'p99', '× A', '× B', 'non-2xx/errors'], lines),
      '',
      ...rows.filter((r) => r.note).map((r) => `- ${r.label}: ${r.note}.`),
      '- vcdsim runs with `--log-level warn` (at `info` it writes a log line per request); A and B answer the vApp document vcdsim sent, byte for byte, with its Content-Type.',
      ...notes.map((n) => `- ${n}`),
      '',
      verdict(vappVsB >= 0.9, 'vcdsim GET of a vApp ≥ 0.9× baseline B', `${vappVsB.toFixed(2)}× B (${int(median(rows[2].results).rps)} vs ${int(B)} req/s)`),
    ].join('\n');
    return { text, vappVsB };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/** Each connection drives its own VM through powerOn → poll → powerOff → poll. */
function roundTrips(vmIds: string[]): (client: autocannon.Client) => void {
  let next = 0;
  const taskPath = (body: string) => /href="[^"]*(\/api\/task\/[^"]+)"/.exec(body)?.[1];
  return (client) => {
    const vm = vmIds[next++ % vmIds.length];
    const power = (action: string): autocannon.Request => ({
      method: 'POST',
      path: `/api/vApp/vm-${vm}/power/action/${action}`,
      onResponse: (_status, body, ctx: { task?: string }) => {
        ctx.task = taskPath(body);
      },
    });
    const poll: autocannon.Request = {
      method: 'GET',
      setupRequest: (req, ctx: { task?: string }) => (ctx.task ? { ...req, path: ctx.task } : undefined) as autocannon.Request,
    };
    client.setRequests([power('powerOn'), poll, power('powerOff'), poll]);
  };
}

/** The peers' versions, installed on demand by `npm run bench -- --peers` (not by `npm ci`). */
const PEERS = ['@stoplight/prism-cli@5.14.2', '@mockoon/cli@9.9.0'];

/**
 * Installs Prism and Mockoon into a cache folder of their own (VCDSIM_PEERS_DIR, default
 * ~/.cache/vcdsim/bench-peers) the first time they are asked for, and returns that folder.
 */
function peersPrefix(): string {
  const prefix = process.env.VCDSIM_PEERS_DIR ?? join(homedir(), '.cache', 'vcdsim', 'bench-peers');
  const have = PEERS.every((p) => existsSync(join(prefix, 'node_modules', p.slice(0, p.lastIndexOf('@')), 'package.json')));
  if (!have) {
    process.stderr.write(`installing the benchmark peers (${PEERS.join(', ')}) into ${prefix}…\n`);
    mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...PEERS], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return prefix;
}

/** Prism and Mockoon serving the same document (installed on demand, see peersPrefix). */
async function peerRows(
  dir: string, path: string, contentType: string, body: Buffer,
  get: (server: { url: string }, path: string) => (seconds: number, warmup: number) => Promise<LoadResult>,
  stops: (() => Promise<void>)[], notes: string[],
): Promise<Row[]> {
  const rows: Row[] = [];
  let prefix: string;
  try {
    prefix = peersPrefix();
  } catch (e) {
    notes.push(`Prism and Mockoon: not measured — could not install them: ${(e as Error).message.split('\n')[0]}`);
    return [];
  }
  const bin = (name: string) => resolve(prefix, 'node_modules/.bin', name);
  const peersDir = join(dir, 'peers');
  mkdirSync(peersDir, { recursive: true });
  const mediaType = contentType.split(';')[0];
  const xml = body.toString('utf8');
  const answers = async (url: string) => {
    const r = await http('GET', `${url}${path}`, { Accept: mediaType });
    return r.status === 200 && r.body.equals(body);
  };

  try {
    const spec = join(peersDir, 'openapi.json');
    writeFileSync(spec, JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'one vApp', version: '1' },
      paths: { [path]: { get: { responses: { 200: { description: 'the vApp', content: { [mediaType]: { schema: { type: 'string' }, example: xml } } } } } } },
    }));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const p = await startProgram(process.execPath, [bin('prism'), 'mock', spec, '--host', '127.0.0.1', '--port', String(port), '--errors', 'false'], () => answers(url));
    stops.push(() => p.stop());
    rows.push({ label: 'Prism 5 (prism mock), vApp XML', run: get({ url }, path), results: [] });
  } catch (e) {
    notes.push(`Prism: not measured — ${(e as Error).message.split('\n')[0]}`);
  }

  try {
    const env = join(peersDir, 'mockoon.json');
    const port = await freePort();
    writeFileSync(env, JSON.stringify(mockoonEnvironment(port, path, contentType, xml)));
    const url = `http://127.0.0.1:${port}`;
    const m = await startProgram(process.execPath, [bin('mockoon-cli'), 'start', '--data', env, '--disable-log-to-file'], () => answers(url));
    stops.push(() => m.stop());
    rows.push({ label: 'Mockoon CLI 9, vApp XML', run: get({ url }, path), results: [] });
  } catch (e) {
    notes.push(`Mockoon: not measured — ${(e as Error).message.split('\n')[0]}`);
  }
  return rows;
}

function mockoonEnvironment(port: number, path: string, contentType: string, xml: string): unknown {
  return {
    uuid: 'b3f1c0de-0000-4000-8000-000000000001', lastMigration: 32, name: 'one vApp', endpointPrefix: '', latency: 0, port,
    hostname: '127.0.0.1', folders: [], rootChildren: [{ type: 'route', uuid: 'b3f1c0de-0000-4000-8000-000000000002' }],
    proxyMode: false, proxyHost: '', proxyRemovePrefix: false, tlsOptions: { enabled: false, type: 'CERT', pfxPath: '', certPath: '', keyPath: '', caPath: '', passphrase: '' },
    cors: false, headers: [], proxyReqHeaders: [], proxyResHeaders: [], data: [], callbacks: [],
    routes: [{
      uuid: 'b3f1c0de-0000-4000-8000-000000000002', type: 'http', documentation: '', method: 'get', endpoint: path.replace(/^\//, ''),
      responses: [{
        uuid: 'b3f1c0de-0000-4000-8000-000000000003', body: xml, latency: 0, statusCode: 200, label: '', headers: [{ key: 'Content-Type', value: contentType }],
        bodyType: 'INLINE', filePath: '', databucketID: '', sendFileAsBody: false, rules: [], rulesOperator: 'OR', disableTemplating: true,
        fallbackTo404: false, default: true, crudKey: 'id', callbacks: [],
      }],
      responseMode: null, streamingMode: null, streamingInterval: 0,
    }],
  };
}
