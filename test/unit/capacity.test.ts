/** VDC usage kept up to date from the store's changes equals a fresh count, whatever changed. */
import { vdcUsage } from '../../src/engine/capacity.js';
import { Store } from '../../src/store/store.js';
import { STORE_INDEXES } from '../../src/resources/kinds.js';
import { newSim } from '../support/sim.js';

it('adjusts for VMs powered on, resized, added and removed as a fresh count would find', async () => {
  const sim = await newSim({ fixture: 'test/fixtures/query.yaml' });
  const { store } = sim;
  const vdcs = [...store.all('vdc')];
  for (const vdc of vdcs) vdcUsage(store, vdc);
  const vms = [...store.all('vm')];
  expect(vms.length).toBeGreaterThan(2);
  store.update('vm', vms[0].id, { deployed: !vms[0].deployed, cpus: vms[0].cpus + 2 });
  store.update('vm', vms[1].id, { disks: [...vms[1].disks, { ...vms[1].disks[0], instanceId: 9999, sizeMB: 1234 }], memoryMB: 512 });
  store.insert('vm', { ...vms[2], id: store.newId(), deployed: true });
  store.remove('vm', vms[2].id);

  const fresh = new Store(1, STORE_INDEXES);
  fresh.load(structuredClone(store.snapshot()));
  for (const vdc of store.all('vdc')) {
    const kept = vdcUsage(store, vdc);
    const counted = vdcUsage(fresh, fresh.get('vdc', vdc.id)!);
    expect({ ...kept, storageByProfile: [...kept.storageByProfile].sort() }).toEqual({ ...counted, storageByProfile: [...counted.storageByProfile].sort() });
  }
  await sim.stop();
});
