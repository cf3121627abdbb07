/** The twin subcommands of `vcdsim`: capture, record, replay, diff. Each returns its exit code. */
import { rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { capture } from './capture.js';
import { record } from './record.js';
import { formatReplay, replay } from './replay.js';
import { diffInventories, formatDiff, isEmptyDiff, readInventory } from './diff.js';
import { formatWhatIf, whatIf, type SimulatorFactory } from './whatif.js';
import { loadScenarioFile } from '../scenarios/loader.js';
import { fitLatency, formatVerify, verify, writeLatency } from './verify.js';

export const TWIN_HELP = `vcdsim capture --from URL --user U --org O [--password-env VAR] --out FILE [--rps N]
    crawl a VCD read-only into a fixture (passwords of the fixture's users are generated, shown once on stderr);
    documents read are kept in FILE.partial until it completes, and a capture started again resumes from them
vcdsim record --target URL [--listen HOST:PORT] --out FILE.jsonl
    a recording proxy: point clients at it; one JSON line per exchange, secrets removed
vcdsim replay FILE.jsonl --against URL [--user U --org O --password-env VAR] [--json]
    send a recording again and report the requests whose answers differ (ids, hrefs and dates ignored)
vcdsim diff A B [--json] [--history] [--ignore kind.path,…]
    compare two snapshots (GET /_vcdsim/snapshot) or fixtures, entity by entity
vcdsim whatif --fixture FILE --scenario FILE [--speed N] [--seed S] [--json]
    play a planned change against a fixture in process, beside a baseline without it, and compare outcomes
vcdsim verify FILE.jsonl --fixture FILE --user U --org O [--password-env VAR] [--fit [--out FILE]] [--json]
    replay a recording on a twin started from the fixture; compare its task durations and outcomes with the
    recorded ones per operation (median error, share within ±10 %); --fit writes a fitted latency model into
    the fixture (or --out)
The password is read from the environment variable --password-env names (default VCD_PASSWORD).
`;

const COMMANDS = ['capture', 'record', 'replay', 'diff', 'whatif', 'verify'];

/** Runs a twin subcommand, or returns undefined when argv names none. `makeSim` builds in-process simulators (whatif, verify). */
export function twinCommand(argv: string[], makeSim?: SimulatorFactory): Promise<number> | undefined {
  if (!COMMANDS.includes(argv[0] ?? '')) return undefined;
  return run(argv[0], argv.slice(1), makeSim).catch((e) => {
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

async function run(command: string, argv: string[], makeSim?: SimulatorFactory): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' }, user: { type: 'string' }, org: { type: 'string' }, 'password-env': { type: 'string' },
      out: { type: 'string' }, rps: { type: 'string' }, target: { type: 'string' }, listen: { type: 'string' },
      against: { type: 'string' }, json: { type: 'boolean' }, history: { type: 'boolean' }, ignore: { type: 'string' },
      fixture: { type: 'string' }, scenario: { type: 'string' }, speed: { type: 'string' }, seed: { type: 'string' },
      fit: { type: 'boolean' },
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
    // Documents read are kept beside the output until the capture completes: run again to resume.
    const journal = `${out}.partial`;
    const result = await capture({
      from: need(values.from, '--from'), user: need(values.user, '--user'), org: need(values.org, '--org'),
      password: passwordFrom(values['password-env']), rps, onProgress: (line) => err(`${line}\n`), journal,
    });
    rmSync(journal, { force: true });
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
      + `${c.catalogs} catalogs, ${c.templates} templates, ${c.media ?? 0} media, ${c.vApps} vApps, ${c.vms} VMs, ${c.disks ?? 0} disks, ${c.edgeGateways ?? 0} edge gateways`
      + `${c.providerVdcs !== undefined ? ` and the provider side (${c.vCenters} vCenters, ${c.nsxtManagers} NSX-T managers, ${c.externalNetworks} external networks, ${c.providerVdcs} provider VDCs, ${c.computePolicies} compute policies)` : ''}`
      + ` in ${result.requests} requests`
      + `${result.resumed ? ` (and ${result.resumed} documents from ${journal})` : ''}, `
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
  if (command === 'whatif') {
    if (!makeSim) throw new Error('whatif needs an in-process simulator');
    const scenario = loadScenarioFile(need(values.scenario, '--scenario'));
    const report = await whatIf(makeSim, {
      fixture: need(values.fixture, '--fixture'), scenario,
      speed: values.speed === undefined ? undefined : numberFlag(values.speed, '--speed'),
      seed: values.seed === undefined ? undefined : numberFlag(values.seed, '--seed'),
      onProgress: (line) => err(`${line}\n`),
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatWhatIf(report));
    return 0;
  }
  if (command === 'verify') {
    if (!makeSim) throw new Error('verify needs an in-process simulator');
    const fixture = need(values.fixture, '--fixture');
    const report = await verify(makeSim, {
      recording: need(positionals[0], 'the recording file'), fixture, user: need(values.user, '--user'), org: need(values.org, '--org'),
      password: values['password-env'] ? passwordFrom(values['password-env']) : undefined,
      seed: values.seed === undefined ? undefined : numberFlag(values.seed, '--seed'),
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerify(report));
    if (values.fit) {
      const models = fitLatency(report.pairs, (op) => report.models[op]);
      const out = values.out ?? fixture;
      writeLatency(fixture, out, models);
      err(`Fitted latency models written to ${out}:\n`);
      for (const [op, m] of Object.entries(models)) err(`  ${op}: base ${m.baseMs} ms + ${m.perVmMs} ms per VM + ${m.perGbMs} ms per GB, jitter ±${(m.jitter * 100).toFixed(1)} %\n`);
      return 0;
    }
    return report.ok ? 0 : 1;
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

function numberFlag(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a non-negative number, got "${v}"`);
  return n;
}
