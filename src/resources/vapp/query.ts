/** Query rows of vApp networks (the vAppNetwork query type): one per network of each vApp. */
import type { Store } from '../../store/store.js';
import { sortKeyOf, type IndexedRow } from '../query/rowindex.js';
import { netmaskOf } from '../../lib/ippool.js';
import { ownSubnet, vappNetworkId } from './networks.js';
import { DEFAULT_ISOLATED_SUBNET } from './ops.js';

/** The shape of query/rows.ts's Row (declared here too: rows.ts imports this module). */
type Value = string | number | boolean | undefined;
interface Row extends IndexedRow {
  v: Record<string, Value>;
}

export function vappNetworkRows(store: Store): Row[] {
  const rows: Row[] = [];
  for (const vapp of store.all('vApp')) {
    for (const n of vapp.networks) {
      const id = vappNetworkId(vapp.id, n);
      const own = ownSubnet(n) ?? (n.fenceMode === 'isolated' ? DEFAULT_ISOLATED_SUBNET : undefined);
      const subnet = own ?? (n.networkId ? store.get('network', n.networkId) : undefined);
      rows.push({
        id, orgId: vapp.orgId, sortKey: sortKeyOf(n.name, id),
        v: {
          name: n.name, ipScopeId: undefined, isIpScopeInherited: !own, gateway: subnet?.gateway,
          netmask: subnet ? netmaskOf(subnet.prefixLength) : undefined, dns1: subnet?.dns1 || undefined, dns2: subnet?.dns2 || undefined,
          dnsSuffix: subnet?.dnsSuffix || undefined, vApp: vapp.id, vAppName: vapp.name, isBusy: false,
        },
      });
    }
  }
  return rows;
}
