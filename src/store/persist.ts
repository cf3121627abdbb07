/**
 * Persistence with lowdb: state lives in memory. Every change is appended to a journal beside the data file
 * (JSON lines, synced within 100 ms of the change), and the lowdb file itself, a whole snapshot, is
 * rewritten in the background only once the journal has grown to a share of it (and on close): rewriting
 * 100,000 VMs takes about a second, appending a change a few microseconds. On start the snapshot is read
 * and the journal replayed. A file that cannot be read is an error naming the file, never a silent empty
 * inventory.
 *
 * Journals are numbered generations (`.state.json.journal.N`); the snapshot names the first generation it
 * does not hold. A snapshot is taken in the same tick as the switch to a new generation, and entries are
 * whole entities (or deletions) applied in order, so replaying generations onto a snapshot is exact even
 * where they overlap it; a generation is deleted only once a snapshot that holds it is on disk.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { open, open as fsOpen, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { Store } from './store.js';
import { ENTITY_KINDS, type EntityKind, type Snapshot } from './types.js';
import type { Logger } from '../logger.js';

/**
 * Entities serialised per slice: a few milliseconds of work at most (500 VMs took up to 120 ms on a busy
 * machine, half a megabyte of text at a time).
 */
const SLICE = 50;
/** Serialising gives the event loop a turn at least this often (ms)… */
const TURN_MS = 5;
/** …and text is gathered into a buffer of this size for each write. */
const WRITE_BYTES = 1 << 20;

/**
 * A snapshot as JSON text, slice by slice: no single string holds it (a million VMs make more text than a
 * JavaScript string can), and no slice holds the event loop for long.
 */
export function* snapshotJson(data: object): Generator<string> {
  const entries = Object.entries(data);
  const scalars = entries.filter(([key, value]) => !Array.isArray(value) || key === 'seedState');
  yield JSON.stringify(Object.fromEntries(scalars)).slice(0, -1);
  for (const [key, value] of entries) {
    if (!Array.isArray(value) || key === 'seedState') continue;
    yield `${scalars.length ? ',' : ''}${JSON.stringify(key)}:[`;
    for (let i = 0; i < value.length; i += SLICE) {
      const slice = value.slice(i, i + SLICE).map((e) => JSON.stringify(e)).join(',');
      yield i === 0 ? slice : `,${slice}`;
    }
    yield ']';
  }
  yield '}';
}

/**
 * A lowdb adapter that writes a snapshot slice by slice (awaiting the disk between slices, so requests
 * keep being served while 100,000 VMs are written), to a temporary file that is synced and renamed
 * over the old one: readers and crashes only ever see a whole file.
 */
export class SnapshotFile implements Adapter<Snapshot | null> {
  private readonly temp: string;

  constructor(private readonly path: string) {
    this.temp = join(dirname(path), `.${basename(path)}.tmp`);
  }

  async read(): Promise<Snapshot | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return JSON.parse(text) as Snapshot;
  }

  async write(data: Snapshot | null): Promise<void> {
    const file = await open(this.temp, 'w');
    try {
      if (!data) await file.write('null');
      else await writeSliced(file, snapshotJson(data));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(this.temp, this.path);
  }
}

/**
 * Writes text made slice by slice without holding the event loop: the making stops for a turn every
 * TURN_MS, and the text is encoded into one reused buffer that goes out whenever it is full (no joined
 * strings or per-write buffers: less garbage, so the collector pauses less while 100 MB are written).
 */
async function writeSliced(file: FileHandle, chunks: Iterable<string>): Promise<void> {
  const buf = Buffer.allocUnsafe(WRITE_BYTES);
  let used = 0;
  let since = performance.now();
  for (const chunk of chunks) {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (used + chunk.length * 3 > buf.length) {
      await file.write(buf, 0, used);
      used = 0;
      since = performance.now();
    }
    if (chunk.length * 3 > buf.length) await file.write(chunk);
    else used += buf.write(chunk, used);
    if (performance.now() - since >= TURN_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
  if (used) await file.write(buf, 0, used);
}

/** How long changes gather before one append; an acknowledged change reaches disk within about this. */
const FLUSH_DELAY_MS = 100;
/** The snapshot is rewritten once the journal holds this share of its size (and at least MIN_JOURNAL bytes). */
const JOURNAL_SHARE = 0.5;
const MIN_JOURNAL = 8 << 20;

export class DataFileError extends Error {}

type Entry = { k: EntityKind; i: string; e?: unknown } | { seed: number[] };
type SavedSnapshot = Snapshot & { journal?: number };

export class Persistence {
  private readonly db: Low<Snapshot | null>;
  private readonly dir: string;
  private readonly base: string;
  /** Journal lines not yet appended, and the generation they belong to. */
  private lines: string[] = [];
  private gen = 0;
  private open?: { gen: number; file: FileHandle };
  private timer: NodeJS.Timeout | undefined;
  private appending: Promise<void> = Promise.resolve();
  private compacting: Promise<void> | undefined;
  private compactAgain = false;
  /** Bytes journaled since the snapshot on disk, and that snapshot's size. */
  private journalBytes = 0;
  private snapshotBytes = 0;
  /** The first generation the snapshot on disk does not hold. */
  private onDisk = 0;
  /** After a reset or import, nothing is appended until a snapshot holding it is on disk (onDisk ≥ this). */
  private holdUntil = 0;
  private ownLoad = false;

  constructor(readonly path: string, private readonly store: Store, private readonly log: Logger) {
    this.db = new Low<Snapshot | null>(new SnapshotFile(path), null);
    this.dir = dirname(path);
    this.base = basename(path);
    store.onChange((kind, id, entity) => {
      if (id === '*') {
        if (this.ownLoad) this.ownLoad = false;
        else this.replaced();
        return;
      }
      this.lines.push(JSON.stringify(entity === undefined ? { k: kind, i: id } : { k: kind, i: id, e: entity }));
      this.scheduleFlush();
    });
  }

  /** The saved state with its journal replayed, or undefined when the file does not exist yet. */
  async read(): Promise<Snapshot | undefined> {
    if (!existsSync(this.path)) return undefined;
    try {
      await this.db.read();
    } catch (e) {
      throw new DataFileError(
        `Data file ${this.path} is corrupt or truncated (${(e as Error).message}). ` +
          'Restore it from a backup, or move it away to start again from the fixture.',
      );
    }
    const data = this.db.data as SavedSnapshot | null;
    if (!data || data.version !== 1 || !Array.isArray(data.org)) {
      throw new DataFileError(`Data file ${this.path} is not a vcdsim state file (no version 1 snapshot inside).`);
    }
    this.snapshotBytes = statSync(this.path).size;
    const first = data.journal ?? 0;
    const gens = this.generations();
    for (const g of gens) if (g < first) await rm(this.journalPath(g), { force: true });
    const replay = gens.filter((g) => g >= first);
    if (replay.length) this.replay(data, replay);
    this.journalBytes = replay.reduce((n, g) => n + statSync(this.journalPath(g)).size, 0);
    this.onDisk = first;
    this.gen = Math.max(first, ...replay.map((g) => g + 1));
    this.ownLoad = true;
    return data;
  }

  /** A whole snapshot soon (a new data file, or after a reset or import). */
  scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, FLUSH_DELAY_MS);
  }

  /** Appends what changed since the last append; rewrites the snapshot once the journal is large. */
  flush(): Promise<void> {
    if (this.lines.length && this.onDisk >= this.holdUntil) this.appendLines(this.gen);
    if (this.journalBytes > Math.max(MIN_JOURNAL, this.snapshotBytes * JOURNAL_SHARE)) this.scheduleCompaction();
    return this.appending;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    if (this.journalBytes > 0 || this.onDisk < this.holdUntil) await this.rewrite();
    while (this.compacting) await this.compacting;
    await this.appending;
    await this.open?.file.close();
    this.open = undefined;
  }

  /** Writes a whole snapshot now (and drops the journals it holds); resolves once it is on disk. */
  async rewrite(): Promise<void> {
    this.scheduleCompaction();
    while (this.compacting) await this.compacting;
  }

  private scheduleCompaction(): void {
    if (this.compacting) {
      this.compactAgain = true;
      return;
    }
    this.compacting = this.compact().finally(() => {
      this.compacting = undefined;
      if (this.compactAgain) {
        this.compactAgain = false;
        this.scheduleCompaction();
      }
    });
  }

  /**
   * A reset or import replaced the whole state: changes made before it go to the journal now, later ones
   * wait for a snapshot of the new state (replayed onto the old one they would mix two inventories).
   */
  private replaced(): void {
    if (this.onDisk >= this.holdUntil) this.appendLines(this.gen);
    else this.lines = [];
    this.holdUntil = this.gen + 1;
    this.scheduleCompaction();
  }

  /** Starts a new generation and writes a snapshot of this very moment; older generations then go. */
  private async compact(): Promise<void> {
    const old = this.gen;
    this.gen++;
    const snap = this.store.snapshot() as SavedSnapshot;
    snap.journal = this.gen;
    // Changes made before the snapshot belong to the old generation, unless a reset made them moot.
    if (this.onDisk >= this.holdUntil) this.appendLines(old);
    else this.lines = [];
    const journaled = this.journalBytes;
    try {
      await this.appending;
      this.db.data = snap;
      await this.db.write();
      this.db.data = null;
      this.onDisk = snap.journal;
      this.snapshotBytes = statSync(this.path).size;
      this.journalBytes = Math.max(0, this.journalBytes - journaled);
      for (const g of this.generations()) if (g < this.onDisk) await rm(this.journalPath(g), { force: true });
      if (this.lines.length) this.scheduleFlush();
    } catch (e) {
      // The journal still holds every change: the next snapshot will try again.
      this.db.data = null;
      this.log.error('could not write the data file', { file: this.path, error: (e as Error).message });
    }
  }

  /** Moves the pending lines to generation `gen`, with the id generator's state after them. */
  private appendLines(gen: number): void {
    if (!this.lines.length) return;
    const text = `${this.lines.join('\n')}\n${JSON.stringify({ seed: this.store.random.state() })}\n`;
    this.lines = [];
    this.journalBytes += text.length;
    this.append(gen, text);
  }

  /** Appends (and syncs) in order; a failed append leaves the state to the next snapshot. */
  private append(gen: number, text: string): void {
    this.appending = this.appending.then(async () => {
      try {
        if (this.open?.gen !== gen) {
          await this.open?.file.close();
          this.open = { gen, file: await fsOpen(this.journalPath(gen), 'a') };
        }
        await this.open.file.write(text);
        await this.open.file.datasync();
      } catch (e) {
        this.log.error('could not append to the journal', { file: this.journalPath(gen), error: (e as Error).message });
        this.scheduleCompaction();
      }
    });
  }

  private journalPath(gen: number): string {
    return join(this.dir, `.${this.base}.journal.${gen}`);
  }

  private generations(): number[] {
    const prefix = `.${this.base}.journal.`;
    return readdirSync(this.dir)
      .filter((f) => f.startsWith(prefix) && /^\d+$/.test(f.slice(prefix.length)))
      .map((f) => Number(f.slice(prefix.length)))
      .sort((a, b) => a - b);
  }

  /** Applies journal generations to a snapshot read from disk; a torn last line (a crash mid-append) is dropped. */
  private replay(data: SavedSnapshot, gens: number[]): void {
    const maps = new Map<EntityKind, Map<string, unknown>>();
    for (const k of ENTITY_KINDS) maps.set(k, new Map(((data[k] ?? []) as { id: string }[]).map((e) => [e.id, e])));
    for (const [n, g] of gens.entries()) {
      const file = this.journalPath(g);
      const lines = readFileSync(file, 'utf8').split('\n');
      for (const [i, line] of lines.entries()) {
        if (!line) continue;
        let entry: Entry;
        try {
          entry = JSON.parse(line) as Entry;
        } catch {
          const torn = n === gens.length - 1 && i >= lines.length - 2;
          if (torn) break;
          throw new DataFileError(`Journal ${file} is corrupt at line ${i + 1}. Restore the data file and its journals from a backup, or move them away to start again from the fixture.`);
        }
        if ('seed' in entry) data.seedState = entry.seed;
        else if (entry.e === undefined) maps.get(entry.k)?.delete(entry.i);
        else maps.get(entry.k)?.set(entry.i, entry.e);
      }
    }
    for (const k of ENTITY_KINDS) (data as unknown as Record<string, unknown[]>)[k] = [...maps.get(k)!.values()];
  }
}
