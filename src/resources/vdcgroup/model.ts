/**
 * VDC groups as other kinds see them: the groups a VDC takes part in, and the org VDC networks a VDC may
 * use (its own and those of its groups). Pure reads of the store (other kinds import it without a cycle).
 */
import type { Store } from '../../store/store.js';
import type { Network, VdcGroup } from '../../store/types.js';

/** The groups a VDC participates in. */
export const groupsOfVdc = (store: Store, vdcId: string): VdcGroup[] => [...store.all('vdcGroup')].filter((g) => g.vdcIds.includes(vdcId));

/** The org VDC networks a group owns. */
export const groupNetworks = (store: Store, g: VdcGroup): Network[] => store.where('network', 'orgId', g.orgId).filter((n) => n.vdcGroupId === g.id);

/** The VDCs whose VMs may use a network: its VDC, or every VDC of its group. */
export function vdcsOfNetwork(store: Store, n: Network): string[] {
  const g = n.vdcGroupId ? store.get('vdcGroup', n.vdcGroupId) : undefined;
  return g ? g.vdcIds : [n.vdcId];
}

/** The org VDC networks a VDC's vApps may use: its own, and those of the groups it takes part in. */
export function networksIn(store: Store, vdcId: string): Network[] {
  const own = store.where('network', 'vdcId', vdcId).filter((n) => !n.vdcGroupId);
  const groups = groupsOfVdc(store, vdcId);
  return groups.length ? [...own, ...groups.flatMap((g) => groupNetworks(store, g))] : own;
}
