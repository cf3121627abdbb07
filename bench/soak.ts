/**
 * `npm run soak`: mixed load against one loopback simulator with faults on, for 10 minutes (or
 * `--minutes N`). Virtual users log in, browse, query, and take vApps through their lives (instantiate,
 * reconfigure, power on and off, undeploy, delete), retrying what the faults spoil as a client should. The
 * report gives the requests served, errors by kind, and memory (RSS and heap after a GC, with the entity
 * counts that explain any growth) at the start, at intervals and at the end.
 *
 *   npm run soak [-- --minutes 1] [-- --users 8]
 */
import { parseArgs } from 'node:util';
import { control, http, int, mb, startServer, table, sleep, agentClose, type Answer } from './lib.js';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, users: { type: 'string', default: '8' } } });
const MINUTES = Number(values.minutes);
const USERS = Number(values.users);
const SAMPLES = 10;
/** Heap growth over the second half of the run beyond which memory is flagged (the first half fills the caches and the kept tasks). */
const GROWTH_FLAG = 0.1;

const FAULTS = [
  { id: 'soak-503', match: { path: '/api/**' }, action: { type: 'error', status: 503, retryAfter: 1 }, probability: 0.05 },
  { id: 'soak-503-cloudapi', match: { path: '/cloudapi/**' }, action: { type: 'error', status: 503, retryAfter: 1 }, probability: 0.05 },
  { id: 'soak-latency', match: { path: '/api/**' }, action: { type: 'latency', distribution: 'uniform', minMs: 5, maxMs: 50 }, probability: 0.1 },
  { id: 'soak-reset', match: { method: 'GET', path: '/api/**' }, action: 'reset', probability: 0.005 },
  { id: 'soak-task-failure', match: { operation: 'vdcInstantiateVapp' }, action: { type: 'task-failure', message: 'The datastore is not accessible.' }, probability: 0.05 },
];

const XML = 'application/*+xml;version=37.0';
const MT_INSTANTIATE = 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml';
const MT_VM = 'application/vnd.vmware.vcloud.vm+xml';

/** Outcomes by kind: `200`, `503`, `reset`… and what the client made of them. */
const outcomes = new Map<string, number>();
const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
const unexpected: string[] = [];
let served = 0;
const lives = { started: 0, done: 0, taskFailed: 0, abandoned: 0 };

class Abandon extends Error {}

/** One exchange, retried (up to 5 times) when a fault spoiled it: 503 (after its Retry-After) or a reset. */
async function call(method: string, url: string, headers: Record<string, string>, body?: string, ok = [200, 201, 202, 204]): Promise<Answer> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let res: Answer;
    try {
      res = await http(method, url, headers, body);
    } catch (e) {
      count((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? 'reset (retried)' : `socket ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      continue;
    }
    served++;
    count(String(res.status));
    if (ok.includes(res.status)) return res;
    if (res.status === 503) {
      await sleep(Number(res.headers['retry-after'] ?? 1) * 100);
      continue;
    }
    if (unexpected.length < 20) unexpected.push(`${method} ${new URL(url).pathname} → ${res.status}: ${res.body.toString().slice(0, 200)}`);
    throw new Abandon(`${res.status}`);
  }
  throw new Abandon('retries exhausted');
}

const hrefOf = (body: Buffer, pattern: RegExp) => pattern.exec(body.toString())?.[1];

async function waitTask(headers: Record<string, string>, href: string): Promise<string> {
  for (;;) {
    const status = /<Task[^>]*\sstatus="(\w+)"/.exec((await call('GET', href, headers)).body.toString())?.[1] ?? 'unknown';
    if (!['queued', 'preRunning', 'running'].includes(status)) return status;
    await sleep(100);
  }
}

interface World {
  base: string;
  vdcHref: string;
  templateHref: string;
}

/** One user's visit: log in, browse and query, take a vApp through its life, log out. */
async function visit(w: World, user: string, n: number): Promise<void> {
  const login = await call('POST', `${w.base}/cloudapi/1.0.0/sessions`, {
    Accept: 'application/json;version=37.0', Authorization: `Basic ${Buffer.from(`${user}@acme:password`).toString('base64')}`,
  });
  const h = { Accept: XML, Authorization: `Bearer ${String(login.headers['x-vmware-vcloud-access-token'])}` };
  try {
    await call('GET', `${w.base}/api/org`, h);
    await call('GET', w.vdcHref, h);
    await call('GET', `${w.base}/api/query?type=vApp&filter=name==soak-*&sortAsc=name&pageSize=25`, h);
    await call('GET', `${w.base}/api/query?type=vm&filter=status==POWERED_ON&pageSize=25`, h);

    lives.started++;
    const name = `soak-${user}-${n}`;
    const body = `<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}" deploy="false" powerOn="false">` +
      `<Source href="${w.templateHref}"/><AllEULAsAccepted>true</AllEULAsAccepted></InstantiateVAppTemplateParams>`;
    const created = await call('POST', `${w.vdcHref}/action/instantiateVAppTemplate`, { ...h, 'Content-Type': MT_INSTANTIATE }, body, [201, 400]);
    if (created.status === 400) {
      // A retry after a lost answer finds the name taken: the first attempt went through; skip this life.
      lives.abandoned++;
      return;
    }
    const vappHref = hrefOf(created.body, /<VApp[^>]*\shref="([^"]+)"/)!;
    if ((await waitTask(h, hrefOf(created.body, /<Task[^>]*\shref="([^"]+)"/)!)) !== 'success') {
      lives.taskFailed++;
      return;
    }
    const vmHref = hrefOf((await call('GET', vappHref, h)).body, /<Vm[^>]*\shref="([^"]+)"/)!;
    const step = async (method: string, url: string, contentType?: string, payload?: string) => {
      const res = await call(method, url, contentType ? { ...h, 'Content-Type': contentType } : h, payload);
      const status = await waitTask(h, hrefOf(res.body, /<Task[^>]*\shref="([^"]+)"/)!);
      if (status !== 'success') throw new Abandon(`task ${status}`);
    };
    await step('POST', `${vmHref}/action/reconfigureVm`, MT_VM,
      '<Vm xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">' +
      '<ovf:VirtualHardwareSection><ovf:Info>hw</ovf:Info><ovf:Item><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>4</rasd:VirtualQuantity></ovf:Item></ovf:VirtualHardwareSection></Vm>');
    await step('POST', `${vappHref}/power/action/powerOn`);
    await call('GET', vmHref, h);
    await step('POST', `${vappHref}/power/action/powerOff`);
    await step('POST', `${vappHref}/action/undeploy`, 'application/vnd.vmware.vcloud.undeployVAppParams+xml',
      '<UndeployVAppParams xmlns="http://www.vmware.com/vcloud/v1.5"><UndeployPowerAction>powerOff</UndeployPowerAction></UndeployVAppParams>');
    await step('DELETE', vappHref);
    lives.done++;
  } finally {
    await call('DELETE', `${w.base}/api/session`, h, undefined, [204, 401]).catch(() => undefined);
  }
}

interface Sample {
  minute: number;
  rss: number;
  heapUsed: number;
  counts: Record<string, number>;
}

async function main(): Promise<void> {
  const sim = await startServer({ kind: 'vcdsim', config: { speed: 60, logLevel: 'error' } }, ['--expose-gc']);
  const samples: Sample[] = [];
  const started = performance.now();
  const sample = async () => {
    const m = await sim.ask<{ rss: number; heapUsed: number }>('memory', { gc: true });
    const counts = await sim.ask<Record<string, number>>('counts');
    samples.push({ minute: (performance.now() - started) / 60_000, rss: m.rss, heapUsed: m.heapUsed, counts });
  };
  try {
    const snap = (await control(sim.url, 'GET', '/snapshot')) as { vdc: { id: string; name: string }[]; vAppTemplate: { id: string; name: string }[] };
    const w: World = {
      base: sim.url,
      vdcHref: `${sim.url}/api/vdc/${snap.vdc.find((v) => v.name === 'acme-vdc')!.id}`,
      templateHref: `${sim.url}/api/vAppTemplate/vappTemplate-${snap.vAppTemplate.find((t) => t.name === 'ubuntu-22.04')!.id}`,
    };
    await control(sim.url, 'POST', '/faults', FAULTS);
    await sample();
    const until = started + MINUTES * 60_000;
    const users = ['alice', 'acme-admin'];
    const worker = async (i: number) => {
      for (let n = 0; performance.now() < until; n++) {
        try {
          await visit(w, users[i % users.length], i * 1_000_000 + n);
        } catch (e) {
          if (!(e instanceof Abandon)) throw e;
          lives.abandoned++;
        }
      }
    };
    const sampler = (async () => {
      for (let k = 1; k < SAMPLES; k++) {
        await sleep(Math.max(0, started + (k * MINUTES * 60_000) / SAMPLES - performance.now()));
        await sample();
      }
    })();
    await Promise.all([...Array.from({ length: USERS }, (_, i) => worker(i)), sampler]);
    await sample();
    const faults = (await control(sim.url, 'GET', '/faults')) as { id: string; matched: number; fired: number }[];
    report(samples, faults, (performance.now() - started) / 1000);
  } finally {
    await sim.stop();
    agentClose();
  }
}

function report(samples: Sample[], faults: { id: string; matched: number; fired: number }[], seconds: number): void {
  const kinds = ['vApp', 'vm', 'task', 'session'];
  const out: string[] = [
    `## Soak: ${MINUTES} min, ${USERS} users, faults on`,
    '',
    `Requests served: ${int(served)} (${int(served / seconds)}/s). vApp lives: ${int(lives.started)} started, ${int(lives.done)} completed, ` +
      `${int(lives.taskFailed)} ended by an injected task failure, ${int(lives.abandoned)} abandoned after an error.`,
    '',
    table(['outcome', 'count'], [...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, int(n)])),
    '',
    table(['fault rule', 'matched', 'fired'], faults.map((f) => [f.id, int(f.matched), int(f.fired)])),
    '',
    table(['minute', 'RSS', 'heap used (after GC)', ...kinds.map((k) => `${k}s`)], samples.map((s) => [
      s.minute.toFixed(1), mb(s.rss), mb(s.heapUsed), ...kinds.map((k) => int(s.counts[k] ?? 0)),
    ])),
  ];
  const base = samples[Math.floor(samples.length / 2)];
  const end = samples[samples.length - 1];
  const growth = end.heapUsed / base.heapUsed - 1;
  const tasks = (end.counts.task ?? 0) - (base.counts.task ?? 0);
  out.push('');
  out.push(growth > GROWTH_FLAG
    ? `**Memory grew**: heap +${(growth * 100).toFixed(0)} % from minute ${base.minute.toFixed(1)} to the end (${mb(end.heapUsed - base.heapUsed)}; ${int(tasks)} more tasks kept, ${tasks > 0 ? `${Math.round((end.heapUsed - base.heapUsed) / tasks)} bytes each` : 'none'}).`
    : `Memory flat: heap ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} % from minute ${base.minute.toFixed(1)} to the end (tasks kept: ${int(base.counts.task ?? 0)} → ${int(end.counts.task ?? 0)}); RSS ${mb(base.rss)} → ${mb(end.rss)}.`);
  out.push(unexpected.length ? `\nUnexpected answers (first ${unexpected.length}):\n${unexpected.map((u) => `- ${u}`).join('\n')}` : '\nNo unexpected answers: every error was an injected fault, retried or surfaced as the client should.');
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
