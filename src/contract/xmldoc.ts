/**
 * Reads an XML document the way its OpenAPI schema describes it (the `xml` keywords): which properties
 * are attributes and which are elements, their names and namespaces, and their order. The result is the
 * document's JSON form, which the schema then validates (with XML's text coerced to the declared types).
 * Conventions, as the document's description states: elements take the namespace of their parent unless
 * their `xml` object names another, attributes are unqualified unless it does, and `xml['x-text']` marks
 * the element's text. (`otherAttributes`, JSON only, is a pattern property: not read here.)
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { OpenApiDoc } from './spec.js';
import { deref, flatten, isArraySchema, isObjectSchema, type Schema } from './schema.js';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** An element with its namespace resolved. */
export interface XmlElement {
  ns: string;
  local: string;
  /** As written, for messages (`ovf:Info`). */
  qname: string;
  /** Attributes keyed `{ns}local` (`local` when unqualified), namespace declarations excluded. */
  attrs: Map<string, { qname: string; value: string }>;
  children: XmlElement[];
  text: string;
}

type Ordered = Record<string, unknown>[];

/** Parses and resolves namespaces; problems (not well formed, undeclared prefixes) go to `problems`. */
export function parseXmlDocument(text: string, problems: string[]): XmlElement | undefined {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    problems.push(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    return undefined;
  }
  const nodes = parser.parse(text) as Ordered;
  const roots = nodes.filter((n) => !Object.keys(n).some((k) => k === '?xml' || k.startsWith('#')));
  if (roots.length !== 1) {
    problems.push(`expected one root element, found ${roots.length}`);
    return undefined;
  }
  return element(roots[0], new Map([['xml', XML_NS]]), problems);
}

function element(node: Record<string, unknown>, scope: Map<string, string>, problems: string[]): XmlElement {
  const qname = Object.keys(node).find((k) => k !== ':@')!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const inScope = new Map(scope);
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === '@_xmlns') inScope.set('', v);
    else if (k.startsWith('@_xmlns:')) inScope.set(k.slice(8), v);
  }
  const resolve = (name: string, isAttr: boolean): [string, string] => {
    const i = name.indexOf(':');
    if (i < 0) return [isAttr ? '' : inScope.get('') ?? '', name];
    const prefix = name.slice(0, i);
    const ns = inScope.get(prefix);
    if (ns === undefined) problems.push(`the prefix "${prefix}" of ${name} is not declared`);
    return [ns ?? `undeclared:${prefix}`, name.slice(i + 1)];
  };
  const [ns, local] = resolve(qname, false);
  const attrs = new Map<string, { qname: string; value: string }>();
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === '@_xmlns' || k.startsWith('@_xmlns:')) continue;
    const name = k.slice(2);
    const [ans, alocal] = resolve(name, true);
    attrs.set(ans ? `{${ans}}${alocal}` : alocal, { qname: name, value: String(v) });
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[qname] ?? []) as Ordered) {
    if ('#text' in child) text += String(child['#text']);
    else children.push(element(child, inScope, problems));
  }
  return { ns, local, qname, attrs, children, text };
}

const key = (ns: string, local: string) => (ns ? `{${ns}}${local}` : local);

interface Slot {
  prop: string;
  schema: Schema;
  array: boolean;
  order: number;
}

/**
 * The JSON form of `el` read by `schema`, or undefined where the XML does not fit the schema's shape
 * (each misfit is described in `problems`, with `path`).
 */
export function readBySchema(doc: OpenApiDoc, el: XmlElement, input: Schema, path: string, problems: string[]): unknown {
  const schema = deref(doc, input);
  if (schema.xml?.['x-any']) return anyContent(el);
  if (!isObjectSchema(schema)) {
    if (el.children.length) problems.push(`${path}: expected text, found element ${el.children[0].qname}`);
    if (el.attrs.size) problems.push(`${path}: expected text, found attribute ${[...el.attrs.values()][0].qname}`);
    return el.text;
  }
  const { properties } = flatten(doc, schema);
  const attrSlots = new Map<string, string>();
  const elementSlots = new Map<string, Slot>();
  let textProp: string | undefined;
  const out: Record<string, unknown> = {};
  properties.forEach(([prop, raw], order) => {
    const s = deref(doc, raw);
    if (s.xml?.['x-text']) {
      textProp = prop;
      return;
    }
    if (s.xml?.attribute) {
      attrSlots.set(key(s.xml.namespace ?? '', s.xml.name ?? prop), prop);
      return;
    }
    const array = isArraySchema(s);
    const target = array ? deref(doc, s.items ?? {}) : s;
    const name = target.xml?.name ?? s.xml?.name ?? prop;
    const ns = target.xml?.namespace ?? s.xml?.namespace ?? el.ns;
    elementSlots.set(key(ns, name), { prop, schema: array ? s.items ?? {} : raw, array, order });
  });

  for (const [k, { qname, value }] of el.attrs) {
    const prop = attrSlots.get(k);
    if (prop) out[prop] = value;
    else problems.push(`${path}: unexpected attribute ${qname}`);
  }
  let lastOrder = -1;
  let lastName = '';
  for (const child of el.children) {
    const slot = elementSlots.get(key(child.ns, child.local));
    const childPath = `${path}/${child.qname}`;
    if (!slot) {
      problems.push(`${path}: unexpected element ${child.qname}${child.ns !== el.ns ? ` (namespace ${child.ns})` : ''}`);
      continue;
    }
    if (slot.order < lastOrder) problems.push(`${path}: element ${child.qname} comes after ${lastName}, out of order`);
    lastOrder = slot.order;
    lastName = child.qname;
    const value = readBySchema(doc, child, slot.schema, childPath, problems);
    if (slot.array) ((out[slot.prop] ??= []) as unknown[]).push(value);
    else if (slot.prop in out) problems.push(`${path}: element ${child.qname} appears more than once`);
    else out[slot.prop] = value;
  }
  if (textProp !== undefined) out[textProp] = el.text;
  else if (el.text.trim()) problems.push(`${path}: unexpected text "${el.text.slice(0, 40)}"`);
  return out;
}

/** An element of any content as JSON: children by local name (repeated ones as arrays), text leaves as strings. */
function anyContent(el: XmlElement): unknown {
  if (!el.children.length) return el.text;
  const out: Record<string, unknown> = {};
  for (const child of el.children) {
    const name = child.local.charAt(0).toLowerCase() + child.local.slice(1);
    const value = anyContent(child);
    if (!(name in out)) out[name] = value;
    else if (Array.isArray(out[name])) (out[name] as unknown[]).push(value);
    else out[name] = [out[name], value];
  }
  return out;
}

/** Checks the root element's name and namespace against the schema's `xml` object. */
export function checkRoot(doc: OpenApiDoc, el: XmlElement, input: Schema, problems: string[]): void {
  const xml = deref(doc, input).xml ?? {};
  if (xml.name && xml.name !== el.local) problems.push(`the root element is ${el.qname}, expected ${xml.name}`);
  if (xml.namespace && xml.namespace !== el.ns) {
    problems.push(`the root element ${el.qname} is in namespace "${el.ns}", expected "${xml.namespace}"`);
  }
}
