/**
 * Template downloads: once `enableDownload` succeeded, a ready vApp template offers its OVF through the
 * transfer service — `descriptor.ovf` (generated from the template's VMs, as VCD exports it) and one disk file
 * per VM disk, each with a `download:default` link. A disk file is served from --content-dir when its upload
 * was stored there (the recorded bytes); otherwise as zeros of its recorded size (a generated sparse stream).
 * Templates that were never uploaded (the inventory's, captures) have no recorded files: their disks come as
 * STAND_IN_BYTES of zeros each, the size of an empty stream-optimized VMDK. A media, once enabled, offers its one
 * file (`file`) the same way: its uploaded bytes from --content-dir, else zeros of its size. Every file answers
 * one `Range` (206).
 */
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import type { Request, Response } from 'express';
import type { World } from '../../world.js';
import type { Media, TemplateVm, TransferFile, VAppTemplate } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { errorOf, notFound } from '../../errors.js';
import { link } from '../../wire/links.js';
import type { Doc } from '../../wire/xml.js';
import { NS } from '../vapptemplate/ovf.js';
import { DESCRIPTOR, transferHref } from './ops.js';

/** Bytes of a disk file no upload recorded. */
export const STAND_IN_BYTES = 65_536;
const STREAM_PIECE = 64 * 1024;

/** A file of a template's download. */
export interface DownloadFile {
  name: string;
  size: number;
  checksum?: string;
}

/** Whether the template offers its OVF for download now. */
export const downloadable = (t: VAppTemplate) => !!t.downloadEnabled && !t.upload && (t.status === Status.POWERED_OFF || t.status === Status.RESOLVED);

const esc = (s: string | number) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The disk files, in VM and disk order: recorded by the upload (in the order its References named them), else stand-ins. */
function diskFiles(t: VAppTemplate): { vm: TemplateVm; diskIndex: number; file?: DownloadFile }[] {
  const recorded = (t.files ?? []).filter((f) => f.name !== DESCRIPTOR);
  const out: { vm: TemplateVm; diskIndex: number; file?: DownloadFile }[] = [];
  let next = 0;
  for (const vm of t.vms) {
    vm.disks.forEach((_, diskIndex) => {
      const r: TransferFile | undefined = t.files ? recorded[next++] : undefined;
      const file = t.files
        ? r && { name: r.name, size: r.size, checksum: r.checksum }
        : { name: `${vm.localId || vm.name}-disk${diskIndex + 1}.vmdk`.replace(/[^\w.-]/g, '-'), size: STAND_IN_BYTES };
      out.push({ vm, diskIndex, file });
    });
  }
  return out;
}

/** The OVF descriptor of a template: its VMs with their hardware, disks, networks and guest OS. */
export function templateOvf(t: VAppTemplate): string {
  const disks = diskFiles(t);
  const files = disks.filter((d) => d.file);
  const fileId = new Map(files.map((d, i) => [d.file!.name, `file${i + 1}`]));
  const diskId = (vm: TemplateVm, i: number) => `vmdisk-${esc(vm.localId || vm.name)}-${i + 1}`;
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ovf:Envelope xmlns:ovf="${NS.ovf}" xmlns:rasd="${NS.rasd}" xmlns:vssd="${NS.vssd}" xmlns:vmw="${NS.vmw}">`,
    '  <ovf:References>',
    ...files.map((d) => `    <ovf:File ovf:href="${esc(d.file!.name)}" ovf:id="${fileId.get(d.file!.name)}" ovf:size="${d.file!.size}"/>`),
    '  </ovf:References>',
    '  <ovf:DiskSection>',
    '    <ovf:Info>Virtual disk information</ovf:Info>',
    ...disks.map((d) => {
      const sizeMB = d.vm.disks[d.diskIndex].sizeMB;
      const ref = d.file ? ` ovf:fileRef="${fileId.get(d.file.name)}" ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"` : '';
      return `    <ovf:Disk ovf:capacity="${sizeMB}" ovf:capacityAllocationUnits="byte * 2^20" ovf:diskId="${diskId(d.vm, d.diskIndex)}"${ref}/>`;
    }),
    '  </ovf:DiskSection>',
    '  <ovf:NetworkSection>',
    '    <ovf:Info>The list of logical networks</ovf:Info>',
    ...t.networks.map((n) => `    <ovf:Network ovf:name="${esc(n)}"><ovf:Description>The ${esc(n)} network</ovf:Description></ovf:Network>`),
    '  </ovf:NetworkSection>',
    `  <ovf:VirtualSystemCollection ovf:id="${esc(t.name)}">`,
    '    <ovf:Info>A collection of virtual machines</ovf:Info>',
    `    <ovf:Name>${esc(t.name)}</ovf:Name>`,
    ...t.vms.flatMap((vm) => virtualSystem(vm, (i) => diskId(vm, i))),
    '  </ovf:VirtualSystemCollection>',
    '</ovf:Envelope>',
    '',
  ];
  return lines.join('\n');
}

/** Controller ResourceType of a VCD bus type (5 IDE, 6 SCSI, 20 SATA). */
const CONTROLLER: Record<number, string> = { 5: '5', 6: '6', 20: '20' };

function virtualSystem(vm: TemplateVm, diskId: (i: number) => string): string[] {
  const item = (fields: [string, string | number][], extra = '') =>
    `        <ovf:Item>${fields.map(([k, v]) => `<rasd:${k}>${esc(v)}</rasd:${k}>`).join('')}${extra}</ovf:Item>`;
  let instance = 1;
  const items: string[] = [
    item([['AllocationUnits', 'hertz * 10^6'], ['Description', 'Number of Virtual CPUs'], ['ElementName', `${vm.cpus} virtual CPU(s)`], ['InstanceID', instance++], ['ResourceType', 3], ['VirtualQuantity', vm.cpus]],
      `<vmw:CoresPerSocket ovf:required="false">${vm.coresPerSocket}</vmw:CoresPerSocket>`),
    item([['AllocationUnits', 'byte * 2^20'], ['Description', 'Memory Size'], ['ElementName', `${vm.memoryMB} MB of memory`], ['InstanceID', instance++], ['ResourceType', 4], ['VirtualQuantity', vm.memoryMB]]),
  ];
  const controllers = new Map<string, number>();
  for (const d of vm.disks) {
    const key = `${d.busType}/${d.busSubType}`;
    if (controllers.has(key)) continue;
    const id = instance++;
    controllers.set(key, id);
    items.push(item([['Address', controllers.size - 1], ['Description', 'Disk controller'], ['ElementName', `Controller ${controllers.size - 1}`], ['InstanceID', id], ['ResourceSubType', d.busSubType], ['ResourceType', CONTROLLER[d.busType] ?? '6']]));
  }
  vm.disks.forEach((d, i) => {
    items.push(item([['AddressOnParent', d.unit], ['ElementName', `Hard disk ${i + 1}`], ['HostResource', `ovf:/disk/${diskId(i)}`], ['InstanceID', instance++], ['Parent', controllers.get(`${d.busType}/${d.busSubType}`)!], ['ResourceType', 17]]));
  });
  for (const n of vm.nics) {
    items.push(item([['AddressOnParent', n.index], ['AutomaticAllocation', String(n.connected)], ['Connection', n.network], ['ElementName', `Network adapter ${n.index}`], ['InstanceID', instance++], ['ResourceSubType', n.adapter], ['ResourceType', 10]]));
  }
  return [
    `    <ovf:VirtualSystem ovf:id="${esc(vm.localId || vm.name)}">`,
    `      <ovf:Info>${esc(vm.description || 'A virtual machine')}</ovf:Info>`,
    `      <ovf:Name>${esc(vm.name)}</ovf:Name>`,
    `      <ovf:OperatingSystemSection ovf:id="0" vmw:osType="${esc(vm.osType)}"><ovf:Info>The kind of installed guest operating system</ovf:Info></ovf:OperatingSystemSection>`,
    '      <ovf:VirtualHardwareSection>',
    '        <ovf:Info>Virtual hardware requirements</ovf:Info>',
    `        <ovf:System><vssd:ElementName>Virtual Hardware Family</vssd:ElementName><vssd:InstanceID>0</vssd:InstanceID><vssd:VirtualSystemIdentifier>${esc(vm.name)}</vssd:VirtualSystemIdentifier><vssd:VirtualSystemType>${esc(vm.hardwareVersion)}</vssd:VirtualSystemType></ovf:System>`,
    ...items,
    '      </ovf:VirtualHardwareSection>',
    '    </ovf:VirtualSystem>',
  ];
}

/** The files a download offers: the descriptor, then the disks. */
export function downloadFiles(t: VAppTemplate): DownloadFile[] {
  const disks = diskFiles(t).flatMap((d) => (d.file ? [d.file] : []));
  return [{ name: DESCRIPTOR, size: Buffer.byteLength(templateOvf(t)) }, ...disks];
}

/** One `File` of a download, whole, with its `download:default` link. */
const fileDoc = (base: string, id: string, f: DownloadFile): Doc => ({
  '@_size': f.size,
  '@_bytesTransferred': f.size,
  '@_checksum': f.checksum,
  '@_name': f.name,
  Link: [link('download:default', transferHref(base, id, f.name))],
});

/** The `Files` of a template whose download is enabled, each with its `download:default` link. */
export function downloadFilesDoc(base: string, t: VAppTemplate): Doc | undefined {
  if (!downloadable(t)) return undefined;
  return { File: downloadFiles(t).map((f) => fileDoc(base, t.id, f)) };
}

/** The template's own `download:default` link to its descriptor (pyvcloud's download looks for it). */
export function downloadLinks(base: string, t: VAppTemplate): Doc[] {
  return downloadable(t) ? [link('download:default', transferHref(base, t.id, DESCRIPTOR), 'text/xml')] : [];
}

/** Answers a GET of one download file. The caller has checked tenancy and rights. */
export function sendDownload(sim: World, t: VAppTemplate, name: string, req: Request, res: Response): void {
  if (!downloadable(t)) throw notFound(`The vApp template "${t.name}" is not enabled for download.`);
  if (name === DESCRIPTOR) {
    const ovf = Buffer.from(templateOvf(t));
    sendBytes(req, res, { size: ovf.length, type: 'text/xml', open: (start, end) => Readable.from([ovf.subarray(start, end + 1)]) });
    return;
  }
  const file = downloadFiles(t).find((f) => f.name === name);
  if (!file) throw notFound(`The vApp template "${t.name}" has no file "${name}" to download.`);
  sendBytes(req, res, fileSource(sim, t.id, file));
}

/** The one file of a media's download. */
export const MEDIA_FILE = 'file';

/** Whether the media offers its file for download now. */
export const mediaDownloadable = (m: Media) => !!m.downloadEnabled && !m.upload && m.status === Status.RESOLVED;

/** The `Files` of a media whose download is enabled: its one file with its `download:default` link. */
export function mediaDownloadFilesDoc(base: string, m: Media): Doc | undefined {
  if (!mediaDownloadable(m)) return undefined;
  return { File: [fileDoc(base, m.id, { name: MEDIA_FILE, size: m.size })] };
}

/** The media's own `download:default` link to its file, once enabled. */
export function mediaDownloadLinks(base: string, m: Media): Doc[] {
  return mediaDownloadable(m) ? [link('download:default', transferHref(base, m.id, MEDIA_FILE))] : [];
}

/** Answers a GET of a media's file: its uploaded bytes under --content-dir, else zeros of its size. */
export function sendMediaDownload(sim: World, m: Media, name: string, req: Request, res: Response): void {
  if (!mediaDownloadable(m)) throw notFound(`The media "${m.name}" is not enabled for download.`);
  if (name !== MEDIA_FILE) throw notFound(`The media "${m.name}" has no file "${name}" to download.`);
  sendBytes(req, res, fileSource(sim, m.id, { name: MEDIA_FILE, size: m.size }));
}

/** Bytes a download serves: their size and media type, and a stream of any inclusive range of them. */
export interface ByteSource {
  size: number;
  type: string;
  open(start: number, end: number): Readable;
}

function fileSource(sim: World, id: string, file: DownloadFile): ByteSource {
  const stored = storedPath(sim, id, file);
  return {
    size: file.size,
    type: 'application/octet-stream',
    open: (start, end) => (stored ? createReadStream(stored, { start, end, highWaterMark: STREAM_PIECE }) : zeros(end - start + 1)),
  };
}

/**
 * Sends bytes, honouring one `Range` (`bytes=a-b`, `bytes=a-`, `bytes=-n`): 206 with `Content-Range`, or 416
 * with a `Content-Range` naming the size when it starts beyond the file. Several ranges, another unit or an
 * `If-Range` (nothing here carries a validator) get the whole file (200, `Accept-Ranges: bytes`). Streamed:
 * nothing of the file's size is held, and a client that goes away ends the stream.
 */
export function sendBytes(req: Request, res: Response, src: ByteSource): void {
  res.setHeader('Accept-Ranges', 'bytes');
  const header = req.headers.range;
  let start = 0;
  let end = src.size - 1;
  let status = 200;
  if (header !== undefined && req.headers['if-range'] === undefined) {
    const ranges = req.range(src.size);
    if (ranges === -1) throw errorOf(416, `The range "${header}" lies beyond the file's ${src.size} bytes.`, { 'Content-Range': `bytes */${src.size}` });
    if (Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1) {
      ({ start, end } = ranges[0]);
      status = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${src.size}`);
    }
  }
  res.status(status).type(src.type).setHeader('Content-Length', end - start + 1);
  if (end < start || req.method === 'HEAD') {
    res.end();
    return;
  }
  pipeline(src.open(start, end), res, () => undefined);
}

/** The file's bytes under --content-dir, when its upload stored them whole. */
function storedPath(sim: World, id: string, file: DownloadFile): string | undefined {
  const dir = sim.config.contentDir;
  if (!dir) return undefined;
  const path = join(dir, id, encodeURIComponent(file.name));
  try {
    return statSync(path).size === file.size ? path : undefined;
  } catch {
    return undefined;
  }
}

/** `size` zero bytes, in pieces (nothing of the file's size is held). */
function zeros(size: number): Readable {
  const piece = Buffer.alloc(Math.min(STREAM_PIECE, Math.max(size, 1)));
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, piece.length);
      left -= n;
      this.push(n === piece.length ? piece : piece.subarray(0, n));
    },
  });
}
