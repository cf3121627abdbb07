import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { redactText } from './redact.js';

/**
 * A small read-only VCD client for the twin tools, logging in as the SDKs do: GET /api/versions, then a
 * CloudAPI session (`/sessions/provider` for the System org) with Basic credentials once, and the bearer
 * token after. Requests are spaced to a bounded rate; documents are read as VCD JSON; refusals are kept.
 * With a journal, every document read is appended to it (secrets removed), and documents already in it are
 * not asked for again: a crawl that stopped half-way resumes where it stopped.
 */

export interface Credentials {
  user: string;
  org: string;
  password: string;
}

export interface Refusal {
  what: string;
  href: string;
  status: number;
  message: string;
}

export const API_VERSION = '37.0';

export class VcdClient {
  readonly base: string;
  private token = '';
  private nextAt = 0;
  requests = 0;
  readonly refused: Refusal[] = [];
  /** Documents read on an earlier run, by path (from the journal). */
  private readonly kept = new Map<string, string>();
  /** How many of the documents asked for came from the journal. */
  resumed = 0;

  constructor(url: string, private readonly rps = 20, private readonly journal?: string) {
    this.base = url.replace(/\/+$/, '');
    if (journal && existsSync(journal)) {
      for (const line of readFileSync(journal, 'utf8').split('\n')) {
        try {
          const { path, body } = JSON.parse(line) as { path: string; body: string };
          this.kept.set(path, body);
        } catch { /* a line torn by the stop */ }
      }
    }
  }

  /** Documents the journal holds from an earlier run. */
  get journaled(): number {
    return this.kept.size;
  }

  async login(c: Credentials): Promise<{ version: string }> {
    const versions = await this.raw('GET', '/api/versions', { accept: 'application/*+xml' });
    if (versions.status !== 200) throw new Error(`GET /api/versions answered ${versions.status}`);
    const text = await versions.text();
    if (!text.includes(`<Version>${API_VERSION}</Version>`)) throw new Error(`the VCD does not offer API version ${API_VERSION}`);
    const provider = c.org.toLowerCase() === 'system';
    const path = provider ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
    const basic = Buffer.from(`${c.user}@${c.org}:${c.password}`).toString('base64');
    const res = await this.raw('POST', path, { authorization: `Basic ${basic}`, accept: `application/json;version=${API_VERSION}` });
    if (res.status !== 200) throw new Error(`login as ${c.user}@${c.org} answered ${res.status}`);
    this.token = res.headers.get('x-vmware-vcloud-access-token') ?? '';
    if (!this.token) throw new Error('the login answer carries no access token');
    return { version: API_VERSION };
  }

  async logout(): Promise<void> {
    if (this.token) await this.raw('DELETE', '/cloudapi/1.0.0/sessions/current', this.auth()).catch(() => undefined);
    this.token = '';
  }

  /** A document by href (absolute or a path), as VCD JSON; undefined when refused (noted in `refused`). */
  async get(href: string, what: string): Promise<any | undefined> {
    const path = href.startsWith('http') ? new URL(href).pathname + new URL(href).search : href;
    const kept = this.kept.get(path);
    if (kept !== undefined) {
      this.resumed++;
      return JSON.parse(kept);
    }
    const res = await this.raw('GET', path, { ...this.auth(), accept: `application/*+json;version=${API_VERSION}` });
    const body = await res.text();
    if (res.status !== 200) {
      let message = body.slice(0, 200);
      try {
        message = JSON.parse(body).message ?? message;
      } catch { /* not JSON */ }
      this.refused.push({ what, href: path, status: res.status, message });
      return undefined;
    }
    const doc = JSON.parse(body);
    if (this.journal) appendFileSync(this.journal, `${JSON.stringify({ path, body: redactText(body) })}\n`);
    return doc;
  }

  /** Every record of a typed query, page by page. */
  async query(type: string, what: string, filter?: string): Promise<any[]> {
    const records: any[] = [];
    for (let page = 1; page < 100_000; page++) {
      const q = `/api/query?type=${type}&format=records&pageSize=128&page=${page}${filter ? `&filter=${encodeURIComponent(filter)}` : ''}`;
      const doc = await this.get(q, what);
      if (!doc) break;
      records.push(...(doc.record ?? []));
      if (!(doc.link ?? []).some((l: any) => l.rel === 'nextPage')) break;
    }
    return records;
  }

  /** Every value of a CloudAPI list, page by page; undefined when refused. */
  async values(path: string, what: string): Promise<any[] | undefined> {
    const out: any[] = [];
    const sep = path.includes('?') ? '&' : '?';
    for (let page = 1; page < 100_000; page++) {
      const doc = await this.get(`${path}${sep}page=${page}&pageSize=128`, what);
      if (!doc) return page === 1 ? undefined : out;
      out.push(...(doc.values ?? []));
      if (!(page < (doc.pageCount ?? 1))) break;
    }
    return out;
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  private async raw(method: string, path: string, headers: Record<string, string>): Promise<Response> {
    const wait = this.nextAt - Date.now();
    this.nextAt = Math.max(Date.now(), this.nextAt) + (this.rps > 0 ? 1000 / this.rps : 0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.requests++;
    return fetch(`${this.base}${path}`, { method, headers });
  }
}

/** The bare UUID at the end of an href or URN. */
export function idOf(hrefOrUrn: string | undefined): string {
  const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(hrefOrUrn ?? '');
  return m ? m[1].toLowerCase() : '';
}
