/**
 * `pool-exhaust`: the static IP pool of an org VDC network (name or id; `*`, or with `match.org` that org's
 * networks) reports no free address for the rule's window, so the next POOL allocation on it fails as VCD fails
 * an exhausted pool; the pool recovers when the window ends. Addresses already handed out stay.
 */
import { str } from '../../lib/validate.js';
import type { WindowAction } from './action.js';

export interface PoolExhaustAction {
  type: 'pool-exhaust';
  /** Network name or id, or '*' for every org VDC network. */
  network: string;
}
export type PoolExhaustInput = { type: 'pool-exhaust'; network?: string };

/** The capacity override key of a network's pool ('*': every network's). */
export const poolKey = (networkId: string) => `ipPool:${networkId}`;

export const poolExhaust: WindowAction<PoolExhaustAction, PoolExhaustInput> = {
  type: 'pool-exhaust',
  target: 'window',
  keys: ['network'],
  matchFields: ['org'],
  parse(a, path, issues) {
    return { type: 'pool-exhaust', network: a.network === undefined ? '*' : str(a.network, [...path, 'network'], issues) ?? '*' };
  },
  covers(a, orgs, store) {
    if (a.network === '*' && !orgs) return [poolKey('*')];
    const want = a.network.toLowerCase().replace(/^urn:vcloud:network:/, '');
    const keys: string[] = [];
    for (const n of store.all('network')) {
      if (orgs && !orgs(n.orgId, store.get('org', n.orgId)?.name)) continue;
      if (a.network === '*' || n.id === want || n.name.toLowerCase() === want) keys.push(poolKey(n.id));
    }
    return keys;
  },
  impose(_a, o) {
    o.poolExhausted = true;
  },
};
