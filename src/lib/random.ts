/**
 * Seeded randomness (sfc32): ids, jitter and probabilistic faults all draw from here, so a run with the
 * same seed tells the same story. Its state is four 32-bit words and can be saved and restored.
 */
export class Random {
  private s: [number, number, number, number];

  constructor(seed: number | number[]) {
    if (Array.isArray(seed)) {
      this.s = [seed[0] >>> 0, seed[1] >>> 0, seed[2] >>> 0, seed[3] >>> 0];
      return;
    }
    // splitmix32 spreads a small seed over the whole state.
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s = [next(), next(), next(), next()];
    for (let i = 0; i < 12; i++) this.uint32();
  }

  state(): number[] {
    return [...this.s];
  }

  uint32(): number {
    let [a, b, c, d] = this.s;
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    this.s = [a >>> 0, b, c, d];
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  int(minInclusive: number, maxExclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxExclusive - minInclusive));
  }

  /** An RFC 4122 version-4 UUID built from the seeded stream. */
  uuid(): string {
    const b = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) {
      const w = this.uint32();
      b[i] = w & 0xff;
      b[i + 1] = (w >>> 8) & 0xff;
      b[i + 2] = (w >>> 16) & 0xff;
      b[i + 3] = w >>> 24;
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0'));
    // join() builds one flat string; slices glued by a template literal would keep a tree of pieces
    // alive (~370 bytes per id instead of ~56, which adds up over 100,000 VMs).
    return [h.slice(0, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10), h.slice(10)].map((p) => p.join('')).join('-');
  }

  /** A locally administered unicast MAC address (00:50:56 is VMware's OUI, as VCD assigns). */
  mac(): string {
    const w = this.uint32();
    return ['00', '50', '56', ((w >>> 16) & 0x3f).toString(16), ((w >>> 8) & 0xff).toString(16), (w & 0xff).toString(16)]
      .map((p) => p.padStart(2, '0'))
      .join(':');
  }
}
