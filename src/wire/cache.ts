/**
 * Rendered documents, kept while nothing in the store has changed: a repeated GET of the same document by
 * the same user in the same format costs a lookup instead of a view and a serialisation. Documents that
 * move with the clock (running tasks show progress) are not kept while any task runs. A document is kept
 * from its second rendering on: most query pages are asked for once, and keeping each would fill the cache
 * with bytes nobody reads again (at 100,000 VMs, 32 MB of them).
 */
import type { RequestContext } from './context.js';

interface Entry {
  version: number;
  contentType: string;
  bytes: Buffer;
  /** The route template that rendered it, for the metrics of the hits. */
  route?: string;
}

/**
 * Bounded in count and in bytes (a client paging through a large query makes a new entry per page): the
 * oldest entries go first (Map keeps insertion order).
 */
const MAX_ENTRIES = 5000;
const MAX_BYTES = 32 << 20;

export class RenderCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Keys rendered once and not kept, oldest first. */
  private readonly seen = new Set<string>();

  constructor(private readonly state: { readonly version: number }, private readonly quiet: () => boolean) {}

  get size(): number {
    return this.entries.size;
  }

  /** The key for a request (its URL as sent), or undefined when its answer must not be cached. */
  keyOf(method: string, ctx: RequestContext, url: string): string | undefined {
    if (method !== 'GET' || !ctx.user || !this.quiet()) return undefined;
    return `${ctx.user.id}|${ctx.format}|${ctx.version}|${ctx.base}|${url}`;
  }

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.version !== this.state.version || !this.quiet()) {
      this.drop(key, e);
      this.remember(key); // asked for again: its next rendering is kept at once
      return undefined;
    }
    return e;
  }

  put(key: string, contentType: string, bytes: Buffer, route?: string): void {
    if (bytes.length > MAX_BYTES / 8) return;
    const old = this.entries.get(key);
    if (!old && !this.seen.delete(key)) {
      this.remember(key);
      return;
    }
    if (old) this.drop(key, old);
    for (const [k, e] of this.entries) {
      if (this.entries.size < MAX_ENTRIES && this.bytes + bytes.length <= MAX_BYTES) break;
      this.drop(k, e);
    }
    this.entries.set(key, { version: this.state.version, contentType, bytes, route });
    this.bytes += bytes.length;
  }

  private remember(key: string): void {
    if (this.seen.size >= MAX_ENTRIES) this.seen.delete(this.seen.values().next().value!);
    this.seen.add(key);
  }

  private drop(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.bytes.length;
  }
}
