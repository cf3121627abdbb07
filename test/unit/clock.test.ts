import { Clock } from '../../src/engine/clock.js';

describe('Clock', () => {
  it('fires timers in due order, reading their due time', () => {
    const clock = new Clock(0, 1_000);
    const seen: [string, number][] = [];
    clock.at(3_000, () => seen.push(['b', clock.now()]));
    clock.at(2_000, () => seen.push(['a', clock.now()]));
    clock.advance(5_000);
    expect(seen).toEqual([['a', 2_000], ['b', 3_000]]);
    expect(clock.now()).toBe(6_000);
  });

  it('lets a timer advance the clock: the sweep extends and time never runs backwards', () => {
    const clock = new Clock(0, 0);
    const seen: [string, number][] = [];
    clock.at(1_000, () => {
      seen.push(['jump', clock.now()]);
      clock.advance(60_000);
    });
    clock.at(30_000, () => seen.push(['inside the jump', clock.now()]));
    clock.at(90_000, () => seen.push(['after', clock.now()]));
    clock.advance(5_000);
    expect(seen).toEqual([['jump', 1_000], ['inside the jump', 30_000]]);
    expect(clock.now()).toBe(61_000);
    clock.advance(30_000);
    expect(seen.at(-1)).toEqual(['after', 90_000]);
  });
});
