/** Edge gateways in queries (QueryResultEdgeGatewayRecordType): one row per gateway, busy while a task runs on it. */
import type { EdgeGateway } from '../../store/types.js';
import { entitySource, fields, row, tenantHref, type Ctx, type QueryModule } from '../query/source.js';
import { networksOf } from './model.js';

function edgeGatewayRow(c: Ctx, gw: EdgeGateway) {
  const busy = c.busy(gw.id);
  return row(gw.id, gw.orgId, gw.name, {
    name: gw.name, vdc: gw.vdcId, numberOfExtNetworks: gw.uplinks.length, numberOfOrgNetworks: networksOf(c.store, gw).length,
    isBusy: busy, orgVdcName: c.store.get('vdc', gw.vdcId)?.name,
    gatewayStatus: busy ? 'BUSY' : 'READY', haStatus: 'DISABLED', advancedNetworkingEnabled: true,
    distributedRoutingEnabled: gw.distributedRoutingEnabled,
  });
}

export const edgeGatewayQueries: QueryModule = {
  sources: () => [entitySource('edgeGateway', edgeGatewayRow)],
  types: [
    {
      name: 'edgeGateway', source: 'edgeGateway', kind: 'edgeGateway', record: 'EdgeGatewayRecord', xsdType: 'QueryResultEdgeGatewayRecordType',
      references: 'EdgeGatewayReferences', admin: false, mediaType: 'application/vnd.vmware.admin.edgeGateway+xml',
      href: tenantHref('edgeGateway'),
      fields: fields(`name vdc numberOfExtNetworks numberOfOrgNetworks isBusy orgVdcName availableNetCount gatewayStatus haStatus
        advancedNetworkingEnabled distributedRoutingEnabled`),
    },
  ],
  onChange: {
    edgeGateway(t, id, gw) {
      t.mark('edgeGateway', id);
      // Routed networks copy their gateway's name (connectedTo).
      const vdcId = gw?.vdcId ?? (t.old('edgeGateway', id)?.v.vdc as string | undefined);
      if (vdcId) for (const n of t.store.where('network', 'vdcId', vdcId)) if (n.edgeGatewayId === id) t.mark('network', n.id);
      // A VDC group's networks may sit in another VDC of the group.
      if (gw?.vdcGroupId) for (const n of t.store.where('network', 'orgId', gw.orgId)) if (n.edgeGatewayId === id) t.mark('network', n.id);
    },
    // A gateway counts its routed networks.
    network(t, _id, n) {
      if (n?.vdcId) for (const g of t.store.where('edgeGateway', 'vdcId', n.vdcId)) t.mark('edgeGateway', g.id);
      if (n?.edgeGatewayId) t.mark('edgeGateway', n.edgeGatewayId);
    },
    // A running task makes its gateway busy.
    task(t, id, task) {
      t.mark('edgeGateway', task?.ownerId ?? (t.old('task', id)?.v.object as string | undefined));
    },
  },
};
