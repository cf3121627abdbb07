/** The twin subcommands of `vcdsim`: capture, record, replay, diff. Each returns its exit code. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { capture } from './capture.js';
import { record } from './record.js';
import { formatReplay, replay } from './replay.js';
import { diffInventories, formatDiff, isEmptyDiff, readInventory } from './diff.js';

export const TWIN_HELP = `vcdsim capture --from URL --user U --org O [--password-env VAR] --out FILE [--rps N]
    crawl a VCD read-only into a fixture (passwords of the fixture's users are generated, shown once on stderr)
vcdsim record --target URL [--listen HOST:PORT] --out FILE.jsonl
    a recording proxy: point clients at it; one JSON line per exchange, secrets removed
vcdsim replay FILE.jsonl --against URL [--user U --org O --password-env VAR] [--json]
    send a recording again and report the requests whose answers differ (ids, hrefs and dates ignored)
vcdsim diff A B [--json] [--history] [--ignore kind.path,…]
    compare two snapshots (GET /_vcdsim/snapshot) or fixtures, entity by entity
The password is read from the environment variable --password-env names (default VCD_PASSWORD).
`;

const COMMANDS = ['capture', 'record', 'replay', 'diff'];

/** Runs a twin subcommand, or returns undefined when argv names none. */
export function twinCommand(argv: string[]): Promise<number> | undefined {
  if (!COMMANDS.includes(argv[0] ?? '')) return undefined;
  return run(argv[0], argv.slice(1)).catch((e) => {
    process.stderr.write(`vcdsim ${argv[0]}: ${(e as Error).message}\n`);
    return 1;
  });
}

const err = (s: string) => process.stderr.write(s);

function passwordFrom(env: string | undefined): string {
  const name = env ?? 'VCD_PASSWORD';
  const value = process.env[name];
  if (value === undefined) throw new Error(`the password is read from $${name}, which is not set`);
  return value;
}

async function run(command: string, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' }, user: { type: 'string' }, org: { type: 'string' }, 'password-env': { type: 'string' },
      out: { type: 'string' }, rps: { type: 'string' }, target: { type: 'string' }, listen: { type: 'string' },
      against: { type: 'string' }, json: { type: 'boolean' }, history: { type: 'boolean' }, ignore: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(TWIN_HELP);
    return 0;
  }
  const need = (v: string | undefined, flag: string): string => {
    if (!v) throw new Error(`${flag} is required\n${TWIN_HELP}`);
    return v;
  };
  if (command === 'capture') {
    const out = need(values.out, '--out');
    const rps = values.rps === undefined ? 20 : Number(values.rps);
    if (!Number.isFinite(rps) || rps < 0) throw new Error('--rps must be a non-negative number');
    const started = Date.now();
    const result = await capture({
      from: need(values.from, '--from'), user: need(values.user, '--user'), org: need(values.org, '--org'),
      password: passwordFrom(values['password-env']), rps, onProgress: (line) => err(`${line}\n`),
    });
    writeFileSync(out, `# Captured by vcdsim capture from ${values.from} at ${new Date().toISOString()}\n${stringify(result.fixture)}`);
    err(`\nGenerated passwords (shown once; they are in ${out}):\n`);
    for (const [who, pw] of Object.entries(result.passwords)) err(`  ${who}  ${pw}\n`);
    if (result.refused.length) {
      err(`\nRefused by the VCD (${result.refused.length}):\n`);
      for (const r of result.refused) err(`  ${r.status} ${r.what} (${r.href}): ${r.message}\n`);
    }
    if (result.notCaptured.length) {
      err(`\nNot captured (${result.notCaptured.length}):\n`);
      for (const n of result.notCaptured) err(`  ${n}\n`);
    }
    const c = result.counts;
    err(`\nCaptured ${c.orgs} orgs, ${c.users} users, ${c.vdcs} VDCs, ${c.storageProfiles} storage profiles, ${c.networks} networks, `
      + `${c.catalogs} catalogs, ${c.templates} templates, ${c.vApps} vApps, ${c.vms} VMs in ${result.requests} requests, `
      + `${((Date.now() - started) / 1000).toFixed(1)} s → ${out}\n`);
    return 0;
  }
  if (command === 'record') {
    const rec = await record({
      target: need(values.target, '--target'), listen: values.listen, out: need(values.out, '--out'),
      onExchange: (e) => err(`${e.seq} ${e.method} ${e.path} → ${e.status} ${e.durationMs} ms${e.task ? ` (task ${e.task.operation} ${e.task.status} after ${e.task.observedMs} ms)` : ''}\n`),
    });
    process.stdout.write(`vcdsim record listening on ${rec.url}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await rec.stop();
    err(`recorded ${rec.exchanges} exchanges to ${values.out}\n`);
    return 0;
  }
  if (command === 'replay') {
    const file = need(positionals[0], 'the recording file');
    const report = await replay(file, {
      against: need(values.against, '--against'), user: values.user, org: values.org,
      password: values.user ? passwordFrom(values['password-env']) : undefined,
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReplay(report));
    return report.matched === report.requests ? 0 : 1;
  }
  // diff
  if (positionals.length !== 2) throw new Error(`diff takes two files\n${TWIN_HELP}`);
  const [a, b] = positionals;
  const d = diffInventories(readInventory(a), readInventory(b), {
    history: values.history, ignore: values.ignore ? values.ignore.split(',').map((s) => s.trim()).filter(Boolean) : [],
  });
  process.stdout.write(values.json ? `${JSON.stringify(d, null, 2)}\n` : formatDiff(d, [a, b]));
  return isEmptyDiff(d) ? 0 : 1;
}
