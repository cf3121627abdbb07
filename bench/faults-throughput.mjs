// Throughput of the VCD API with 100 fault rules loaded that match nothing, as a ratio to the same run
// with none loaded (the target is >= 0.9). Run with `npm run bench:faults` (it builds first).
import http from 'node:http';
import { Simulator } from '../dist/sim.js';

const ROUNDS = 9;
const REQUESTS = 3000;
const CONCURRENCY = 8;

const sim = await Simulator.create({ logLevel: 'silent', speed: 0 });
const url = await sim.listen(0, '127.0.0.1');
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const login = await fetch(`${url}/cloudapi/1.0.0/sessions`, {
  method: 'POST',
  headers: { Authorization: `Basic ${Buffer.from('alice@acme:password').toString('base64')}`, Accept: 'application/json;version=37.0' },
});
const token = login.headers.get('x-vmware-vcloud-access-token');

const get = (path) => new Promise((resolve, reject) => {
  const req = http.get(`${url}${path}`, { agent, headers: { Authorization: `Bearer ${token}`, Accept: 'application/*+xml;version=37.0' } }, (res) => {
    res.resume();
    res.on('end', resolve);
  });
  req.on('error', reject);
});

async function round() {
  const started = performance.now();
  const inFlight = [];
  for (let i = 0; i < REQUESTS; i++) {
    inFlight.push(get(i % 2 ? '/api/org' : '/api/versions'));
    if (inFlight.length >= CONCURRENCY) await inFlight.shift();
  }
  await Promise.all(inFlight);
  return REQUESTS / ((performance.now() - started) / 1000);
}

/** 100 rules of every shape, none of which matches the traffic above. */
function loadRules() {
  sim.faults.clear();
  for (let i = 0; i < 40; i++) sim.faults.add({ match: { path: `/api/vApp/vapp-${i}/**` }, action: 'reset' });
  for (let i = 0; i < 30; i++) sim.faults.add({ match: { org: `nosuch-${i}` }, action: { type: 'error', status: 500 } });
  for (let i = 0; i < 20; i++) sim.faults.add({ match: { method: 'POST', path: `/cloudapi/1.0.0/x${i}` }, action: 'timeout' });
  for (let i = 0; i < 10; i++) sim.faults.add({ match: { kind: 'vm', version: '<30' }, action: 'reset' });
}

await round(); // warm up
const none = [];
const loaded = [];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which goes first, so drift over the run favours neither.
  const order = r % 2 ? ['none', 'loaded'] : ['loaded', 'none'];
  for (const which of order) {
    if (which === 'none') sim.faults.clear();
    else loadRules();
    (which === 'none' ? none : loaded).push(await round());
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`requests/s without rules: ${median(none).toFixed(0)}`);
console.log(`requests/s with 100 non-matching rules: ${median(loaded).toFixed(0)}`);
console.log(`ratio: ${(median(loaded) / median(none)).toFixed(3)} (target >= 0.9)`);
agent.destroy();
await sim.stop();
