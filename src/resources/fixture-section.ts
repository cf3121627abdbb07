/**
 * What a kind declares about its part of the fixture format (`<kind>/fixture.ts`, named by its descriptor's
 * `fixture`), and what the sections share: the build they add to (snapshot, ids, errors with their place),
 * `metadata:` maps, access lists, names and subnets. The walk (resources/fixture.ts) reads the file and calls the
 * sections in its explicit order.
 */
import type { Random } from '../lib/random.js';
import type { EntityKind, Group, MetadataDomain, MetadataEntry, MetadataValueType, MetadataVisibility, AccessControl, AccessLevel, Snapshot, User } from '../store/types.js';
import { canonicalMetadataValue } from '../store/metadata.js';

/** One build of a snapshot from a fixture, as every section sees it. */
export interface FixtureBuild {
  readonly snap: Snapshot;
  /** Ids come from it in the walk's order: the same seed and file give the same ids. */
  readonly random: Random;
  /** Stamps creation dates. */
  readonly now: string;
  /** Refuses the fixture: `where` is a path ("orgs[1].vdcs[0]"), named with its line when the text is known. */
  fail(where: string, what: string): never;
  /** A `metadata:` map's entries; errors name `<where>.metadata.<key>`. */
  md(map: FixtureMetadata | undefined, where: string): MetadataEntry[] | undefined;
  /** Work run after everything else, in order: ids drawn last so that declaring them renumbers nothing. */
  readonly late: (() => void)[];
}

/**
 * A kind's section of the fixture: the entries under `key` in each entry of its `parent` kind's section
 * (the top level when absent). `P` is what the parent's build returned, `E` the YAML entry, `S` what this
 * build returns: its children's parent, and what its passes get back.
 */
export interface FixtureSection<P = any, E = any, S = any> {
  /** The key in the parent's entry; at the top level a dotted path (`provider.vCenters`). */
  key: string;
  parent?: EntityKind;
  /** The key holds one map, not a list (a network's `dhcp`); absent or empty, nothing is built. */
  single?: boolean;
  /** What to say when the key holds something other than a list (default: "<key> must be a list"). */
  notAList?: string;
  /** Once per parent, before its entries (also when the key is absent). */
  before?(b: FixtureBuild, parent: P, parentEntry: Record<string, unknown>, parentAt: string): void;
  /** Builds one entry into the snapshot. `names`: the names taken in this list so far, for its duplicate check. */
  build(b: FixtureBuild, entry: E, at: string, parent: P, names: Set<string>): S;
  /** Once per parent, after its entries (also when the key is absent). */
  after?(b: FixtureBuild, parent: P, parentAt: string): void;
  /** Passes over the built entries once later sections exist (references by name), run where the walk says. */
  passes?: Record<string, (b: FixtureBuild, entry: E, at: string, self: S) => void>;
}

/** A name taken once in its list (case-insensitively): `a <what> needs a name`, `duplicate <what> name <name>`. */
export function uniqueName(b: FixtureBuild, at: string, seen: Set<string>, name: string | undefined, what: string): void {
  if (!name) b.fail(at, `a ${what} needs a name`);
  if (seen.has(name!.toLowerCase())) b.fail(at, `duplicate ${what} name ${name}`);
  seen.add(name!.toLowerCase());
}

/**
 * The entity a reference by name (`<at>.<field>`) names, or the fixture's refusal listing the names there are
 * (`<noun> "<name>" does not exist`: the noun is the field's unless told, as for an item of a list field).
 */
export function findByName<T extends { name: string }>(
  b: FixtureBuild, at: string, list: T[], name: string | undefined, field: string, what: string, noun = field,
): T {
  const found = list.find((e) => e.name === name);
  if (!found) b.fail(`${at}.${field}`, `${noun} "${name ?? ''}" does not exist (${list.length ? `one of: ${list.map((e) => e.name).join(', ')}` : `the fixture declares no ${what}`})`);
  return found!;
}

/**
 * A fixture entity's `metadata:` map: `key: value` (a string, an integer, a boolean) or
 * `key: { value, type: string|number|boolean|datetime, domain: GENERAL|SYSTEM, visibility: READWRITE|READONLY|PRIVATE }`.
 */
export type FixtureMetadata = Record<string, string | number | boolean | {
  value: string | number | boolean;
  type?: 'string' | 'number' | 'boolean' | 'datetime';
  domain?: MetadataDomain;
  visibility?: MetadataVisibility;
}>;

const TYPES: Record<string, MetadataValueType> = {
  string: 'MetadataStringValue', number: 'MetadataNumberValue', boolean: 'MetadataBooleanValue', datetime: 'MetadataDateTimeValue',
};

/** The entries a fixture map describes; `fail` reports what is wrong with a key. */
export function metadataFromFixture(map: FixtureMetadata | undefined, fail: (key: string, what: string) => never): MetadataEntry[] | undefined {
  if (map === undefined || map === null) return undefined;
  if (typeof map !== 'object' || Array.isArray(map)) return fail('', 'metadata must be a map of key: value');
  const out: MetadataEntry[] = [];
  for (const [key, spec] of Object.entries(map)) {
    const full = typeof spec === 'object' && spec !== null ? spec : { value: spec };
    if (full.value === undefined || full.value === null) fail(key, 'a metadata entry needs a value');
    const typeName = full.type ?? (typeof full.value === 'number' ? 'number' : typeof full.value === 'boolean' ? 'boolean' : 'string');
    const type = TYPES[typeName];
    if (!type) fail(key, `type must be one of ${Object.keys(TYPES).join(', ')}`);
    const value = canonicalMetadataValue(type, String(full.value));
    if (value === undefined) fail(key, `"${String(full.value)}" is not a ${typeName}`);
    const domain = full.domain ?? 'GENERAL';
    if (domain !== 'GENERAL' && domain !== 'SYSTEM') fail(key, 'domain must be GENERAL or SYSTEM');
    const visibility = full.visibility ?? (domain === 'SYSTEM' ? 'READONLY' : 'READWRITE');
    if (!['READWRITE', 'READONLY', 'PRIVATE'].includes(visibility)) fail(key, 'visibility must be READWRITE, READONLY or PRIVATE');
    if (domain === 'SYSTEM' && visibility === 'READWRITE') fail(key, 'a SYSTEM entry is READONLY or PRIVATE');
    out.push({ domain, visibility, key, type, value: value! });
  }
  return out.length ? out : undefined;
}

/**
 * Sharing (ControlAccessParams): `everyone` in the org at a level (`none`: nobody), users of the org by name
 * with their level, and (catalogs only) other orgs by name, read-only.
 */
export interface FixtureAccess {
  everyone?: AccessLevel | 'none';
  users?: Record<string, AccessLevel>;
  orgs?: string[];
  /** Groups of the org (its `groups:`) by name, with their level. */
  groups?: Record<string, AccessLevel>;
}

const FIXTURE_LEVELS = ['ReadOnly', 'Change', 'FullControl'];

/** An access list of users and groups of the org; other orgs (`orgs`) are resolved by the catalog section. */
export function accessFromFixture(
  b: FixtureBuild, spec: FixtureAccess, users: Map<string, User>, at: string, orgs: boolean,
  groups: Map<string, Group> = new Map(), readOnly = false,
): AccessControl {
  const fail = b.fail;
  const levels = readOnly ? ['ReadOnly'] : FIXTURE_LEVELS;
  if (typeof spec !== 'object' || spec === null) fail(at, 'access must be a map with everyone, users or orgs');
  const acl: AccessControl = { subjects: [] };
  if (spec.everyone !== undefined && spec.everyone !== 'none') {
    if (!levels.includes(spec.everyone)) fail(`${at}.everyone`, `everyone must be one of ${levels.join(', ')} or none`);
    acl.everyone = spec.everyone;
  }
  for (const [name, level] of Object.entries(spec.users ?? {})) {
    const user = users.get(name);
    if (!user) fail(`${at}.users.${name}`, `"${name}" is not a user of this org`);
    if (!levels.includes(level)) fail(`${at}.users.${name}`, `the level must be one of ${levels.join(', ')}`);
    acl.subjects.push({ kind: 'user', id: user!.id, level });
  }
  for (const [name, level] of Object.entries(spec.groups ?? {})) {
    const group = groups.get(name);
    if (!group) fail(`${at}.groups.${name}`, `"${name}" is not a group of this org`);
    if (!levels.includes(level)) fail(`${at}.groups.${name}`, `the level must be one of ${levels.join(', ')}`);
    acl.subjects.push({ kind: 'group', id: group!.id, level });
  }
  if (spec.orgs !== undefined && (!orgs || !Array.isArray(spec.orgs))) fail(`${at}.orgs`, orgs ? 'orgs must be a list of org names' : 'only catalogs are shared with other orgs');
  return acl;
}

/** A subnet: its gateway and prefix, DNS, and the static IP pool's ranges. */
export interface FixtureSubnet {
  gateway: string;
  prefixLength?: number;
  dns1?: string;
  dns2?: string;
  dnsSuffix?: string;
  ipRanges?: { start: string; end: string }[];
}
