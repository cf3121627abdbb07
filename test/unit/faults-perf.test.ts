/**
 * Matching stays cheap: 100 loaded rules that match nothing must cost less than a ninth of what serving a
 * request costs, so throughput stays >= 0.9× of none loaded. (bench/faults-throughput.mjs measures the
 * throughput ratio itself, end to end.)
 */
import http from 'node:http';
import { newSim, login } from '../support/sim.js';
import { kindOfPath } from '../../src/faults/match.js';
import { sessionByToken } from '../../src/resources/session/ops.js';
import type { RequestFacts } from '../../src/faults/match.js';

it('100 non-matching rules cost under a ninth of a request', async () => {
  const sim = await newSim();
  const token = await login(sim, 'alice', 'acme');
  const url = await sim.listen(0, '127.0.0.1');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) => new Promise<void>((resolve, reject) => {
    http.get(`${url}${path}`, { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => res.resume().on('end', resolve)).on('error', reject);
  });
  const paths = ['/api/org', '/api/versions', '/api/session', '/cloudapi/1.0.0/sessions/current'];
  for (let i = 0; i < 100; i++) await get(paths[i % 4]);
  let started = performance.now();
  for (let i = 0; i < 400; i++) await get(paths[i % 4]);
  const requestUs = ((performance.now() - started) * 1000) / 400;
  agent.destroy();

  // What the gate asks the engine for each request, the principal looked up as the gate does.
  const facts = (path: string): RequestFacts => ({
    id: 'r', method: 'GET', path, kind: () => kindOfPath(path), version: () => '37.0',
    principal: () => {
      const s = sessionByToken(sim.world, token)!;
      return { orgId: s.orgId, orgName: sim.store.get('org', s.orgId)!.name, userId: s.userId, userName: sim.store.get('user', s.userId)!.name };
    },
  });
  const decideUs = () => {
    const n = 20_000;
    started = performance.now();
    for (let i = 0; i < n; i++) sim.faults.decide(facts(paths[i % 4]));
    return ((performance.now() - started) * 1000) / n;
  };
  const without = decideUs();
  for (let i = 0; i < 40; i++) sim.faults.add({ match: { path: `/api/vApp/vapp-${i}/**` }, action: 'reset' });
  for (let i = 0; i < 30; i++) sim.faults.add({ match: { org: `nosuch-${i}` }, action: { type: 'error', status: 500 } });
  for (let i = 0; i < 20; i++) sim.faults.add({ match: { method: 'POST', path: `/cloudapi/1.0.0/x${i}` }, action: 'timeout' });
  for (let i = 0; i < 10; i++) sim.faults.add({ match: { kind: 'vm', version: '<30' }, action: 'reset' });
  decideUs(); // warm the candidate cache and the JIT
  const ruleUs = Math.max(0, decideUs() - without);
  expect(sim.faults.faultLog.last).toBe(0);
  // throughput ratio = request / (request + rules) >= 0.9  <=>  rules <= request / 9
  expect(ruleUs).toBeLessThan(requestUs / 9);
  await sim.stop();
});
