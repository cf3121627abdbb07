/** OrgVdcNetwork documents. */
import type { World } from '../../world.js';
import type { IpSubnet, Network } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link, ref } from '../../wire/links.js';
import { EGW_MT } from '../edgegateway/kind.js';
import { tasksInProgress } from '../task/view.js';
import { adminHrefOf, hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';
import { netmaskOf } from '../../lib/ippool.js';

export function networkView(sim: World, base: string, n: Network, admin = false): Rendered {
  const href = admin ? adminHrefOf(base, 'network', n.id) : hrefOf(base, 'network', n.id);
  return {
    root: 'OrgVdcNetwork',
    type: MT.orgVdcNetwork,
    body: {
      '@_href': href,
      '@_type': MT.orgVdcNetwork,
      '@_id': urn('network', n.id),
      '@_name': n.name,
      '@_status': 1,
      Link: [
        link('up', hrefOf(base, 'vdc', n.vdcId), MT.vdc),
        link('up', hrefOf(base, 'org', n.orgId), MT.org),
        link('down', `${hrefOf(base, 'network', n.id)}/metadata`, MT.metadata),
      ],
      Description: n.description,
      Tasks: tasksInProgress(sim, base, n.id),
      Configuration: {
        IpScopes: { IpScope: [ipScope(n, false)] },
        FenceMode: n.fenceMode,
        RetainNetInfoAcrossDeployments: false,
      },
      EdgeGateway: edgeGatewayRef(sim, base, n),
      IsShared: n.isShared,
    },
  };
}

/** A routed network's edge gateway, as the legacy OrgVdcNetwork names it. */
function edgeGatewayRef(sim: World, base: string, n: Network): Doc | undefined {
  const gw = n.edgeGatewayId ? sim.store.get('edgeGateway', n.edgeGatewayId) : undefined;
  return gw && ref(hrefOf(base, 'edgeGateway', gw.id), EGW_MT, gw.name, urn('edgeGateway', gw.id));
}

/** The IpScope of an org VDC network; a vApp network bridged to it shows it inherited, without ranges. */
export function ipScope(n: IpSubnet, inherited: boolean): Doc {
  return {
    IsInherited: inherited,
    Gateway: n.gateway,
    Netmask: netmaskOf(n.prefixLength),
    SubnetPrefixLength: n.prefixLength,
    Dns1: n.dns1 || undefined,
    Dns2: n.dns2 || undefined,
    DnsSuffix: n.dnsSuffix || undefined,
    IsEnabled: true,
    IpRanges: inherited ? undefined : { IpRange: n.ipRanges.map((r) => ({ StartAddress: r.start, EndAddress: r.end })) },
  };
}
