#!/usr/bin/env node
/**
 * What OpenAPI request validation costs: GETs over loopback with keep-alive, from two simulators in
 * this process — one validating requests, one not — measured in alternating rounds so both see the
 * same machine load. Two requests: a vApp (the hot path; its only parameter is an id, so the validator
 * has nothing to check and is skipped) and a template section (an enum in the path: the validator runs).
 * Prints requests per second and the ratios. Run after `npm run build`:
 *   node bench/request-validation.mjs [seconds-per-round] [rounds]
 */
import http from 'node:http';
import { Simulator } from '../dist/sim.js';

const SECONDS = Number(process.argv[2] ?? 3);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONCURRENCY = 16;

async function start(validateRequests) {
  const sim = await Simulator.create({ logLevel: 'silent', speed: 0, validateRequests });
  const base = await sim.listen(0, '127.0.0.1');
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const call = (method, path, headers = {}, body) =>
    new Promise((resolve, reject) => {
      const req = http.request(base + path, { method, agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const login = await call('POST', '/cloudapi/1.0.0/sessions', {
    accept: 'application/json;version=37.0',
    authorization: `Basic ${Buffer.from('alice@acme:password').toString('base64')}`,
  });
  const auth = { authorization: `Bearer ${login.headers['x-vmware-vcloud-access-token']}`, accept: 'application/*+xml;version=37.0' };
  const vdc = [...sim.store.all('vdc')].find((v) => v.name === 'acme-vdc');
  const template = [...sim.store.all('vAppTemplate')].find((t) => t.name === 'three-tier-app');
  const created = await call('POST', `/api/vdc/${vdc.id}/action/instantiateVAppTemplate`,
    { ...auth, 'content-type': 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml' },
    `<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="bench" powerOn="false"><Source href="${base}/api/vAppTemplate/vappTemplate-${template.id}"/></InstantiateVAppTemplateParams>`);
  if (created.status !== 201) throw new Error(`instantiate: ${created.status} ${created.body}`);
  sim.clock.advance(600_000);
  const vapp = new URL(/href="([^"]+\/api\/vApp\/vapp-[^"]+)"/.exec(created.body)[1]).pathname;
  const paths = { vapp, section: `/api/vAppTemplate/vappTemplate-${template.id}/leaseSettingsSection` };
  const get = (which) => call('GET', paths[which], auth);
  for (let i = 0; i < 200; i++) for (const which of Object.keys(paths)) if ((await get(which)).status !== 200) throw new Error(`GET ${which} failed`);
  return { sim, agent, get };
}

async function measure(target, which) {
  let done = 0;
  const until = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      const r = await target.get(which);
      if (r.status !== 200) throw new Error(`GET answered ${r.status}`);
      done++;
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const without = await start(false);
const withIt = await start(true);
console.log(`${CONCURRENCY} concurrent GETs, XML, median of ${ROUNDS}×${SECONDS}s rounds`);
for (const [which, label] of [['vapp', 'GET /api/vApp/vapp-{id} (3 VMs)'], ['section', 'GET /api/vAppTemplate/vappTemplate-{id}/{section}']]) {
  const rates = { without: [], with: [] };
  for (let round = 0; round < ROUNDS; round++) {
    rates.without.push(await measure(without, which));
    rates.with.push(await measure(withIt, which));
  }
  const a = median(rates.without);
  const b = median(rates.with);
  console.log(`${label}: without ${a.toFixed(0)} req/s, with ${b.toFixed(0)} req/s, ratio with/without ${(b / a).toFixed(3)}`);
}
for (const t of [without, withIt]) {
  t.agent.destroy();
  await t.sim.stop();
}
