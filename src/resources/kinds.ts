/**
 * Every entity kind's descriptor (`<kind>/kind.ts`), by kind: the type makes the list complete. Hrefs and
 * URNs (links.ts), tenancy (access.ts), the entity resolver, task owners, store indexes and the inventory
 * metric read it.
 */
import type { EntityKind } from '../store/types.js';
import type { StoreIndexes } from '../store/store.js';
import type { KindDescriptor } from './kind.js';
import { orgKind } from './org/kind.js';
import { roleKind, userKind } from './user/kind.js';
import { storageProfileKind, vdcKind } from './vdc/kind.js';
import { catalogItemKind, catalogKind } from './catalog/kind.js';
import { vAppTemplateKind } from './vapptemplate/kind.js';
import { networkKind } from './network/kind.js';
import { vAppKind } from './vapp/kind.js';
import { vmKind } from './vm/kind.js';
import { taskKind } from './task/kind.js';
import { sessionKind } from './session/kind.js';
import {
  externalNetworkKind, networkPoolKind, nsxtManagerKind, providerVdcKind, pvdcStorageProfileKind, vCenterKind,
} from './provider/kind.js';
import { mediaKind } from './media/kind.js';
import { diskKind } from './disk/kind.js';
import { edgeGatewayKind } from './edgegateway/kind.js';
import { appPortProfileKind } from './appportprofile/kind.js';
import { firewallGroupKind } from './firewallgroup/kind.js';
import { edgeFirewallKind } from './firewall/kind.js';
import { natRuleKind } from './nat/kind.js';
import { staticRouteKind } from './staticroute/kind.js';
import { dhcpBindingKind, networkDhcpKind } from './dhcp/kind.js';
import { gatewayDnsKind } from './dns/kind.js';
import { ipsecTunnelKind } from './ipsec/kind.js';
import { groupKind } from './group/kind.js';
import { vdcGroupKind } from './vdcgroup/kind.js';
import { computePolicyKind, logicalVmGroupKind, vmGroupKind } from './computepolicy/kind.js';
import { dfwRuleKind } from './dfw/kind.js';

export const KINDS: { readonly [K in EntityKind]: KindDescriptor<K> } = {
  org: orgKind,
  role: roleKind,
  user: userKind,
  vdc: vdcKind,
  storageProfile: storageProfileKind,
  catalog: catalogKind,
  catalogItem: catalogItemKind,
  vAppTemplate: vAppTemplateKind,
  network: networkKind,
  vApp: vAppKind,
  vm: vmKind,
  task: taskKind,
  session: sessionKind,
  vCenter: vCenterKind,
  nsxtManager: nsxtManagerKind,
  networkPool: networkPoolKind,
  externalNetwork: externalNetworkKind,
  providerVdc: providerVdcKind,
  pvdcStorageProfile: pvdcStorageProfileKind,
  media: mediaKind,
  disk: diskKind,
  edgeGateway: edgeGatewayKind,
  appPortProfile: appPortProfileKind,
  firewallGroup: firewallGroupKind,
  edgeFirewall: edgeFirewallKind,
  natRule: natRuleKind,
  staticRoute: staticRouteKind,
  computePolicy: computePolicyKind,
  networkDhcp: networkDhcpKind,
  dhcpBinding: dhcpBindingKind,
  gatewayDns: gatewayDnsKind,
  ipsecTunnel: ipsecTunnelKind,
  group: groupKind,
  vdcGroup: vdcGroupKind,
  vmGroup: vmGroupKind,
  logicalVmGroup: logicalVmGroupKind,
  dfwRule: dfwRuleKind,
};

export function kindOf<K extends EntityKind>(kind: K): KindDescriptor<K> {
  return KINDS[kind] as KindDescriptor<K>;
}

/** The store's indexes, as the descriptors declare them. */
export const STORE_INDEXES: StoreIndexes = Object.fromEntries(
  Object.values(KINDS).filter((d) => d.indexes?.length).map((d) => [d.kind, d.indexes]),
);

/** Kinds counted in the inventory metric. */
export const INVENTORY_KINDS: EntityKind[] = Object.values(KINDS).filter((d) => d.inventoryMetric).map((d) => d.kind);
