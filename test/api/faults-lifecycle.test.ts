/** Faults against the real lifecycle: capacity exhaustion and failing or stalled tasks on vApps. */
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, getXml, instantiate, instantiateBody, waitTask } from '../support/vcd.js';
import { checkInvariants } from '../support/invariants.js';

it('exhausted storage refuses new vApps with VCD\'s capacity error, and recovers with the window', async () => {
  const sim = await newSim();
  const c = client(sim, await login(sim, 'alice', 'acme'));
  const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
  sim.faults.add({ action: { type: 'exhaust', vdc: 'acme-vdc', storageMB: 0 }, duration: '2m' });
  const refused = await instantiate(c, vdc, instantiateBody({ name: 'no-room', template }));
  expect(refused.status).toBe(400);
  expect(xml(refused.text).doc).toMatchObject({ minorErrorCode: 'OPERATION_LIMITS_EXCEEDED' });
  expect(sim.store.count('vApp')).toBe(0);
  sim.clock.advance(121_000);
  expect((await instantiate(c, vdc, instantiateBody({ name: 'room-again', template }))).status).toBe(201);
});

it('exhausted CPU fails power-on tasks, not the requests', async () => {
  const sim = await newSim();
  const c = client(sim, await login(sim, 'alice', 'acme'));
  const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
  const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'cold', template }))).text).doc;
  await waitTask(sim, c, vapp.Tasks.Task[0].href);
  sim.faults.add({ action: { type: 'exhaust', vdc: '*', cpuMhz: 0 } });
  const on = await c.post(`${vapp.href}/power/action/powerOn`);
  expect(on.status).toBe(202);
  const task = await waitTask(sim, c, xml(on.text).doc.href);
  expect(task.status).toBe('error');
  expect(task.Error.message).toMatch(/does not have enough CPU/);
  expect((await getXml(c, vapp.href)).status).toBe('8');
});

it('a task-failure rule fails an instantiate and leaves nothing behind; a stall holds it at 50 %', async () => {
  const sim = await newSim();
  const c = client(sim, await login(sim, 'alice', 'acme'));
  const { vdc, template } = await findInventory(c, 'acme-vdc', 'three-tier-app');
  const rule = sim.faults.add({ match: { operation: 'vdcInstantiateVapp' }, action: { type: 'task-failure', message: 'The datastore is not accessible.' }, count: 1 });
  const doomed = xml((await instantiate(c, vdc, instantiateBody({ name: 'doomed', template }))).text).doc;
  const failed = await waitTask(sim, c, doomed.Tasks.Task[0].href);
  expect(failed.status).toBe('error');
  expect(failed.Error.message).toMatch(/The datastore is not accessible\./);
  expect((await c.get(doomed.href)).status).toBe(403);
  expect(sim.store.count('vm')).toBe(0);
  sim.faults.remove(rule.id);

  sim.faults.add({ match: { operation: 'vdcInstantiateVapp' }, action: { type: 'task-stall' }, duration: '10m' });
  const held = xml((await instantiate(c, vdc, instantiateBody({ name: 'held', template }))).text).doc;
  sim.clock.advance(5 * 60_000);
  const midway = await getXml(c, held.Tasks.Task[0].href);
  expect(midway).toMatchObject({ status: 'running', Progress: '50' });
  sim.clock.advance(10 * 60_000);
  expect((await getXml(c, held.Tasks.Task[0].href)).status).toBe('success');
  expect(checkInvariants(sim)).toEqual([]);
});
