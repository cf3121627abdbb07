/**
 * The transfer service: what clients PUT to the `upload:default` links of a template or a media being
 * uploaded. An OVF template first takes its descriptor (which names the other files), then each file in
 * chunks (`Content-Range: bytes a-b/total`, in order); media take their one file. The import task is driven
 * by the bytes: its progress is the share received, and it succeeds when every file is complete.
 */
import type { Request } from 'express';
import type { Actor, World } from '../../world.js';
import type { Media, TemplateVm, TransferFile, Upload, VAppTemplate } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { badRequest, errorOf, notFound, VcdError } from '../../errors.js';
import { checkNewStorage, vmStorageMB } from '../../engine/capacity.js';
import { parseOvf } from '../vapptemplate/ovf.js';
import { bodyOf, checkContentRoom, dropContent, FatalUpload, receiveChunk, type Body } from './content.js';
import { link } from '../../wire/links.js';
import type { Doc } from '../../wire/xml.js';

export const DESCRIPTOR = 'descriptor.ovf';
const DESCRIPTOR_MAX = 4 * 1024 * 1024;

export type UploadKind = 'vAppTemplate' | 'media';
type Holder = VAppTemplate | Media;

export const transferHref = (base: string, entityId: string, name: string) => `${base}/transfer/${entityId}/${encodeURIComponent(name)}`;

/** The `Files` element of an entity being uploaded. */
export function filesDoc(base: string, entityId: string, upload: Upload | undefined): Doc | undefined {
  if (!upload) return undefined;
  return {
    File: upload.files.map((f) => ({
      '@_size': f.size,
      '@_bytesTransferred': f.bytesTransferred,
      '@_checksum': f.checksum,
      '@_name': f.name,
      Link: f.bytesTransferred < f.size || f.size < 0 ? [link('upload:default', transferHref(base, entityId, f.name))] : undefined,
    })),
  };
}

function holder(sim: World, kind: UploadKind, id: string): Holder | undefined {
  return kind === 'media' ? sim.store.get('media', id) : sim.store.get('vAppTemplate', id);
}

function update(sim: World, kind: UploadKind, id: string, patch: Partial<VAppTemplate & Media>): void {
  if (kind === 'media') sim.store.update('media', id, patch as Partial<Media>);
  else sim.store.update('vAppTemplate', id, patch as Partial<VAppTemplate>);
}

/** The import fails as VCD fails it: the task ends in error and the entity stays, status -1, until deleted. */
export function failImport(sim: World, kind: UploadKind, id: string, err: VcdError): void {
  const e = holder(sim, kind, id);
  if (!e) return;
  update(sim, kind, id, { status: Status.FAILED_CREATION });
  if (e.upload?.taskId) sim.tasks.failExternal(e.upload.taskId, err);
  dropContent(sim, id);
}

function progress(sim: World, upload: Upload): void {
  if (!upload.taskId) return;
  let total = 0;
  let done = 0;
  for (const f of upload.files) {
    total += Math.max(f.size, 0);
    done += f.bytesTransferred;
  }
  sim.tasks.setProgress(upload.taskId, total ? (done / total) * 100 : 0);
}

function complete(upload: Upload): boolean {
  return upload.descriptorUploaded && upload.files.every((f) => f.size >= 0 && f.bytesTransferred >= f.size);
}

/** `bytes a-b/total` (total may be `*`); undefined when absent. */
function contentRange(req: Request): { start: number; end: number; total?: number } | undefined {
  const h = req.headers['content-range'];
  if (h === undefined) return undefined;
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/.exec(String(h).trim());
  if (!m || Number(m[2]) < Number(m[1])) throw badRequest(`The Content-Range header "${h}" is not of the form "bytes first-last/total".`);
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

export async function readText(body: Body): Promise<string> {
  if (typeof body === 'string') return body;
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of body) {
    n += chunk.length;
    if (n > DESCRIPTOR_MAX) throw errorOf(413, `The OVF descriptor is larger than ${DESCRIPTOR_MAX} bytes.`);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts).toString('utf8');
}

/** PUTs in progress, per store and file: the tail of each file's queue. */
const putQueues = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Runs `fn` once every PUT of the same file that came before has ended: two PUTs of one file never interleave
 * their bytes. The later one then sees what the earlier left (a chunk sent twice continues or is refused as
 * complete), exactly as if it had come afterwards.
 */
async function oneAtATime<T>(sim: World, key: string, fn: () => Promise<T>): Promise<T> {
  let queues = putQueues.get(sim.store);
  if (!queues) putQueues.set(sim.store, (queues = new Map()));
  const before = queues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = before.then(() => mine);
  queues.set(key, tail);
  await before;
  try {
    return await fn();
  } finally {
    release();
    if (queues.get(key) === tail) queues.delete(key);
  }
}

/** PUT of one transfer file, after any PUT of the same file still running. The caller has checked tenancy. */
export function putFile(sim: World, kind: UploadKind, id: string, name: string, req: Request): Promise<void> {
  return oneAtATime(sim, `${id}/${name}`, () => putFileNow(sim, kind, id, name, req));
}

async function putFileNow(sim: World, kind: UploadKind, id: string, name: string, req: Request): Promise<void> {
  const e = holder(sim, kind, id);
  if (!e) throw notFound(`The upload "${id}" no longer exists.`);
  const upload = e.upload;
  if (e.status === Status.FAILED_CREATION) throw badRequest(`The upload of "${e.name}" failed; delete it and upload again.`);
  if (!upload) throw badRequest(`The upload of "${e.name}" is complete; its files accept no more data.`);
  const file = upload.files.find((f) => f.name === name);
  if (!file) throw notFound(`The upload of "${e.name}" has no file "${name}".`);
  if (file.size >= 0 && file.bytesTransferred >= file.size) throw badRequest(`The file "${name}" of "${e.name}" is complete; it accepts no more data.`);
  try {
    if (kind === 'vAppTemplate' && name === DESCRIPTOR) acceptDescriptor(sim, e as VAppTemplate, upload, await readText(bodyOf(req)));
    else await putChunk(sim, kind, e, upload, file, req);
  } catch (err) {
    if (err instanceof FatalUpload) failImport(sim, kind, id, err);
    throw err;
  }
  advance(sim, kind, id);
}

/** Progress of the import task after bytes arrived; success once every file is complete. */
export function advance(sim: World, kind: UploadKind, id: string): void {
  const now = holder(sim, kind, id);
  if (now?.upload) {
    progress(sim, now.upload);
    if (complete(now.upload) && now.upload.taskId) sim.tasks.complete(now.upload.taskId);
  }
}

async function putChunk(sim: World, kind: UploadKind, e: Holder, upload: Upload, file: TransferFile, req: Request): Promise<void> {
  const range = contentRange(req);
  const start = range?.start ?? 0;
  const length = range ? range.end - range.start + 1 : req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : undefined;
  let size = file.size;
  if (size < 0) {
    if (range?.total === undefined) throw badRequest(`The size of "${file.name}" is not declared: send Content-Range with the total.`);
    size = range.total;
  }
  if ((range?.total !== undefined && range.total > size) || (length !== undefined && start + length > size)) {
    throw new FatalUpload(400, 'BAD_REQUEST', `The file "${file.name}" is larger than the ${size} bytes the upload declared.`);
  }
  // A chunk sent again (after a dropped connection) may start before what arrived: the rest continues the file.
  if (start > file.bytesTransferred) {
    throw errorOf(416, `The chunk starts at byte ${start} of "${file.name}", but ${file.bytesTransferred} bytes have arrived: send the bytes from ${file.bytesTransferred} on, in order.`);
  }
  await acceptBytes(sim, kind, e, file, bodyOf(req), { start, length, size });
}

/**
 * Bytes of one file from `start` on, counted (and kept under --content-dir); the file's record follows. Bytes
 * the file already has are skipped; when the connection drops, what arrived counts and the error is rethrown.
 */
export async function acceptBytes(sim: World, kind: UploadKind, e: Holder, file: TransferFile, body: Body, at: { start: number; length?: number; size: number }): Promise<void> {
  const { start, size } = at;
  const from = file.bytesTransferred;
  const got = await receiveChunk(sim, body, e.id, file.name, start, at.length, size, from);
  const now = holder(sim, kind, e.id);
  if (now?.upload && now.status !== Status.FAILED_CREATION) {
    const files = now.upload.files.map((f) => (f.name === file.name ? { ...f, size, bytesTransferred: from + got.bytes, checksum: got.checksum ?? f.checksum } : f));
    update(sim, kind, e.id, { upload: { ...now.upload, files } });
  }
  if (got.interrupted !== undefined) {
    advance(sim, kind, e.id);
    throw got.interrupted;
  }
}

/** The OVF descriptor: the template gets its VMs and networks, and the files the descriptor names. */
export function acceptDescriptor(sim: World, t: VAppTemplate, upload: Upload, text: string): void {
  let ovf;
  try {
    ovf = parseOvf(text);
  } catch (err) {
    throw err instanceof VcdError ? new FatalUpload(err.status, err.minorCode, err.message) : err;
  }
  const vdc = sim.store.get('vdc', t.vdcId)!;
  const profile = t.storageProfileId ? sim.store.get('storageProfile', t.storageProfileId) : undefined;
  const vms: TemplateVm[] = ovf.vms.map((vm) => ({
    id: sim.store.newId(),
    localId: vm.localId,
    name: vm.name,
    description: vm.description,
    osType: vm.osType,
    cpus: vm.cpus,
    coresPerSocket: vm.coresPerSocket,
    memoryMB: vm.memoryMB,
    hardwareVersion: vm.hardwareVersion,
    disks: vm.disks,
    nics: vm.nics.map((n) => ({ ...n, mac: sim.store.random.mac() })),
    computerName: vm.name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 15) || 'vm',
    cpuHotAdd: false,
    memoryHotAdd: false,
  }));
  try {
    checkNewStorage(sim.capacity, vdc, profile, vms.reduce((s, vm) => s + vmStorageMB(vm), 0));
    checkContentRoom(sim, ovf.files.reduce((s, f) => s + Math.max(f.size, 0), 0));
  } catch (err) {
    const v = err as VcdError;
    throw new FatalUpload(v.status, v.minorCode, v.message);
  }
  const bytes = Buffer.byteLength(text);
  const files: TransferFile[] = [
    { name: DESCRIPTOR, size: bytes, bytesTransferred: bytes },
    ...ovf.files.map((f) => ({ name: f.href, size: f.size, bytesTransferred: 0 })),
  ];
  const networks = [...new Set([...ovf.networks, ...vms.flatMap((vm) => vm.nics.map((n) => n.network))].filter((n) => n !== 'none'))];
  sim.store.update('vAppTemplate', t.id, { vms, networks, upload: { ...upload, descriptorUploaded: true, files } });
}

/** Task effects of uploads: success makes the entity usable; a cancel removes what the upload created. */
export function registerUploadActions(sim: World): void {
  sim.tasks.register('importUpload', {
    apply(params) {
      const { kind, id } = params as { kind: UploadKind; id: string };
      const e = holder(sim, kind, id);
      if (!e) return;
      if (kind === 'media') update(sim, kind, id, { status: Status.RESOLVED, upload: undefined });
      else update(sim, kind, id, { status: Status.POWERED_OFF, upload: undefined, files: e.upload?.files });
    },
    rollback(params) {
      const { kind, id } = params as { kind: UploadKind; id: string };
      removeUploaded(sim, kind, id);
    },
    // A fault failed the import (task-failure, or a stall with `fail`): the entity stays, status -1, removable.
    failed(params) {
      const { kind, id } = params as { kind: UploadKind; id: string };
      if (holder(sim, kind, id)) update(sim, kind, id, { status: Status.FAILED_CREATION });
      dropContent(sim, id);
    },
  });
  sim.tasks.register('deleteUploaded', {
    apply(params) {
      const { kind, id } = params as { kind: UploadKind; id: string };
      removeUploaded(sim, kind, id);
    },
  });
}

/** Removes a template or media with its catalog item and stored bytes. */
export function removeUploaded(sim: World, kind: UploadKind, id: string): void {
  const items = kind === 'media'
    ? [...sim.store.all('catalogItem')].filter((i) => i.mediaId === id)
    : sim.store.where('catalogItem', 'templateId', id);
  for (const i of items) sim.store.remove('catalogItem', i.id);
  if (holder(sim, kind, id)) sim.store.remove(kind, id);
  dropContent(sim, id);
}

/** Starts the import task of a new upload (it runs until the last byte arrives) and records it on the entity. */
export function startImport(sim: World, actor: Actor, kind: UploadKind, e: Holder): void {
  const task = sim.tasks.start({
    operationName: kind === 'media' ? 'vdcUploadMedia' : 'vdcUploadOvfContents',
    operation: `Importing ${kind === 'media' ? 'Media' : 'Virtual Application Template'} ${e.name}(${e.id})`,
    orgId: e.orgId,
    userId: actor.user!.id,
    owner: { kind, id: e.id, name: e.name },
    action: { type: 'importUpload', params: { kind, id: e.id } },
    external: true,
  });
  update(sim, kind, e.id, { upload: { ...e.upload!, taskId: task.id } });
}

/** The VDC an upload into a catalog lands in: the org's first VDC (in inventory order), on its default storage profile. */
export function uploadVdc(sim: World, orgId: string): { vdcId: string; storageProfileId?: string } {
  const vdc = sim.store.where('vdc', 'orgId', orgId)[0];
  if (!vdc) throw badRequest('The organization has no VDC to store the upload in.');
  const profile = sim.store.where('storageProfile', 'vdcId', vdc.id).find((p) => p.isDefault);
  return { vdcId: vdc.id, storageProfileId: profile?.id };
}
