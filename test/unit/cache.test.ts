/** The render cache: kept while the store is unchanged and quiet, bounded in entries and bytes. */
import { RenderCache } from '../../src/wire/cache.js';

const state = { version: 1 };
let quiet = true;
const cache = () => new RenderCache(state, () => quiet);
const doc = (kb: number) => Buffer.alloc(kb * 1024);

it('answers while the store version holds and no task runs', () => {
  const c = cache();
  c.put('a', 't', doc(1), '/api/org');
  expect(c.get('a')).toMatchObject({ contentType: 't', route: '/api/org' });
  quiet = false;
  expect(c.get('a')).toBeUndefined();
  quiet = true;
  c.put('a', 't', doc(1));
  state.version++;
  expect(c.get('a')).toBeUndefined();
  expect(c.size).toBe(0);
});

it('keeps at most 32 MB, dropping the oldest first, and never one document of more than 4 MB', () => {
  const c = cache();
  for (let i = 0; i < 40; i++) c.put(`page-${i}`, 't', doc(1024));
  expect(c.size).toBe(32);
  expect(c.get('page-0')).toBeUndefined();
  expect(c.get('page-39')).toBeDefined();
  c.put('huge', 't', doc(5 * 1024));
  expect(c.get('huge')).toBeUndefined();
  c.put('page-39', 't', doc(1024));
  expect(c.size).toBe(32);
});
