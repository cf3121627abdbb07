/**
 * A bounded log with a cursor: the newest `capacity` entries, each numbered. Readers ask for what came
 * after the last number they saw; numbers never repeat, even after clear(), so cursors stay valid.
 */
export type Logged<T> = T & { seq: number };

export interface LogPage<T> {
  entries: Logged<T>[];
  /** Pass as `since` to get what comes next. */
  next: number;
  /** True when entries after `since` were already pushed out of the buffer. */
  dropped: boolean;
}

export class RingLog<T extends object> {
  private readonly buf: (Logged<T> | undefined)[];
  private head = 0;
  private size = 0;
  private seq = 0;

  constructor(readonly capacity: number) {
    this.buf = new Array(capacity);
  }

  push(entry: T): Logged<T> {
    const logged = Object.assign(entry, { seq: ++this.seq }) as Logged<T>;
    this.buf[(this.head + this.size) % this.capacity] = logged;
    if (this.size < this.capacity) this.size++;
    else this.head = (this.head + 1) % this.capacity;
    return logged;
  }

  /** Entries numbered above `since`, oldest first, at most `limit`. */
  since(since = 0, limit = Infinity): LogPage<T> {
    const entries: Logged<T>[] = [];
    for (let i = 0; i < this.size && entries.length < limit; i++) {
      const e = this.buf[(this.head + i) % this.capacity]!;
      if (e.seq > since) entries.push(e);
    }
    const oldest = this.size ? this.buf[this.head]!.seq : this.seq + 1;
    return { entries, next: entries.at(-1)?.seq ?? Math.max(since, this.seq), dropped: since < oldest - 1 && since < this.seq };
  }

  get last(): number {
    return this.seq;
  }

  clear(): void {
    this.buf.fill(undefined);
    this.head = 0;
    this.size = 0;
  }
}
