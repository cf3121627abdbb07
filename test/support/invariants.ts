/** State invariants that must hold whatever was thrown at the simulator. */
import type { Simulator } from '../../src/sim.js';
import { vdcUsage, vmCpuMhz } from '../../src/engine/capacity.js';

export function checkInvariants(sim: Simulator): string[] {
  const { store } = sim;
  const problems: string[] = [];
  const ipOwners = new Map<string, string>();
  for (const vm of store.all('vm')) {
    const vapp = store.get('vApp', vm.vappId);
    if (!vapp) problems.push(`VM ${vm.name} has no vApp`);
    else if (vapp.vdcId !== vm.vdcId) problems.push(`VM ${vm.name} is in another VDC than its vApp`);
    for (const nic of vm.nics) {
      if (!nic.ip) continue;
      const netId = vapp?.networks.find((n) => n.name === nic.network)?.networkId;
      if (!netId) continue;
      const key = `${netId}/${nic.ip}`;
      if (ipOwners.has(key)) problems.push(`IP ${nic.ip} is used by ${ipOwners.get(key)} and ${vm.name}`);
      ipOwners.set(key, vm.name);
      if (!store.get('network', netId)?.allocatedIps.includes(nic.ip)) problems.push(`IP ${nic.ip} of ${vm.name} is not marked allocated`);
    }
  }
  for (const net of store.all('network')) {
    if (new Set(net.allocatedIps).size !== net.allocatedIps.length) problems.push(`network ${net.name} lists an IP twice`);
  }
  for (const vdc of store.all('vdc')) {
    const usage = vdcUsage(store, vdc);
    let cpu = 0;
    let mem = 0;
    for (const vm of store.where('vm', 'vdcId', vdc.id)) {
      if (vm.deployed) {
        cpu += vmCpuMhz(vdc, vm);
        mem += vm.memoryMB;
      }
    }
    if (usage.cpuUsedMhz !== cpu || usage.memoryUsedMB !== mem) problems.push(`VDC ${vdc.name} capacity accounting is off`);
    if (vdc.cpu.limit > 0 && cpu > vdc.cpu.limit) problems.push(`VDC ${vdc.name} uses ${cpu} MHz over its ${vdc.cpu.limit} MHz limit`);
    if (vdc.memory.limit > 0 && mem > vdc.memory.limit) problems.push(`VDC ${vdc.name} uses ${mem} MB over its ${vdc.memory.limit} MB limit`);
    if (vdc.vmQuota > 0 && usage.vmCount > vdc.vmQuota) problems.push(`VDC ${vdc.name} holds ${usage.vmCount} VMs over its quota of ${vdc.vmQuota}`);
    const names = store.where('vApp', 'vdcId', vdc.id).map((a) => a.name);
    if (new Set(names).size !== names.length) problems.push(`VDC ${vdc.name} has duplicate vApp names`);
  }
  for (const task of store.all('task')) {
    if (sim.tasks.isActive(task) && task.runAt + task.durationMs < sim.clock.now() - 1 && task.stallUntil === undefined && sim.clock.speed === 0) {
      problems.push(`task ${task.operationName} ${task.id} is still ${task.status} after its end`);
    }
  }
  return problems;
}
