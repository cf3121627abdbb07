/**
 * The `edgeGateway` query type's rows (QueryResultEdgeGatewayRecordType): one per gateway, busy while a task
 * runs on it. rows.ts registers the projection; the Row shape is declared here too (rows.ts imports this module).
 */
import type { Store } from '../../store/store.js';
import type { EdgeGateway } from '../../store/types.js';
import { sortKeyOf, type IndexedRow } from '../query/rowindex.js';
import { networksOf } from './model.js';

type Value = string | number | boolean | undefined;
interface Row extends IndexedRow {
  v: Record<string, Value>;
}

const ACTIVE = new Set(['queued', 'preRunning', 'running']);

export function edgeGatewayRow(store: Store, gw: EdgeGateway): Row {
  const vdc = store.get('vdc', gw.vdcId);
  const busy = store.where('task', 'ownerId', gw.id).some((t) => ACTIVE.has(t.status));
  return {
    id: gw.id, orgId: gw.orgId, sortKey: sortKeyOf(gw.name, gw.id),
    v: {
      name: gw.name, vdc: gw.vdcId, numberOfExtNetworks: gw.uplinks.length, numberOfOrgNetworks: networksOf(store, gw).length,
      isBusy: busy, orgVdcName: vdc?.name,
      gatewayStatus: busy ? 'BUSY' : 'READY', haStatus: 'DISABLED', advancedNetworkingEnabled: true,
      distributedRoutingEnabled: gw.distributedRoutingEnabled,
    },
  };
}

export const edgeGatewayRows = (store: Store): Row[] => [...store.all('edgeGateway')].map((g) => edgeGatewayRow(store, g));
