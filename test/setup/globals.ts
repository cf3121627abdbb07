/**
 * The test suite's globals — describe, it/test, beforeAll…afterEach, expect — as jest spells them,
 * on Node's own test runner (node:test) with jest's `expect` package: the suite keeps jest's idiom
 * without jest's ~280 packages. Loaded by test/run.mjs before each test file.
 *
 * Supported: it/test/describe with .skip, .only and .each (printf-style %s %d %i %p %j %o in titles),
 * a timeout as the last argument (default 20 s), hooks with a timeout, and expect with every matcher.
 */
import * as nodeTest from 'node:test';
import { expect as jestExpect } from 'expect';
import { format } from 'node:util';

type Fn = (...args: any[]) => unknown;
const DEFAULT_TIMEOUT = 20_000;

function title(template: string, args: unknown[], index: number): string {
  let i = 0;
  const out = template.replace(/%[sdipjo#%]/g, (m) => {
    if (m === '%%') return '%';
    if (m === '%#') return String(index);
    const v = args[i++];
    return m === '%p' || m === '%j' || m === '%o' ? format('%j', v) : m === '%d' || m === '%i' ? String(Number(v)) : String(v);
  });
  return out;
}

function rows(table: readonly unknown[]): unknown[][] {
  return table.map((row) => (Array.isArray(row) ? row : [row]));
}

type Runner = (name: string, options: nodeTest.TestOptions, fn?: Fn) => unknown;

function testFn(run: Runner) {
  const make = (extra: nodeTest.TestOptions) => (name: string, fn?: Fn, timeout?: number) => run(name, { timeout: timeout ?? DEFAULT_TIMEOUT, ...extra }, fn);
  const t = make({}) as ReturnType<typeof make> & { skip: ReturnType<typeof make>; only: ReturnType<typeof make>; todo: (name: string) => unknown; each: (table: readonly unknown[]) => (name: string, fn: Fn, timeout?: number) => void };
  t.skip = make({ skip: true });
  t.only = make({ only: true });
  t.todo = (name: string) => run(name, { todo: true });
  t.each = (table) => (name, fn, timeout) => {
    rows(table).forEach((args, i) => run(title(name, args, i), { timeout: timeout ?? DEFAULT_TIMEOUT }, () => fn(...args)));
  };
  return t;
}

function suiteFn() {
  const d = ((name: string, fn: Fn) => nodeTest.describe(name, () => { fn(); })) as ((name: string, fn: Fn) => unknown) & {
    skip: (name: string, fn: Fn) => unknown; only: (name: string, fn: Fn) => unknown; each: (table: readonly unknown[]) => (name: string, fn: Fn) => void;
  };
  d.skip = (name, fn) => nodeTest.describe(name, { skip: true }, () => { fn(); });
  d.only = (name, fn) => nodeTest.describe(name, { only: true }, () => { fn(); });
  d.each = (table) => (name, fn) => {
    rows(table).forEach((args, i) => nodeTest.describe(title(name, args, i), () => { fn(...args); }));
  };
  return d;
}

const it = testFn((name, options, fn) => nodeTest.it(name, options, fn ? async () => { await fn(); } : undefined));
const hook = (h: typeof nodeTest.before) => (fn: Fn, timeout?: number) => h(async () => { await fn(); }, { timeout: timeout ?? DEFAULT_TIMEOUT });

Object.assign(globalThis, {
  describe: suiteFn(),
  it,
  test: it,
  beforeAll: hook(nodeTest.before),
  afterAll: hook(nodeTest.after),
  beforeEach: hook(nodeTest.beforeEach),
  afterEach: hook(nodeTest.afterEach),
  expect: jestExpect,
});
