/**
 * What each resource kind contributes to the running simulator: its routes and its task effects. A kind's
 * identity (URN, hrefs, media type, owner org, indexes) is its descriptor, listed in kinds.ts.
 */
import type { Router } from 'express';
import type { World } from '../world.js';
import { versionsRoutes } from './versions/routes.js';
import { sessionRoutes } from './session/routes.js';
import { orgRoutes } from './org/routes.js';
import { vdcRoutes } from './vdc/routes.js';
import { catalogRoutes, vcspRoutes } from './catalog/routes.js';
import { templateRoutes } from './vapptemplate/routes.js';
import { networkRoutes } from './network/routes.js';
import { userRoutes } from './user/routes.js';
import { entityRoutes } from './entity/routes.js';
import { adminRoutes } from './admin/routes.js';
import { metadataRoutes } from './metadata/routes.js';
import { taskRoutes } from './task/routes.js';
import { vappRoutes } from './vapp/routes.js';
import { vmRoutes } from './vm/routes.js';
import { queryRoutes } from './query/routes.js';
import { orgCloudRoutes } from './org/cloudapi.js';
import { vdcCloudRoutes } from './vdc/cloudapi.js';
import { userCloudRoutes } from './user/cloudapi.js';
import { providerRoutes } from './provider/routes.js';
import { registerVAppActions } from './vapp/actions.js';
import { registerVmActions } from './vm/actions.js';
import { transferRoutes } from './transfer/routes.js';
import { mediaRoutes } from './media/routes.js';
import { registerUploadActions } from './transfer/ops.js';
import { registerMediaActions } from './media/ops.js';
import { diskRoutes } from './disk/routes.js';
import { registerDiskActions } from './disk/actions.js';
import { registerMetadataActions } from './metadata/actions.js';
import { registerOrgActions } from './org/actions.js';
import { roleRoutes } from './user/roles.js';
import { roleCloudRoutes } from './user/cloudapi-roles.js';
import { edgeGatewayRoutes } from './edgegateway/routes.js';
import { appPortProfileRoutes } from './appportprofile/routes.js';
import { registerAppPortProfileActions } from './appportprofile/actions.js';
import { firewallGroupRoutes } from './firewallgroup/routes.js';
import { registerFirewallGroupActions } from './firewallgroup/actions.js';
import { firewallRoutes } from './firewall/routes.js';
import { registerFirewallActions } from './firewall/actions.js';
import { natRoutes } from './nat/routes.js';
import { registerNatActions } from './nat/actions.js';
import { staticRouteRoutes } from './staticroute/routes.js';
import { registerStaticRouteActions } from './staticroute/actions.js';
import { registerEdgeGatewayActions } from './edgegateway/actions.js';
import { externalNetworkRoutes } from './externalnetwork/routes.js';
import { registerExternalNetworkActions } from './externalnetwork/ops.js';
import { orgNetworkCloudRoutes } from './network/cloudroutes.js';
import { orgNetworkLegacyRoutes } from './network/legacyroutes.js';
import { registerOrgNetworkActions } from './network/cloudops.js';
import { maintenanceRoutes } from './vm/maintenance-routes.js';
import { vappNetworkRoutes } from './vapp/network-routes.js';
import { registerMaintenanceActions } from './vm/maintenance.js';
import { registerVdcActions } from './vdc/actions.js';
import { computePolicyRoutes, logicalVmGroupRoutes } from './computepolicy/routes.js';
import { aclRoutes } from './acl/routes.js';
import { productSectionRoutes } from './vapp/productsections.js';
import { registerCatalogActions } from './catalog/actions.js';
import { registerStorageActions, storageRoutes } from './vm/storage.js';
import { dhcpRoutes } from './dhcp/routes.js';
import { registerDhcpActions } from './dhcp/actions.js';
import { dnsRoutes } from './dns/routes.js';
import { registerDnsActions } from './dns/actions.js';
import { ipsecRoutes } from './ipsec/routes.js';
import { registerIpsecActions } from './ipsec/actions.js';
import { usedIpRoutes } from './gatewayips/routes.js';
import { groupRoutes } from './group/routes.js';
import { vdcGroupRoutes } from './vdcgroup/routes.js';
import { segmentRoutes } from './network/segments.js';
import { registerVdcGroupActions } from './vdcgroup/ops.js';
import { dfwRoutes } from './dfw/routes.js';
import { registerDfwActions } from './dfw/ops.js';

export type RegisterRoutes = (router: Router, sim: World) => void;

/** Routes that answer without a session (API discovery and logging in). */
export const PUBLIC_ROUTES: RegisterRoutes[] = [versionsRoutes, vcspRoutes];

export const RESOURCE_ROUTES: RegisterRoutes[] = [
  aclRoutes,
  sessionRoutes, metadataRoutes, orgRoutes, vdcRoutes, catalogRoutes, templateRoutes, vappNetworkRoutes, networkRoutes, userRoutes, entityRoutes, adminRoutes,
  taskRoutes, vappRoutes, vmRoutes,
  queryRoutes, orgCloudRoutes, vdcCloudRoutes, userCloudRoutes,
  providerRoutes,
  transferRoutes, mediaRoutes,
  diskRoutes,
  roleRoutes, roleCloudRoutes,
  edgeGatewayRoutes, appPortProfileRoutes, firewallGroupRoutes, firewallRoutes, natRoutes, staticRouteRoutes, externalNetworkRoutes, orgNetworkCloudRoutes, orgNetworkLegacyRoutes,
  maintenanceRoutes, productSectionRoutes,
  storageRoutes,
  computePolicyRoutes,
  dhcpRoutes, dnsRoutes, ipsecRoutes, usedIpRoutes,
  groupRoutes,
  vdcGroupRoutes, segmentRoutes,
  logicalVmGroupRoutes,
  dfwRoutes,
];

export type RegisterActions = (world: World) => void;

/** Task effects (what a task does on success, and undoes on failure), registered once on the world's task engine. */
export const TASK_ACTIONS: RegisterActions[] = [
  registerVAppActions, registerVmActions, registerUploadActions, registerMediaActions, registerDiskActions, registerMetadataActions, registerOrgActions,
  // A deleted gateway's services go in this order: firewall groups, NAT rules, static routes, then its firewall.
  registerAppPortProfileActions, registerFirewallGroupActions, registerNatActions, registerStaticRouteActions, registerFirewallActions,
  registerEdgeGatewayActions, registerExternalNetworkActions, registerOrgNetworkActions,
  registerMaintenanceActions,
  registerStorageActions,
  registerVdcActions,
  registerCatalogActions,
  registerDhcpActions, registerDnsActions, registerIpsecActions,
  registerVdcGroupActions,
  registerDfwActions,
];
