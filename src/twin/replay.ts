/**
 * Replay: send a recording's requests again to another VCD (or a fresh vcdsim) and report, request by
 * request, where the answers differ. Logins are made again with the credentials given (the recording holds
 * none) and the new token used where the recording had one. Ids met in answers are learned by walking the
 * recorded and the new document side by side, and substituted in later paths and bodies. Comparison
 * ignores ids, hrefs, dates and request ids; a task poll the recording saw ended is polled until it ends.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import type { Credentials } from './client.js';
import type { Exchange, RecordingHeader } from './record.js';
import { REDACTED } from './redact.js';

export interface ReplayOptions extends Partial<Credentials> {
  against: string;
  /** How long to keep polling a task the recording saw ended (ms, default 60 s). */
  taskWaitMs?: number;
  onResult?: (r: ReplayResult) => void;
}

export interface FieldDifference {
  field: string;
  expected: unknown;
  got: unknown;
}

export interface ReplayResult {
  seq: number;
  method: string;
  /** The path as recorded. */
  path: string;
  expectedStatus: number;
  status: number;
  differences: FieldDifference[];
}

export interface ReplayReport {
  requests: number;
  matched: number;
  results: ReplayResult[];
  /** Ids of the recording → the ids the replay met in their places. */
  ids: Record<string, string>;
}

export function readRecording(file: string): { header?: RecordingHeader; exchanges: Exchange[] } {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  let header: RecordingHeader | undefined;
  const exchanges: Exchange[] = [];
  lines.forEach((line, i) => {
    let v: any;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1} is not a JSON line`);
    }
    if (v.type === 'recording') header = v;
    else if (v.type === 'exchange') exchanges.push(v);
  });
  return { header, exchanges };
}

const LOGIN = /^\/(cloudapi\/1\.0\.0\/sessions(\/provider)?|api\/sessions)\/?(\?.*)?$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TERMINAL = new Set(['success', 'error', 'canceled', 'aborted']);
const RUNNING = new Set(['queued', 'preRunning', 'running']);
const SKIP_HEADERS = new Set(['host', 'content-length', 'authorization', 'x-vcloud-authorization', 'cookie']);

export async function replay(file: string, opts: ReplayOptions): Promise<ReplayReport> {
  const { header, exchanges } = readRecording(file);
  const against = opts.against.replace(/\/+$/, '');
  const ids = new Map<string, string>();
  let token = '';
  const results: ReplayResult[] = [];
  const substitute = (s: string) => {
    let out = header ? s.split(header.base).join(against) : s;
    out = out.replace(UUID, (id) => ids.get(id.toLowerCase()) ?? id);
    return out;
  };
  for (const e of exchanges) {
    const path = substitute(e.path);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.requestHeaders)) if (!SKIP_HEADERS.has(k) && v !== REDACTED) headers[k] = v;
    const hadAuth = e.requestHeaders.authorization === REDACTED || e.requestHeaders['x-vcloud-authorization'] === REDACTED;
    const login = e.method === 'POST' && LOGIN.test(e.path);
    if (login) {
      if (!opts.user || !opts.org || opts.password === undefined) throw new Error('the recording logs in: give --user, --org and a password');
      headers.authorization = `Basic ${Buffer.from(`${opts.user}@${opts.org}:${opts.password}`).toString('base64')}`;
    } else if (hadAuth && token) {
      headers.authorization = `Bearer ${token}`;
    }
    const body = e.requestBody === undefined ? undefined : substitute(e.requestBody);
    const send = () => fetch(`${against}${path}`, { method: e.method, headers, body, redirect: 'manual' });
    let res = await send();
    let text = await res.text();
    // A poll the recording saw ended: poll until it ends here too (timing is the twin's, not the record's).
    const recordedTask = statusOf(e.responseBody);
    if (e.method === 'GET' && recordedTask && TERMINAL.has(recordedTask)) {
      const until = Date.now() + (opts.taskWaitMs ?? 60_000);
      while (!TERMINAL.has(statusOf(text) ?? 'success') && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        res = await send();
        text = await res.text();
      }
    }
    if (login) token = res.headers.get('x-vmware-vcloud-access-token') ?? token;
    const expected = parse(e.responseBody ?? '');
    const got = parse(text);
    learn(expected, got, ids);
    const differences: FieldDifference[] = [];
    if (recordedTask && !TERMINAL.has(recordedTask)) {
      // A task still running when recorded: only whether it is a task is compared, not how far it got.
    } else if (res.status !== e.status) {
      // Another status: the body is another document; say what the error says rather than list every field.
      const message = (got as any)?.message ?? (got as any)?.Error?.['@message'];
      if (message) differences.push({ field: 'message', expected: undefined, got: message });
    } else {
      compare(normalize(expected), normalize(got), '', differences);
    }
    const r: ReplayResult = { seq: e.seq, method: e.method, path: e.path, expectedStatus: e.status, status: res.status, differences };
    results.push(r);
    opts.onResult?.(r);
  }
  return { requests: results.length, matched: results.filter((r) => r.status === r.expectedStatus && !r.differences.length).length, results, ids: Object.fromEntries(ids) };
}

export function formatReplay(report: ReplayReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    const ok = r.status === r.expectedStatus && !r.differences.length;
    if (ok) continue;
    lines.push(`#${r.seq} ${r.method} ${r.path}: status ${r.expectedStatus}${r.status === r.expectedStatus ? '' : ` → ${r.status}`}`);
    for (const d of r.differences.slice(0, 20)) lines.push(`    ${d.field}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.got)}`);
    if (r.differences.length > 20) lines.push(`    … and ${r.differences.length - 20} more`);
  }
  lines.push(`${report.matched} of ${report.requests} requests answered as recorded.`);
  return `${lines.join('\n')}\n`;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, parseAttributeValue: false });

function parse(text: string): unknown {
  const t = text.trim();
  if (!t) return undefined;
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch { /* compared as text */ }
  }
  if (t.startsWith('<')) {
    try {
      return xml.parse(t);
    } catch { /* compared as text */ }
  }
  return t;
}

function statusOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const d = parse(text) as any;
  if (d?.type?.includes?.('vcloud.task+')) return d.status;
  return d?.Task?.['@status'];
}

/** Ids of the recording → ids of the replay, from the same places in the two documents. */
function learn(a: unknown, b: unknown, ids: Map<string, string>): void {
  if (typeof a === 'string' && typeof b === 'string') {
    const ia = a.match(UUID) ?? [];
    const ib = b.match(UUID) ?? [];
    if (ia.length === ib.length) ia.forEach((id, i) => ids.set(id.toLowerCase(), ib[i].toLowerCase()));
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    a.forEach((x, i) => learn(x, b[i], ids));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const [k, x] of Object.entries(a)) learn(x, (b as Record<string, unknown>)[k], ids);
  }
}

const IGNORED_KEYS = new Set(['href', '@href', 'id', '@id', 'requestId', 'otherAttributes']);
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/;

/** Ids, hrefs and dates out; what is left is what a client reads. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // How far a running task got depends on when it was asked: timing, not behaviour.
    const running = RUNNING.has(String((v as Record<string, unknown>).status ?? (v as Record<string, unknown>)['@status']));
    for (const [k, x] of Object.entries(v)) {
      if (IGNORED_KEYS.has(k) || (running && (k === 'progress' || k === '@progress'))) continue;
      out[k] = normalize(x);
    }
    return out;
  }
  if (typeof v === 'string') {
    if (DATE.test(v)) return '<date>';
    return v.replace(/https?:\/\/[^/\s"]+/g, '').replace(UUID, '<id>');
  }
  return v;
}

function compare(a: unknown, b: unknown, path: string, out: FieldDifference[]): void {
  if (out.length >= 200) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) compare(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field: path || '(body)', expected: brief(a), got: brief(b) });
}

/** A whole subtree on one side only is named, not printed. */
function brief(v: unknown): unknown {
  if (Array.isArray(v)) return `(a list of ${v.length})`;
  if (v && typeof v === 'object') return `(a document with ${Object.keys(v).slice(0, 4).join(', ')}${Object.keys(v).length > 4 ? ', …' : ''})`;
  return v;
}
