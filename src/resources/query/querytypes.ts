/**
 * The typed queries: for each query type, the rows it reads, the record and reference element names, the
 * XSD type (the JSON `_type`) and the record's attributes, named and typed as VCD's queryRecordView.xsd has
 * them (plus the attributes newer VCD versions add, which the schema's anyAttribute allows).
 */
import type { EntityKind } from '../../store/types.js';
import type { FieldType } from '../../lib/fiql.js';
import { MT } from '../../wire/media.js';
import { adminHrefOf, hrefOf } from '../links.js';
import type { Row, SourceName } from './rows.js';
import { PMT as PROVIDER_MT } from '../provider/kind.js';

export interface QueryType {
  name: string;
  /** Rows it reads; none for kinds the simulator does not model yet (their queries are always empty). */
  source?: SourceName;
  /** Entity kind of a record (for its URN). */
  kind: EntityKind;
  record: string;
  xsdType: string;
  /** Root element of the references format; each reference is the singular element. */
  references: string;
  /** For system administrators only. */
  admin: boolean;
  /** The URN of a record, for kinds that are not entities (rights); otherwise the kind's. */
  urn?: (id: string) => string;
  /** Media type of a record's entity (the `type` of idrecords and references). */
  mediaType: string;
  href(base: string, row: Row): string;
  /** The record's attributes, in schema order. */
  fields: string[];
}

/** Attribute types: how filters compare and how records render them. */
export const FIELD_TYPES: Record<string, FieldType> = {};
const declare = (type: FieldType, names: string) => {
  for (const n of names.trim().split(/\s+/)) FIELD_TYPES[n] = type;
};
declare('string', `name description displayName status orgName allocationModel ownerName publishSubscriptionType
  entityName entityType catalogName vdcName containerName guestOs networkName ipAddress vmNameInVc defaultGateway netmask
  dns1 dns2 dnsSuffix connectedTo category operationFull message objectType objectName serviceNamespace details fullName
  identityProviderType orgVdcName gatewayStatus haStatus ipScopeId gateway vAppName storageProfileName`);
declare('string', 'busType busSubType busTypeDesc sharingType uuid datastoreName');
declare('number', 'sizeB sizeMb iops attachedVmCount');
declare('boolean', 'isAttached isShareable encrypted');
declare('ref', 'storageProfile');
declare('number', `deployedVMQuota storedVMQuota numberOfCatalogs numberOfVdcs numberOfVApps numberOfGroups numberOfDisks
  cpuAllocationMhz cpuLimitMhz cpuReservedMhz cpuUsedMhz cpuOverheadMhz memoryAllocationMB memoryLimitMB memoryReservedMB
  memoryUsedMB memoryOverheadMB storageLimitMB storageUsedMB storageOverheadMB numberOfDeployedVApps numberOfVAppTemplates
  numberOfMedia numberOfStorageProfiles numberOfVMs numberOfRunningVMs numberOfResourcePools numberOfTemplates version
  iopsAllocated iopsLimit numberOfConditions subnetPrefixLength linkType usedIpCount totalIpCount numberOfCpus
  cpuAllocationInMhz storageKB lowestHardwareVersionInVApp pvdcHighestSupportedHardwareVersion memoryMB hardwareVersion
  totalStorageAllocatedMb progress numberOfDeployedVMs numberOfStoredVMs numberOfExtNetworks numberOfOrgNetworks
  availableNetCount storageB`);
declare('boolean', `isEnabled isReadOnly canPublishCatalogs isSystemVdc isBusy isVCEnabled isThinProvisioned isFastProvisioned
  isDefaultStorageProfile isVdcBusy isPublished isShared isLocal isVdcEnabled isExpired isGoldMaster isDeployed isInCatalog
  isIpScopeInherited isPublic isInMaintenanceMode isAutoNature honorBootOrder isAutoDeleteNotified isAutoUndeployNotified
  isVAppTemplate isDeleted isComputePolicyCompliant hasOwner isLdapUser advancedNetworkingEnabled distributedRoutingEnabled`);
declare('date', 'creationDate startDate endDate dateCreated');
// The provider side's attributes.
declare('string', 'listenerState url userName vcVersion uuid moref vcName providerName clusterMoref storageProfileMoref portgroupType');
declare('number', `numberOfDatastores storageAllocationMB storageProvisionedMB storageRequestedMB storageTotalMB networkPoolType
  scopeType`);
declare('boolean', 'isSupported isPrimary isVCEnabled');
declare('ref', 'vc providerVdc');
declare('ref', 'org vdc owner entity catalog catalogItem container network object vApp');

/** The kind a reference attribute points at (rendered as that kind's href, or URN in idrecords). */
export function refKind(field: string, row: Row): EntityKind {
  switch (field) {
    case 'org': return 'org';
    case 'vdc': return 'vdc';
    case 'owner': return 'user';
    case 'entity': return 'vAppTemplate';
    case 'catalog': return 'catalog';
    case 'catalogItem': return 'catalogItem';
    case 'network': return 'network';
    case 'vApp': return 'vApp';
    case 'storageProfile': return 'storageProfile';
    case 'container': return row.v.isVAppTemplate ? 'vAppTemplate' : 'vApp';
    case 'object': return row.v.objectKind as EntityKind;
    case 'vc': return 'vCenter';
    case 'providerVdc': return 'providerVdc';
    default: throw new Error(`${field} is not a reference attribute`);
  }
}

const f = (names: string) => names.trim().split(/\s+/);
const tenantHref = (kind: EntityKind) => (base: string, row: Row) => hrefOf(base, kind, row.id);
const adminHref = (kind: EntityKind) => (base: string, row: Row) => adminHrefOf(base, kind, row.id);
const vmHref = (base: string, row: Row) =>
  row.v.isVAppTemplate ? `${base}/api/vAppTemplate/vm-${row.id}` : hrefOf(base, 'vm', row.id);

const VDC_FIELDS = `name description isEnabled cpuAllocationMhz cpuLimitMhz cpuUsedMhz cpuReservedMhz memoryAllocationMB
  memoryLimitMB memoryUsedMB memoryReservedMB storageLimitMB storageUsedMB orgName org numberOfVApps numberOfMedia
  numberOfDisks numberOfVAppTemplates isSystemVdc isBusy status numberOfStorageProfiles numberOfVMs numberOfRunningVMs
  numberOfDeployedVApps isThinProvisioned isFastProvisioned`;
const VAPP_FIELDS = `name vdc vdcName isPublic isEnabled isBusy creationDate status ownerName isDeployed isInMaintenanceMode
  isAutoNature isExpired numberOfVMs numberOfCpus cpuAllocationMhz cpuAllocationInMhz memoryAllocationMB storageKB
  isVdcEnabled honorBootOrder lowestHardwareVersionInVApp pvdcHighestSupportedHardwareVersion isAutoDeleteNotified
  isAutoUndeployNotified description`;
const CATALOG_ITEM_FIELDS = `name entity entityName entityType catalog catalogName ownerName owner isPublished vdc vdcName
  isVdcEnabled creationDate isExpired status`;
const TASK_FIELDS = 'org orgName name operationFull message startDate endDate status progress ownerName object objectType objectName serviceNamespace details';
const USER_FIELDS = 'name fullName isEnabled numberOfDeployedVMs deployedVMQuota numberOfStoredVMs storedVMQuota isLdapUser identityProviderType';
const MEDIA_FIELDS = `ownerName catalogName isPublished name vdc vdcName org creationDate isBusy storageB owner catalog catalogItem
  status storageProfileName`;

/** The XSD's attributes first, then those VCD 10.x adds (sizeMb, iops, sharing…) that go-vcloud-director reads. */
const DISK_FIELDS = `name vdc sizeB datastoreName ownerName vdcName storageProfile storageProfileName status busType busTypeDesc
  busSubType isAttached description sizeMb iops encrypted uuid attachedVmCount sharingType isShareable`;

const TYPES: QueryType[] = [
  {
    name: 'organization', source: 'org', kind: 'org', record: 'OrgRecord', xsdType: 'QueryResultOrgRecordType',
    references: 'OrgReferences', admin: false, mediaType: MT.org, href: tenantHref('org'),
    fields: f(`name displayName isEnabled isReadOnly deployedVMQuota storedVMQuota canPublishCatalogs numberOfCatalogs
      numberOfVdcs numberOfVApps numberOfGroups numberOfDisks`),
  },
  {
    name: 'orgVdc', source: 'vdc', kind: 'vdc', record: 'OrgVdcRecord', xsdType: 'QueryResultOrgVdcRecordType',
    references: 'OrgVdcReferences', admin: false, mediaType: MT.vdc, href: tenantHref('vdc'),
    fields: f(`${VDC_FIELDS} allocationModel`),
  },
  {
    // The schema types AdminVdcRecord's allocationModel as an int whose codes are not documented: left out.
    name: 'adminOrgVdc', source: 'vdc', kind: 'vdc', record: 'AdminVdcRecord', xsdType: 'QueryResultAdminVdcRecordType',
    references: 'AdminVdcReferences', admin: true, mediaType: MT.adminVdc, href: adminHref('vdc'),
    fields: f(`${VDC_FIELDS} cpuOverheadMhz memoryOverheadMB storageOverheadMB isVCEnabled numberOfResourcePools`),
  },
  {
    name: 'orgVdcStorageProfile', source: 'storageProfile', kind: 'storageProfile', record: 'OrgVdcStorageProfileRecord',
    xsdType: 'QueryResultOrgVdcStorageProfileRecordType', references: 'OrgVdcStorageProfileReferences', admin: false,
    mediaType: MT.vdcStorageProfile, href: tenantHref('storageProfile'),
    fields: f(`name isEnabled isDefaultStorageProfile storageUsedMB storageLimitMB iopsAllocated iopsLimit numberOfConditions
      vdc vdcName isVdcBusy`),
  },
  {
    name: 'catalog', source: 'catalog', kind: 'catalog', record: 'CatalogRecord', xsdType: 'QueryResultCatalogRecordType',
    references: 'CatalogReferences', admin: false, mediaType: MT.catalog, href: tenantHref('catalog'),
    fields: f(`name description isPublished isShared creationDate orgName ownerName numberOfVAppTemplates numberOfMedia owner
      publishSubscriptionType version org isLocal`),
  },
  {
    name: 'adminCatalog', source: 'catalog', kind: 'catalog', record: 'AdminCatalogRecord', xsdType: 'QueryResultAdminCatalogRecordType',
    references: 'CatalogReferences', admin: true, mediaType: MT.adminCatalog, href: adminHref('catalog'),
    fields: f('org name isPublished isShared creationDate orgName ownerName numberOfTemplates numberOfMedia owner description isLocal'),
  },
  {
    name: 'catalogItem', source: 'catalogItem', kind: 'catalogItem', record: 'CatalogItemRecord',
    xsdType: 'QueryResultCatalogItemRecordType', references: 'CatalogItemReferences', admin: false,
    mediaType: MT.catalogItem, href: tenantHref('catalogItem'), fields: f(CATALOG_ITEM_FIELDS),
  },
  {
    name: 'adminCatalogItem', source: 'catalogItem', kind: 'catalogItem', record: 'AdminCatalogItemRecord',
    xsdType: 'QueryResultAdminCatalogItemRecordType', references: 'CatalogItemReferences', admin: true,
    mediaType: MT.catalogItem, href: tenantHref('catalogItem'), fields: f(`${CATALOG_ITEM_FIELDS} org`),
  },
  {
    name: 'vAppTemplate', source: 'vAppTemplate', kind: 'vAppTemplate', record: 'VAppTemplateRecord',
    xsdType: 'QueryResultVAppTemplateRecordType', references: 'VAppTemplateReferences', admin: false,
    mediaType: MT.vAppTemplate, href: tenantHref('vAppTemplate'),
    fields: f(`ownerName catalogName isPublished name description vdc vdcName org creationDate isBusy isGoldMaster isEnabled
      status isDeployed isExpired storageProfileName catalog catalogItem owner numberOfVMs isInCatalog`),
  },
  {
    name: 'adminVAppTemplate', source: 'vAppTemplate', kind: 'vAppTemplate', record: 'AdminVAppTemplateRecord',
    xsdType: 'QueryResultAdminVAppTemplateRecordType', references: 'VAppTemplateReferences', admin: true,
    mediaType: MT.vAppTemplate, href: tenantHref('vAppTemplate'),
    fields: f(`org ownerName owner isPublished name vdc vdcName isVdcEnabled catalog catalogName catalogItem creationDate isBusy
      isGoldMaster isEnabled isExpired isDeployed status storageProfileName description numberOfVMs isInCatalog`),
  },
  {
    name: 'vApp', source: 'vApp', kind: 'vApp', record: 'VAppRecord', xsdType: 'QueryResultVAppRecordType',
    references: 'VAppReferences', admin: false, mediaType: MT.vApp, href: tenantHref('vApp'),
    fields: f(`${VAPP_FIELDS} owner`),
  },
  {
    name: 'adminVApp', source: 'vApp', kind: 'vApp', record: 'AdminVAppRecord', xsdType: 'QueryResultAdminVAppRecordType',
    references: 'VAppReferences', admin: true, mediaType: MT.vApp, href: tenantHref('vApp'),
    fields: f(`org ${VAPP_FIELDS} owner`),
  },
  {
    name: 'vm', source: 'vm', kind: 'vm', record: 'VMRecord', xsdType: 'QueryResultVMRecordType', references: 'VMReferences',
    admin: false, mediaType: MT.vm, href: vmHref,
    fields: f(`name containerName container ownerName owner vdc isVAppTemplate isDeleted guestOs numberOfCpus memoryMB status
      networkName network ipAddress isBusy isDeployed isPublished catalogName hardwareVersion isInMaintenanceMode isAutoNature
      storageProfileName isAutoUndeployNotified isAutoDeleteNotified vdcName isVdcEnabled isComputePolicyCompliant
      dateCreated totalStorageAllocatedMb isExpired description`),
  },
  {
    name: 'adminVM', source: 'vm', kind: 'vm', record: 'AdminVMRecord', xsdType: 'QueryResultAdminVMRecordType',
    references: 'VMReferences', admin: true, mediaType: MT.vm, href: vmHref,
    fields: f(`name containerName container status vdc isVAppTemplate isDeleted guestOs numberOfCpus memoryMB networkName
      isDeployed isPublished catalogName isVdcEnabled hardwareVersion org storageProfileName isAutoNature vdcName ownerName
      owner network ipAddress isBusy isInMaintenanceMode isComputePolicyCompliant dateCreated totalStorageAllocatedMb
      isExpired vmNameInVc description`),
  },
  {
    name: 'orgVdcNetwork', source: 'network', kind: 'network', record: 'OrgVdcNetworkRecord',
    xsdType: 'QueryResultOrgVdcNetworkRecordType', references: 'OrgVdcNetworkReferences', admin: false,
    mediaType: MT.orgVdcNetwork, href: tenantHref('network'),
    fields: f(`name defaultGateway netmask dns1 dns2 dnsSuffix linkType connectedTo vdc isBusy isShared vdcName
      isIpScopeInherited usedIpCount totalIpCount subnetPrefixLength description`),
  },
  {
    name: 'task', source: 'task', kind: 'task', record: 'TaskRecord', xsdType: 'QueryResultTaskRecordType',
    references: 'TaskReferences', admin: false, mediaType: MT.task, href: tenantHref('task'),
    fields: f(TASK_FIELDS),
  },
  {
    name: 'adminTask', source: 'task', kind: 'task', record: 'AdminTaskRecord', xsdType: 'QueryResultAdminTaskRecordType',
    references: 'TaskReferences', admin: true, mediaType: MT.task, href: tenantHref('task'),
    fields: f(`${TASK_FIELDS} owner hasOwner`),
  },
  {
    name: 'user', source: 'user', kind: 'user', record: 'UserRecord', xsdType: 'QueryResultUserRecordType',
    references: 'UserReferences', admin: false, mediaType: MT.user, href: tenantHref('user'),
    fields: f(USER_FIELDS),
  },
  {
    name: 'adminUser', source: 'user', kind: 'user', record: 'AdminUserRecord', xsdType: 'QueryResultAdminUserRecordType',
    references: 'UserReferences', admin: true, mediaType: MT.user, href: tenantHref('user'),
    fields: f(`${USER_FIELDS} org`),
  },
  // The provider side (System administrators only).
  {
    name: 'providerVdc', source: 'providerVdc', kind: 'providerVdc', record: 'VMWProviderVdcRecord',
    xsdType: 'QueryResultVMWProviderVdcRecordType', references: 'VMWProviderVdcReferences', admin: true,
    mediaType: PROVIDER_MT.providerVdc, href: tenantHref('providerVdc'),
    fields: f(`name status isBusy isDeleted isEnabled cpuAllocationMhz cpuLimitMhz cpuUsedMhz numberOfDatastores
      numberOfStorageProfiles numberOfVdcs memoryAllocationMB memoryLimitMB memoryUsedMB storageAllocationMB storageLimitMB
      storageUsedMB cpuOverheadMhz storageOverheadMB memoryOverheadMB vcName`),
  },
  {
    name: 'providerVdcStorageProfile', source: 'pvdcStorageProfile', kind: 'pvdcStorageProfile',
    record: 'ProviderVdcStorageProfileRecord', xsdType: 'QueryResultProviderVdcStorageProfileRecordType',
    references: 'ProviderVdcStorageProfileReferences', admin: true, mediaType: PROVIDER_MT.pvdcStorageProfile,
    href: tenantHref('pvdcStorageProfile'),
    fields: f(`name providerVdc vc storageProfileMoref isEnabled storageProvisionedMB storageRequestedMB storageTotalMB
      storageUsedMB numberOfConditions`),
  },
  {
    name: 'networkPool', source: 'networkPool', kind: 'networkPool', record: 'NetworkPoolRecord',
    xsdType: 'QueryResultNetworkPoolRecordType', references: 'NetworkPoolReferences', admin: true,
    mediaType: PROVIDER_MT.vmwNetworkPool, href: tenantHref('networkPool'), fields: f('name isBusy networkPoolType'),
  },
  {
    name: 'externalNetwork', source: 'externalNetwork', kind: 'externalNetwork', record: 'NetworkRecord',
    xsdType: 'QueryResultNetworkRecordType', references: 'NetworkReferences', admin: true,
    mediaType: PROVIDER_MT.externalNetwork, href: tenantHref('externalNetwork'),
    fields: f('name gateway netmask dns1 dns2 dnsSuffix isBusy'),
  },
  {
    name: 'virtualCenter', source: 'vCenter', kind: 'vCenter', record: 'VirtualCenterRecord',
    xsdType: 'QueryResultVirtualCenterRecordType', references: 'VirtualCenterReferences', admin: true,
    mediaType: PROVIDER_MT.vimServer, href: tenantHref('vCenter'),
    fields: f('name isBusy isEnabled isSupported listenerState status url userName vcVersion uuid'),
  },
  {
    // Resource pools have no VCD id: their rows are `<vCenter id>/<moref>`, their href the vCenter's.
    name: 'resourcePool', source: 'resourcePool', kind: 'vCenter', record: 'ResourcePoolRecord',
    xsdType: 'QueryResultResourcePoolRecordType', references: 'ResourcePoolReferences', admin: true,
    mediaType: PROVIDER_MT.vimServer, href: (base, row) => hrefOf(base, 'vCenter', row.id.split('/')[0]),
    fields: f('name moref isDeleted vc vcName providerVdc providerName isEnabled isPrimary clusterMoref'),
  },
  {
    // Newer than the published XSDs (NSX-T came with API 31): go-vcloud-director reads it.
    name: 'nsxTManager', source: 'nsxtManager', kind: 'nsxtManager', record: 'NsxTManagerRecord',
    xsdType: 'QueryResultNsxTManagerRecordType', references: 'NsxTManagerReferences', admin: true,
    mediaType: PROVIDER_MT.nsxtManager, href: tenantHref('nsxtManager'), fields: f('name url'),
  },
  {
    // NSX-T backed networks use no vSphere port groups: valid, and empty.
    name: 'portgroup', kind: 'vCenter', record: 'PortgroupRecord', xsdType: 'QueryResultPortgroupRecordType',
    references: 'PortgroupReferences', admin: true, mediaType: PROVIDER_MT.vimServer, href: tenantHref('vCenter'),
    fields: f('name moref portgroupType vc vcName isVCEnabled scopeType'),
  },
  {
    name: 'disk', source: 'disk', kind: 'disk', record: 'DiskRecord', xsdType: 'QueryResultDiskRecordType',
    references: 'DiskReferences', admin: false, mediaType: MT.disk, href: tenantHref('disk'), fields: f(DISK_FIELDS),
  },
  {
    name: 'adminDisk', source: 'disk', kind: 'disk', record: 'AdminDiskRecord', xsdType: 'QueryResultAdminDiskRecordType',
    references: 'DiskReferences', admin: true, mediaType: MT.disk, href: tenantHref('disk'), fields: f(`${DISK_FIELDS} org`),
  },
  {
    // Global roles show in every org's role query; the System Administrator role in the System org's only.
    name: 'role', source: 'role', kind: 'role', record: 'RoleRecord', xsdType: 'QueryResultRoleRecordType',
    references: 'RoleReferences', admin: false, mediaType: MT.role, href: tenantHref('role'), fields: f('name isReadOnly'),
  },
  {
    name: 'adminRole', source: 'role', kind: 'role', record: 'AdminRoleRecord', xsdType: 'QueryResultAdminRoleRecordType',
    references: 'RoleReferences', admin: true, mediaType: MT.role, href: tenantHref('role'), fields: f('name isReadOnly org orgName'),
  },
  {
    name: 'right', source: 'right', kind: 'role', record: 'RightRecord', xsdType: 'QueryResultRightRecordType',
    references: 'RightReferences', admin: false, mediaType: MT.right, href: (base, row) => `${base}/api/admin/right/${row.id}`,
    urn: (id) => `urn:vcloud:right:${id}`, fields: f('name category'),
  },
  // Kinds the simulator does not model yet (edge gateways): valid queries that find nothing.
  {
    name: 'edgeGateway', kind: 'network', record: 'EdgeGatewayRecord', xsdType: 'QueryResultEdgeGatewayRecordType',
    references: 'EdgeGatewayReferences', admin: false, mediaType: 'application/vnd.vmware.admin.edgeGateway+xml',
    href: tenantHref('network'),
    fields: f(`name vdc numberOfExtNetworks numberOfOrgNetworks isBusy orgVdcName availableNetCount gatewayStatus haStatus
      advancedNetworkingEnabled distributedRoutingEnabled`),
  },
  {
    name: 'media', source: 'media', kind: 'media', record: 'MediaRecord', xsdType: 'QueryResultMediaRecordType', references: 'MediaReferences',
    admin: false, mediaType: MT.media, href: tenantHref('media'),
    fields: f(MEDIA_FIELDS),
  },
  {
    name: 'adminMedia', source: 'media', kind: 'media', record: 'AdminMediaRecord', xsdType: 'QueryResultAdminMediaRecordType',
    references: 'MediaReferences', admin: true, mediaType: MT.media,
    href: tenantHref('media'), fields: f(`${MEDIA_FIELDS} isVdcEnabled`),
  },
  {
    name: 'vAppNetwork', source: 'vAppNetwork', kind: 'network', record: 'VAppNetworkRecord', xsdType: 'QueryResultVAppNetworkRecordType',
    references: 'VAppNetworkReferences', admin: false, mediaType: 'application/vnd.vmware.vcloud.vAppNetwork+xml',
    href: tenantHref('network'),
    fields: f('name ipScopeId isIpScopeInherited gateway netmask dns1 dns2 dnsSuffix vApp vAppName isBusy'),
  },
];

export const QUERY_TYPES = new Map(TYPES.map((t) => [t.name, t]));

for (const t of TYPES) {
  for (const name of t.fields) if (!FIELD_TYPES[name]) throw new Error(`query type ${t.name}: attribute ${name} has no type`);
}
