/**
 * Rendered documents, kept while nothing in the store has changed: a repeated GET of the same document by
 * the same user in the same format costs a lookup instead of a view and a serialisation. Documents that
 * move with the clock (running tasks show progress) are not kept while any task runs.
 */
import type { Request } from 'express';

interface Entry {
  version: number;
  contentType: string;
  bytes: Buffer;
}

/** Bounded: the oldest entries go first (Map keeps insertion order). */
const MAX_ENTRIES = 5000;

export class RenderCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly state: { readonly version: number }, private readonly quiet: () => boolean) {}

  /** The key for a request, or undefined when its answer must not be cached. */
  keyOf(req: Request): string | undefined {
    if (req.method !== 'GET' || !req.ctx.user || !this.quiet()) return undefined;
    const { ctx } = req;
    return `${ctx.user!.id}|${ctx.format}|${ctx.version}|${ctx.base}|${req.originalUrl}`;
  }

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.version !== this.state.version || !this.quiet()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  put(key: string, contentType: string, bytes: Buffer): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { version: this.state.version, contentType, bytes });
  }
}
