/**
 * Uploaded bytes: counted and checksummed as they stream in, never held in memory. With `--content-dir` they
 * are also written to DIR/<entity id>/<file>, within `--content-max-bytes`. Checksums in progress live here
 * (a hash cannot be stored as data); after a restart an unfinished file simply ends without a checksum.
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdirSync, openSync, readdirSync, rmSync, statSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { World } from '../../world.js';
import { badRequest, limitsExceeded, VcdError } from '../../errors.js';

/** Bytes arriving: a request's stream, a download's, or a body already read as text. */
export type Body = AsyncIterable<Uint8Array> | string;

/** A request's bytes (a body a parser already read comes as text). */
export const bodyOf = (req: { body?: unknown } & AsyncIterable<Uint8Array>): Body => (typeof req.body === 'string' ? req.body : req);

interface Content {
  hashes: Map<string, Hash>;
  /** Bytes under the content dir (counted on first use). */
  used?: number;
}

const contents = new WeakMap<object, Content>();

function contentOf(sim: World): Content {
  let c = contents.get(sim.store);
  if (!c) contents.set(sim.store, (c = { hashes: new Map() }));
  return c;
}

function dirSize(dir: string): number {
  let total = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e);
    const st = statSync(p);
    total += st.isDirectory() ? dirSize(p) : st.size;
  }
  return total;
}

function usedBytes(sim: World, c: Content): number {
  c.used ??= sim.config.contentDir ? dirSize(sim.config.contentDir) : 0;
  return c.used;
}

const fileKey = (entityId: string, name: string) => `${entityId}/${name}`;

export interface ChunkResult {
  /** New bytes the chunk carried (beyond those the file already had). */
  bytes: number;
  /** The file's SHA-256 when this chunk completed it. */
  checksum?: string;
  /** The request's stream failed (the connection dropped) after `bytes` new bytes: they count, then this is thrown. */
  interrupted?: unknown;
}

/** Thrown when the bytes themselves break the declared size: the import fails with it. */
export class FatalUpload extends VcdError {}

/**
 * Streams one chunk (bytes [start, start+length) of a file of `size` bytes, of which the first `from` have
 * arrived before) from the request: counts and hashes the new bytes, and writes them at their offset when a
 * content dir is set. Bytes before `from` (a chunk sent again, in part or whole) are read and skipped. A
 * chunk whose connection drops counts what arrived (the result says it was interrupted), so the client's
 * retry of the same range, or of the rest, continues the file.
 */
export async function receiveChunk(sim: World, body: Body, entityId: string, name: string, start: number, length: number | undefined, size: number, from = start): Promise<ChunkResult> {
  const c = contentOf(sim);
  const key = fileKey(entityId, name);
  const base = from === 0 ? createHash('sha256') : c.hashes.get(key);
  const hash = base ? base.copy() : undefined;
  const dir = sim.config.contentDir;
  const cap = sim.config.contentMaxBytes;
  const fresh = length === undefined ? undefined : Math.max(0, start + length - from);
  if (dir && cap > 0 && fresh !== undefined && usedBytes(sim, c) + fresh > cap) {
    throw new FatalUpload(400, 'OPERATION_LIMITS_EXCEEDED', `The simulator's content store is full: ${cap} bytes allowed, ${usedBytes(sim, c)} used, ${fresh} more sent.`);
  }
  let fd: number | undefined;
  if (dir) {
    mkdirSync(join(dir, entityId), { recursive: true });
    const path = join(dir, entityId, encodeURIComponent(name));
    fd = openSync(path, from === 0 ? 'w' : 'r+');
  }
  let got = 0;
  let added = 0;
  let interrupted: unknown;
  try {
    for await (const chunk of typeof body === 'string' ? [Buffer.from(body)] : body) {
      let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (start + got + buf.length > size) {
        throw new FatalUpload(400, 'BAD_REQUEST', `The file "${name}" is larger than the ${size} bytes the upload declared.`);
      }
      if (length !== undefined && got + buf.length > length) throw badRequest(`The request carries more bytes than its Content-Range says (${length}).`);
      const at = start + got;
      got += buf.length;
      if (at + buf.length <= from) continue;
      if (at < from) buf = buf.subarray(from - at);
      if (fd !== undefined) {
        if (cap > 0 && usedBytes(sim, c) + buf.length > cap) {
          throw new FatalUpload(400, 'OPERATION_LIMITS_EXCEEDED', `The simulator's content store is full: ${cap} bytes allowed.`);
        }
        writeSync(fd, buf, 0, buf.length, from + added);
        c.used = usedBytes(sim, c) + buf.length;
      }
      hash?.update(buf);
      added += buf.length;
    }
  } catch (err) {
    if (err instanceof VcdError) throw err;
    interrupted = err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (hash) c.hashes.set(key, hash);
  else c.hashes.delete(key);
  if (interrupted === undefined && length !== undefined && got !== length) {
    interrupted = badRequest(`The request ended after ${got} of the ${length} bytes its Content-Range says.`);
  }
  if (interrupted === undefined && from + added === size) {
    c.hashes.delete(key);
    return { bytes: added, checksum: hash?.digest('hex') };
  }
  return interrupted === undefined ? { bytes: added } : { bytes: added, interrupted };
}

/** Forgets an entity's transfer: checksums in progress and the bytes under the content dir. */
export function dropContent(sim: World, entityId: string): void {
  const c = contentOf(sim);
  for (const k of [...c.hashes.keys()]) if (k.startsWith(`${entityId}/`)) c.hashes.delete(k);
  const dir = sim.config.contentDir;
  if (!dir) return;
  const path = join(dir, entityId);
  const size = dirSize(path);
  rmSync(path, { recursive: true, force: true });
  if (c.used !== undefined) c.used = Math.max(0, c.used - size);
}

/** Raises a size-cap error before anything is written (the import fails with it). */
export function checkContentRoom(sim: World, bytes: number): void {
  const { contentDir, contentMaxBytes } = sim.config;
  if (!contentDir || contentMaxBytes <= 0) return;
  const used = usedBytes(sim, contentOf(sim));
  if (used + bytes > contentMaxBytes) throw limitsExceeded(`The simulator's content store is full: ${contentMaxBytes} bytes allowed, ${used} used, ${bytes} more declared.`);
}
