/** Metadata values in their canonical text form, and the fixture's `metadata:` maps. Pure. */
import type { MetadataDomain, MetadataEntry, MetadataValueType, MetadataVisibility } from './types.js';

/** A value of a type in its canonical text form, or undefined when it is not of that type. */
export function canonicalMetadataValue(type: MetadataValueType, raw: string): string | undefined {
  const v = raw.trim();
  switch (type) {
    case 'MetadataStringValue':
      return raw;
    case 'MetadataNumberValue': // xs:long
      return /^[+-]?\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? String(Number(v)) : undefined;
    case 'MetadataBooleanValue':
      return /^(true|1)$/i.test(v) ? 'true' : /^(false|0)$/i.test(v) ? 'false' : undefined;
    case 'MetadataDateTimeValue': {
      const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/.test(v) ? Date.parse(v) : NaN;
      return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
    }
  }
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
