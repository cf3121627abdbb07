/**
 * The typed queries, as the kinds' query modules declare them (query/modules.ts), and the types of their
 * attributes, named and typed as VCD's queryRecordView.xsd has them (plus the attributes newer VCD versions
 * add, which the schema's anyAttribute allows).
 */
import type { EntityKind } from '../../store/types.js';
import type { FieldType } from '../../lib/fiql.js';
import type { QueryType, Row } from './source.js';
import { QUERY_MODULES } from './modules.js';

export type { QueryType };

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
declare('string', 'roleName');
// VM groups (the ids of their rows, their named VM group's and their vCenter's, as bare UUIDs).
declare('string', 'vmGroupId vmGroupName clusterName vcId namedVmGroupId');

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

const TYPES: QueryType[] = QUERY_MODULES.flatMap((m) => m.types ?? []);

export const QUERY_TYPES = new Map(TYPES.map((t) => [t.name, t]));

const SOURCE_NAMES = new Set(QUERY_MODULES.flatMap((m) => m.sources?.() ?? []).map((s) => s.name));
if (QUERY_TYPES.size !== TYPES.length) throw new Error('two query types have the same name');
for (const t of TYPES) {
  if (t.source && !SOURCE_NAMES.has(t.source)) throw new Error(`query type ${t.name}: no row source ${t.source}`);
  for (const name of t.fields) if (!FIELD_TYPES[name]) throw new Error(`query type ${t.name}: attribute ${name} has no type`);
}
