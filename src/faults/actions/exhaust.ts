/**
 * `exhaust`: a VDC's capacity (or every VDC's, `*`; with `match.org` only that org's) drops to the given
 * limits for the rule's window, so new work fails with VCD's capacity errors; it recovers when the
 * window ends. Where several rules cover one VDC, the lowest limit wins.
 */
import { num, str } from '../../lib/validate.js';
import type { WindowAction } from './action.js';

const LIMITS = ['cpuMhz', 'memoryMB', 'storageMB', 'vms'] as const;

export interface ExhaustAction {
  type: 'exhaust';
  /** VDC name or id, or '*' for every VDC. */
  vdc: string;
  cpuMhz?: number;
  memoryMB?: number;
  storageMB?: number;
  vms?: number;
}
export type ExhaustInput = { type: 'exhaust'; vdc?: string; cpuMhz?: number; memoryMB?: number; storageMB?: number; vms?: number };

export const exhaust: WindowAction<ExhaustAction, ExhaustInput> = {
  type: 'exhaust',
  target: 'window',
  keys: ['vdc', ...LIMITS],
  matchFields: ['org'],
  parse(a, path, issues) {
    const out: ExhaustAction = { type: 'exhaust', vdc: a.vdc === undefined ? '*' : str(a.vdc, [...path, 'vdc'], issues) ?? '*' };
    for (const k of LIMITS) {
      if (a[k] !== undefined) out[k] = num(a[k], [...path, k], issues, { min: 0 });
    }
    if (LIMITS.every((k) => a[k] === undefined)) issues.add(path, 'exhaust needs at least one of cpuMhz, memoryMB, storageMB, vms');
    return out;
  },
  covers(a, orgs, store) {
    const { vdc } = a;
    if (vdc === '*' && !orgs) return ['*'];
    const want = vdc.toLowerCase().replace(/^urn:vcloud:vdc:/, '');
    const ids: string[] = [];
    for (const v of store.all('vdc')) {
      if (orgs && !orgs(v.orgId, store.get('org', v.orgId)?.name)) continue;
      if (vdc === '*' || v.id === want || v.name.toLowerCase() === want) ids.push(v.id);
    }
    return ids;
  },
  impose(a, o) {
    for (const k of LIMITS) {
      if (a[k] !== undefined) o[k] = Math.min(o[k] ?? Infinity, a[k]!);
    }
  },
};
