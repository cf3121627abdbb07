/**
 * XML in and out. A document is a fast-xml-parser object tree: attributes are `@_name` keys, child
 * elements are keys holding an object, a string/number/boolean, or an array for repeated elements.
 * Views build these trees; this module turns them into bytes and request bodies into trees.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { badRequest } from '../errors.js';

export type Scalar = string | number | boolean;
export interface Doc {
  [key: string]: Scalar | Doc | Doc[] | Scalar[] | undefined | null;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
});

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Serialises `doc` as the root element `root`. Undefined/null keys are dropped. */
export function toXml(root: string, doc: Doc): string {
  return XML_DECL + builder.build({ [root]: prune(doc) });
}

function prune(value: unknown): unknown {
  if (typeof value === 'string') return xmlSafe(value);
  if (Array.isArray(value)) return value.map(prune);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // `#jsonType` and friends annotate the JSON form only; `#text` is element text.
    if (v !== undefined && v !== null && (k === '#text' || k[0] !== '#')) out[k] = prune(v);
  }
  return out;
}

/** Characters XML 1.0 does not allow anywhere, escaped or not: C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF. */
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAYBE_NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * Text and attribute values as XML 1.0 can carry them: characters it forbids (a message echoing `%01` from a
 * URL, a NUL from a body) become U+FFFD, so every document parses with a strict parser.
 */
export function xmlSafe(s: string): string {
  return MAYBE_NOT_XML.test(s) ? s.replace(NOT_XML, '\uFFFD') : s;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true, // clients pick their own prefixes (ns0:, vcloud:, none): match by local name
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

/**
 * Hostile-input guards: VCD never needs a DTD, so any DOCTYPE (XXE, entity expansion) is refused; and since
 * fast-xml-parser spends about 100 ns a character and a few µs a node (and recurses once per level), a body
 * nested deeper than MAX_DEPTH or holding more than MAX_NODES elements and attributes is refused by a linear
 * scan before it is parsed. VCD's own request bodies are a few hundred nodes.
 */
export const MAX_DEPTH = 64;
export const MAX_NODES = 10_000;

/** What is wrong with a document that does not parse, in words and with where it is (not the parser's own wording). */
export function xmlProblem(text: string): string | undefined {
  const verdict = XMLValidator.validate(text);
  if (verdict === true) return undefined;
  const { code, msg, line, col } = verdict.err;
  const at = `line ${line}, column ${col}`;
  const open = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(msg);
  if (open) {
    let tags: string[] = [];
    try {
      tags = JSON.parse(open[1]) as string[];
    } catch { /* described below without the names */ }
    // The open elements, outermost first; a long chain keeps its ends so the message stays short.
    const chain = tags.length > 6 ? [...tags.slice(0, 2), `… ${tags.length - 5} more …`, ...tags.slice(-3)] : tags;
    return tags.length ? `element <${tags[tags.length - 1]}> is never closed (the document ends inside ${chain.map((t) => (t.startsWith('…') ? t : `<${t}>`)).join(' › ')})` : 'an element is never closed';
  }
  const wrongClose = /^Expected closing tag '([^']+)' \(opened in line (\d+), col (\d+)\) instead of closing tag '([^']+)'\.$/.exec(msg);
  if (wrongClose) return `found </${wrongClose[4]}> at ${at} where </${wrongClose[1]}> was expected (opened at line ${wrongClose[2]}, column ${wrongClose[3]})`;
  const noValue = /^Attribute '([^']+)' is without value\.$/.exec(msg);
  if (noValue) return `attribute ${noValue[1]} has no value (attributes are written name="value"), at ${at}`;
  const char = /^char '(.)' is not expected\.$/.exec(msg);
  if (char) return `unexpected character "${char[1]}" at ${at}; expected an element`;
  return `${code === 'InvalidAttr' ? 'an attribute is malformed' : code === 'InvalidTag' ? 'a tag is malformed' : 'it is not XML'} at ${at} (${msg.replace(/\.$/, '')})`;
}

/** Parses a request body; returns the root element's local name and its tree. */
export function parseXml(text: string): { root: string; doc: Doc } {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw badRequest('DOCTYPE declarations are not allowed in request bodies.');
  const shape = scanXml(text);
  if (shape.depth > MAX_DEPTH) throw badRequest(`The request body nests elements deeper than ${MAX_DEPTH} levels.`);
  if (shape.nodes > MAX_NODES) throw badRequest(`The request body holds more than ${MAX_NODES} elements and attributes.`);
  if (shape.unclosedTag) throw badRequest('The request body is not well-formed XML: a start tag is never closed.');
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(text, true) as Record<string, unknown>;
  } catch (e) {
    // The parser's messages can quote the whole input: say what is wrong in VCD's manner, briefly.
    throw badRequest(`The request body is not well-formed XML: ${xmlProblem(text) ?? 'it could not be parsed'}.`);
  }
  const roots = Object.keys(tree).filter((k) => k !== '?xml' && !k.startsWith('#'));
  if (roots.length !== 1) throw badRequest('The request body is not well-formed XML: expected one root element.');
  const root = roots[0];
  const doc = tree[root];
  if (depth(doc) > MAX_DEPTH) throw badRequest(`The request body nests elements deeper than ${MAX_DEPTH} levels.`);
  return { root, doc: typeof doc === 'object' && doc !== null ? (doc as Doc) : { '#text': String(doc ?? '') } };
}

/**
 * How deep a body's elements nest and how many elements and attributes it holds, counted in one pass over
 * the text without building anything: `<name …>` opens, `</…>` closes, `<…/>` opens nothing; comments,
 * CDATA and processing instructions are skipped; quoted attribute values may hold `>` and `/`. Stops once
 * past either bound, or at a start tag that never ends (`unclosedTag`: an attribute value running to the end
 * of a large body costs the parser's validator ~100 ms a megabyte to find). Other malformed input is the
 * parser's to report: this only has to be cheap and not be fooled into undercounting well-formed input.
 */
export function scanXml(text: string): { depth: number; nodes: number; unclosedTag?: boolean } {
  let depth = 0;
  let maxDepth = 0;
  let nodes = 0;
  const n = text.length;
  let i = text.indexOf('<');
  while (i >= 0 && i < n) {
    const next = text.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      // <!-- … -->, <![CDATA[ … ]]>, other declarations
      const close = text.startsWith('<!--', i) ? text.indexOf('-->', i + 4) : text.startsWith('<![CDATA[', i) ? text.indexOf(']]>', i + 9) : text.indexOf('>', i + 2);
      if (close < 0) break;
      i = text.indexOf('<', close + 1);
      continue;
    }
    if (next === 0x3f /* ? */) {
      const close = text.indexOf('?>', i + 2);
      if (close < 0) break;
      i = text.indexOf('<', close + 2);
      continue;
    }
    if (next === 0x2f /* / */) {
      depth--;
      const close = text.indexOf('>', i + 2);
      if (close < 0) break;
      i = text.indexOf('<', close + 1);
      continue;
    }
    // A start tag: count it and its attributes (each `=` outside quotes), find its end.
    nodes++;
    let j = i + 1;
    let quote = 0;
    let selfClosing = false;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) {
        quote = c;
      } else if (c === 0x3d /* = */) {
        nodes++;
      } else if (c === 0x3e /* > */) {
        selfClosing = text.charCodeAt(j - 1) === 0x2f;
        break;
      }
    }
    if (j >= n) return { depth: maxDepth, nodes, unclosedTag: true };
    if (!selfClosing && ++depth > maxDepth) maxDepth = depth;
    if (maxDepth > MAX_DEPTH || nodes > MAX_NODES) break;
    i = text.indexOf('<', j + 1);
  }
  return { depth: maxDepth, nodes };
}

function depth(v: unknown, d = 0): number {
  if (d > MAX_DEPTH || v === null || typeof v !== 'object') return d;
  let max = d;
  for (const c of Object.values(v)) max = Math.max(max, depth(c, d + 1));
  return max;
}

/** Helpers for reading parsed request trees. Namespaced attributes arrive without prefix too. */
export function attr(doc: Doc | undefined, name: string): string | undefined {
  const v = doc?.[`@_${name}`];
  return v === undefined || v === null ? undefined : String(v);
}

export function child(doc: Doc | undefined, name: string): Doc | undefined {
  const v = doc?.[name];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return asDoc(v[0]);
  return asDoc(v);
}

export function children(doc: Doc | undefined, name: string): Doc[] {
  const v = doc?.[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(asDoc);
}

export function text(doc: Doc | undefined, name: string): string | undefined {
  const c = doc?.[name];
  if (c === undefined || c === null) return undefined;
  const first = Array.isArray(c) ? c[0] : c;
  if (typeof first === 'object' && first !== null) {
    const t = (first as Doc)['#text'];
    return t === undefined ? '' : String(t);
  }
  return String(first);
}

function asDoc(v: unknown): Doc {
  if (typeof v === 'object' && v !== null) return v as Doc;
  return { '#text': v === undefined ? '' : String(v) };
}

/** VCD booleans as clients send them: true/false and Python's True/False. */
export function parseBool(v: string | undefined, fallback: boolean): boolean {
  if (v === undefined || v === '') return fallback;
  const s = v.trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw badRequest(`"${v}" is not a valid boolean value.`);
}
