/** VCD's FIQL: grammar, escapes, wildcards, encoded values and typed comparisons. */
import fc from 'fast-check';
import {
  compileFiql, FilterError, globMatch, MAX_FILTER_COMPARISONS, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parseFiql, requiredPrefix,
  type FieldSpec, type FieldType,
} from '../../src/lib/fiql.js';

type Row = Record<string, unknown>;
const TYPES: Record<string, FieldType> = { name: 'string', cpus: 'number', on: 'boolean', created: 'date', vdc: 'ref' };
const resolve = (s: string): FieldSpec<Row> | undefined => TYPES[s] && { type: TYPES[s], get: (r: Row) => r[s] };
const VDC = '7b9c0a1e-1111-4222-8333-444455556666';
const rows: Row[] = [
  { name: 'web-1', cpus: 2, on: true, created: Date.parse('2024-05-01T10:00:00Z'), vdc: VDC },
  { name: 'Web-2', cpus: 4, on: false, created: Date.parse('2024-06-01T10:00:00Z'), vdc: VDC },
  { name: 'db;1', cpus: 8, on: true, created: Date.parse('2024-07-01T10:00:00Z') },
  { name: 'a*b', cpus: 1, on: false },
];
const names = (filter: string, encoded = false) => rows.filter(compileFiql(parseFiql(filter, encoded), resolve)).map((r) => r.name);

describe('FIQL filters', () => {
  it('compares strings case-insensitively, with * wildcards and backslash escapes', () => {
    expect(names('name==web-1')).toEqual(['web-1']);
    expect(names('name==WEB*')).toEqual(['web-1', 'Web-2']);
    expect(names('name==*-2')).toEqual(['Web-2']);
    expect(names('name!=web*')).toEqual(['db;1', 'a*b']);
    expect(names('name==db\\;1')).toEqual(['db;1']);
    expect(names('name==a\\*b')).toEqual(['a*b']);
    expect(names('name==a*')).toEqual(['a*b']);
    expect(names('name=lt=b')).toEqual(['a*b']);
  });

  it('binds ; tighter than , and honours parentheses', () => {
    expect(names('name==db*,cpus==2;on==true')).toEqual(['web-1', 'db;1']);
    expect(names('(name==db*,cpus==2);on==true')).toEqual(['web-1', 'db;1']);
    expect(names('(name==web*,name==db*);on==false')).toEqual(['Web-2']);
    expect(names('((cpus=ge=4))')).toEqual(['Web-2', 'db;1']);
  });

  it('compares numbers, booleans, dates and references by value', () => {
    expect(names('cpus=gt=2;cpus=le=8')).toEqual(['Web-2', 'db;1']);
    expect(names('cpus!=1')).toEqual(['web-1', 'Web-2', 'db;1']);
    expect(names('on==TRUE')).toEqual(['web-1', 'db;1']);
    expect(names('created=ge=2024-06-01T10:00:00.000Z')).toEqual(['Web-2', 'db;1']);
    expect(names('created=lt=2024-05-15')).toEqual(['web-1']);
    // An href, a URN and a bare UUID name the same VDC.
    for (const v of [`https://vcd.example/api/vdc/${VDC}`, `urn:vcloud:vdc:${VDC}`, VDC.toUpperCase()]) {
      expect(names(`vdc==${v}`)).toEqual(['web-1', 'Web-2']);
    }
    expect(names(`vdc!=${VDC}`)).toEqual(['db;1', 'a*b']);
  });

  it('decodes each value once more with filterEncoded, after splitting', () => {
    expect(names('name==db%3B1', true)).toEqual(['db;1']);
    expect(names('name==web%2A', true)).toEqual(['web-1', 'Web-2']);
    expect(names('name==db%3B1;cpus==8', true)).toEqual(['db;1']);
    // Without filterEncoded the value is taken as written.
    expect(names('name==db%3B1')).toEqual([]);
  });

  it('rejects malformed filters, unknown attributes and values of the wrong type', () => {
    const bad = (f: string) => () => compileFiql(parseFiql(f), resolve);
    for (const f of ['', 'name', 'name=web', 'name=~web', '==web', '(name==a', 'name==a)', 'name==a;', 'name==a,,cpus==1',
      'name==(a', 'name==a\\', 'name=foo=a']) {
      expect(bad(f)).toThrow(FilterError);
    }
    expect(bad('colour==red')).toThrow(/not a valid filter attribute/);
    expect(bad('cpus==many')).toThrow(/not a number/);
    expect(bad('cpus==1*')).toThrow(/Wildcards/);
    expect(bad('on==yes')).toThrow(/not a boolean/);
    expect(bad('on=lt=true')).toThrow(FilterError);
    expect(bad('created==yesterday')).toThrow(/not a date/);
    expect(bad('vdc=gt=x')).toThrow(FilterError);
  });

  it('finds the name prefix a sorted index can jump to', () => {
    expect(requiredPrefix(parseFiql('name==Web*;cpus==2'), 'name')).toBe('web');
    expect(requiredPrefix(parseFiql('(name==web*;cpus==2)'), 'name')).toBe('web');
    expect(requiredPrefix(parseFiql('name==web-1'), 'name')).toBe('web-1');
    expect(requiredPrefix(parseFiql('name==*web'), 'name')).toBeUndefined();
    expect(requiredPrefix(parseFiql('name==web*,cpus==2'), 'name')).toBeUndefined();
    expect(requiredPrefix(parseFiql('name!=web*'), 'name')).toBeUndefined();
  });
});

describe('wildcard matching', () => {
  /** Whether `name==pattern` (pattern as written: `*` wildcards, `\\` escapes) matches `name`. */
  const matches = (pattern: string, name: string) => compileFiql(parseFiql(`name==${pattern}`), resolve)({ name });
  /** What wildcards meant before: the backtracking regular expression, as a reference on small inputs. */
  const reference = (chunks: string[], name: string) =>
    new RegExp(`^${chunks.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'is').test(name);

  it('keeps the semantics: * is any run (empty, or across newlines), \\ escapes, case is ignored', () => {
    expect(matches('*', '')).toBe(true);
    expect(matches('**', 'anything')).toBe(true);
    expect(matches('a*b*c', 'ABC')).toBe(true);
    expect(matches('a*b*c', 'a-x-B-y-c')).toBe(true);
    expect(matches('a*b*c', 'a-x-c-y-b')).toBe(false);
    expect(matches('*ab*ab*', 'xabyab')).toBe(true);
    expect(matches('*ab*ab*', 'xaby')).toBe(false);
    expect(matches('ab*ba', 'aba')).toBe(false); // the ends may not overlap
    expect(matches('ab*ba', 'abba')).toBe(true);
    expect(matches('*\n*', 'two\nlines')).toBe(true);
    expect(matches('web*', 'line\nweb')).toBe(false);
    expect(matches('a\\*b', 'a*b')).toBe(true);
    expect(matches('a\\*b', 'axb')).toBe(false);
    expect(matches('*\\**', 'has*star')).toBe(true);
    expect(matches('*\\**', 'no star')).toBe(false);
    expect(matches('*\\\\*', 'back\\slash')).toBe(true);
    expect(matches('CAFÉ*', 'café-1')).toBe(true);
    expect(compileFiql(parseFiql('name!=a*c'), resolve)({ name: 'abc' })).toBe(false);
    expect(globMatch('abc', ['a', 'c'])).toBe(true);
    expect(globMatch('ac', ['a', '', 'c'])).toBe(true);
    expect(globMatch('abc', ['abc'])).toBe(true);
  });

  it('agrees with the regular expression it replaces on random patterns and names', () => {
    const chunk = fc.string({ unit: fc.constantFrom('a', 'A', 'b', '-', '\n', 'é'), maxLength: 3 });
    const name = fc.string({ unit: fc.constantFrom('a', 'A', 'b', '-', '\n', 'É'), maxLength: 12 });
    fc.assert(fc.property(fc.array(chunk, { minLength: 1, maxLength: 6 }), name, (chunks, name) => {
      expect(globMatch(name.toLowerCase(), chunks.map((c) => c.toLowerCase()))).toBe(reference(chunks, name));
    }), { numRuns: 2000 });
  });

  it('runs in linear time on patterns that made the regular expression backtrack for minutes', () => {
    const stars = '*'.repeat(200);
    const invalid = 'INVALID\n\tname-'.repeat(40);
    const cases: [string, string][] = [
      [`${stars}${invalid}${stars}`, 'some-catalog-name-that-is-long-enough'.repeat(50)],
      [`${stars}${invalid}${stars}`, invalid.slice(0, -1).repeat(20)],
      [`${'a*'.repeat(500)}b`, 'a'.repeat(20_000)],
      [`*${'a'.repeat(100)}*${'a'.repeat(100)}b`, 'a'.repeat(20_000)],
    ];
    for (const [pattern, name] of cases) {
      const match = compileFiql(parseFiql(`name==${pattern.replace(/[;,()\\]/g, '\\$&')}`), resolve);
      const started = performance.now();
      for (let i = 0; i < 10; i++) expect(match({ name })).toBe(false);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });

  it('bounds a filter\'s length, nesting and comparisons', () => {
    expect(() => parseFiql(`name==${'x'.repeat(MAX_FILTER_LENGTH)}`)).toThrow(/at most/);
    const nested = (n: number) => `${'('.repeat(n)}name==x${')'.repeat(n)}`;
    expect(() => parseFiql(nested(MAX_FILTER_DEPTH))).not.toThrow();
    expect(() => parseFiql(nested(MAX_FILTER_DEPTH + 1))).toThrow(/deeper than/);
    expect(() => parseFiql(nested(4000))).toThrow(FilterError); // not a stack overflow
    expect(() => parseFiql(Array(MAX_FILTER_COMPARISONS).fill('name==x').join(','))).not.toThrow();
    expect(() => parseFiql(Array(MAX_FILTER_COMPARISONS + 1).fill('name==x').join(','))).toThrow(/comparisons/);
  });
});
