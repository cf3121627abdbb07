/**
 * Concurrency: hundreds of concurrent instantiate, power, reconfigure and delete requests at overlapping
 * objects over real loopback HTTP; afterwards the invariants hold and no update was lost.
 */
import { newSim } from '../support/sim.js';
import { checkInvariants } from '../support/invariants.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';
import { loginAt } from '../support/http.js';

const ACCEPT = 'application/*+json;version=37.0';
let sim: Simulator;
let base: string;

beforeAll(async () => {
  sim = await newSim();
  base = await sim.listen(0, '127.0.0.1');
});
afterAll(() => sim.stop());

const login = (user: string) => loginAt(base, user, 'acme');

it('keeps every invariant under hundreds of overlapping concurrent requests', async () => {
  const tokens = await Promise.all(['acme-admin', 'alice', 'carol'].map(login));
  const call = async (i: number, method: string, url: string, body?: string, type?: string) => {
    const res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${tokens[i % tokens.length]}`, Accept: ACCEPT, ...(type ? { 'Content-Type': type } : {}) },
      body,
    });
    const text = await res.text();
    expect(res.status).toBeLessThan(500);
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const vdc = [...sim.store.all('vdc')].find((v) => v.name === 'acme-dev')!;
  const template = [...sim.store.all('vAppTemplate')].find((t) => t.name === 'ubuntu-22.04')!;
  const body = (name: string) => `<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}" powerOn="false"><Source href="${base}/api/vAppTemplate/vappTemplate-${template.id}"/></InstantiateVAppTemplateParams>`;

  // Round 1: 60 instantiates racing for 8 VM slots, several with the same names.
  const created = await Promise.all(Array.from({ length: 60 }, (_, i) =>
    call(i, 'POST', `${base}/api/vdc/${vdc.id}/action/instantiateVAppTemplate`, body(`app-${i % 20}`), MT.instantiateVAppTemplateParams)));
  const accepted = created.filter((r) => r.status === 201);
  expect(accepted).toHaveLength(8);
  expect(created.filter((r) => r.status === 400)).toHaveLength(52);
  sim.clock.advance(60_000);

  // Round 2: power on, reconfigure and delete the same vApps and VMs at once, many times over.
  const vapps = accepted.map((r) => r.json);
  const ops: Promise<unknown>[] = [];
  for (let round = 0; round < 25; round++) {
    for (const [k, vapp] of vapps.entries()) {
      const vm = vapp.children.vm[0];
      const pick = (round + k) % 4;
      if (pick === 0) ops.push(call(k, 'POST', `${vapp.href}/power/action/powerOn`));
      if (pick === 1) ops.push(call(k, 'PUT', `${vm.href}/virtualHardwareSection/memory`, `<Item xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"><rasd:VirtualQuantity>${2048 + 4 * round}</rasd:VirtualQuantity></Item>`, MT.rasdItem));
      if (pick === 2) ops.push(call(k, 'POST', `${vapp.href}/action/undeploy`));
      if (pick === 3) ops.push(call(k, 'DELETE', vapp.href));
    }
    if (round % 5 === 4) {
      await Promise.all(ops.splice(0));
      sim.clock.advance(30_000);
    }
  }
  await Promise.all(ops);
  sim.clock.advance(3_600_000);

  expect(sim.tasks.activeCount()).toBe(0);
  expect(checkInvariants(sim)).toEqual([]);
  // No lost update: every successful memory change is what the VM shows, in the order the tasks finished.
  for (const vm of sim.store.where('vm', 'vdcId', vdc.id)) {
    const last = sim.store.where('task', 'ownerId', vm.id)
      .filter((t) => t.operationName === 'vappUpdateVm' && t.status === 'success')
      .sort((a, b) => (a.endTime! < b.endTime! ? -1 : 1))
      .pop();
    const wanted = (last?.action?.params as { patch?: { memoryMB?: number } } | undefined)?.patch?.memoryMB;
    if (wanted !== undefined) expect(vm.memoryMB).toBe(wanted);
  }
});
