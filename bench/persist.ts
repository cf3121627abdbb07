/**
 * Persistence: a write-heavy mix with `--data` beside the same mix in memory (same run, alternating
 * rounds); at 100,000 VMs the event loop's longest stall while the data file is rewritten under that
 * load, and how long an acknowledged change takes to reach the file.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type autocannon from 'autocannon';
import { benchFixture, generated, SINGLES } from './fixtures.js';
import { badOf, control, http, int, load, login, median, ms, pairedRatio, sleep, startServer, table, verdict, type LoadResult, type Server } from './lib.js';

const CONNECTIONS = 10;

/** Power actions complete at once, so every POST changes the state the file must hold. */
async function writable(sim: Server): Promise<void> {
  for (const op of ['vappDeploy', 'vappPowerOff']) await control(sim.url, 'PUT', `/tasks/policies/${op}`, { mode: 'immediate' });
}

/** Each connection: power its own VM on, read it, power it off. */
function mix(vmIds: string[]): (client: autocannon.Client) => void {
  let next = 0;
  return (client) => {
    const vm = vmIds[next++ % vmIds.length];
    client.setRequests([
      { method: 'POST', path: `/api/vApp/vm-${vm}/power/action/powerOn` },
      { method: 'GET', path: `/api/vApp/vm-${vm}` },
      { method: 'POST', path: `/api/vApp/vm-${vm}/power/action/powerOff` },
    ]);
  };
}

/**
 * A run may end between a connection's power-on and its power-off, with its last requests still on their
 * way (one landing after this looked made the next run's first power-on a 400): let them land, then start
 * the next run with every VM off.
 */
async function settle(sim: Server, headers: Record<string, string>, vmIds: string[]): Promise<void> {
  await sleep(200);
  for (const vm of vmIds) {
    const doc = await http('GET', `${sim.url}/api/vApp/vm-${vm}`, headers);
    if (/<Vm[^>]*\sstatus="4"/.test(doc.body.toString())) await http('POST', `${sim.url}/api/vApp/vm-${vm}/power/action/powerOff`, headers);
  }
}

/** VMs powered off, one per connection and one more (a VM takes one task at a time). */
async function offVms(sim: Server, names?: (name: string) => boolean): Promise<string[]> {
  const snap = (await control(sim.url, 'GET', '/snapshot')) as { vApp: { id: string; name: string }[]; vm: { id: string; vappId: string; status: number }[] };
  const vapps = new Set(snap.vApp.filter((a) => !names || names(a.name)).map((a) => a.id));
  return snap.vm.filter((v) => vapps.has(v.vappId) && v.status === 8).slice(0, CONNECTIONS + 1).map((v) => v.id);
}

async function throughput(mem: Server, disk: Server, headers: [Record<string, string>, Record<string, string>], vms: [string[], string[]], seconds: number, rounds: number) {
  const run = async (i: 0 | 1, s: number) => {
    const server = [mem, disk][i];
    await settle(server, headers[i], vms[i]);
    return load({ url: server.url, connections: CONNECTIONS, seconds: s, headers: headers[i], setupClient: mix(vms[i]) });
  };
  await run(0, 1);
  await run(1, 1);
  const rps: [number[], number[]] = [[], []];
  const runs: LoadResult[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const i of r % 2 ? [0, 1] as const : [1, 0] as const) {
      const res = await run(i, seconds);
      runs.push(res);
      rps[i].push(res.rps);
    }
  }
  return { mem: median(rps[0]), disk: median(rps[1]), ratio: pairedRatio(rps[1], rps[0]), rounds: rps[1].map((x, r) => x / rps[0][r]), bad: badOf(runs) };
}

/**
 * Changes made one at a time under load; for each, the time from its 202 to the data file or a journal
 * beside it holding it (journals are read from where the last look ended).
 */
async function ackToDisk(sim: Server, file: string, headers: Record<string, string>, vm: string, count: number): Promise<number[]> {
  const dir = dirname(file);
  const read = new Map<string, number>();
  const newText = () => {
    let text = '';
    for (const f of readdirSync(dir)) {
      if (!f.startsWith(`.${basename(file)}.journal.`)) continue;
      const path = join(dir, f);
      const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
      const from = read.get(path) ?? 0;
      if (size <= from) continue;
      const fd = openSync(path, 'r');
      const buf = Buffer.alloc(size - from);
      readSync(fd, buf, 0, buf.length, from);
      closeSync(fd);
      read.set(path, size);
      text += buf.toString();
    }
    return text;
  };
  newText();
  const out: number[] = [];
  let on = false;
  for (let i = 0; i < count; i++) {
    const res = await http('POST', `${sim.url}/api/vApp/vm-${vm}/power/action/${on ? 'powerOff' : 'powerOn'}`, headers);
    const acked = performance.now();
    on = !on;
    const task = /\/api\/task\/([0-9a-f-]+)"/.exec(res.body.toString())?.[1];
    if (res.status !== 202 || !task) throw new Error(`change ${i}: ${res.status}`);
    let seen = '';
    let mtime = statSync(file).mtimeMs;
    for (;;) {
      seen = (seen + newText()).slice(-1_000_000);
      if (seen.includes(task)) break;
      // A new snapshot may have taken the journal away before it was looked at.
      const m = statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? mtime;
      if (m !== mtime && readFileSync(file).includes(task)) break;
      mtime = m;
      if (performance.now() - acked > 30_000) throw new Error('an acknowledged change did not reach the disk in 30 s');
      await sleep(5);
    }
    out.push(performance.now() - acked);
    await sleep(200);
  }
  return out;
}

export async function persistence(o: { dir: string; seconds: number; rounds: number; bigVms: number }): Promise<{ text: string }> {
  const lines: string[] = [];
  const verdicts: string[] = [];

  // The bench inventory: in memory and with --data, side by side.
  const fixture = benchFixture(o.dir, CONNECTIONS);
  const mem = await startServer({ kind: 'vcdsim', config: { fixture } });
  const disk = await startServer({ kind: 'vcdsim', config: { fixture, dataFile: join(o.dir, 'small.json') } });
  let small;
  try {
    await writable(mem);
    await writable(disk);
    const singles = (n: string) => n.startsWith(SINGLES);
    const vms: [string[], string[]] = [(await offVms(mem, singles)).slice(0, CONNECTIONS), (await offVms(disk, singles)).slice(0, CONNECTIONS)];
    small = await throughput(mem, disk, [await login(mem.url, 'alice', 'acme'), await login(disk.url, 'alice', 'acme')], vms, o.seconds, o.rounds);
  } finally {
    await Promise.all([mem.stop(), disk.stop()]);
  }

  // A large inventory: the same comparison, the event loop during rewrites, and acknowledged changes.
  const { file: bigFixture } = generated(o.dir, o.bigVms);
  const dataFile = join(o.dir, 'big.json');
  const bigMem = await startServer({ kind: 'vcdsim', config: { fixture: bigFixture } });
  const bigDisk = await startServer({ kind: 'vcdsim', config: { fixture: bigFixture, dataFile } });
  let big;
  let eld: { p99: number; max: number };
  let acks: number[];
  const rewrites: number[] = [];
  try {
    await writable(bigMem);
    await writable(bigDisk);
    const heads: [Record<string, string>, Record<string, string>] = [await login(bigMem.url, 'org1-admin', 'org1'), await login(bigDisk.url, 'org1-admin', 'org1')];
    const vms: [string[], string[]] = [await offVms(bigMem), await offVms(bigDisk)];
    const probe = vms[1].pop()!;
    vms[0].pop();
    big = await throughput(bigMem, bigDisk, heads, vms, o.seconds, o.rounds);
    // Under the same load: the longest event-loop stall, and changes acknowledged meanwhile.
    await settle(bigDisk, heads[1], vms[1]);
    await bigDisk.ask('eld-start');
    const loaded = load({ url: bigDisk.url, connections: CONNECTIONS - 1, seconds: o.seconds * 3, headers: heads[1], setupClient: mix(vms[1]) });
    acks = await ackToDisk(bigDisk, dataFile, heads[1], probe, 5);
    // Whole rewrites of the data file (what the journal reaching its size triggers), under the same load.
    for (let i = 0; i < 2; i++) rewrites.push((await bigDisk.ask<{ ms: number }>('rewrite')).ms);
    await loaded;
    eld = await bigDisk.ask('eld-stop');
  } finally {
    await Promise.all([bigMem.stop(), bigDisk.stop()]);
  }
  const fileMB = statSync(dataFile).size / 1e6;

  lines.push(
    `### Persistence (write-heavy mix: each of ${CONNECTIONS} connections powers its own VM on, reads it, powers it off; tasks complete at once; ${o.rounds} alternating rounds of ${o.seconds} s)`,
    '',
    table(['inventory', 'in memory req/s (median)', '--data req/s (median)', 'ratio (median of the rounds)', 'each round', 'non-2xx/errors'], [
      ['default fixture + bench vApps', int(small.mem), int(small.disk), `${small.ratio.toFixed(2)}×`, small.rounds.map((x) => x.toFixed(2)).join(', '), small.bad],
      [`${int(o.bigVms)} VMs (data file ${fileMB.toFixed(0)} MB)`, int(big.mem), int(big.disk), `${big.ratio.toFixed(2)}×`, big.rounds.map((x) => x.toFixed(2)).join(', '), big.bad],
    ]),
    '',
    `At ${int(o.bigVms)} VMs under that load with --data, changes go to the journal and the data file is rewritten whole only when the journal has grown to half its size. ` +
      `Over ${o.seconds * 3} s of that load, with two whole rewrites forced in it (${rewrites.map((r) => `${(r / 1000).toFixed(1)} s`).join(', ')} each): ` +
      `event loop delay p99 ${ms(eld.p99)} ms, max ${ms(eld.max)} ms; acknowledged changes reached the disk after ${acks.map((a) => `${Math.round(a)}`).join(', ')} ms.`,
  );
  verdicts.push(
    verdict(small.ratio >= 0.9, 'persistence: with --data the write-heavy mix runs at ≥ 0.9× in-memory throughput (default fixture)', `${small.ratio.toFixed(2)}×, the median of the rounds' ratios`),
    verdict(big.ratio >= 0.9, `… and at ${int(o.bigVms)} VMs`, `${big.ratio.toFixed(2)}×`),
    verdict(eld.max <= 50, `no flush blocks the event loop for more than 50 ms at ${int(o.bigVms)} VMs`, `longest event-loop delay ${ms(eld.max)} ms over a load with two whole rewrites`),
    verdict(Math.max(...acks) <= 1000, 'an acknowledged change reaches disk within 1 s', `worst ${Math.round(Math.max(...acks))} ms of ${acks.length}, at ${int(o.bigVms)} VMs under load`),
  );
  return { text: [...lines, '', ...verdicts].join('\n') };
}
