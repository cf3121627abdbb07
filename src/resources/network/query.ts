/** Org VDC networks in queries. */
import type { Network } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { netmaskOf, poolSize } from '../../lib/ippool.js';
import { adminHref, entitySource, fields, row, type Ctx, type QueryModule } from '../query/source.js';

/** OrgVdcNetworkRecord linkType: 0 direct (bridged), 1 routed, 2 isolated. */
const LINK_TYPE = { bridged: 0, natRouted: 1, isolated: 2 } as const;

function networkRow(c: Ctx, n: Network) {
  const vdc = c.store.get('vdc', n.vdcId);
  return row(n.id, n.orgId, n.name, {
    name: n.name, description: n.description, defaultGateway: n.gateway, netmask: netmaskOf(n.prefixLength),
    subnetPrefixLength: n.prefixLength, dns1: n.dns1 || undefined, dns2: n.dns2 || undefined, dnsSuffix: n.dnsSuffix || undefined,
    linkType: LINK_TYPE[n.fenceMode], connectedTo: n.edgeGatewayId ? c.store.get('edgeGateway', n.edgeGatewayId)?.name : undefined,
    vdc: n.vdcId, vdcName: vdc?.name, org: n.orgId, isBusy: false, isShared: n.isShared,
    isIpScopeInherited: false, usedIpCount: n.allocatedIps.length, totalIpCount: poolSize(n),
  });
}

export const networkQueries: QueryModule = {
  sources: () => [entitySource('network', networkRow)],
  types: [
    {
      name: 'orgVdcNetwork', source: 'network', kind: 'network', record: 'OrgVdcNetworkRecord',
      xsdType: 'QueryResultOrgVdcNetworkRecordType', references: 'OrgVdcNetworkReferences', admin: false,
      // VCD's records carry the admin href (pyvcloud's VDC network lookups rely on it).
      mediaType: MT.orgVdcNetwork, href: adminHref('network'),
      fields: fields(`name defaultGateway netmask dns1 dns2 dnsSuffix linkType connectedTo vdc isBusy isShared vdcName
        isIpScopeInherited usedIpCount totalIpCount subnetPrefixLength description`),
    },
  ],
  onChange: {
    network(t, id, n) {
      t.mark('network', id);
      const vdcId = n?.vdcId ?? (t.old('network', id)?.v.vdc as string | undefined);
      if (vdcId && t.copiedChanged('network', id, n && { name: n.name })) {
        t.each('vm', t.store.where('vm', 'vdcId', vdcId));
        for (const tpl of t.store.where('vAppTemplate', 'vdcId', vdcId)) t.cascade('vAppTemplate', tpl.id, tpl);
      }
    },
  },
};
