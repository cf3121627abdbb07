/**
 * Two inventories compared entity by entity: snapshots (GET /_vcdsim/snapshot) or fixtures. Entities are
 * matched by what names them (org name, VDC within its org, VM within its vApp…), never by id, so two
 * simulators built from the same fixture or from a capture compare equal. References to other entities
 * (orgId, ownerId, storageProfileId…) are compared as the names of what they point at; ids, creation
 * dates and the seed are ignored; passwords and pre-shared keys are compared only as set or not, and never printed.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { Random } from '../lib/random.js';
import { buildFromFixture, type FixtureFile } from '../resources/fixture.js';
import { ENTITY_KINDS, type EntityKind, type Snapshot } from '../store/types.js';

/** Kinds that are history rather than inventory; compared only when asked (`history: true`). */
export const HISTORY_KINDS: EntityKind[] = ['task', 'session'];

export interface FieldChange {
  path: string;
  a: unknown;
  b: unknown;
}

export interface InventoryDiff {
  added: { kind: EntityKind; key: string }[];
  removed: { kind: EntityKind; key: string }[];
  changed: { kind: EntityKind; key: string; fields: FieldChange[] }[];
  /** Differences left out because `ignore` names them. */
  ignored: number;
}

export interface DiffOptions {
  /** Also compare tasks and sessions. */
  history?: boolean;
  /** Field paths to leave out, as `kind.path` prefixes (`vm.nics`, `network.allocatedIps`, `user`). */
  ignore?: string[];
}

const SECRET_KEYS = new Set(['password', 'adminPassword', 'tokenHash', 'preSharedKey']);
const DROPPED_KEYS = new Set(['id', 'created', 'startTime', 'endTime', 'runAt', 'lastUsed']);

export function diffInventories(a: Snapshot, b: Snapshot, options: DiffOptions = {}): InventoryDiff {
  const kinds = ENTITY_KINDS.filter((k) => options.history || !HISTORY_KINDS.includes(k));
  const ka = keyed(a, kinds);
  const kb = keyed(b, kinds);
  const ignore = options.ignore ?? [];
  const skipped = (path: string) => ignore.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const out: InventoryDiff = { added: [], removed: [], changed: [], ignored: 0 };
  for (const kind of kinds) {
    const ea = ka.entities.get(kind)!;
    const eb = kb.entities.get(kind)!;
    for (const [key, ent] of ea) {
      const other = eb.get(key);
      if (!other) {
        if (skipped(kind)) out.ignored++;
        else out.removed.push({ kind, key });
        continue;
      }
      const fa = flatten(normalize(derivedOut(kind, ent, ka.withVms), ka.names));
      const fb = flatten(normalize(derivedOut(kind, other, kb.withVms), kb.names));
      const fields: FieldChange[] = [];
      for (const path of new Set([...fa.keys(), ...fb.keys()])) {
        const va = fa.get(path);
        const vb = fb.get(path);
        if (JSON.stringify(va) === JSON.stringify(vb)) continue;
        if (skipped(`${kind}.${path}`)) out.ignored++;
        else fields.push({ path, a: va, b: vb });
      }
      if (fields.length) out.changed.push({ kind, key, fields });
    }
    for (const key of eb.keys()) {
      if (ea.has(key)) continue;
      if (skipped(kind)) out.ignored++;
      else out.added.push({ kind, key });
    }
  }
  return out;
}

export function isEmptyDiff(d: InventoryDiff): boolean {
  return !d.added.length && !d.removed.length && !d.changed.length;
}

/** Text for people: one line per entity added or removed, one per field changed. */
export function formatDiff(d: InventoryDiff, labels: [string, string] = ['A', 'B']): string {
  if (isEmptyDiff(d)) return `No differences${d.ignored ? ` (${d.ignored} ignored)` : ''}.\n`;
  const lines: string[] = [];
  for (const e of d.removed) lines.push(`- ${e.kind} ${e.key}  (only in ${labels[0]})`);
  for (const e of d.added) lines.push(`+ ${e.kind} ${e.key}  (only in ${labels[1]})`);
  for (const c of d.changed) {
    lines.push(`~ ${c.kind} ${c.key}`);
    for (const f of c.fields) lines.push(`    ${f.path}: ${show(f.a)} → ${show(f.b)}`);
  }
  const fields = d.changed.reduce((n, c) => n + c.fields.length, 0);
  lines.push(`${d.removed.length} removed, ${d.added.length} added, ${d.changed.length} changed (${fields} fields)${d.ignored ? `, ${d.ignored} ignored` : ''}.`);
  return `${lines.join('\n')}\n`;
}

function show(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

/** Reads a snapshot (JSON with `version: 1`) or a fixture (YAML or JSON with `orgs`, built with seed 1). */
export function readInventory(path: string): Snapshot {
  const text = readFileSync(path, 'utf8');
  const data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  return inventoryFrom(data, path);
}

export function inventoryFrom(data: unknown, what = 'the inventory'): Snapshot {
  const d = data as Record<string, unknown> | null;
  if (d && d.version === 1 && Array.isArray(d.org)) return d as unknown as Snapshot;
  if (d && Array.isArray(d.orgs)) return buildFromFixture(d as unknown as FixtureFile, new Random(1), new Date(0).toISOString());
  throw new Error(`${what} is neither a snapshot (GET /_vcdsim/snapshot) nor a fixture (a list of orgs)`);
}

/**
 * A vApp's stored status and deployed flag stand only while it has no VMs; every document derives them
 * from the VMs otherwise, so they are not compared then.
 */
function derivedOut(kind: EntityKind, e: Record<string, unknown>, withVms: Set<string>): Record<string, unknown> {
  if (kind !== 'vApp' || !withVms.has(e.id as string)) return e;
  const { status: _s, deployed: _d, ...rest } = e;
  return rest;
}

interface Keyed {
  withVms: Set<string>;
  entities: Map<EntityKind, Map<string, Record<string, unknown>>>;
  /** id → the natural key of what it names (any kind). */
  names: Map<string, string>;
}

/** Natural keys: each entity by its name within its parent. */
function keyed(s: Snapshot, kinds: EntityKind[]): Keyed {
  const names = new Map<string, string>();
  const name = (id: unknown) => (typeof id === 'string' && names.get(id)) || String(id ?? '');
  const put = (id: string, key: string) => names.set(id, key);
  const list = (k: EntityKind) => (s[k] ?? []) as unknown as Record<string, any>[];
  for (const e of list('org')) put(e.id, e.name);
  for (const e of list('role')) put(e.id, e.name);
  for (const e of list('user')) put(e.id, `${name(e.orgId)}/${e.name}`);
  for (const e of list('vdc')) put(e.id, `${name(e.orgId)}/${e.name}`);
  for (const e of list('storageProfile')) put(e.id, `${name(e.vdcId)}/${e.name}`);
  for (const e of list('network')) put(e.id, `${name(e.vdcId)}/${e.name}`);
  for (const e of list('catalog')) put(e.id, `${name(e.orgId)}/${e.name}`);
  for (const e of list('catalogItem')) put(e.id, `${name(e.catalogId)}/${e.name}`);
  for (const e of list('vAppTemplate')) {
    put(e.id, `${name(e.catalogId)}/${e.name}`);
    for (const vm of e.vms ?? []) put(vm.id, `${name(e.catalogId)}/${e.name}/${vm.name}`);
  }
  for (const e of list('vApp')) put(e.id, `${name(e.vdcId)}/${e.name}`);
  for (const e of list('vm')) put(e.id, `${name(e.vappId)}/${e.name}`);
  // The provider side, and what hangs off VDCs and edge gateways (names are unique where they live).
  for (const k of ['vCenter', 'nsxtManager', 'networkPool', 'externalNetwork', 'providerVdc', 'computePolicy'] as const) for (const e of list(k)) put(e.id, e.name);
  for (const e of list('nsxtManager')) for (const x of [...(e.tier0Routers ?? []), ...(e.edgeClusters ?? [])]) put(x.id, `${e.name}/${x.name}`);
  for (const e of list('pvdcStorageProfile')) put(e.id, `${name(e.providerVdcId)}/${e.name}`);
  for (const e of list('disk')) put(e.id, `${name(e.vdcId)}/${e.name}`);
  for (const e of list('media')) put(e.id, `${name(e.catalogId)}/${e.name}`);
  for (const e of list('edgeGateway')) put(e.id, `${name(e.vdcId)}/${e.name}`);
  for (const e of list('appPortProfile')) put(e.id, `${e.orgId ? name(e.orgId) : e.scope}/${e.name}`);
  for (const k of ['natRule', 'staticRoute', 'ipsecTunnel'] as const) for (const e of list(k)) put(e.id, `${name(e.edgeGatewayId)}/${e.name}`);
  for (const e of list('firewallGroup')) put(e.id, `${name(e.edgeGatewayId ?? e.vdcGroupId)}/${e.name}`);
  for (const e of list('dhcpBinding')) put(e.id, `${name(e.networkId)}/${e.name}`);
  for (const e of list('task')) put(e.id, `${e.operationName} ${name(e.ownerId)} ${e.startTime}`);
  for (const e of list('session')) put(e.id, `${name(e.userId)} ${e.created}`);
  const entities = new Map<EntityKind, Map<string, Record<string, unknown>>>();
  for (const k of kinds) {
    const m = new Map<string, Record<string, unknown>>();
    for (const e of list(k)) {
      let key = name(e.id);
      // Two entities with one name (VCD allows a few, e.g. VMs named alike in different states): number them.
      for (let n = 2; m.has(key); n++) key = `${name(e.id)} #${n}`;
      m.set(key, e);
    }
    entities.set(k, m);
  }
  return { entities, names, withVms: new Set(list('vm').map((vm) => vm.vappId as string)) };
}

/** Ids become the names of what they point at; dates and ids go; secrets become "set" or "". */
function normalize(v: unknown, names: Map<string, string>, key = ''): unknown {
  if (Array.isArray(v)) {
    // Lists of references (`computePolicyIds`, `sourceGroupIds`) name what they point at, as single ones do.
    const items = v.map((x) => normalize(x, names, /Ids$/.test(key) ? 'Id' : ''));
    // Lists of plain values (allocated IPs, rights) are sets: their order is history.
    return items.every((x) => typeof x !== 'object' || x === null) ? [...items].sort() : items;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (DROPPED_KEYS.has(k)) continue;
      if (SECRET_KEYS.has(k)) out[k] = x ? 'set' : '';
      else out[k] = normalize(x, names, k);
    }
    return out;
  }
  if (typeof v === 'string' && /Id$/.test(key)) return names.get(v) ?? v;
  return v;
}

function flatten(v: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(v) && v.some((x) => x && typeof x === 'object')) {
    v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
    if (!v.length) out.set(prefix, []);
  } else if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v);
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, v);
  }
  return out;
}
