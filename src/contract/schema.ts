/**
 * Reading schemas of the OpenAPI document: follow local `$ref`s (OpenAPI 3.1 allows siblings, which
 * refine the target, e.g. an `xml` name) and flatten `allOf` into one ordered list of properties.
 */
import type { OpenApiDoc } from './spec.js';

export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  required?: string[];
  xml?: XmlObject;
  unevaluatedProperties?: unknown;
  additionalProperties?: unknown;
};

export interface XmlObject {
  name?: string;
  namespace?: string;
  prefix?: string;
  attribute?: boolean;
  wrapped?: boolean;
  'x-text'?: boolean;
  /** Any content, read as it comes (elements by local name, text leaves): content the simulator keeps as given. */
  'x-any'?: boolean;
}

/** The object a local reference (`#/components/schemas/X`) points at. */
export function pointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`only local references are supported, not ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (node === undefined) throw new Error(`unresolved reference ${ref}`);
  }
  return node;
}

/** Follows `$ref`s; sibling keywords override the target's (the `xml` objects merge). */
export function deref(doc: OpenApiDoc, schema: Schema): Schema {
  let s = schema;
  for (let hops = 0; s.$ref; hops++) {
    if (hops > 32) throw new Error(`reference loop at ${schema.$ref}`);
    const { $ref, ...siblings } = s;
    const target = pointer(doc, $ref) as Schema;
    s = { ...target, ...siblings };
    if (target.xml && siblings.xml) s.xml = { ...target.xml, ...siblings.xml };
  }
  return s;
}

export interface Flat {
  schema: Schema;
  /** Properties in document order (allOf members first). */
  properties: [string, Schema][];
  required: string[];
  /** No properties beyond those listed (unevaluated/additionalProperties false). */
  closed: boolean;
}

export function flatten(doc: OpenApiDoc, input: Schema): Flat {
  const schema = deref(doc, input);
  const properties: [string, Schema][] = [];
  const required: string[] = [];
  for (const member of schema.allOf ?? []) {
    const sub = flatten(doc, member);
    properties.push(...sub.properties);
    required.push(...sub.required);
  }
  properties.push(...Object.entries(schema.properties ?? {}));
  required.push(...(schema.required ?? []));
  const closed = schema.unevaluatedProperties === false || schema.additionalProperties === false;
  return { schema, properties, required, closed };
}

export function isArraySchema(s: Schema): boolean {
  return s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array'));
}

export function isObjectSchema(s: Schema): boolean {
  if (s.properties || s.allOf) return true;
  return s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object') && s.type.length === 1);
}
