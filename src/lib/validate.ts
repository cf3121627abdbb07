/**
 * Small validation helpers shared by fault rules (control API, JSON) and scenarios (YAML): each problem
 * is recorded with the path of the offending value, so the scenario loader can name its line.
 */

export type Path = (string | number)[];
export interface Issue {
  path: Path;
  message: string;
}

/** `timeline[2].faults[0].action` */
export function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(top level)';
}

export class Issues {
  readonly list: Issue[] = [];

  add(path: Path, message: string): undefined {
    this.list.push({ path, message });
    return undefined;
  }

  get ok(): boolean {
    return this.list.length === 0;
  }

  text(): string {
    return this.list.map((i) => `${pathText(i.path)}: ${i.message}`).join('\n');
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object with only the `allowed` keys (unknown keys are reported, with the list of known ones). */
export function record(v: unknown, path: Path, issues: Issues, allowed: readonly string[]): Record<string, unknown> | undefined {
  if (!isRecord(v)) return issues.add(path, `must be a mapping (object), got ${describe(v)}`);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) issues.add([...path, k], `unknown key "${k}" (expected one of: ${allowed.join(', ')})`);
  }
  return v;
}

export function str(v: unknown, path: Path, issues: Issues, oneOf?: readonly string[]): string | undefined {
  if (typeof v !== 'string' || v === '') return issues.add(path, `must be a non-empty string, got ${describe(v)}`);
  if (oneOf && !oneOf.includes(v)) return issues.add(path, `"${v}" is not one of: ${oneOf.join(', ')}`);
  return v;
}

export function num(v: unknown, path: Path, issues: Issues, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return issues.add(path, `must be a number, got ${describe(v)}`);
  if (opts.integer && !Number.isInteger(v)) return issues.add(path, `must be a whole number, got ${v}`);
  if (opts.min !== undefined && v < opts.min) return issues.add(path, `must be at least ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) return issues.add(path, `must be at most ${opts.max}, got ${v}`);
  return v;
}

export function bool(v: unknown, path: Path, issues: Issues): boolean | undefined {
  if (typeof v !== 'boolean') return issues.add(path, `must be true or false, got ${describe(v)}`);
  return v;
}

/** One string or a list of strings, as a list. */
export function strList(v: unknown, path: Path, issues: Issues): string[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) return issues.add(path, 'must not be an empty list');
  const out: string[] = [];
  list.forEach((item, i) => {
    const s = str(item, Array.isArray(v) ? [...path, i] : path, issues);
    if (s !== undefined) out.push(s);
  });
  return out.length === list.length ? out : undefined;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration in milliseconds from a number of seconds or a string with units: `500ms`, `30s`, `2m`,
 * `1h`, `1m30s`. Returns undefined when the text is not a duration.
 */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v * 1000 : undefined;
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) ms += Number(m[1]) * UNIT_MS[m[2]];
  return ms;
}

export function duration(v: unknown, path: Path, issues: Issues): number | undefined {
  const ms = parseDuration(v);
  if (ms === undefined) return issues.add(path, `must be a duration such as 30s, 2m, 1h30m, 500ms or a number of seconds, got ${describe(v)}`);
  return ms;
}

/** "1m30s" from 90000 ms: how progress and reports print simulated offsets. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms < 1000) return `${Math.round(ms)}ms`;
  let s = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [['h', 3600], ['m', 60]] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  if (s || !parts.length) parts.push(`${s}s`);
  return parts.join('');
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}
