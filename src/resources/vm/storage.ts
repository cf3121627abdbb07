/**
 * Where a VM's storage sits: the storage policy compliance check (`action/checkCompliance`, `complianceResult`)
 * and relocation to another datastore (`action/relocate`, pyvcloud's `VM.relocate`). Datastores are not
 * modelled: each provider VDC storage profile stands for one, so a datastore id is a provider VDC storage
 * profile's id (or, for convenience, the id of a VDC storage profile carved from one).
 */
import type { Router } from 'express';
import type { Actor, World } from '../../world.js';
import type { StorageProfile, Task, VApp, Vm } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { startTaskOn } from '../task/ops.js';
import { sendAccepted } from '../task/view.js';
import { param, requireRight, visible } from '../access.js';
import { hrefOf } from '../links.js';
import { RIGHTS } from '../../store/roles.js';
import { readBody } from '../../wire/body.js';
import { attr, child, type Doc } from '../../wire/xml.js';
import { link, uuidOf } from '../../wire/links.js';
import { sendDoc } from '../../wire/render.js';
import { assertNotBusy, validatePatch } from './ops.js';

export const COMPLIANCE_RESULT = 'application/vnd.vmware.vm.complianceResult+xml';
export const RELOCATE_PARAMS = 'application/vnd.vmware.vcloud.relocateVmParams+xml';

/** A VM is compliant when every disk sits on the VM's own storage profile. */
export function complianceOf(sim: World, vm: Vm): { status: 'COMPLIANT' | 'NON_COMPLIANT'; message: string } {
  const off = vm.disks.filter((d) => d.storageProfileId && d.storageProfileId !== vm.storageProfileId);
  if (!off.length) return { status: 'COMPLIANT', message: `VM "${vm.name}" and its disks are placed on its storage policy.` };
  const names = off.map((d) => `disk ${d.instanceId} on "${sim.store.get('storageProfile', d.storageProfileId!)?.name ?? d.storageProfileId}"`);
  const own = vm.storageProfileId ? sim.store.get('storageProfile', vm.storageProfileId)?.name : undefined;
  return { status: 'NON_COMPLIANT', message: `VM "${vm.name}" is not placed on its storage policy${own ? ` "${own}"` : ''}: ${names.join(', ')}.` };
}

function assertReady(sim: World, vapp: VApp, vm: Vm): void {
  assertNotBusy(sim, 'VM', vm, vapp.id);
  if (vm.status === Status.UNRESOLVED) throw badRequest(`The requested operation could not be executed since VM "${vm.name}" is being created.`);
}

/** checkCompliance: a task that records the VM's compliance (read back from `complianceResult`). */
export function startCheckCompliance(sim: World, actor: Actor, vapp: VApp, vm: Vm): Task {
  assertReady(sim, vapp, vm);
  return startTaskOn(sim, actor, { vapp, vm }, {
    operationName: 'vappCheckCompliance',
    verb: 'Checking compliance of',
    action: { type: 'checkCompliance', params: { vmId: vm.id } },
  });
}

/** The VDC storage profile a datastore id names, in the VM's VDC. */
function profileForDatastore(sim: World, vm: Vm, datastoreId: string): StorageProfile {
  const profiles = sim.store.where('storageProfile', 'vdcId', vm.vdcId);
  const profile = profiles.find((p) => p.pvdcStorageProfileId === datastoreId) ?? profiles.find((p) => p.id === datastoreId);
  if (!profile) {
    const known = sim.store.get('pvdcStorageProfile', datastoreId) !== undefined || sim.store.get('storageProfile', datastoreId) !== undefined;
    throw badRequest(known
      ? `The datastore ${datastoreId} is not available to the VDC of VM "${vm.name}".`
      : `The datastore ${datastoreId} does not exist.`);
  }
  if (!profile.isEnabled) throw badRequest(`The datastore ${datastoreId} belongs to the disabled storage policy "${profile.name}".`);
  return profile;
}

/**
 * relocate: the VM and every disk of it move to the datastore (its storage profile becomes the datastore's,
 * disks on profiles of their own follow), which must have room for them. Needs the provider's right.
 */
export function startRelocate(sim: World, actor: Actor, vapp: VApp, vm: Vm, datastoreId: string): Task {
  requireRight(actor, RIGHTS.vmMigrate);
  assertReady(sim, vapp, vm);
  const profile = profileForDatastore(sim, vm, datastoreId);
  const patch = { storageProfileId: profile.id, disks: vm.disks.map((d) => ({ ...d, storageProfileId: undefined })) };
  validatePatch(sim, sim.store.get('vdc', vm.vdcId)!, vm, patch);
  return startTaskOn(sim, actor, { vapp, vm }, {
    operationName: 'vappRelocate',
    verb: 'Relocating',
    action: { type: 'updateVm', params: { vmId: vm.id, patch } },
  });
}

/** Registers the compliance check's task effect (relocation is a VM update). */
export function registerStorageActions(sim: World): void {
  sim.tasks.register('checkCompliance', {
    apply(params) {
      const vm = sim.store.get('vm', params.vmId as string);
      if (vm) sim.store.update('vm', vm.id, { compliance: { ...complianceOf(sim, vm), checked: sim.clock.iso() } });
    },
  });
}

/** The VM document's links to these actions (the caller adds them while the VM is editable). */
export function storageLinks(href: string): Doc[] {
  return [
    link('checkCompliance', `${href}/action/checkCompliance`),
    link('relocate', `${href}/action/relocate`, RELOCATE_PARAMS),
  ];
}

/** The link to the last compliance result (always there: the result is empty until a check ran). */
export function complianceLink(href: string): Doc {
  return link('down', `${href}/complianceResult`, COMPLIANCE_RESULT);
}

export function storageRoutes(router: Router, sim: World): void {
  const target = (req: Parameters<typeof param>[0]) => {
    const vm = visible(sim, req, 'vm', param(req, 'id'));
    return { vm, vapp: sim.store.get('vApp', vm.vappId)! };
  };
  router.post('/api/vApp/vm-:id/action/checkCompliance', (req, res) => {
    const { vm, vapp } = target(req);
    requireRight(req, RIGHTS.vmEditProperties);
    sendAccepted(sim, req, res, startCheckCompliance(sim, req.ctx, vapp, vm));
  });
  router.get('/api/vApp/vm-:id/complianceResult', (req, res) => {
    const { vm } = target(req);
    const c = vm.compliance;
    sendDoc(req, res, {
      root: 'ComplianceResult',
      type: COMPLIANCE_RESULT,
      // VCloudExtensibleType: no href, type or links of its own.
      body: {
        // Until a check has run the status is unknown, as vSphere reports it.
        ComplianceStatus: c?.status ?? 'UNKNOWN_COMPLIANCE',
        ComplianceStatusMessage: c?.message,
        ComplianceCheckTime: c?.checked,
      },
    });
  });
  router.post('/api/vApp/vm-:id/action/relocate', (req, res) => {
    const { vm, vapp } = target(req);
    const doc = readBody(req, 'RelocateParams').doc;
    const href = attr(child(doc, 'Datastore'), 'href');
    const id = uuidOf(href) ?? href?.split('/').pop();
    if (!id) throw badRequest('RelocateParams needs Datastore@href (…/api/admin/extension/datastore/{id}).');
    sendAccepted(sim, req, res, startRelocate(sim, req.ctx, vapp, vm, id));
  });
}
