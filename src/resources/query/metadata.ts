/**
 * Metadata in typed queries, as VCD's FIQL extension writes it: `metadata:key==STRING:value`,
 * `metadata@SYSTEM:key=ge=NUMBER:42`, `BOOLEAN:true`, `DATETIME:2024-01-01T00:00:00Z` (a value without a
 * type compares as a string), and `fields=metadata:key` to return entries with the records.
 */
import type { FieldType, Comparison } from '../../lib/fiql.js';
import { FilterError } from '../../lib/fiql.js';
import type { MetadataDomain, MetadataEntry, MetadataValueType } from '../../store/types.js';

/** The entries of a row's entity (by id) that the caller may see. */
export type MetadataLookup = (id: string) => readonly MetadataEntry[] | undefined;

const SELECTOR = /^metadata(?:@(SYSTEM|GENERAL))?:(.+)$/i;
const FILTER_TYPES: Record<string, { valueType: MetadataValueType; fieldType: FieldType }> = {
  STRING: { valueType: 'MetadataStringValue', fieldType: 'string' },
  NUMBER: { valueType: 'MetadataNumberValue', fieldType: 'number' },
  BOOLEAN: { valueType: 'MetadataBooleanValue', fieldType: 'boolean' },
  DATETIME: { valueType: 'MetadataDateTimeValue', fieldType: 'date' },
};
/** Separates the typed selector's parts (never in a filter as written: the FIQL selector excludes it). */
const SEP = '\u0000';

/** A metadata field named in `fields` or a selector: its domain and key. */
export function metadataField(name: string): { domain: MetadataDomain; key: string } | undefined {
  const m = SELECTOR.exec(name);
  return m ? { domain: (m[1]?.toUpperCase() ?? 'GENERAL') as MetadataDomain, key: m[2] } : undefined;
}

/** A metadata comparison with its value's type moved into the selector; undefined for other comparisons. */
export function metadataCondition(node: Comparison): Comparison | undefined {
  if (!metadataField(node.selector)) return undefined;
  const first = node.value.chunks[0];
  const m = /^([A-Za-z]+):/.exec(first);
  let typeName = 'STRING';
  let chunks = node.value.chunks;
  if (m) {
    typeName = m[1].toUpperCase();
    if (!FILTER_TYPES[typeName]) throw new FilterError(`"${m[1]}" is not a metadata value type (STRING, NUMBER, BOOLEAN or DATETIME) in "${node.selector}".`);
    chunks = [first.slice(m[0].length), ...chunks.slice(1)];
  }
  return { ...node, selector: `${node.selector}${SEP}${typeName}`, value: { chunks } };
}

/** How fieldSpec reads a typed metadata selector: the entry's value, if it has that domain, key and type. */
export function metadataSelector(selector: string): { fieldType: FieldType; read: (entries: readonly MetadataEntry[] | undefined) => unknown } | undefined {
  const [name, typeName] = selector.split(SEP);
  const field = typeName ? metadataField(name) : undefined;
  if (!field) return undefined;
  const { valueType, fieldType } = FILTER_TYPES[typeName];
  return {
    fieldType,
    read(entries) {
      const e = entries?.find((x) => x.key === field.key && x.domain === field.domain);
      if (!e || e.type !== valueType) return undefined;
      switch (fieldType) {
        case 'number': return Number(e.value);
        case 'boolean': return e.value === 'true';
        case 'date': return Date.parse(e.value);
        default: return e.value;
      }
    },
  };
}
