/** The dashboard's page, state document and live feed, without a browser (see dashboard.browser.test.ts). */
import request from 'supertest';
import { get } from 'node:http';
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask } from '../support/vcd.js';
import type { Simulator } from '../../src/sim.js';
import type { DashboardState } from '../../src/dashboard/state.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await newSim();
});
afterEach(() => sim.stop());

const state = async (): Promise<DashboardState> => (await request(sim.app).get('/_vcdsim/ui/state').expect(200)).body;
const vdcNamed = (s: DashboardState, name: string) => s.orgs.flatMap((o) => o.vdcs).find((v) => v.name === name)!;

describe('the dashboard', () => {
  it('is one self-contained page: no script, style or font from elsewhere', async () => {
    const res = await request(sim.app).get('/_vcdsim/ui').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toMatch(/^<!doctype html>/);
    expect(res.text).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(res.text).not.toMatch(/@import|url\(\s*['"]?https?:/i);
  });

  it('shows orgs → VDCs → vApps → VMs with power state, capacity and tasks', async () => {
    let s = await state();
    expect(s.orgs.map((o) => o.name)).toEqual(['acme', 'globex', 'System']);
    const dev = vdcNamed(s, 'acme-dev');
    expect(dev.capacity).toEqual({
      cpu: { used: 0, limit: 16000, unit: 'MHz' },
      memory: { used: 0, limit: 32768, unit: 'MB' },
      storage: { used: 0, limit: 512000, unit: 'MB' },
      vms: { used: 0, limit: 8, unit: 'VMs' },
    });
    expect(vdcNamed(s, 'acme-vdc').vapps).toEqual([]);
    // Its allocation from the provider VDC, and the compute policies of acme-vdc.
    expect(dev.allocation).toEqual({
      providerVdc: 'pvdc-silver', cpuAllocatedMhz: 16000, cpuReservedMhz: 8000, memoryAllocatedMB: 32768, memoryReservedMB: 16384, enabled: true, computePolicies: ['System Default'],
    });
    expect(vdcNamed(s, 'acme-vdc').allocation.computePolicies).toEqual(['System Default', 'gold-hosts', 'large', 'medium', 'small']);

    const c = client(sim, await login(sim, 'alice', 'acme'));
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'three-tier-app');
    const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'shop', template, powerOn: true }))).text).doc;
    s = await state();
    const shop = vdcNamed(s, 'acme-vdc').vapps[0];
    expect(shop).toMatchObject({ name: 'shop', power: 'creating', busy: true });
    expect(shop.vms.map((v) => v.name)).toEqual(['web', 'app', 'db']);
    expect(s.tasks[0]).toMatchObject({ operationName: 'vdcInstantiateVapp', status: 'queued', owner: 'shop', org: 'acme' });
    expect(s.counts).toMatchObject({ vApps: 1, vms: 3, activeTasks: 1 });

    await waitTask(sim, c, vapp.Tasks.Task[0].href);
    s = await state();
    const on = vdcNamed(s, 'acme-vdc');
    expect(on.vapps[0]).toMatchObject({ power: 'on', busy: false });
    expect(on.vapps[0].vms.every((v) => v.power === 'on')).toBe(true);
    expect(on.capacity.cpu.used).toBeGreaterThan(0);
    expect(on.capacity.vms.used).toBe(3);
    expect(s.tasks[0]).toMatchObject({ status: 'success', progress: 100 });
    expect(s.counts.poweredOn).toBe(3);
    // Its vApp networks, and a snapshot with its size.
    expect(on.vapps[0].networks?.length).toBeGreaterThan(0);
    const web = on.vapps[0].vms.find((v) => v.name === 'web')!;
    expect(web.snapshotMB).toBeUndefined();
    const webVm = xml((await c.get(vapp.href)).text).doc.Children.Vm.find((v: any) => v.name === 'web');
    await waitTask(sim, c, xml((await c.post(`${webVm.href}/action/createSnapshot`)).text).doc.href);
    s = await state();
    expect(vdcNamed(s, 'acme-vdc').vapps[0].vms.find((v) => v.name === 'web')!.snapshotMB).toBeGreaterThan(0);
  });

  it('shows the provider side: provider VDCs with what their org VDCs allocate, and the infrastructure', async () => {
    const s = await state();
    expect(s.provider.vCenters.length).toBeGreaterThan(0);
    expect(s.provider.nsxtManagers.length).toBeGreaterThan(0);
    expect(s.provider.externalNetworks).toContain('ext-internet');
    expect(s.provider.vmGroups).toEqual(['gpu-hosts', 'licensed-hosts']);
    const pvdcs = s.provider.providerVdcs;
    expect(pvdcs.reduce((n, p) => n + p.vdcs, 0)).toBe(s.counts.vdcs);
    for (const p of pvdcs) {
      expect(p.capacity.cpu.limit).toBeGreaterThan(0);
      expect(p.capacity.cpu.used).toBeLessThanOrEqual(p.capacity.cpu.limit);
      expect(p.capacity.storage.unit).toBe('MB');
    }
    expect(pvdcs.some((p) => p.capacity.memory.used > 0)).toBe(true);
  });

  it('marks capacity a fault has lowered', async () => {
    sim.capacityOverrides.set('*', { memoryMB: 0 });
    const bar = vdcNamed(await state(), 'acme-vdc').capacity.memory;
    expect(bar).toEqual({ used: 0, limit: 0, unit: 'MB', forced: true });
  });

  it('streams the state as server-sent events, and ends the stream when the simulator stops', async () => {
    const url = await sim.listen(0, '127.0.0.1');
    const events: DashboardState[] = [];
    let ended!: () => void;
    const streamEnded = new Promise<void>((r) => (ended = r));
    const first = new Promise<void>((resolve, reject) => {
      get(`${url}/_vcdsim/ui/events`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = /^event: state\ndata: (.*)$/s.exec(block);
            if (data) events.push(JSON.parse(data[1]));
            if (events.length === 1) resolve();
          }
        });
        res.on('end', () => ended());
      }).on('error', reject);
    });
    await first;
    expect(events[0].counts.vApps).toBe(0);

    const c = client(sim, await login(sim, 'alice', 'acme'));
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    expect((await instantiate(c, vdc, instantiateBody({ name: 'pushed', template }))).status).toBe(201);
    const deadline = Date.now() + 3000;
    while (!events.some((e) => e.counts.vApps === 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(vdcNamed(events[events.length - 1], 'acme-vdc').vapps.map((a) => a.name)).toEqual(['pushed']);

    const stopped = Date.now();
    await sim.stop();
    await streamEnded;
    expect(Date.now() - stopped).toBeLessThan(2000);
  });
});

describe('the dashboard\'s org view', () => {
  it('lists each org\'s groups (provider type, role, members) and its VDCs shared with some members only', async () => {
    let s = await state();
    const acme = () => s.orgs.find((o) => o.name === 'acme')!;
    expect(acme().groups).toEqual([
      { name: 'acme-console', providerType: 'SAML', role: 'Console Access Only', members: 1 },
      { name: 'acme-developers', providerType: 'INTEGRATED', role: 'vApp Author', members: 2 },
    ]);
    expect(acme().restrictedVdcs).toEqual([]);
    const vdc = [...sim.store.all('vdc')].find((v) => v.name === 'acme-dev')!;
    sim.store.update('vdc', vdc.id, { acl: { subjects: [] } });
    s = await state();
    expect(acme().restrictedVdcs).toEqual(['acme-dev']);
    const page = await request(sim.app).get('/_vcdsim/ui').expect(200);
    expect(page.text).toContain('function renderGroups');
  });
});
