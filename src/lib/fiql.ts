/**
 * VCD's FIQL filters, shared by the query service and the CloudAPI: `attr==value`, `!=`, `=lt=`, `=le=`,
 * `=gt=`, `=ge=`, `;` (and, binds tighter), `,` (or), parentheses, `*` wildcards and backslash escapes.
 * A filter is parsed once into a tree, then compiled against a table of typed fields into one predicate.
 */

export class FilterError extends Error {}

export type Operator = '==' | '!=' | '=lt=' | '=le=' | '=gt=' | '=ge=';

/** A value as written: literal chunks around its unescaped `*` wildcards (one chunk when there is none). */
export interface FiqlValue {
  chunks: string[];
}

export interface Comparison {
  kind: 'cmp';
  selector: string;
  operator: Operator;
  value: FiqlValue;
}

export type FiqlNode = Comparison | { kind: 'and' | 'or'; children: FiqlNode[] };

/**
 * Bounds on what one filter may ask, so no request can stall the simulator: the parser recurses once per
 * parenthesis (a few thousand overflow the stack), and every comparison runs once per candidate row.
 * Real clients' filters are a few comparisons; go-vcloud-director's longest are well under these.
 */
export const MAX_FILTER_LENGTH = 8192;
export const MAX_FILTER_DEPTH = 32;
export const MAX_FILTER_COMPARISONS = 256;

const OPERATORS = new Set<string>(['==', '!=', '=lt=', '=le=', '=gt=', '=ge=']);
const SELECTOR = /[A-Za-z0-9_.:@-]/;

/**
 * Parses a filter. With `decodeValues` (VCD's `filterEncoded=true`) each value is URL-decoded once more after
 * the expression is split, so encoded `;`, `,` and parentheses inside values stay values.
 */
export function parseFiql(input: string, decodeValues = false): FiqlNode {
  if (input.length > MAX_FILTER_LENGTH) {
    throw new FilterError(`The filter is ${input.length} characters long; the simulator accepts at most ${MAX_FILTER_LENGTH}.`);
  }
  let pos = 0;
  let depth = 0;
  let comparisons = 0;
  const fail = (what: string): never => {
    throw new FilterError(`Bad filter "${input}": ${what} at position ${pos}.`);
  };

  const or = (): FiqlNode => {
    const children = [and()];
    while (input[pos] === ',') {
      pos++;
      children.push(and());
    }
    return children.length === 1 ? children[0] : { kind: 'or', children };
  };

  const and = (): FiqlNode => {
    const children = [factor()];
    while (input[pos] === ';') {
      pos++;
      children.push(factor());
    }
    return children.length === 1 ? children[0] : { kind: 'and', children };
  };

  const factor = (): FiqlNode => {
    if (input[pos] === '(') {
      if (++depth > MAX_FILTER_DEPTH) fail(`parentheses nested deeper than ${MAX_FILTER_DEPTH} levels`);
      pos++;
      const inner = or();
      if (input[pos] !== ')') fail('missing ")"');
      pos++;
      depth--;
      return inner;
    }
    if (++comparisons > MAX_FILTER_COMPARISONS) fail(`more than ${MAX_FILTER_COMPARISONS} comparisons`);
    return comparison();
  };

  const comparison = (): Comparison => {
    const start = pos;
    while (pos < input.length && SELECTOR.test(input[pos])) pos++;
    const selector = input.slice(start, pos);
    if (!selector) fail('expected an attribute name');
    const operator = /^(==|!=|=[a-z]+=)/.exec(input.slice(pos))?.[0];
    if (!operator) fail(`expected an operator after "${selector}"`);
    if (!OPERATORS.has(operator!)) fail(`unknown operator "${operator}"`);
    pos += operator!.length;
    return { kind: 'cmp', selector, operator: operator as Operator, value: value() };
  };

  /** Reads up to the next unescaped `;`, `,` or `)`; a backslash makes the next character literal. */
  const value = (): FiqlValue => {
    const chunks = [''];
    let run = '';
    const flushRun = () => {
      const text = decodeValues ? decodeLenient(run) : run;
      const parts = text.split('*');
      chunks[chunks.length - 1] += parts[0];
      for (const p of parts.slice(1)) chunks.push(p);
      run = '';
    };
    while (pos < input.length && !';,)'.includes(input[pos])) {
      const c = input[pos];
      if (c === '(') fail('unescaped "(" in a value');
      if (c === '\\') {
        if (pos + 1 >= input.length) fail('dangling "\\"');
        flushRun();
        chunks[chunks.length - 1] += input[pos + 1];
        pos += 2;
        continue;
      }
      run += c;
      pos++;
    }
    flushRun();
    return { chunks };
  };

  if (input.trim() === '') fail('the filter is empty');
  const tree = or();
  if (pos !== input.length) fail(`unexpected "${input[pos]}"`);
  return tree;
}

/** URL-decodes what decodes and keeps the rest as written (clients send stray `%` signs). */
export function decodeLenient(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(%[0-9a-fA-F]{2})+/g, (seq) => {
      try {
        return decodeURIComponent(seq);
      } catch {
        return seq;
      }
    });
  }
}

/** How a field compares: strings case-insensitively with wildcards, the rest by value. */
export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'ref';

export interface FieldSpec<R> {
  type: FieldType;
  /** The value: strings, numbers, booleans, dates as epoch ms, references as a bare UUID (or URN). */
  get(row: R): unknown;
}

export type Predicate<R> = (row: R) => boolean;

/** Compiles a tree against the fields `resolve` knows; an unknown attribute or a value of the wrong type is an error. */
export function compileFiql<R>(node: FiqlNode, resolve: (selector: string) => FieldSpec<R> | undefined): Predicate<R> {
  if (node.kind !== 'cmp') {
    const parts = node.children.map((c) => compileFiql(c, resolve));
    if (node.kind === 'and') {
      return (row) => {
        for (const p of parts) if (!p(row)) return false;
        return true;
      };
    }
    return (row) => {
      for (const p of parts) if (p(row)) return true;
      return false;
    };
  }
  const field = resolve(node.selector);
  if (!field) throw new FilterError(`"${node.selector}" is not a valid filter attribute for this query.`);
  const test = comparator(node, field.type);
  const get = field.get;
  return (row) => test(get(row));
}

function comparator(node: Comparison, type: FieldType): (v: unknown) => boolean {
  const { operator, value } = node;
  const text = value.chunks.join('*');
  const wildcard = value.chunks.length > 1;
  if (wildcard && (type !== 'string' || (operator !== '==' && operator !== '!='))) {
    throw new FilterError(`Wildcards are only allowed with == and != on text attributes ("${node.selector}").`);
  }
  const negate = operator === '!=';
  switch (type) {
    case 'string': {
      if (operator === '==' || operator === '!=') {
        const match = stringMatcher(value.chunks);
        return (v) => (typeof v === 'string' && match(v)) !== negate;
      }
      const lower = text.toLowerCase();
      const accept = ORDER_TESTS[operator];
      return (v) => typeof v === 'string' && accept(compareStrings(v.toLowerCase(), lower));
    }
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw new FilterError(`"${text}" is not a number (attribute "${node.selector}").`);
      return numberTest(operator, n);
    }
    case 'boolean': {
      const b = /^true$/i.test(text) ? true : /^false$/i.test(text) ? false : undefined;
      if (b === undefined) throw new FilterError(`"${text}" is not a boolean (attribute "${node.selector}").`);
      if (operator !== '==' && operator !== '!=') throw new FilterError(`Booleans compare only with == and != ("${node.selector}").`);
      return (v) => (v === b) !== negate;
    }
    case 'date': {
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) throw new FilterError(`"${text}" is not a date (attribute "${node.selector}").`);
      return numberTest(operator, ms);
    }
    case 'ref': {
      // References compare by the UUID inside: an href, a URN or a bare UUID all name the same entity.
      const id = UUID.exec(text)?.[0].toLowerCase();
      if (operator !== '==' && operator !== '!=') throw new FilterError(`References compare only with == and != ("${node.selector}").`);
      return (v) => (typeof v === 'string' && id !== undefined && refId(v) === id) !== negate;
    }
  }
}

/** Number (and date) comparisons, one closure each: they run once per row. */
function numberTest(operator: Operator, n: number): (v: unknown) => boolean {
  switch (operator) {
    case '==': return (v) => v === n;
    case '!=': return (v) => v !== n;
    case '=lt=': return (v) => typeof v === 'number' && v < n;
    case '=le=': return (v) => typeof v === 'number' && v <= n;
    case '=gt=': return (v) => typeof v === 'number' && v > n;
    case '=ge=': return (v) => typeof v === 'number' && v >= n;
  }
}

const ORDER_TESTS: Record<Operator, (c: number) => boolean> = {
  '==': (c) => c === 0,
  '!=': (c) => c !== 0,
  '=lt=': (c) => c < 0,
  '=le=': (c) => c <= 0,
  '=gt=': (c) => c > 0,
  '=ge=': (c) => c >= 0,
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Stored references are bare lower-case UUIDs (query rows) or URNs (CloudAPI models). */
function refId(v: string): string | undefined {
  return v.length === 36 ? v : UUID.exec(v)?.[0].toLowerCase();
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Case-insensitive equality, or a glob when the value has wildcards. It runs once per row: equality and
 * prefixes allocate nothing; other globs fold the value once and match in linear time (globMatch).
 */
function stringMatcher(chunks: string[]): (s: string) => boolean {
  if (chunks.length === 1) {
    const exact = chunks[0];
    const want = exact.toLowerCase();
    return (s) => s === exact || (s.length === want.length && foldedMatchAt(s, want));
  }
  if (chunks.length === 2 && chunks[1] === '') {
    const prefix = chunks[0].toLowerCase();
    return (s) => s.length >= prefix.length && foldedMatchAt(s, prefix);
  }
  const folded = chunks.map((c) => c.toLowerCase());
  return (s) => globMatch(s.toLowerCase(), folded);
}

/**
 * Whether `s` matches the glob whose literal pieces are `chunks` (one `*` between each two; both already
 * case-folded). The first piece anchors the start, the last the end, and each piece between is taken at its
 * leftmost place after the one before: a later place can only leave less room, so nothing is ever retried
 * and a miss costs one pass over `s` per piece. (A regular expression of `.*` runs backtracks: with a few
 * dozen `*` around a name that does not match, it spun for hours.)
 */
export function globMatch(s: string, chunks: readonly string[]): boolean {
  const last = chunks.length - 1;
  if (last <= 0) return s === (chunks[0] ?? '');
  const head = chunks[0];
  const tail = chunks[last];
  const end = s.length - tail.length;
  if (end < head.length || !s.startsWith(head) || !s.endsWith(tail)) return false;
  let pos = head.length;
  for (let i = 1; i < last; i++) {
    const piece = chunks[i];
    if (piece === '') continue;
    const at = s.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) return false;
    pos = at + piece.length;
  }
  return true;
}

/** Whether `s` starts with `lower` (already lower case), ignoring case; ASCII is folded in place. */
function foldedMatchAt(s: string, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    let c = s.charCodeAt(i);
    const w = lower.charCodeAt(i);
    if (c === w) continue;
    if (c > 127) return s.slice(0, lower.length).toLowerCase() === lower;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== w) return false;
  }
  return true;
}

/**
 * The case-folded prefix every match must start with when the filter requires `selector==value` at its
 * top level (alone or inside an and): lets a sorted index scan only that range.
 */
export function requiredPrefix(node: FiqlNode, selector: string): string | undefined {
  const candidates = node.kind === 'and' ? node.children : [node];
  for (const c of candidates) {
    if (c.kind === 'cmp' && c.selector === selector && c.operator === '==' && c.value.chunks[0] !== '') {
      return c.value.chunks[0].toLowerCase();
    }
  }
  return undefined;
}
