/**
 * Catalog administration and content: create (placed on CatalogStorageProfiles), update, publish, delete
 * (refused while it holds items unless `recursive=true&force=true`), capture a vApp into a template, copy and
 * move items, rename and delete items, update templates and enable their download. Long operations are tasks
 * on the simulated clock; what they create exists at once (status 0) and is removed again if they fail.
 */
import type { Actor, World } from '../../world.js';
import type { Catalog, CatalogItem, Media, StorageProfile, Task, TemplateVm, VAppTemplate } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { RIGHTS } from '../../store/roles.js';
import { badRequest, busyEntity, duplicateName, forbidden } from '../../errors.js';
import { checkNewStorage, mediaStorageMB, vmStorageMB } from '../../engine/capacity.js';
import { uuidOf } from '../../wire/links.js';
import { requireRight, visible } from '../access.js';
import { requireLevel } from '../acl/ops.js';
import { settingsOf } from '../org/model.js';
import { vmsOf } from '../vm/ops.js';
import { removeUploaded, type UploadKind } from '../transfer/ops.js';
import { startEntityTask } from '../task/ops.js';
import type { CaptureInput, CatalogInput } from './params.js';

function validName(name: string | undefined, what: string): string {
  const n = name?.trim();
  if (!n) throw badRequest(`The ${what} name is required.`);
  if (n.length > 128) throw badRequest(`The ${what} name must be at most 128 characters.`);
  return n;
}

function assertUniqueCatalogName(sim: World, orgId: string, name: string, except?: string): void {
  if (sim.store.where('catalog', 'orgId', orgId).some((c) => c.name.toLowerCase() === name.toLowerCase() && c.id !== except)) {
    throw duplicateName(`A catalog with the name "${name}" already exists in the organization.`);
  }
}

function assertUniqueItemName(sim: World, catalog: Catalog, name: string, except?: string): void {
  if (sim.store.where('catalogItem', 'catalogId', catalog.id).some((i) => i.name === name && i.id !== except)) {
    throw duplicateName(`The catalog "${catalog.name}" already has an item named "${name}".`);
  }
}

/** CatalogStorageProfiles: profiles of the org's VDCs, by href. */
function profilesOf(sim: World, orgId: string, hrefs: string[]): string[] {
  return hrefs.map((href) => {
    const id = uuidOf(href);
    const p = id ? sim.store.get('storageProfile', id) : undefined;
    const vdc = p && sim.store.get('vdc', p.vdcId);
    if (!p || vdc?.orgId !== orgId) throw badRequest(`The storage profile ${href} is not a storage profile of the organization's VDCs.`);
    return p.id;
  });
}

/** Where a catalog stores new items: its first storage profile, else the first VDC's default. */
export function catalogPlacement(sim: World, catalog: Catalog, preferVdcId?: string): { vdcId: string; profile?: StorageProfile } {
  const placed = catalog.storageProfileIds?.map((id) => sim.store.get('storageProfile', id)).find((p) => p?.isEnabled);
  if (placed) return { vdcId: placed.vdcId, profile: placed };
  const vdc = (preferVdcId && sim.store.get('vdc', preferVdcId)) || sim.store.where('vdc', 'orgId', catalog.orgId)[0];
  if (!vdc || vdc.orgId !== catalog.orgId) throw badRequest(`The organization of catalog "${catalog.name}" has no VDC to store items in.`);
  const profiles = sim.store.where('storageProfile', 'vdcId', vdc.id);
  return { vdcId: vdc.id, profile: profiles.find((p) => p.isDefault) ?? profiles[0] };
}

const CATALOG_TASK = { kind: 'catalog', noun: 'Catalog' } as const;
const TEMPLATE_TASK = { kind: 'vAppTemplate', noun: 'Virtual Application Template' } as const;

/** A subscribed catalog's sync (its items are already those of the library): a task on the catalog that reports it. */
export function syncTask(sim: World, actor: Actor, catalog: Catalog): Task {
  return startEntityTask(sim, actor, CATALOG_TASK, catalog, { operationName: 'catalogSync', verb: 'Synchronizing', action: undefined });
}

/** POST /api/admin/org/{id}/catalogs: the catalog exists at once; its creation task settles it. */
export function createCatalog(sim: World, actor: Actor, orgId: string, input: CatalogInput): { catalog: Catalog; task: Task } {
  requireRight(actor, RIGHTS.catalogEdit);
  const name = validName(input.name, 'catalog');
  assertUniqueCatalogName(sim, orgId, name);
  const storageProfileIds = input.storageProfiles?.length ? profilesOf(sim, orgId, input.storageProfiles) : undefined;
  const catalog = sim.store.insert('catalog', {
    id: sim.store.newId(), orgId, name, description: input.description ?? '', ownerId: actor.user!.id, isPublished: false,
    created: sim.clock.iso(), ...(storageProfileIds ? { storageProfileIds } : {}),
  });
  const task = startEntityTask(sim, actor, CATALOG_TASK, catalog, {
    operationName: 'catalogCreateCatalog', verb: 'Creating', action: { type: 'createCatalog', params: { catalogId: catalog.id } },
  });
  return { catalog, task };
}

function setPublished(sim: World, actor: Actor, catalog: Catalog, published: boolean): Partial<Catalog> {
  requireRight(actor, RIGHTS.catalogPublish);
  const org = sim.store.get('org', catalog.orgId);
  if (published && org && !settingsOf(org).canPublishCatalogs && !actor.isSysAdmin) {
    throw forbidden(`The organization "${org.name}" may not publish catalogs (its CanPublishCatalogs setting is off).`);
  }
  return { isPublished: published };
}

/** PUT /api/admin/catalog/{id}: name, description, storage profiles (and the published flag, as the AdminCatalog carries it). */
export function updateCatalog(sim: World, actor: Actor, catalog: Catalog, input: CatalogInput): Catalog {
  requireRight(actor, RIGHTS.catalogProperties);
  requireLevel(actor, { kind: 'catalog', e: catalog }, 'Change');
  const patch: Partial<Catalog> = {};
  if (input.name !== undefined && input.name !== catalog.name) {
    patch.name = validName(input.name, 'catalog');
    assertUniqueCatalogName(sim, catalog.orgId, patch.name, catalog.id);
  }
  if (input.description !== undefined) patch.description = input.description;
  if (input.storageProfiles !== undefined) patch.storageProfileIds = profilesOf(sim, catalog.orgId, input.storageProfiles);
  if (input.isPublished !== undefined && input.isPublished !== catalog.isPublished) Object.assign(patch, setPublished(sim, actor, catalog, input.isPublished));
  return sim.store.update('catalog', catalog.id, patch);
}

/** POST /api/catalog/{id}/action/publish: read-only to every org. */
export function publishCatalog(sim: World, actor: Actor, catalog: Catalog, published: boolean): void {
  requireLevel(actor, { kind: 'catalog', e: catalog }, 'Change');
  sim.store.update('catalog', catalog.id, setPublished(sim, actor, catalog, published));
}

/** The tasks running in a catalog: its own and its items' entities'. */
function runningIn(sim: World, catalog: Catalog): Task[] {
  const ids = [catalog.id, ...sim.store.where('catalogItem', 'catalogId', catalog.id).flatMap((i) => [i.id, i.templateId, i.mediaId ?? ''])];
  return ids.filter(Boolean).flatMap((id) => sim.tasks.activeFor(id));
}

/** DELETE /api/admin/catalog/{id}: refused while it holds items unless recursive and forced; running tasks refuse it unless forced. */
export function startDeleteCatalog(sim: World, actor: Actor, catalog: Catalog, force: boolean, recursive: boolean): Task {
  requireRight(actor, RIGHTS.catalogEdit);
  requireLevel(actor, { kind: 'catalog', e: catalog }, 'FullControl');
  const items = sim.store.where('catalogItem', 'catalogId', catalog.id);
  if (items.length && !(recursive && force)) {
    throw badRequest(`The catalog "${catalog.name}" is not empty: it holds ${items.length} item(s). Delete them first, or delete with recursive=true&force=true.`);
  }
  const running = runningIn(sim, catalog);
  if (running.length && !force) throw busyEntity(`The catalog "${catalog.name}" is busy completing an operation ${running[0].operationName}.`);
  for (const t of running) sim.tasks.cancel(t.id);
  return startEntityTask(sim, actor, CATALOG_TASK, catalog, {
    operationName: 'catalogDelete', verb: 'Deleting', action: { type: 'deleteCatalog', params: { catalogId: catalog.id } },
  });
}

/** Removes a catalog with everything it holds (templates, media, their stored bytes). */
export function removeCatalog(sim: World, catalogId: string): void {
  for (const item of sim.store.where('catalogItem', 'catalogId', catalogId)) removeItem(sim, item);
  sim.store.remove('catalog', catalogId);
}

function removeItem(sim: World, item: CatalogItem): void {
  if (item.mediaId) removeUploaded(sim, 'media', item.mediaId);
  else if (item.templateId) removeUploaded(sim, 'vAppTemplate', item.templateId);
  sim.store.remove('catalogItem', item.id);
}

const templateMB = (t: { vms: { disks: { sizeMB: number }[] }[] }) => t.vms.reduce((s, vm) => s + vmStorageMB(vm), 0);

/** POST /api/catalog/{id}/action/captureVApp: a template of the vApp's VMs (hardware, disks, NICs), in status 0 until its task ends. */
export function captureVApp(sim: World, actor: Actor, catalog: Catalog, input: CaptureInput): { template: VAppTemplate; task: Task } {
  requireRight(actor, RIGHTS.catalogItemEdit);
  requireLevel(actor, { kind: 'catalog', e: catalog }, 'Change');
  const vapp = visible(sim, actor, 'vApp', input.source);
  if (vapp.orgId !== catalog.orgId) throw badRequest(`The vApp "${vapp.name}" and catalog "${catalog.name}" belong to different organizations.`);
  const running = sim.tasks.activeFor(vapp.id);
  if (running.length) throw busyEntity(`The vApp "${vapp.name}" is busy completing an operation ${running[0].operationName}.`);
  const vms = vmsOf(sim, vapp.id);
  if (!vms.length) throw badRequest(`The vApp "${vapp.name}" has no VMs to capture.`);
  const name = validName(input.name, 'vApp template');
  let replaced: CatalogItem | undefined;
  if (input.target) {
    const id = uuidOf(input.target);
    replaced = id ? sim.store.get('catalogItem', id) : undefined;
    if (!replaced || replaced.catalogId !== catalog.id || replaced.mediaId) throw badRequest(`TargetCatalogItem ${input.target} is not a vApp template item of catalog "${catalog.name}".`);
    if (sim.tasks.activeFor(replaced.templateId).length) throw busyEntity(`The vApp template "${replaced.name}" is busy completing an operation.`);
  } else {
    assertUniqueItemName(sim, catalog, name);
  }
  const { vdcId, profile } = catalogPlacement(sim, catalog, vapp.vdcId);
  const shapes: TemplateVm[] = vms.map((vm) => ({
    id: sim.store.newId(), localId: vm.localId, name: vm.name, description: vm.description, osType: vm.osType, cpus: vm.cpus,
    coresPerSocket: vm.coresPerSocket, memoryMB: vm.memoryMB, hardwareVersion: vm.hardwareVersion, disks: structuredClone(vm.disks),
    nics: structuredClone(vm.nics), computerName: vm.computerName, cpuHotAdd: vm.cpuHotAdd, memoryHotAdd: vm.memoryHotAdd,
  }));
  const sizeMB = templateMB({ vms: shapes });
  checkNewStorage(sim.capacity, sim.store.get('vdc', vdcId)!, profile, sizeMB);
  const now = sim.clock.iso();
  const template = sim.store.insert('vAppTemplate', {
    id: sim.store.newId(), orgId: catalog.orgId, vdcId, catalogId: catalog.id, name, description: input.description,
    ownerId: actor.user!.id, status: Status.UNRESOLVED, vms: shapes, networks: vapp.networks.map((n) => n.name),
    storageProfileId: profile?.id, created: now,
  });
  const item = replaced ?? sim.store.insert('catalogItem', { id: sim.store.newId(), catalogId: catalog.id, name, description: input.description, templateId: template.id, created: now });
  const task = sim.tasks.start({
    operationName: 'vdcCaptureTemplate',
    operation: `Capturing Virtual Application ${vapp.name}(${vapp.id})`,
    orgId: catalog.orgId,
    userId: actor.user!.id,
    owner: { kind: 'vAppTemplate', id: template.id, name },
    vms: shapes.length,
    diskGb: sizeMB / 1024,
    action: { type: 'captureTemplate', params: { templateId: template.id, itemId: item.id, replacesTemplateId: replaced?.templateId, created: !replaced } },
  });
  return { template: sim.store.get('vAppTemplate', template.id)!, task };
}

/** A copy of a template or media for another catalog, in status 0 (its task makes it ready). */
function copyEntity(sim: World, actor: Actor, item: CatalogItem, target: Catalog, name: string, description: string): { kind: UploadKind; id: string; sizeMB: number } {
  const { store } = sim;
  const now = sim.clock.iso();
  if (item.mediaId) {
    const m = store.get('media', item.mediaId)!;
    const { vdcId, profile } = catalogPlacement(sim, target, m.vdcId);
    const sizeMB = mediaStorageMB(m.size);
    checkNewStorage(sim.capacity, store.get('vdc', vdcId)!, profile, sizeMB);
    const copy: Media = {
      id: store.newId(), orgId: target.orgId, vdcId, catalogId: target.id, name, description, ownerId: actor.user!.id,
      imageType: m.imageType, size: m.size, status: Status.UNRESOLVED, storageProfileId: profile?.id, created: now,
    };
    store.insert('media', copy);
    return { kind: 'media', id: copy.id, sizeMB };
  }
  const t = store.get('vAppTemplate', item.templateId)!;
  const { vdcId, profile } = catalogPlacement(sim, target, t.vdcId);
  const sizeMB = templateMB(t);
  checkNewStorage(sim.capacity, store.get('vdc', vdcId)!, profile, sizeMB);
  const copy = store.insert('vAppTemplate', {
    id: store.newId(), orgId: target.orgId, vdcId, catalogId: target.id, name, description, ownerId: actor.user!.id,
    status: Status.UNRESOLVED, vms: t.vms.map((vm) => ({ ...structuredClone(vm), id: store.newId() })), networks: [...t.networks],
    storageProfileId: profile?.id, created: now,
  });
  return { kind: 'vAppTemplate', id: copy.id, sizeMB };
}

function assertItemIdle(sim: World, item: CatalogItem): void {
  const entityId = item.mediaId ?? item.templateId;
  const e = item.mediaId ? sim.store.get('media', entityId) : sim.store.get('vAppTemplate', entityId);
  const running = sim.tasks.activeFor(entityId);
  if (running.length || (e && e.status !== Status.POWERED_OFF && e.status !== Status.RESOLVED)) {
    throw busyEntity(`The catalog item "${item.name}" is busy or not ready (${running[0]?.operationName ?? `status ${e?.status}`}).`);
  }
}

/** POST /api/catalog/{id}/action/copy|move: CopyOrMoveCatalogItemParams; a move stays within the org. */
export function startCopyOrMove(sim: World, actor: Actor, target: Catalog, p: { name?: string; description?: string; source: string }, move: boolean): Task {
  requireRight(actor, RIGHTS.catalogItemEdit);
  requireRight(actor, RIGHTS.templateCopy);
  requireLevel(actor, { kind: 'catalog', e: target }, 'Change');
  const item = visible(sim, actor, 'catalogItem', p.source);
  const source = sim.store.get('catalog', item.catalogId)!;
  if (move) {
    requireLevel(actor, { kind: 'catalog', e: source }, 'Change');
    if (source.orgId !== target.orgId) throw badRequest(`A catalog item moves only between catalogs of one organization; copy it instead.`);
  }
  assertItemIdle(sim, item);
  const name = validName(p.name ?? item.name, 'catalog item');
  if (!(move && source.id === target.id)) assertUniqueItemName(sim, target, name, move ? item.id : undefined);
  const description = p.description ?? item.description;
  const owner = { kind: 'catalogItem' as const, id: item.id, name: item.name };
  if (move) {
    return sim.tasks.start({
      operationName: 'catalogMoveItem', operation: `Moving Catalog Item ${item.name}(${item.id})`, orgId: target.orgId,
      userId: actor.user!.id, owner,
      action: { type: 'moveCatalogItem', params: { itemId: item.id, catalogId: target.id, name, description } },
    });
  }
  const copy = copyEntity(sim, actor, item, target, name, description);
  const newItem = sim.store.insert('catalogItem', {
    id: sim.store.newId(), catalogId: target.id, name, description, created: sim.clock.iso(),
    templateId: copy.kind === 'vAppTemplate' ? copy.id : '', ...(copy.kind === 'media' ? { mediaId: copy.id } : {}),
  });
  return sim.tasks.start({
    operationName: 'catalogCopyItem', operation: `Copying Catalog Item ${item.name}(${item.id})`, orgId: target.orgId,
    userId: actor.user!.id, owner: { kind: 'catalogItem', id: newItem.id, name }, diskGb: copy.sizeMB / 1024,
    action: { type: 'copyCatalogItem', params: { itemId: newItem.id, kind: copy.kind, id: copy.id } },
  });
}

/** PUT /api/catalogItem/{id}: name and description, kept in step with the template or media it holds. */
export function updateCatalogItem(sim: World, actor: Actor, item: CatalogItem, p: { name?: string; description?: string }): CatalogItem {
  requireRight(actor, RIGHTS.templateEdit);
  requireLevel(actor, { kind: 'catalog', e: sim.store.get('catalog', item.catalogId)! }, 'Change');
  const name = validName(p.name ?? item.name, 'catalog item');
  if (name !== item.name) assertUniqueItemName(sim, sim.store.get('catalog', item.catalogId)!, name, item.id);
  const patch = { name, description: p.description ?? item.description };
  renameHeld(sim, item, patch);
  return sim.store.update('catalogItem', item.id, patch);
}

function renameHeld(sim: World, item: CatalogItem, patch: { name: string; description: string }): void {
  if (item.mediaId && sim.store.get('media', item.mediaId)) sim.store.update('media', item.mediaId, patch);
  else if (item.templateId && sim.store.get('vAppTemplate', item.templateId)) sim.store.update('vAppTemplate', item.templateId, patch);
}

/** DELETE /api/catalogItem/{id}: the item and what it holds go at once (an upload in progress is canceled). */
export function deleteCatalogItem(sim: World, actor: Actor, item: CatalogItem): void {
  requireRight(actor, RIGHTS.templateEdit);
  requireLevel(actor, { kind: 'catalog', e: sim.store.get('catalog', item.catalogId)! }, 'Change');
  const entityId = item.mediaId ?? item.templateId;
  if (item.mediaId) {
    const holder = sim.store.where('vm', 'mediaId', item.mediaId)[0];
    if (holder) throw busyEntity(`The media "${item.name}" is inserted in VM "${holder.name}"; eject it first.`);
  }
  const running = sim.tasks.activeFor(entityId);
  const imports = running.filter((t) => t.operationName === 'vdcUploadOvfContents' || t.operationName === 'vdcUploadMedia');
  if (running.length > imports.length) throw busyEntity(`The catalog item "${item.name}" is busy completing an operation ${running[0].operationName}.`);
  for (const t of imports) sim.tasks.cancel(t.id);
  if (sim.store.get('catalogItem', item.id)) removeItem(sim, item);
}

/** PUT of a VAppTemplate: name and description (the catalog item follows), when its task succeeds. */
export function startUpdateTemplate(sim: World, actor: Actor, t: VAppTemplate, p: { name?: string; description?: string }): Task {
  requireRight(actor, RIGHTS.templateEdit);
  assertTemplateWritable(sim, actor, t);
  if (sim.tasks.activeFor(t.id).length) throw busyEntity(`The vApp template "${t.name}" is busy completing an operation.`);
  const name = validName(p.name ?? t.name, 'vApp template');
  const item = sim.store.where('catalogItem', 'templateId', t.id)[0];
  const catalog = sim.store.get('catalog', t.catalogId);
  if (item && catalog && name !== t.name) assertUniqueItemName(sim, catalog, name, item.id);
  return startEntityTask(sim, actor, TEMPLATE_TASK, t, {
    operationName: 'vdcUpdateTemplate', verb: 'Updating',
    action: { type: 'updateTemplate', params: { templateId: t.id, name, description: p.description ?? t.description } },
  });
}

/** A template's catalog must be open to the caller at Change or above (else its tenancy decides). */
export function assertTemplateWritable(sim: World, actor: Actor, t: VAppTemplate): void {
  const catalog = sim.store.get('catalog', t.catalogId);
  if (catalog) requireLevel(actor, { kind: 'catalog', e: catalog }, 'Change');
}

/** POST …/action/enableDownload (a task) and …/action/disableDownload. */
export function startEnableDownload(sim: World, actor: Actor, t: VAppTemplate): Task {
  requireRight(actor, RIGHTS.templateDownload);
  assertTemplateWritable(sim, actor, t);
  if (t.status !== Status.POWERED_OFF && t.status !== Status.RESOLVED) throw badRequest(`The vApp template "${t.name}" is not ready (status ${t.status}).`);
  return startEntityTask(sim, actor, TEMPLATE_TASK, t, {
    operationName: 'vdcEnableDownload', verb: 'Enabling download of', vms: t.vms.length, diskGb: templateMB(t) / 1024,
    action: { type: 'enableTemplateDownload', params: { templateId: t.id } },
  });
}

export function disableDownload(sim: World, actor: Actor, t: VAppTemplate): void {
  requireRight(actor, RIGHTS.templateDownload);
  assertTemplateWritable(sim, actor, t);
  sim.store.update('vAppTemplate', t.id, { downloadEnabled: false });
}
