/** VCD media types, namespaces and API versions: the vocabulary of the wire. */

export const NS = {
  vcloud: 'http://www.vmware.com/vcloud/v1.5',
  versions: 'http://www.vmware.com/vcloud/versions',
  ovf: 'http://schemas.dmtf.org/ovf/envelope/1',
  rasd: 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData',
  vssd: 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData',
  vmw: 'http://www.vmware.com/schema/ovf',
  ovfenv: 'http://schemas.dmtf.org/ovf/environment/1',
  vmext: 'http://www.vmware.com/vcloud/extension/v1.5',
  common: 'http://schemas.dmtf.org/wbem/wscim/1/common',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

/** Namespace declarations real VCD puts on every root element (pyvcloud needs the default one). */
export const ROOT_NAMESPACES: Record<string, string> = {
  '@_xmlns': NS.vcloud,
  '@_xmlns:ovf': NS.ovf,
  '@_xmlns:vcloud': NS.vcloud,
  '@_xmlns:vssd': NS.vssd,
  '@_xmlns:common': NS.common,
  '@_xmlns:rasd': NS.rasd,
  '@_xmlns:vmw': NS.vmw,
  '@_xmlns:vmext': NS.vmext,
  '@_xmlns:ovfenv': NS.ovfenv,
};

/**
 * Supported API versions, oldest first, patch levels included as a VCD 10.5.1 server lists them
 * (go-vcloud-director asks for 37.1+ on VM, recompose and CloudAPI calls once it sees them). The newest is
 * the default.
 */
export const API_VERSIONS = ['33.0', '34.0', '35.0', '35.2', '36.0', '36.1', '36.2', '36.3', '37.0', '37.1', '37.2', '37.3', '38.0', '38.1'] as const;
/** Older versions still listed by /api/versions, flagged deprecated (clients sort and pick). */
export const DEPRECATED_VERSIONS = ['29.0', '30.0', '31.0', '32.0'] as const;
export const DEFAULT_VERSION = API_VERSIONS[API_VERSIONS.length - 1];
/** First version whose LoginUrl points at the CloudAPI session endpoint (as a real 10.4 server lists it). */
export const CLOUDAPI_LOGIN_FROM = 36;

export function isSupportedVersion(v: string): boolean {
  return (API_VERSIONS as readonly string[]).includes(v) || (DEPRECATED_VERSIONS as readonly string[]).includes(v);
}

/** `vcloud('vApp')` → `application/vnd.vmware.vcloud.vApp+xml` (no version). */
export const vcloud = (name: string) => `application/vnd.vmware.vcloud.${name}+xml`;
export const admin = (name: string) => `application/vnd.vmware.admin.${name}+xml`;

export const MT = {
  session: vcloud('session'),
  orgList: vcloud('orgList'),
  org: vcloud('org'),
  adminOrg: admin('organization'),
  adminVcloud: admin('vcloud'),
  vdc: vcloud('vdc'),
  adminVdc: admin('vdc'),
  vdcStorageProfile: vcloud('vdcStorageProfile'),
  virtualHardwareVersion: vcloud('virtualHardwareVersion'),
  catalog: vcloud('catalog'),
  adminCatalog: admin('catalog'),
  catalogItem: vcloud('catalogItem'),
  vAppTemplate: vcloud('vAppTemplate'),
  orgNetwork: vcloud('orgNetwork'),
  network: vcloud('network'),
  vAppNetwork: vcloud('vAppNetwork'),
  orgVdcNetwork: vcloud('orgVdcNetwork'),
  vApp: vcloud('vApp'),
  vm: vcloud('vm'),
  task: vcloud('task'),
  tasksList: vcloud('tasksList'),
  error: vcloud('error'),
  owner: vcloud('owner'),
  metadata: vcloud('metadata'),
  metadataValue: vcloud('metadata.value'),
  queryList: vcloud('query.queryList'),
  records: vcloud('query.records'),
  idrecords: vcloud('query.idrecords'),
  references: vcloud('query.references'),
  entity: vcloud('entity'),
  user: admin('user'),
  role: admin('role'),
  group: admin('group'),
  extensibility: vcloud('apiextensibility'),
  vmwExtension: admin('vmwExtension'),
  versions: 'application/vnd.vmware.vcloud.versions+xml',
  instantiateVAppTemplateParams: vcloud('instantiateVAppTemplateParams'),
  composeVAppParams: vcloud('composeVAppParams'),
  recomposeVAppParams: vcloud('recomposeVAppParams'),
  cloneVAppParams: vcloud('cloneVAppParams'),
  captureVAppParams: vcloud('captureVAppParams'),
  copyOrMoveCatalogItemParams: vcloud('copyOrMoveCatalogItemParams'),
  publishCatalogParams: admin('publishCatalogParams'),
  deployVAppParams: vcloud('deployVAppParams'),
  undeployVAppParams: vcloud('undeployVAppParams'),
  createVmParams: vcloud('CreateVmParams'),
  instantiateVmTemplateParams: vcloud('instantiateVmTemplateParams'),
  uploadVAppTemplateParams: vcloud('uploadVAppTemplateParams'),
  controlAccess: vcloud('controlAccess'),
  leaseSettingsSection: vcloud('leaseSettingsSection'),
  startupSection: vcloud('startupSection'),
  networkConfigSection: vcloud('networkConfigSection'),
  networkConnectionSection: vcloud('networkConnectionSection'),
  guestCustomizationSection: vcloud('guestCustomizationSection'),
  virtualHardwareSection: vcloud('virtualHardwareSection'),
  operatingSystemSection: vcloud('operatingSystemSection'),
  productSections: vcloud('productSections'),
  rasdItem: vcloud('rasdItem'),
  rasdItemsList: vcloud('rasdItemsList'),
  runtimeInfoSection: vcloud('runtimeInfoSection'),
  vmCapabilitiesSection: vcloud('vmCapabilitiesSection'),
  snapshotSection: vcloud('snapshotSection'),
  createSnapshotParams: vcloud('createSnapshotParams'),
  media: vcloud('media'),
  mediaInsertOrEjectParams: vcloud('mediaInsertOrEjectParams'),
  disk: vcloud('disk'),
  diskCreateParams: vcloud('diskCreateParams'),
  diskAttachOrDetachParams: vcloud('diskAttachOrDetachParams'),
  vms: vcloud('vms'),
  right: admin('right'),
  orgSettings: admin('orgSettings'),
  orgGeneralSettings: admin('organizationGeneralSettings'),
  vAppLeaseSettings: admin('vAppLeaseSettings'),
  vAppTemplateLeaseSettings: admin('vAppTemplateLeaseSettings'),
  orgPasswordPolicySettings: admin('organizationPasswordPolicySettings'),
  orgEmailSettings: admin('organizationEmailSettings'),
  createVdcParams: admin('createVdcParams'),
} as const;

/** `application/vnd.vmware.vcloud.vApp+xml` → `application/vnd.vmware.vcloud.vApp+json`. */
export function asJsonType(xmlType: string): string {
  return xmlType.endsWith('+xml') ? `${xmlType.slice(0, -4)}+json` : xmlType;
}
