/** Media: creation for upload (into a catalog or a VDC), deletion, and insert/eject on VMs. */
import type { Actor, World } from '../../world.js';
import type { Catalog, CatalogItem, Media, Task, VApp, Vm } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { badRequest, busyEntity, duplicateName } from '../../errors.js';
import { checkNewStorage, mediaStorageMB } from '../../engine/capacity.js';
import { attr, text, type Doc } from '../../wire/xml.js';
import { startImport } from '../transfer/ops.js';
import { startEntityTask, startTaskOn } from '../task/ops.js';
import { requireRight } from '../access.js';
import { requireLevel } from '../acl/ops.js';
import { RIGHTS } from '../../store/roles.js';

export interface MediaParams {
  name: string;
  description: string;
  imageType: 'iso' | 'floppy';
  size: number;
}

/** A Media document as govcd and pyvcloud send it: name, imageType, size (bytes) and a Description. */
export function mediaParams(doc: Doc): MediaParams {
  const name = attr(doc, 'name')?.trim();
  if (!name) throw badRequest('The media needs a name.');
  const imageType = (attr(doc, 'imageType') ?? '').toLowerCase();
  if (imageType !== 'iso' && imageType !== 'floppy') throw badRequest(`The media imageType must be "iso" or "floppy", not "${attr(doc, 'imageType') ?? ''}".`);
  const size = Number(attr(doc, 'size'));
  if (!Number.isInteger(size) || size <= 0) throw badRequest(`The media size must be a positive number of bytes, not "${attr(doc, 'size') ?? ''}".`);
  return { name, description: text(doc, 'Description') ?? '', imageType, size };
}

export function checkItemName(sim: World, catalog: Catalog, name: string): void {
  if (sim.store.where('catalogItem', 'catalogId', catalog.id).some((i) => i.name === name)) {
    throw duplicateName(`The catalog "${catalog.name}" already has an item named "${name}".`);
  }
}

/** Creates a media in status 0 with its one upload file, its import task, and (in a catalog) its catalog item. */
export function createMedia(sim: World, actor: Actor, p: MediaParams, where: { orgId: string; vdcId: string; storageProfileId?: string; catalog?: Catalog }): { media: Media; item?: CatalogItem } {
  const { store } = sim;
  if (where.catalog) checkItemName(sim, where.catalog, p.name);
  else if (store.where('media', 'vdcId', where.vdcId).some((m) => m.name === p.name)) throw duplicateName(`A media named "${p.name}" already exists in the VDC.`);
  const vdc = store.get('vdc', where.vdcId)!;
  const profile = where.storageProfileId ? store.get('storageProfile', where.storageProfileId) : undefined;
  checkNewStorage(sim.capacity, vdc, profile, mediaStorageMB(p.size));
  const now = sim.clock.iso();
  const media = store.insert('media', {
    id: store.newId(), orgId: where.orgId, vdcId: where.vdcId, catalogId: where.catalog?.id ?? '', name: p.name,
    description: p.description, ownerId: actor.user!.id, imageType: p.imageType, size: p.size, status: Status.UNRESOLVED,
    storageProfileId: where.storageProfileId, created: now,
    upload: { descriptorUploaded: true, files: [{ name: 'file', size: p.size, bytesTransferred: 0 }] },
  });
  const item = where.catalog
    ? store.insert('catalogItem', { id: store.newId(), catalogId: where.catalog.id, name: p.name, description: p.description, templateId: '', mediaId: media.id, created: now })
    : undefined;
  startImport(sim, actor, 'media', media);
  return { media: store.get('media', media.id)!, item };
}

/** DELETE of a media: refused while a VM holds it inserted or a task runs on it. */
export function startDeleteMedia(sim: World, actor: Actor, m: Media): Task {
  const holders = sim.store.where('vm', 'mediaId', m.id);
  if (holders.length) throw busyEntity(`The media "${m.name}" is inserted in VM "${holders[0].name}"; eject it first.`);
  const running = sim.tasks.activeFor(m.id);
  if (running.some((t) => t.operationName === 'vdcUploadMedia')) sim.tasks.cancel(running.find((t) => t.operationName === 'vdcUploadMedia')!.id);
  else if (running.length) throw busyEntity(`The media "${m.name}" is busy completing an operation.`);
  return startEntityTask(sim, actor, { kind: 'media', noun: 'Media' }, m, {
    operationName: 'vdcDeleteMedia', verb: 'Deleting', action: { type: 'deleteUploaded', params: { kind: 'media', id: m.id } },
  });
}

/**
 * POST …/media/{id}/action/enableDownload: a task (VCD's `catalogItemEnableDownload`, as it copies the file
 * to its transfer area) after which the media shows its file in `Files` with a `download:default` link.
 * Needs the right `vApp Template: Download` and Change access to its catalog, and a ready media.
 */
export function startEnableMediaDownload(sim: World, actor: Actor, m: Media): Task {
  requireRight(actor, RIGHTS.templateDownload);
  const catalog = m.catalogId ? sim.store.get('catalog', m.catalogId) : undefined;
  if (catalog) requireLevel(actor, { kind: 'catalog', e: catalog }, 'Change');
  if (m.status !== Status.RESOLVED) throw badRequest(`The media "${m.name}" is not ready (status ${m.status}).`);
  if (sim.tasks.activeFor(m.id).some((t) => t.operationName !== 'catalogItemEnableDownload')) throw busyEntity(`The media "${m.name}" is busy completing an operation.`);
  return startEntityTask(sim, actor, { kind: 'media', noun: 'Media' }, m, {
    operationName: 'catalogItemEnableDownload', verb: 'Enabling download of', diskGb: m.size / 2 ** 30,
    action: { type: 'enableMediaDownload', params: { mediaId: m.id } },
  });
}

/** insertMedia: the media must be ready and the drive empty; the VM may be on or off. */
export function startInsertMedia(sim: World, actor: Actor, vapp: VApp, vm: Vm, m: Media): Task {
  if (m.status !== Status.RESOLVED) throw badRequest(`The media "${m.name}" is not ready (its upload has not completed).`);
  if (vm.mediaId) throw badRequest(`VM "${vm.name}" already has a media inserted; eject it first.`);
  if (sim.tasks.activeFor(vm.id).length) throw busyEntity(`VM "${vm.name}" is busy completing an operation.`);
  return startTaskOn(sim, actor, { vapp, vm }, { operationName: 'vappMountMedia', verb: 'Inserting media into', action: { type: 'insertMedia', params: { vmId: vm.id, mediaId: m.id } } });
}

export function startEjectMedia(sim: World, actor: Actor, vapp: VApp, vm: Vm, mediaId: string | undefined): Task {
  if (!vm.mediaId || (mediaId && vm.mediaId !== mediaId)) throw badRequest(`The media is not inserted in VM "${vm.name}".`);
  if (sim.tasks.activeFor(vm.id).length) throw busyEntity(`VM "${vm.name}" is busy completing an operation.`);
  return startTaskOn(sim, actor, { vapp, vm }, { operationName: 'vappUnmountMedia', verb: 'Ejecting media from', action: { type: 'ejectMedia', params: { vmId: vm.id } } });
}

export function registerMediaActions(sim: World): void {
  sim.tasks.register('insertMedia', {
    apply(params) {
      const { vmId, mediaId } = params as { vmId: string; mediaId: string };
      if (sim.store.get('vm', vmId) && sim.store.get('media', mediaId)) sim.store.update('vm', vmId, { mediaId });
    },
  });
  sim.tasks.register('enableMediaDownload', {
    apply(params) {
      const { mediaId } = params as { mediaId: string };
      if (sim.store.get('media', mediaId)) sim.store.update('media', mediaId, { downloadEnabled: true });
    },
  });
  sim.tasks.register('ejectMedia', {
    apply(params) {
      const { vmId } = params as { vmId: string };
      if (sim.store.get('vm', vmId)) sim.store.update('vm', vmId, { mediaId: undefined });
    },
  });
}
