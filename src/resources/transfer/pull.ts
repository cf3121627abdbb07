/**
 * Uploads by link (UploadVAppTemplateParams with a `sourceHref`: go-vcloud-director's UploadOvfByLink,
 * Terraform's vcd_catalog_vapp_template `url`): VCD downloads the OVF and the files it names itself, and the
 * import task follows the bytes. vcdsim does the same from loopback addresses only; any other source fails
 * the import, as an unreachable source does in VCD.
 */
import { Readable } from 'node:stream';
import type { World } from '../../world.js';
import type { VAppTemplate } from '../../store/types.js';
import { VcdError } from '../../errors.js';
import { isLoopbackHost } from '../../lib/loopback.js';
import { FatalUpload } from './content.js';
import { acceptBytes, acceptDescriptor, advance, DESCRIPTOR, failImport, readText } from './ops.js';

/** Each download may take this long (real time). */
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Starts downloading in the background; the template's import task ends with it. */
export function pullFromSource(sim: World, templateId: string, source: URL): void {
  pull(sim, templateId, source).catch((err: unknown) => {
    const e = err instanceof VcdError ? err : new FatalUpload(400, 'BAD_REQUEST', `Downloading ${source.href} failed: ${(err as Error).message}`);
    failImport(sim, 'vAppTemplate', templateId, e);
  });
}

async function download(url: URL): Promise<{ body: Readable; length?: number }> {
  if (!isLoopbackHost(url.hostname)) {
    throw new FatalUpload(400, 'BAD_REQUEST', `vcdsim downloads uploads by link from loopback addresses only (127.0.0.1, ::1, localhost), not from ${url.host}.`);
  }
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!res.ok || !res.body) throw new FatalUpload(400, 'BAD_REQUEST', `Downloading ${url.href} answered ${res.status} ${res.statusText}.`);
  const length = res.headers.get('content-length');
  return { body: Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), length: length === null ? undefined : Number(length) };
}

/** The template as it is now, while its upload lasts (a delete cancels the import and removes it). */
const uploading = (sim: World, id: string): VAppTemplate | undefined => {
  const t = sim.store.get('vAppTemplate', id);
  return t?.upload ? t : undefined;
};

async function pull(sim: World, id: string, source: URL): Promise<void> {
  const descriptor = await download(source);
  const text = await readText(descriptor.body);
  let t = uploading(sim, id);
  if (!t) return;
  acceptDescriptor(sim, t, t.upload!, text);
  advance(sim, 'vAppTemplate', id);
  for (const name of (uploading(sim, id)?.upload?.files ?? []).map((f) => f.name).filter((n) => n !== DESCRIPTOR)) {
    const file = await download(new URL(name, source));
    t = uploading(sim, id);
    const record = t?.upload!.files.find((f) => f.name === name);
    if (!t || !record) return;
    if (file.length !== undefined && file.length !== record.size) {
      throw new FatalUpload(400, 'BAD_REQUEST', `The file "${name}" has ${file.length} bytes; the descriptor declares ${record.size}.`);
    }
    await acceptBytes(sim, 'vAppTemplate', t, record, file.body, { start: 0, length: file.length, size: record.size });
    const got = uploading(sim, id)?.upload!.files.find((f) => f.name === name)?.bytesTransferred ?? record.size;
    if (got < record.size) throw new FatalUpload(400, 'BAD_REQUEST', `Downloading "${name}" ended after ${got} of its ${record.size} bytes.`);
    advance(sim, 'vAppTemplate', id);
  }
}
