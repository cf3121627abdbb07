/**
 * Persistence with lowdb: state lives in memory and is written behind, coalesced, to a JSON file.
 * lowdb's JSONFile writes through steno (temp file + rename), so a crash never leaves a half-written
 * file. A file that cannot be read is an error naming the file, never a silent empty inventory.
 */
import { existsSync } from 'node:fs';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Store } from './store.js';
import type { Snapshot } from './types.js';
import type { Logger } from '../logger.js';

/** How long changes gather before one write; an acknowledged change reaches disk within this. */
const FLUSH_DELAY_MS = 100;

export class DataFileError extends Error {}

export class Persistence {
  private readonly db: Low<Snapshot | null>;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(readonly path: string, private readonly store: Store, private readonly log: Logger) {
    this.db = new Low<Snapshot | null>(new JSONFile<Snapshot | null>(path), null);
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
