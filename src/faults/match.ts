/**
 * Matching: what a rule's `match` becomes once compiled (sets, a path regular expression, version tests),
 * how it is tested against a request or a new task, and the index that keeps rules that cannot match a
 * request's path from being looked at. Rules are indexed by the first two literal segments of their path
 * glob, and the candidates for a (method, path prefix) pair are cached.
 */
import type { Task } from '../store/types.js';
import type { Store } from '../store/store.js';
import type { FaultMatch } from './spec.js';


/** What the HTTP gate knows about a request; the costly facts are computed only if a rule asks. */
export interface RequestFacts {
  id: string;
  method: string;
  path: string;
  kind(): string;
  version(): string;
  principal(): Principal;
}

export interface Principal {
  orgId?: string;
  orgName?: string;
  userId?: string;
  userName?: string;
}

/** A compiled `match`. */
export interface Matcher {
  /** The index key of its path glob ('' for any path). */
  key: string;
  methods?: Set<string>;
  path?: RegExp;
  kinds?: Set<string>;
  orgs?: Set<string>;
  users?: Set<string>;
  operations?: Set<string>;
  versions?: ((v: number) => boolean)[];
}

export function compileMatch(m: FaultMatch): Matcher {
  const lower = (l: string[] | undefined) => l?.map((x) => x.toLowerCase().replace(/^urn:vcloud:[a-z]+:/, ''));
  return {
    key: m.path ? indexKey(m.path) : '',
    methods: m.method && new Set(m.method),
    path: m.path ? globToRegExp(m.path) : m.pathRegex ? new RegExp(m.pathRegex, 'i') : undefined,
    kinds: m.kind && new Set(lower(m.kind)),
    orgs: m.org && new Set(lower(m.org)),
    users: m.user && new Set(lower(m.user)),
    operations: m.operation && new Set(lower(m.operation)),
    versions: m.version?.map(versionTest),
  };
}

/** Whether a request matches (methods are checked by the index). */
export function httpMatches(c: Matcher, req: RequestFacts): boolean {
  if (c.path && !c.path.test(req.path)) return false;
  if (c.kinds && !c.kinds.has(req.kind().toLowerCase())) return false;
  if (c.versions) {
    const v = Number(req.version());
    if (!c.versions.some((test) => test(v))) return false;
  }
  if (c.orgs || c.users) {
    const p = req.principal();
    if (c.orgs && !matchesName(c.orgs, p.orgId, p.orgName)) return false;
    if (c.users && !matchesName(c.users, p.userId, p.userName)) return false;
  }
  return true;
}

/** Whether a new task matches. */
export function taskMatches(c: Matcher, task: Task, store: Store): boolean {
  if (c.operations && !c.operations.has(task.operationName.toLowerCase())) return false;
  if (c.kinds && !c.kinds.has(task.ownerKind.toLowerCase())) return false;
  if (c.orgs && !matchesName(c.orgs, task.orgId, store.get('org', task.orgId)?.name)) return false;
  if (c.users && !matchesName(c.users, task.userId, store.get('user', task.userId)?.name)) return false;
  return true;
}

/** A name-or-id matcher (lower-cased, URNs reduced to their UUID) against an entity's id and name. */
export function matchesName(wanted: Set<string>, id: string | undefined, name: string | undefined): boolean {
  return (id !== undefined && wanted.has(id)) || (name !== undefined && wanted.has(name.toLowerCase()));
}

const CACHE_LIMIT = 1000;

/** HTTP rules by the path prefix they need, in the order they were added. */
export class HttpIndex<R extends { matcher: Matcher; order: number }> {
  private readonly byKey = new Map<string, R[]>();
  private readonly cache = new Map<string, R[]>();

  add(r: R): void {
    const list = this.byKey.get(r.matcher.key) ?? [];
    list.push(r);
    this.byKey.set(r.matcher.key, list);
    this.cache.clear();
  }

  remove(r: R): void {
    const list = this.byKey.get(r.matcher.key)!.filter((x) => x !== r);
    if (list.length) this.byKey.set(r.matcher.key, list);
    else this.byKey.delete(r.matcher.key);
    this.cache.clear();
  }

  /** The rules that may match a request (its method and path prefix fit), oldest first. */
  candidates(method: string, path: string): R[] {
    if (this.byKey.size === 0) return [];
    const second = path.indexOf('/', 1);
    const third = second < 0 ? -1 : path.indexOf('/', second + 1);
    const seg1 = (second < 0 ? path.slice(1) : path.slice(1, second)).toLowerCase();
    const seg12 = second < 0 ? `${seg1}/` : (third < 0 ? path.slice(1) : path.slice(1, third)).toLowerCase();
    const cacheKey = `${method} ${seg12}`;
    let list = this.cache.get(cacheKey);
    if (!list) {
      list = [...(this.byKey.get(seg12) ?? []), ...(this.byKey.get(seg1) ?? []), ...(this.byKey.get('') ?? [])]
        .filter((r) => !r.matcher.methods || r.matcher.methods.has(method))
        .sort((a, b) => a.order - b.order);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(cacheKey, list);
    }
    return list;
  }
}

/** The index key of a glob: its first two segments if literal, else its first, else '' (any path). */
function indexKey(glob: string): string {
  const segs = glob.slice(1).split('/');
  const literal = (s: string | undefined) => s !== undefined && !/[*?]/.test(s);
  if (!literal(segs[0])) return '';
  if (segs.length === 1) return segs[0].toLowerCase();
  return literal(segs[1]) ? `${segs[0]}/${segs[1]}`.toLowerCase() : segs[0].toLowerCase();
}

/** `*` matches within a segment, `**` across segments, `?` one character; a trailing `/**` also matches the bare prefix. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re.replace(/\/\.\*$/, '(?:/.*)?')}$`, 'i');
}

function versionTest(spec: string): (v: number) => boolean {
  const m = /^(<=|>=|<|>|=)?\s*(\d+(?:\.\d+)?)$/.exec(spec)!;
  const want = Number(m[2]);
  switch (m[1]) {
    case '<=': return (v) => v <= want;
    case '>=': return (v) => v >= want;
    case '<': return (v) => v < want;
    case '>': return (v) => v > want;
    default: return (v) => v === want;
  }
}

/** Path segment → resource kind, for `/api/<segment>`, `/api/admin/<segment>` and `/cloudapi/<version>/<segment>`. */
const KINDS: Record<string, string> = {
  versions: 'versions', session: 'session', sessions: 'session', org: 'org', orgs: 'org', vdc: 'vdc', vdcs: 'vdc',
  vapp: 'vApp', vapps: 'vApp', vm: 'vm', vms: 'vm', vapptemplate: 'vAppTemplate', catalog: 'catalog', catalogs: 'catalog',
  catalogitem: 'catalogItem', network: 'network', task: 'task', tasks: 'task', taskslist: 'task', query: 'query',
  user: 'user', users: 'user', role: 'role', roles: 'role', vdcstorageprofile: 'storageProfile', entity: 'entity',
  media: 'media', disk: 'disk', edgegateway: 'edgeGateway', edgegateways: 'edgeGateway',
};

/** The resource kind a path addresses (`vApp`, `vm`, `vdc`, `task`, `query`…), for rules that match by kind. */
export function kindOfPath(path: string): string {
  const segs = path.toLowerCase().split('/');
  if (segs[1] === 'oauth') return 'session';
  if (segs[1] === 'cloudapi') return KINDS[segs[3] ?? ''] ?? segs[3] ?? 'cloudapi';
  if (segs[1] !== 'api') return 'unknown';
  let seg = segs[2] ?? '';
  let rest = segs[3];
  if (seg === 'admin') {
    if (!segs[3]) return 'admin';
    seg = segs[3];
    rest = segs[4];
  }
  if (seg === 'vapp' && rest?.startsWith('vm-')) return 'vm';
  return KINDS[seg] ?? seg;
}
