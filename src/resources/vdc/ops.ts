/**
 * Org VDC administration (System administrators): create from a provider VDC with an allocation model,
 * update capacity and quotas, enable and disable, delete. Creation stores the VDC at once (status 0) and a
 * task makes it ready; updates and deletes land when their task succeeds. Reserved capacity is checked
 * against what the provider VDC has left; the provider VDC's figures are derived from its VDCs, so they
 * follow every change.
 */
import { dropVdcFromGroups } from '../vdcgroup/ops.js';
import type { Actor, World } from '../../world.js';
import type { AllocationModel, Capacity, EntityKind, Org, ProviderVdc, StorageProfile, Task, Vdc } from '../../store/types.js';
import { badRequest, busyEntity, duplicateName, forbidden, limitsExceeded } from '../../errors.js';
import { vdcUsage } from '../../engine/capacity.js';
import { isSystemOrg } from '../session/ops.js';
import { ALLOCATION_MODELS, type CapacityInput, type VdcInput, type VdcStorageProfileInput } from './params.js';
import { systemDefaultPolicy } from '../computepolicy/model.js';
import { startEntityTask } from '../task/ops.js';

/** A VDC's tasks are its own: "Creating Virtual Datacenter v1(…)". */
const VDC_TASK = { kind: 'vdc', noun: 'Virtual Datacenter' } as const;

export function requireProviderAdmin(actor: Actor): void {
  if (!actor.isSysAdmin) throw forbidden('This operation is denied. Only System administrators manage organization VDCs.');
}

function validName(name: string | undefined): string {
  const n = name?.trim();
  if (!n) throw badRequest('The VDC name is required.');
  if (n.length > 128) throw badRequest('The VDC name must be at most 128 characters.');
  if (/[/\\]/.test(n)) throw badRequest(`The VDC name "${n}" may not contain '/' or '\\'.`);
  return n;
}

function assertUniqueName(sim: World, orgId: string, name: string, except?: string): void {
  if (sim.store.where('vdc', 'orgId', orgId).some((v) => v.name.toLowerCase() === name.toLowerCase() && v.id !== except)) {
    throw duplicateName(`An organization VDC with the name "${name}" already exists in this organization.`);
  }
}

interface Allocation {
  cpu: Capacity;
  memory: Capacity;
  guaranteedCpu: number;
  guaranteedMemory: number;
}

/**
 * What an allocation model makes of the requested figures, as VCD does: pay-as-you-go has a limit only,
 * an allocation pool and Flex reserve the guaranteed share of what they allocate, a reservation pool
 * reserves all of it.
 */
function allocate(model: AllocationModel, cpu: CapacityInput, memory: CapacityInput, gCpu: number | undefined, gMem: number | undefined): Allocation {
  const need = (c: CapacityInput, what: string) => {
    const v = c.allocated || c.limit || 0;
    if (v <= 0) throw badRequest(`The ${model} allocation model needs ${what} Allocated greater than 0.`);
    return v;
  };
  switch (model) {
    case 'AllocationVApp': {
      const guaranteedCpu = gCpu ?? 0;
      const guaranteedMemory = gMem ?? 1;
      return {
        cpu: { allocated: 0, limit: cpu.limit ?? 0, reserved: 0 },
        memory: { allocated: 0, limit: memory.limit ?? 0, reserved: 0 },
        guaranteedCpu, guaranteedMemory,
      };
    }
    case 'ReservationPool': {
      const c = need(cpu, 'CPU');
      const m = need(memory, 'memory');
      return { cpu: { allocated: c, limit: c, reserved: c }, memory: { allocated: m, limit: m, reserved: m }, guaranteedCpu: 1, guaranteedMemory: 1 };
    }
    case 'AllocationPool':
    case 'Flex': {
      const c = need(cpu, 'CPU');
      const m = need(memory, 'memory');
      const guaranteedCpu = gCpu ?? (model === 'Flex' ? 0 : 0.5);
      const guaranteedMemory = gMem ?? 1;
      const limit = (v: CapacityInput, allocated: number) => (model === 'Flex' ? v.limit ?? allocated : allocated);
      const cl = limit(cpu, c);
      const ml = limit(memory, m);
      if (model === 'Flex' && ((cl > 0 && cl < c) || (ml > 0 && ml < m))) throw badRequest('A Flex VDC\'s limit may not be below its allocation.');
      return {
        cpu: { allocated: c, limit: cl, reserved: Math.round(c * guaranteedCpu) },
        memory: { allocated: m, limit: ml, reserved: Math.round(m * guaranteedMemory) },
        guaranteedCpu, guaranteedMemory,
      };
    }
  }
}

/** Reserved capacity must fit what the provider VDC has not yet given to its other VDCs. */
function checkProviderCapacity(sim: World, pvdc: ProviderVdc, a: Allocation, except?: string): void {
  let cpu = 0, mem = 0;
  for (const v of sim.store.all('vdc')) {
    if (v.providerVdcId !== pvdc.id || v.id === except) continue;
    cpu += v.cpu.reserved;
    mem += v.memory.reserved;
  }
  if (cpu + a.cpu.reserved > pvdc.cpuTotalMhz) {
    throw limitsExceeded(`The provider VDC "${pvdc.name}" does not have enough CPU: ${Math.max(0, pvdc.cpuTotalMhz - cpu)} MHz can be reserved, ${a.cpu.reserved} MHz requested.`);
  }
  if (mem + a.memory.reserved > pvdc.memoryTotalMB) {
    throw limitsExceeded(`The provider VDC "${pvdc.name}" does not have enough memory: ${Math.max(0, pvdc.memoryTotalMB - mem)} MB can be reserved, ${a.memory.reserved} MB requested.`);
  }
}

function modelOf(value: string | undefined): AllocationModel {
  if (!value) throw badRequest('The allocation model (AllocationModel) is required.');
  if (!(ALLOCATION_MODELS as string[]).includes(value)) {
    throw badRequest(`"${value}" is not an allocation model: one of ${ALLOCATION_MODELS.join(', ')}.`);
  }
  return value as AllocationModel;
}

const quota = (v: number | undefined, fallback: number) => (v === undefined ? fallback : v);

/** POST /api/admin/org/{id}/vdcsparams: the VDC exists at once (status 0) and becomes ready when its task succeeds. */
export function createVdc(sim: World, actor: Actor, org: Org, input: VdcInput): { vdc: Vdc; task: Task } {
  requireProviderAdmin(actor);
  const { store } = sim;
  if (isSystemOrg(org)) throw badRequest('The System organization cannot have organization VDCs.');
  const name = validName(input.name);
  assertUniqueName(sim, org.id, name);
  const model = modelOf(input.allocationModel);
  if (!input.cpu || !input.memory) throw badRequest('ComputeCapacity with Cpu and Memory is required.');
  if (!input.providerVdcId) throw badRequest('The provider VDC (ProviderVdcReference) is required.');
  const pvdc = store.get('providerVdc', input.providerVdcId);
  if (!pvdc) throw badRequest(`The provider VDC ${input.providerVdcId} does not exist.`);
  if (!pvdc.isEnabled) throw badRequest(`The provider VDC "${pvdc.name}" is disabled.`);
  if (model === 'Flex' && (input.isElastic === undefined || input.includeMemoryOverhead === undefined)) {
    throw badRequest('A Flex VDC needs IsElastic and IncludeMemoryOverhead.');
  }
  let networkPoolId = pvdc.networkPoolId;
  if (input.networkPoolId !== undefined) {
    const pool = store.get('networkPool', input.networkPoolId);
    if (!pool) throw badRequest(`The network pool ${input.networkPoolId || '(no id)'} does not exist.`);
    networkPoolId = pool.id;
  }
  const a = allocate(model, input.cpu, input.memory, input.guaranteedCpu, input.guaranteedMemory);
  checkProviderCapacity(sim, pvdc, a);

  if (!input.storageProfiles.length) throw badRequest('At least one storage profile (VdcStorageProfile) is required.');
  const offered = store.where('pvdcStorageProfile', 'providerVdcId', pvdc.id);
  const chosen = input.storageProfiles.map((sp) => {
    const p = offered.find((o) => (sp.pvdcStorageProfileId ? o.id === sp.pvdcStorageProfileId : o.name === sp.name));
    if (!p) throw badRequest(`The storage profile ${sp.name ?? sp.pvdcStorageProfileId} is not a storage profile of provider VDC "${pvdc.name}".`);
    if (!p.isEnabled) throw badRequest(`The provider VDC storage profile "${p.name}" is disabled.`);
    return { sp, p };
  });
  if (new Set(chosen.map((c) => c.p.id)).size !== chosen.length) throw badRequest('A storage profile is named more than once.');
  const defaults = chosen.filter((c) => c.sp.isDefault);
  if (defaults.length !== 1) throw badRequest('Exactly one storage profile must be the default (Default true).');
  if (!defaults[0].sp.enabled) throw badRequest('The default storage profile must be enabled.');

  const vdc: Vdc = {
    id: store.newId(), orgId: org.id, name, description: input.description ?? '', allocationModel: model,
    cpu: a.cpu, memory: a.memory, guaranteedCpu: a.guaranteedCpu, guaranteedMemory: a.guaranteedMemory,
    vCpuInMhz: input.vCpuInMhz ?? 1000, vmQuota: quota(input.vmQuota, 0), nicQuota: quota(input.nicQuota, 0),
    networkQuota: quota(input.networkQuota, 0), isEnabled: input.isEnabled ?? true, hardwareVersion: pvdc.highestHardwareVersion,
    created: sim.clock.iso(sim.clock.now()), providerVdcId: pvdc.id, networkPoolId, status: 0,
    ...(model === 'Flex' ? { isElastic: input.isElastic, includeMemoryOverhead: input.includeMemoryOverhead } : {}),
  };
  // VCD gives every new VDC its "System Default" compute policy, as the default.
  const systemDefault = systemDefaultPolicy(sim);
  Object.assign(vdc, { computePolicyIds: [systemDefault.id], defaultComputePolicyId: systemDefault.id });
  store.insert('vdc', vdc);
  for (const { sp, p } of chosen) {
    store.insert('storageProfile', {
      id: store.newId(), vdcId: vdc.id, name: p.name, limitMB: sp.limitMB, isDefault: sp.isDefault, isEnabled: sp.enabled,
      pvdcStorageProfileId: p.id,
    } satisfies StorageProfile);
  }
  const task = startEntityTask(sim, actor, VDC_TASK, vdc, {
    operationName: 'vdcCreateVdc', verb: 'Creating', action: { type: 'createVdc', params: { vdcId: vdc.id } },
  });
  return { vdc: store.get('vdc', vdc.id)!, task };
}

function assertIdle(sim: World, vdc: Vdc): void {
  const running = sim.tasks.activeFor(vdc.id);
  if (running.length || (vdc.status ?? 1) !== 1) {
    throw busyEntity(`The entity vdc "${vdc.name}" is busy completing an operation ${running[0]?.operationName ?? 'vdcCreateVdc'}.`);
  }
}

/** The fields an update may change: applied when its task succeeds. */
export type VdcPatch = Partial<Pick<Vdc, 'name' | 'description' | 'allocationModel' | 'cpu' | 'memory' | 'guaranteedCpu' | 'guaranteedMemory'
  | 'vCpuInMhz' | 'vmQuota' | 'nicQuota' | 'networkQuota' | 'isEnabled' | 'isElastic' | 'includeMemoryOverhead' | 'defaultComputePolicyId'>>;

/** PUT /api/admin/vdc/{id}: capacity, quotas, name, description, enabled; checked against usage and the provider VDC. */
export function startUpdateVdc(sim: World, actor: Actor, vdc: Vdc, input: VdcInput, defaultComputePolicyId?: string): Task {
  requireProviderAdmin(actor);
  assertIdle(sim, vdc);
  const patch: VdcPatch = {};
  if (input.name !== undefined && input.name.trim() !== vdc.name) {
    patch.name = validName(input.name);
    assertUniqueName(sim, vdc.orgId, patch.name, vdc.id);
  }
  if (input.description !== undefined) patch.description = input.description;
  const model = input.allocationModel ? modelOf(input.allocationModel) : vdc.allocationModel;
  // VCD converts a VDC to Flex, never the other way, and keeps the other models as they are.
  if (model !== vdc.allocationModel && model !== 'Flex') {
    throw badRequest(`The allocation model of VDC "${vdc.name}" cannot change from ${vdc.allocationModel} to ${model}.`);
  }
  const a = allocate(model, { ...pick(vdc.cpu, model), ...defined(input.cpu) }, { ...pick(vdc.memory, model), ...defined(input.memory) },
    input.guaranteedCpu ?? vdc.guaranteedCpu, input.guaranteedMemory ?? vdc.guaranteedMemory);
  const usage = vdcUsage(sim.store, vdc);
  if (a.cpu.limit > 0 && a.cpu.limit < usage.cpuUsedMhz) {
    throw limitsExceeded(`The CPU limit ${a.cpu.limit} MHz is below what the VDC's running VMs use (${usage.cpuUsedMhz} MHz).`);
  }
  if (a.memory.limit > 0 && a.memory.limit < usage.memoryUsedMB) {
    throw limitsExceeded(`The memory limit ${a.memory.limit} MB is below what the VDC's running VMs use (${usage.memoryUsedMB} MB).`);
  }
  const vmQuota = input.vmQuota ?? vdc.vmQuota;
  if (vmQuota > 0 && vmQuota < usage.vmCount) {
    throw limitsExceeded(`The VM quota ${vmQuota} is below the number of VMs in the VDC (${usage.vmCount}).`);
  }
  const networkQuota = input.networkQuota ?? vdc.networkQuota;
  const networks = sim.store.where('network', 'vdcId', vdc.id).length;
  if (networkQuota > 0 && networkQuota < networks) {
    throw limitsExceeded(`The network quota ${networkQuota} is below the number of networks in the VDC (${networks}).`);
  }
  const pvdc = vdc.providerVdcId ? sim.store.get('providerVdc', vdc.providerVdcId) : undefined;
  if (pvdc) checkProviderCapacity(sim, pvdc, a, vdc.id);
  Object.assign(patch, {
    allocationModel: model, cpu: a.cpu, memory: a.memory, guaranteedCpu: a.guaranteedCpu, guaranteedMemory: a.guaranteedMemory,
    vmQuota, networkQuota, nicQuota: input.nicQuota ?? vdc.nicQuota, vCpuInMhz: input.vCpuInMhz ?? vdc.vCpuInMhz,
  } satisfies VdcPatch);
  if (input.isEnabled !== undefined) patch.isEnabled = input.isEnabled;
  if (defaultComputePolicyId) patch.defaultComputePolicyId = defaultComputePolicyId;
  if (model === 'Flex') {
    patch.isElastic = input.isElastic ?? vdc.isElastic ?? false;
    patch.includeMemoryOverhead = input.includeMemoryOverhead ?? vdc.includeMemoryOverhead ?? true;
  }
  return startEntityTask(sim, actor, VDC_TASK, vdc, {
    operationName: 'vdcUpdateVdc', verb: 'Updating', action: { type: 'updateVdc', params: { vdcId: vdc.id, patch } },
  });
}

/** The current figures a partial update starts from (pay-as-you-go keeps only its limit). */
function pick(c: Capacity, model: AllocationModel): CapacityInput {
  return model === 'AllocationVApp' ? { limit: c.limit } : { allocated: c.allocated, limit: c.limit };
}

function defined(c: CapacityInput | undefined): CapacityInput {
  const out: CapacityInput = {};
  if (c?.allocated !== undefined) out.allocated = c.allocated;
  if (c?.limit !== undefined) out.limit = c.limit;
  return out;
}

export function setVdcEnabled(sim: World, actor: Actor, vdc: Vdc, enabled: boolean): Vdc {
  requireProviderAdmin(actor);
  if ((vdc.status ?? 1) !== 1) assertIdle(sim, vdc);
  return sim.store.update('vdc', vdc.id, { isEnabled: enabled });
}

/** What a VDC holds that a plain delete refuses to take with it. */
const CONTENTS: [EntityKind & ('vApp' | 'vAppTemplate' | 'media' | 'disk' | 'network'), string][] = [
  ['vApp', 'vApps'], ['vAppTemplate', 'vApp templates'], ['media', 'media'], ['disk', 'independent disks'], ['network', 'networks'],
];

/**
 * DELETE of a VDC: refused while it is enabled (unless forced) and while it holds anything (unless
 * recursive; running VMs need force too), and while tasks run in it.
 */
export function startDeleteVdc(sim: World, actor: Actor, vdc: Vdc, force: boolean, recursive: boolean): Task {
  requireProviderAdmin(actor);
  const { store } = sim;
  if (vdc.isEnabled && !force) throw badRequest(`The VDC "${vdc.name}" is enabled. Disable it before deleting it, or delete with force=true.`);
  const held = CONTENTS.map(([kind, what]) => [store.where(kind, 'vdcId', vdc.id).length, what] as const).filter(([n]) => n > 0);
  if (held.length && !recursive) {
    throw badRequest(`The VDC "${vdc.name}" cannot be deleted: it still holds ${held.map(([n, w]) => `${n} ${w}`).join(', ')}. Delete them first, or delete with recursive=true.`);
  }
  if (!force && store.where('vm', 'vdcId', vdc.id).some((v) => v.deployed)) {
    throw badRequest(`The VDC "${vdc.name}" has running VMs. Power them off first, or delete with force=true.`);
  }
  const busy = [vdc.id, ...store.where('vApp', 'vdcId', vdc.id).map((a) => a.id), ...store.where('disk', 'vdcId', vdc.id).map((d) => d.id)]
    .some((id) => sim.tasks.activeFor(id).length);
  if (busy) throw busyEntity(`The VDC "${vdc.name}" is busy: tasks are running in it.`);
  return startEntityTask(sim, actor, VDC_TASK, vdc, {
    operationName: 'vdcDeleteVdc', verb: 'Deleting', vms: Math.max(1, store.where('vm', 'vdcId', vdc.id).length),
    action: { type: 'deleteVdc', params: { vdcId: vdc.id } },
  });
}

/** Everything a VDC holds, children first, then the VDC itself (catalog items of its templates and media go too). */
export function removeVdc(sim: World, vdcId: string): void {
  const { store } = sim;
  if (!store.get('vdc', vdcId)) return;
  const templates = new Set(store.where('vAppTemplate', 'vdcId', vdcId).map((t) => t.id));
  const media = new Set(store.where('media', 'vdcId', vdcId).map((m) => m.id));
  for (const item of [...store.all('catalogItem')]) {
    if (templates.has(item.templateId) || (item.mediaId && media.has(item.mediaId))) store.remove('catalogItem', item.id);
  }
  dropVdcFromGroups(sim, vdcId);
  for (const kind of ['disk', 'vm', 'vApp', 'vAppTemplate', 'media', 'network', 'storageProfile'] as const) {
    for (const e of store.where(kind, 'vdcId', vdcId)) store.remove(kind, e.id);
  }
  store.remove('vdc', vdcId);
}

/** What uses a VDC storage profile: VMs, templates, media and independent disks stored on it. */
function profileInUse(sim: World, vdc: Vdc, sp: StorageProfile): boolean {
  const { store } = sim;
  const isDefault = sp.isDefault;
  const on = (id: string | undefined) => id === sp.id || (!id && isDefault);
  return store.where('vm', 'vdcId', vdc.id).some((v) => on(v.storageProfileId))
    || store.where('vAppTemplate', 'vdcId', vdc.id).some((t) => on(t.storageProfileId))
    || store.where('media', 'vdcId', vdc.id).some((m) => on(m.storageProfileId))
    || store.where('disk', 'vdcId', vdc.id).some((d) => on(d.storageProfileId));
}

/**
 * PUT /api/admin/vdcStorageProfile/{id}: enable or disable, set the limit (not below what is stored on it), make it
 * the default (the previous default stops being one); the default cannot be disabled.
 */
export function updateVdcStorageProfile(sim: World, actor: Actor, sp: StorageProfile, input: { enabled?: boolean; limitMB?: number; isDefault?: boolean }): StorageProfile {
  requireProviderAdmin(actor);
  const vdc = sim.store.get('vdc', sp.vdcId)!;
  const enabled = input.enabled ?? sp.isEnabled;
  const isDefault = input.isDefault ?? sp.isDefault;
  if (sp.isDefault && !isDefault) throw badRequest(`The storage profile "${sp.name}" is the default of VDC "${vdc.name}": make another one the default instead.`);
  if (isDefault && !enabled) throw badRequest(`The default storage profile "${sp.name}" cannot be disabled.`);
  const limitMB = input.limitMB ?? sp.limitMB;
  const used = vdcUsage(sim.store, vdc).storageByProfile.get(sp.id) ?? 0;
  if (limitMB > 0 && limitMB < used) throw limitsExceeded(`The limit ${limitMB} MB of storage profile "${sp.name}" is below what is stored on it (${used} MB).`);
  if (isDefault && !sp.isDefault) {
    for (const other of sim.store.where('storageProfile', 'vdcId', vdc.id)) if (other.isDefault) sim.store.update('storageProfile', other.id, { isDefault: false });
  }
  return sim.store.update('storageProfile', sp.id, { isEnabled: enabled, limitMB, isDefault });
}

/**
 * POST /api/admin/vdc/{id}/vdcStorageProfiles (UpdateVdcStorageProfiles): add a storage profile of the provider
 * VDC, or remove one that is disabled, not the default and holds nothing; lands when its task succeeds.
 */
export function startUpdateVdcStorageProfiles(sim: World, actor: Actor, vdc: Vdc, add: VdcStorageProfileInput | undefined, removeId: string | undefined): Task {
  requireProviderAdmin(actor);
  assertIdle(sim, vdc);
  const { store } = sim;
  if (!add && !removeId) throw badRequest('UpdateVdcStorageProfiles needs an AddStorageProfile or a RemoveStorageProfile.');
  const profiles = store.where('storageProfile', 'vdcId', vdc.id);
  let added: StorageProfile | undefined;
  if (add) {
    const offered = vdc.providerVdcId ? store.where('pvdcStorageProfile', 'providerVdcId', vdc.providerVdcId) : [];
    const p = offered.find((o) => (add.pvdcStorageProfileId ? o.id === add.pvdcStorageProfileId : o.name === add.name));
    if (!p) throw badRequest(`The storage profile ${add.name ?? add.pvdcStorageProfileId} is not a storage profile of the VDC's provider VDC.`);
    if (profiles.some((x) => x.pvdcStorageProfileId === p.id || x.name === p.name)) throw duplicateName(`VDC "${vdc.name}" already has the storage profile "${p.name}".`);
    if (add.isDefault && !add.enabled) throw badRequest('The default storage profile must be enabled.');
    added = { id: store.newId(), vdcId: vdc.id, name: p.name, limitMB: add.limitMB, isDefault: add.isDefault, isEnabled: add.enabled, pvdcStorageProfileId: p.id };
  }
  if (removeId) {
    const sp = profiles.find((x) => x.id === removeId);
    if (!sp) throw badRequest(`The storage profile ${removeId} is not a storage profile of VDC "${vdc.name}".`);
    if (sp.isDefault) throw badRequest(`The storage profile "${sp.name}" is the default of VDC "${vdc.name}" and cannot be removed.`);
    if (sp.isEnabled) throw badRequest(`The storage profile "${sp.name}" is enabled: disable it before removing it.`);
    if (profileInUse(sim, vdc, sp)) throw badRequest(`The storage profile "${sp.name}" still holds VMs, templates, media or disks.`);
  }
  return startEntityTask(sim, actor, VDC_TASK, vdc, {
    operationName: 'vdcUpdateVdcStorageProfiles', verb: 'Updating storage profiles of',
    action: { type: 'updateVdcStorageProfiles', params: { vdcId: vdc.id, add: added, removeId } },
  });
}

export function applyVdcStorageProfiles(sim: World, params: { vdcId: string; add?: StorageProfile; removeId?: string }): void {
  const { store } = sim;
  if (!store.get('vdc', params.vdcId)) return;
  if (params.add) {
    if (params.add.isDefault) {
      for (const p of store.where('storageProfile', 'vdcId', params.vdcId)) if (p.isDefault) store.update('storageProfile', p.id, { isDefault: false });
    }
    store.insert('storageProfile', params.add);
  }
  if (params.removeId && store.get('storageProfile', params.removeId)) store.remove('storageProfile', params.removeId);
}
