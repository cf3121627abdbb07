/** The render cache: kept from a document's second rendering, while the store is unchanged and quiet, bounded in entries and bytes. */
import { RenderCache } from '../../src/wire/cache.js';

const state = { version: 1 };
let quiet = true;
const cache = () => new RenderCache(state, () => quiet);
const doc = (kb: number) => Buffer.alloc(kb * 1024);
/** A document rendered twice (the first rendering only marks it as asked for). */
const putTwice = (c: RenderCache, key: string, bytes: Buffer, route?: string) => {
  c.put(key, 't', bytes, route);
  c.put(key, 't', bytes, route);
};

it('keeps a document from its second rendering on, and at once again after a change made it stale', () => {
  const c = cache();
  c.put('a', 't', doc(1));
  expect(c.get('a')).toBeUndefined();
  c.put('a', 't', doc(1));
  expect(c.get('a')).toBeDefined();
  state.version++;
  expect(c.get('a')).toBeUndefined();
  c.put('a', 't', doc(1));
  expect(c.get('a')).toBeDefined();
  c.put('b', 't', doc(1));
  expect(c.size).toBe(1);
});

it('answers while the store version holds and no task runs', () => {
  const c = cache();
  putTwice(c, 'a', doc(1), '/api/org');
  expect(c.get('a')).toMatchObject({ contentType: 't', route: '/api/org' });
  quiet = false;
  expect(c.get('a')).toBeUndefined();
  quiet = true;
  putTwice(c, 'a', doc(1));
  state.version++;
  expect(c.get('a')).toBeUndefined();
  expect(c.size).toBe(0);
});

it('keeps at most 32 MB, dropping the oldest first, and never one document of more than 4 MB', () => {
  const c = cache();
  for (let i = 0; i < 40; i++) putTwice(c, `page-${i}`, doc(1024));
  expect(c.size).toBe(32);
  expect(c.get('page-0')).toBeUndefined();
  expect(c.get('page-39')).toBeDefined();
  putTwice(c, 'huge', doc(5 * 1024));
  expect(c.get('huge')).toBeUndefined();
  c.put('page-39', 't', doc(1024));
  expect(c.size).toBe(32);
});
