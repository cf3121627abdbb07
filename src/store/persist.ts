/**
 * Persistence with lowdb: state lives in memory and is written behind, coalesced, to a JSON file through
 * the SnapshotFile adapter below. A file that cannot be read is an error naming the file, never a silent
 * empty inventory.
 */
import { existsSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { Store } from './store.js';
import type { Snapshot } from './types.js';
import type { Logger } from '../logger.js';

/** Entities serialised per slice: small enough that no slice holds the event loop for long. */
const SLICE = 500;

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
      if (!data) {
        await file.write('null');
      } else {
        await file.write(`{"version":${data.version},"seedState":${JSON.stringify(data.seedState ?? null)}`);
        for (const [key, value] of Object.entries(data)) {
          if (!Array.isArray(value) || key === 'seedState') continue;
          await file.write(`,${JSON.stringify(key)}:[`);
          for (let i = 0; i < value.length; i += SLICE) {
            const slice = value.slice(i, i + SLICE).map((e) => JSON.stringify(e)).join(',');
            await file.write(i === 0 ? slice : `,${slice}`);
          }
          await file.write(']');
        }
        await file.write('}');
      }
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(this.temp, this.path);
  }
}

/** How long changes gather before one write; an acknowledged change reaches disk within this. */
const FLUSH_DELAY_MS = 100;

export class DataFileError extends Error {}

export class Persistence {
  private readonly db: Low<Snapshot | null>;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(readonly path: string, private readonly store: Store, private readonly log: Logger) {
    this.db = new Low<Snapshot | null>(new SnapshotFile(path), null);
    store.onChange(() => this.scheduleFlush());
  }

  /** The saved state, or undefined when the file does not exist yet. */
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
    const data = this.db.data;
    if (!data || data.version !== 1 || !Array.isArray(data.org)) {
      throw new DataFileError(`Data file ${this.path} is not a vcdsim state file (no version 1 snapshot inside).`);
    }
    return data;
  }

  scheduleFlush(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, FLUSH_DELAY_MS);
  }

  /** Writes the current state if it changed; writes never overlap. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      this.db.data = this.store.snapshot();
      try {
        await this.db.write();
      } catch (e) {
        this.dirty = true;
        this.log.error('could not write the data file', { file: this.path, error: (e as Error).message });
      }
    });
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
