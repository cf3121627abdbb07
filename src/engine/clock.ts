/**
 * Simulated time. It runs at `speed` × real time (0 = frozen) and can be advanced by hand; every
 * duration in the simulator (task runs, session idle timeouts, fault windows) is measured on it.
 * Timers fire in due order; while one fires, `now()` reads exactly its due time, so results are
 * reproducible however the clock was driven.
 */

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
}

export class Clock {
  private simBase: number;
  private realBase: number;
  private speedFactor: number;
  private timers: Timer[] = []; // binary min-heap on (due, seq)
  private seq = 0;
  private realTimer: NodeJS.Timeout | undefined;
  private firing: number | undefined;
  /** While timers fire: how far this sweep goes (a timer may extend it by calling advance). */
  private sweepLimit: number | undefined;

  constructor(speed = 1, start = Date.now(), private readonly realNow: () => number = () => performance.now()) {
    this.simBase = start;
    this.realBase = this.realNow();
    this.speedFactor = speed;
  }

  now(): number {
    if (this.firing !== undefined) return this.firing;
    return this.simBase + (this.realNow() - this.realBase) * this.speedFactor;
  }

  iso(ms = this.now()): string {
    return new Date(Math.floor(ms)).toISOString();
  }

  get speed(): number {
    return this.speedFactor;
  }

  setSpeed(speed: number): void {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a finite number >= 0');
    this.simBase = this.now();
    this.realBase = this.realNow();
    this.speedFactor = speed;
    this.arm();
  }

  /**
   * Moves simulated time forward by `ms`, firing every timer that falls due on the way. Called from a
   * timer (a scenario step that jumps ahead), it extends the sweep under way: time never runs backwards
   * and everything due in between still fires in order.
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('advance takes a non-negative number of milliseconds');
    const target = this.now() + ms;
    if (this.sweepLimit !== undefined) {
      this.sweepLimit = Math.max(this.sweepLimit, target);
      return;
    }
    this.simBase = this.fireUntil(target);
    this.realBase = this.realNow();
    this.arm();
  }

  /** Runs `fn` once simulated time reaches `due` (ms since the epoch). Returns a cancel function. */
  at(due: number, fn: () => void): () => void {
    const t: Timer = { due, seq: this.seq++, fn };
    this.push(t);
    if (this.timers[0] === t) this.arm();
    return () => {
      t.fn = noop;
    };
  }

  after(ms: number, fn: () => void): () => void {
    return this.at(this.now() + ms, fn);
  }

  pending(): number {
    return this.timers.length;
  }

  stop(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
  }

  /** Fires due timers up to `limit` (or further, if one of them advanced the clock); returns where it stopped. */
  private fireUntil(limit: number): number {
    this.sweepLimit = limit;
    try {
      while (this.timers.length && this.timers[0].due <= this.sweepLimit) {
        const t = this.pop()!;
        this.firing = t.due;
        try {
          t.fn();
        } finally {
          this.firing = undefined;
        }
      }
      return this.sweepLimit;
    } finally {
      this.sweepLimit = undefined;
    }
  }

  /** One real timer for the earliest due simulated timer. */
  private arm(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    if (!this.timers.length || this.speedFactor === 0) return;
    const wait = Math.max(0, (this.timers[0].due - this.now()) / this.speedFactor);
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      const now = this.now();
      const reached = this.fireUntil(now);
      if (reached > now) {
        this.simBase = reached;
        this.realBase = this.realNow();
      }
      this.arm();
    }, Math.min(wait, 2 ** 31 - 1));
    this.realTimer.unref();
  }

  private push(t: Timer): void {
    const h = this.timers;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.timers;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

const noop = () => {};
const before = (a: Timer, b: Timer) => a.due < b.due || (a.due === b.due && a.seq < b.seq);
