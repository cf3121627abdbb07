/**
 * `latency`: holds the request before it is handled, for real milliseconds (not simulated ones: clients
 * time out in real time), fixed or drawn from a distribution. Latency rules add up.
 */
import { num, str, type Issues, type Path } from '../../lib/validate.js';
import type { Random } from '../../lib/random.js';
import { HTTP_MATCH } from './action.js';
import type { HttpAction } from './action.js';

export const DISTRIBUTIONS = ['fixed', 'uniform', 'normal', 'exponential'] as const;
/** Longest delay a latency rule may add to one response (real time). */
export const MAX_DELAY_MS = 600_000;

export type LatencyDistribution =
  | { distribution: 'fixed'; ms: number }
  | { distribution: 'uniform'; minMs: number; maxMs: number }
  | { distribution: 'normal'; meanMs: number; stddevMs: number }
  | { distribution: 'exponential'; meanMs: number };

export type LatencyAction = { type: 'latency' } & LatencyDistribution;
export type LatencyInput =
  | { type: 'latency'; distribution?: 'fixed'; ms: number }
  | { type: 'latency'; distribution: 'uniform'; minMs: number; maxMs: number }
  | { type: 'latency'; distribution: 'normal'; meanMs: number; stddevMs: number }
  | { type: 'latency'; distribution: 'exponential'; meanMs: number };

export const latency: HttpAction<LatencyAction, LatencyInput> = {
  type: 'latency',
  target: 'http',
  keys: ['distribution', 'ms', 'minMs', 'maxMs', 'meanMs', 'stddevMs'],
  matchFields: HTTP_MATCH,
  parse: parseLatency,
  delay: sample,
  // The delay itself is the effect: the gate holds the request, then it goes on.
  apply: (_a, x) => x.pass(),
};

function sample(d: LatencyDistribution, random: Random): number {
  let ms: number;
  switch (d.distribution) {
    case 'fixed':
      ms = d.ms;
      break;
    case 'uniform':
      ms = d.minMs + random.next() * (d.maxMs - d.minMs);
      break;
    case 'normal': {
      // Box–Muller; 1 - u keeps the logarithm finite.
      const u1 = 1 - random.next();
      const u2 = random.next();
      ms = d.meanMs + d.stddevMs * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      break;
    }
    case 'exponential':
      ms = -d.meanMs * Math.log(1 - random.next());
      break;
  }
  return Math.round(Math.min(MAX_DELAY_MS, Math.max(0, ms)));
}

function parseLatency(a: Record<string, unknown>, path: Path, issues: Issues): LatencyAction | undefined {
  const dist = a.distribution === undefined ? 'fixed' : str(a.distribution, [...path, 'distribution'], issues, DISTRIBUTIONS);
  const ms = (k: string, required = true) => {
    if (a[k] === undefined) return required ? issues.add([...path, k], `${dist} latency needs ${k}`) : undefined;
    return num(a[k], [...path, k], issues, { min: 0, max: MAX_DELAY_MS });
  };
  const extra = (keys: string[]) => {
    for (const k of ['ms', 'minMs', 'maxMs', 'meanMs', 'stddevMs']) {
      if (!keys.includes(k) && a[k] !== undefined) issues.add([...path, k], `does not apply to ${dist} latency (it takes ${keys.join(', ')})`);
    }
  };
  switch (dist) {
    case 'fixed': {
      extra(['ms']);
      const v = ms('ms');
      return v === undefined ? undefined : { type: 'latency', distribution: dist, ms: v };
    }
    case 'uniform': {
      extra(['minMs', 'maxMs']);
      const min = ms('minMs');
      const max = ms('maxMs');
      if (min === undefined || max === undefined) return undefined;
      if (max < min) issues.add([...path, 'maxMs'], 'must not be less than minMs');
      return { type: 'latency', distribution: dist, minMs: min, maxMs: max };
    }
    case 'normal': {
      extra(['meanMs', 'stddevMs']);
      const mean = ms('meanMs');
      const sd = ms('stddevMs');
      return mean === undefined || sd === undefined ? undefined : { type: 'latency', distribution: dist, meanMs: mean, stddevMs: sd };
    }
    case 'exponential': {
      extra(['meanMs']);
      const mean = ms('meanMs');
      return mean === undefined ? undefined : { type: 'latency', distribution: dist, meanMs: mean };
    }
    default:
      return undefined;
  }
}
