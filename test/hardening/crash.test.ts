/**
 * Crash safety: SIGKILL during a burst of writes, then a restart on the same data file, finds a consistent
 * state holding every write acknowledged before the last flush.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Simulator } from '../../src/sim.js';
import { checkInvariants } from '../support/invariants.js';
import { loginAt } from '../support/http.js';

function start(dataFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['dist/cli.js', '--port', '0', '--data', dataFile, '--speed', '100', '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`exited early (${code})`)));
  });
}

it('recovers a consistent state holding every flushed write after SIGKILL', async () => {
  const dataFile = join(mkdtempSync(join(tmpdir(), 'vcdsim-crash-')), 'state.json');
  const { child, url } = await start(dataFile);
  const auth = await loginAt(url, 'acme-admin', 'acme');
  const state = JSON.parse(await (await fetch(`${url}/api/org`, { headers: { Authorization: `Bearer ${auth}`, Accept: 'application/*+json;version=37.0' } })).text());
  expect(state.org.length).toBe(1);
  const org: any = await (await fetch(state.org[0].href, { headers: { Authorization: `Bearer ${auth}`, Accept: 'application/*+json;version=37.0' } })).json();
  const vdcHref = org.link.find((l: { name?: string }) => l.name === 'acme-vdc').href;
  const vdc: any = await (await fetch(vdcHref, { headers: { Authorization: `Bearer ${auth}`, Accept: 'application/*+json;version=37.0' } })).json();
  const template = vdc.resourceEntities.resourceEntity.find((e: { name: string }) => e.name === 'ubuntu-22.04');
  const create = (name: string) => fetch(`${vdcHref}/action/instantiateVAppTemplate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${auth}`, Accept: 'application/*+xml;version=37.0', 'Content-Type': 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml' },
    body: `<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}" powerOn="false"><Source href="${template.href}"/></InstantiateVAppTemplateParams>`,
  });

  // Writes acknowledged, then given time to flush (the write-behind delay is 100 ms).
  const flushed: string[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await create(`kept-${i}`);
    if (res.status === 201) flushed.push(`kept-${i}`);
  }
  await new Promise((r) => setTimeout(r, 500));
  // A burst in flight when the process dies.
  const burst = Array.from({ length: 20 }, (_, i) => create(`burst-${i}`).catch(() => undefined));
  await new Promise((r) => setTimeout(r, 30));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await Promise.all(burst);
  await exited;

  // The file parses (never half-written) and a fresh simulator loads it.
  expect(() => JSON.parse(readFileSync(dataFile, 'utf8'))).not.toThrow();
  const again = await Simulator.create({ dataFile, logLevel: 'silent', speed: 0 });
  const names = [...again.store.all('vApp')].map((a) => a.name);
  expect(flushed.length).toBeGreaterThan(0);
  for (const name of flushed) expect(names).toContain(name);
  again.clock.advance(3_600_000);
  expect(checkInvariants(again)).toEqual([]);
  await again.stop();
});
