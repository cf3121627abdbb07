/**
 * The state model. Entities are plain JSON (so snapshots and persistence are trivial), keyed by a bare
 * UUID; URNs and hrefs are derived from the id when a document is rendered, never stored.
 */
import type { AppPortProfile, EdgeFirewall, FirewallGroup, NatRule, StaticRoute } from './edgeservices.js';
import type { DhcpBinding, GatewayDns, IpsecTunnel, NetworkDhcp } from './gatewayservices.js';
export type * from './edgeservices.js';
export type * from './gatewayservices.js';

export interface Org extends WithMetadata {
  id: string;
  name: string;
  fullName: string;
  description: string;
  isEnabled: boolean;
  /** Org-level lease quotas (0 = unlimited), as in AdminOrg's VAppLeaseSettings/VmQuota settings. */
  deployedVmQuota: number;
  storedVmQuota: number;
  created: string;
  /** The settings an AdminOrg document carries beyond the quotas (absent: VCD's defaults, see org/model.ts). */
  settings?: OrgSettings;
  /** The org's LDAP directory: the groups it offers for import, with their members (absent: no LDAP configured). */
  directory?: { name: string; memberIds: string[] }[];
}

/** AdminOrg settings: general, vApp and template leases, password policy and email (org/model.ts has the defaults). */
export interface OrgSettings {
  canPublishCatalogs: boolean;
  canPublishExternally: boolean;
  canSubscribe: boolean;
  delayAfterPowerOnSeconds: number;
  vappLease: { deleteOnStorageLeaseExpiration: boolean; deploymentLeaseSeconds: number; storageLeaseSeconds: number; powerOffOnRuntimeLeaseExpiration: boolean };
  templateLease: { deleteOnStorageLeaseExpiration: boolean; storageLeaseSeconds: number };
  passwordPolicy: { accountLockoutEnabled: boolean; invalidLoginsBeforeLockout: number; accountLockoutIntervalMinutes: number };
  email: { useDefaultSmtp: boolean; useDefaultNotifications: boolean; alertEmailToAllAdmins: boolean; alertEmailTo: string; emailSubjectPrefix: string };
}

export interface Role {
  id: string;
  name: string;
  description: string;
  rights: string[];
  /** The org a tenant role belongs to; global roles (predefined, or made by the provider) have none and serve every org. */
  orgId?: string;
}

export interface User {
  id: string;
  orgId: string;
  name: string;
  fullName: string;
  email: string;
  /** Either a plain password or `scrypt$salt$hash` (see store/passwords.ts). */
  password: string;
  roleId: string;
  isEnabled: boolean;
  /** Locked after too many failed logins (the org's password policy); an administrator unlocks it. */
  isLocked?: boolean;
  /** Failed logins in a row, counted while the org's password policy locks accounts. */
  failedLogins?: number;
  description?: string;
}

export type AllocationModel = 'AllocationVApp' | 'AllocationPool' | 'ReservationPool' | 'Flex';

/** Compute capacity in VCD's units (MHz for CPU, MB for memory). Limit 0 = unlimited. */
export interface Capacity {
  allocated: number;
  limit: number;
  reserved: number;
}

export interface Vdc extends WithMetadata {
  id: string;
  orgId: string;
  name: string;
  description: string;
  allocationModel: AllocationModel;
  cpu: Capacity;
  memory: Capacity;
  /** MHz of one vCPU (VCD's vCpuInMhz2), used to charge CPU capacity for VMs. */
  vCpuInMhz: number;
  vmQuota: number;
  nicQuota: number;
  networkQuota: number;
  isEnabled: boolean;
  hardwareVersion: string;
  created: string;
  /** The provider VDC it draws resources from, and the network pool its networks use (fixture `provider:`). */
  providerVdcId?: string;
  networkPoolId?: string;
  /** 0 while its creation task runs (absent: ready). */
  status?: number;
  /** Resources VCD keeps per allocation model beyond the figures above (absent: VCD's defaults). */
  isElastic?: boolean;
  includeMemoryOverhead?: boolean;
  /** Fractions of allocated CPU and memory guaranteed to VMs (ResourceGuaranteedCpu/Memory). */
  guaranteedCpu?: number;
  guaranteedMemory?: number;
  /** Compute policies assigned to it and the default one for new VMs (absent: none assigned). */
  computePolicyIds?: string[];
  defaultComputePolicyId?: string;
  /** Who in its org may use it besides the org's administrators (absent: everyone, read-only, VCD's default). */
  acl?: AccessControl;
}

export interface StorageProfile {
  id: string;
  vdcId: string;
  name: string;
  /** MB; 0 = unlimited. */
  limitMB: number;
  isDefault: boolean;
  isEnabled: boolean;
  /** The provider VDC storage profile it is carved from. */
  pvdcStorageProfileId?: string;
}

export interface Catalog extends WithMetadata {
  id: string;
  orgId: string;
  name: string;
  description: string;
  ownerId: string;
  isPublished: boolean;
  created: string;
  /** Who else may use it (owner and org administrators always may); absent: private. */
  acl?: AccessControl;
  /** Where new items are stored (CatalogStorageProfiles); absent: the first VDC's default profile. */
  storageProfileIds?: string[];
  /** Published to subscribers outside the site (PublishExternalCatalogParams): its VCSP library at /vcsp/lib/{id}/. */
  publishExternal?: { enabled: boolean; password: string; cacheEnabled: boolean; preserveIdentity: boolean };
  /** A subscribed catalog (ExternalCatalogSubscriptionParams): its items are copied from the library at `location`. */
  subscription?: { location: string; password: string; localCopy: boolean; lastSync?: string };
}

/** VCD's access levels, weakest last. */
export type AccessLevel = 'FullControl' | 'Change' | 'ReadOnly';

/** ControlAccessParams as state: everyone in the owner's org at one level, and users (or, for catalogs, orgs). */
export interface AccessControl {
  everyone?: AccessLevel;
  subjects: { kind: 'user' | 'org' | 'group'; id: string; level: AccessLevel }[];
}

export interface CatalogItem extends WithMetadata {
  id: string;
  catalogId: string;
  /** In a subscribed catalog: the id of the library item it was copied from. */
  sourceItemId?: string;
  name: string;
  description: string;
  templateId: string;
  created: string;
  /** Set when the item holds a media image instead of a vApp template (templateId is then ''). */
  mediaId?: string;
}

export interface Disk {
  /** rasd:InstanceID (2000, 2001, …) */
  instanceId: number;
  sizeMB: number;
  busType: number;
  busSubType: string;
  unit: number;
  bus: number;
  storageProfileId?: string;
}

export interface Nic {
  index: number;
  /** Org VDC network name, or 'none' */
  network: string;
  connected: boolean;
  mode: 'POOL' | 'DHCP' | 'MANUAL' | 'NONE';
  ip?: string;
  mac: string;
  adapter: string;
  primary: boolean;
}

/** Hardware and guest shape shared by template VMs and VMs. */
export interface VmShape {
  name: string;
  description: string;
  osType: string;
  cpus: number;
  coresPerSocket: number;
  memoryMB: number;
  hardwareVersion: string;
  disks: Disk[];
  nics: Nic[];
  computerName: string;
  cpuHotAdd: boolean;
  memoryHotAdd: boolean;
}

export interface TemplateVm extends VmShape {
  id: string;
  localId: string;
}

export interface VAppTemplate extends WithMetadata {
  id: string;
  orgId: string;
  vdcId: string;
  catalogId: string;
  name: string;
  description: string;
  ownerId: string;
  status: number;
  vms: TemplateVm[];
  /** vApp network names the template's VMs connect to. */
  networks: string[];
  storageProfileId?: string;
  created: string;
  /** While an OVF upload is in progress (or failed): the transfer's state. */
  upload?: Upload;
  /** Set by `action/enableDownload` (VCD then offers the OVF for download). */
  downloadEnabled?: boolean;
  /** The files its OVF upload brought (names, sizes, checksums), kept once the import succeeded: what a download serves. */
  files?: TransferFile[];
}

/** One file of an upload: its declared size and what arrived so far (bytes are never kept in the state). */
export interface TransferFile {
  name: string;
  size: number;
  bytesTransferred: number;
  /** SHA-256 of the bytes, once the file is complete. */
  checksum?: string;
}

/** The transfer of an upload: the files the client PUTs, and the import task that ends with them. */
export interface Upload {
  descriptorUploaded: boolean;
  files: TransferFile[];
  taskId?: string;
}

/** An ISO or floppy image, uploaded into a catalog (or a VDC). */
export interface Media {
  id: string;
  orgId: string;
  vdcId: string;
  /** '' when created in a VDC without a catalog. */
  catalogId: string;
  name: string;
  description: string;
  ownerId: string;
  imageType: 'iso' | 'floppy';
  /** Bytes, as declared when the media was created. */
  size: number;
  status: number;
  storageProfileId?: string;
  created: string;
  upload?: Upload;
  /** Set by `action/enableDownload`: its file is offered at a `download:default` link. */
  downloadEnabled?: boolean;
}

export type FenceMode = 'bridged' | 'isolated' | 'natRouted';

/** An IPv4 subnet with its static pool, as an org VDC network or an isolated vApp network has one. */
export type IpSubnet = Pick<Network, 'gateway' | 'prefixLength' | 'dns1' | 'dns2' | 'dnsSuffix' | 'ipRanges'>;

export interface Network extends WithMetadata {
  id: string;
  orgId: string;
  vdcId: string;
  name: string;
  description: string;
  fenceMode: FenceMode;
  gateway: string;
  prefixLength: number;
  dns1: string;
  dns2: string;
  dnsSuffix: string;
  ipRanges: { start: string; end: string }[];
  isShared: boolean;
  /** Addresses handed out from the pool. */
  allocatedIps: string[];
  created: string;
  /** The edge gateway a routed (natRouted) network connects to. */
  edgeGatewayId?: string;
  /** The VDC group that owns the network (every participating VDC may use it; `vdcId` is one of them). */
  vdcGroupId?: string;
  /** An imported network's NSX-T segment (an id of its manager's `segments`): CloudAPI networkType OPAQUE. */
  segmentId?: string;
}

/** VCD status codes (see the reference, 3.2). */
export const Status = {
  FAILED_CREATION: -1,
  UNRESOLVED: 0,
  RESOLVED: 1,
  DEPLOYED: 2,
  SUSPENDED: 3,
  POWERED_ON: 4,
  UNKNOWN: 6,
  POWERED_OFF: 8,
  MIXED: 10,
} as const;

export interface VApp extends WithMetadata {
  id: string;
  vdcId: string;
  orgId: string;
  name: string;
  description: string;
  ownerId: string;
  /** Status while it is being created (0) or has no VMs (1); otherwise derived from its VMs. */
  status: number;
  /** Deployed flag of a vApp without VMs; otherwise derived from its VMs. */
  deployed: boolean;
  /** Isolated networks keep their own subnet; the others take their parent org VDC network's. */
  networks: VAppNetwork[];
  deploymentLeaseSeconds: number;
  storageLeaseSeconds: number;
  autoNature: boolean;
  created: string;
  /** Who else may use it besides its owner and org administrators; absent: nobody. */
  acl?: AccessControl;
  /** OVF product section properties of the vApp. */
  productProperties?: ProductProperty[];
}

/**
 * A vApp network: isolated (its own subnet), bridged to an org VDC network (`networkId`, its subnet and
 * pool), or natRouted to one: fenced (no subnet: the org network's) or routed (a subnet of its own).
 */
export interface VAppNetwork {
  name: string;
  /** Its own UUID (`/api/network/{id}`); older states lack it and derive one (vapp/networks.ts). */
  id?: string;
  networkId?: string;
  fenceMode: FenceMode;
  subnet?: IpSubnet;
  description?: string;
  /** Features (firewall, NAT, DHCP…) of a routed or isolated vApp network, kept as the client gave them. */
  features?: Record<string, unknown>;
}

export interface Vm extends VmShape, WithMetadata {
  id: string;
  vappId: string;
  vdcId: string;
  orgId: string;
  status: number;
  deployed: boolean;
  localId: string;
  storageProfileId?: string;
  needsCustomization: boolean;
  guestCustomization: GuestCustomization;
  created: string;
  /** The media inserted in the VM's CD-ROM (or floppy) drive. */
  mediaId?: string;
  /** The VM's snapshot: VCD keeps one, and a new one replaces it. */
  snapshot?: VmSnapshot;
  /** Hardware-assisted CPU virtualization exposed to the guest (enableNestedHypervisor). */
  nestedHypervisor?: boolean;
  /** The VM sizing policy it was made or reconfigured with (its CPU and memory come from it). */
  sizingPolicyId?: string;
  /** The VM placement policy it runs under (the VM groups it is placed in). */
  placementPolicyId?: string;
  /** OVF product section properties (guest properties the guest reads from its OVF environment). */
  productProperties?: ProductProperty[];
  /** The result of the VM's last storage policy compliance check (`action/checkCompliance`). */
  compliance?: { status: 'COMPLIANT' | 'NON_COMPLIANT'; message: string; checked: string };
}

/** A property of an OVF ProductSection: the guest properties of a VM or vApp (Terraform's `guest_properties`). */
export interface ProductProperty {
  key: string;
  type: string;
  /** The `ovf:value` attribute: the property's value when it has no Value element. */
  defaultValue: string;
  value?: string;
  userConfigurable: boolean;
  label?: string;
  description?: string;
}

/** A VM snapshot: when it was taken, what it holds, and the state a revert restores. */
export interface VmSnapshot {
  created: string;
  poweredOn: boolean;
  memory: boolean;
  quiesce: boolean;
  /** Storage the snapshot takes, counted in its storage profile's usage. */
  sizeMB: number;
  state: Pick<Vm, 'status' | 'deployed' | 'cpus' | 'coresPerSocket' | 'memoryMB' | 'disks' | 'hardwareVersion'>;
}

export interface GuestCustomization {
  enabled: boolean;
  adminPasswordEnabled: boolean;
  adminPasswordAuto: boolean;
  adminPassword: string;
  resetPasswordRequired: boolean;
  customizationScript: string;
}

export type TaskStatus = 'queued' | 'preRunning' | 'running' | 'success' | 'error' | 'canceled' | 'aborted';

/** What a task does when it succeeds (and undoes when it fails): data, so tasks survive a restart. */
export interface TaskAction {
  type: string;
  params: Record<string, unknown>;
}

/** Capacity a task holds while it runs, so concurrent requests can never overshoot a quota. */
export interface Reservation {
  vdcId: string;
  cpuMhz: number;
  memoryMB: number;
  /** VMs that will become deployed (org DeployedVmQuota). */
  deployedVms: number;
}

export interface Task {
  id: string;
  orgId: string;
  userId: string;
  status: TaskStatus;
  operation: string;
  operationName: string;
  ownerKind: EntityKind;
  ownerId: string;
  ownerName: string;
  /** The vApp a VM-level task also keeps busy. */
  parentId?: string;
  startTime: string;
  endTime?: string;
  /** Simulated ms: when the task leaves the queue, and how long it then runs. */
  runAt: number;
  durationMs: number;
  /** Set when a fault stalls the task: progress freezes halfway until then (null: until canceled). */
  stallUntil?: number | null;
  /** GETs of the task so far, for the "complete after N polls" policy. */
  polls?: number;
  progress: number;
  cancelRequested: boolean;
  error?: { status: number; minorCode: string; message: string };
  details: string;
  action?: TaskAction;
  reservation?: Reservation;
  /** Driven from outside the clock (an upload's import task): progress and completion come from the transfer. */
  external?: boolean;
  /** An external task a stall holds: how long it stays running once its work is done (simulated ms, from then). */
  stallForMs?: number;
  /** An external task whose work is done while a stall holds it: it ends when the stall does. */
  workDone?: boolean;
}

/** An independent (named) disk in a VDC, attachable to VMs of that VDC. */
export interface IndependentDisk {
  id: string;
  orgId: string;
  vdcId: string;
  name: string;
  description: string;
  sizeMB: number;
  /** 6 = SCSI, 5 = IDE, 20 = SATA, 21 = NVMe. */
  busType: number;
  busSubType: string;
  storageProfileId: string;
  ownerId: string;
  /** 0 while its creation task runs, 1 once it is ready. */
  status: number;
  sharingType: 'None' | 'DiskSharing' | 'ControllerSharing';
  iops: number;
  uuid: string;
  /** The VMs it is attached to, each with the slot it takes (one VM unless it is shared). */
  attachments: { vmId: string; bus: number; unit: number; instanceId: number }[];
  created: string;
}

export interface Session {
  id: string;
  /** SHA-256 of the bearer token: the token itself is never stored (snapshots and data files hold no secrets). */
  tokenHash: string;
  userId: string;
  orgId: string;
  created: number;
  lastUsed: number;
}

export type EntityKind =
  | 'org' | 'role' | 'user' | 'vdc' | 'storageProfile' | 'catalog' | 'catalogItem' | 'vAppTemplate'
  | 'network' | 'vApp' | 'vm' | 'task' | 'session' | 'disk'
  | 'vCenter' | 'nsxtManager' | 'networkPool' | 'externalNetwork' | 'providerVdc' | 'pvdcStorageProfile'
  | 'media' | 'computePolicy'
  | 'edgeGateway'
  | 'appPortProfile' | 'firewallGroup' | 'edgeFirewall' | 'natRule' | 'staticRoute'
  | 'networkDhcp' | 'dhcpBinding' | 'gatewayDns' | 'ipsecTunnel'
  | 'group'
  | 'vdcGroup'
  | 'vmGroup' | 'logicalVmGroup'
  | 'dfwRule';

export interface EntityOf {
  org: Org;
  role: Role;
  user: User;
  vdc: Vdc;
  storageProfile: StorageProfile;
  catalog: Catalog;
  catalogItem: CatalogItem;
  vAppTemplate: VAppTemplate;
  network: Network;
  vApp: VApp;
  vm: Vm;
  task: Task;
  session: Session;
  vCenter: VCenter;
  nsxtManager: NsxtManager;
  networkPool: NetworkPool;
  externalNetwork: ExternalNetwork;
  providerVdc: ProviderVdc;
  pvdcStorageProfile: PvdcStorageProfile;
  media: Media;
  disk: IndependentDisk;
  edgeGateway: EdgeGateway;
  appPortProfile: AppPortProfile;
  firewallGroup: FirewallGroup;
  edgeFirewall: EdgeFirewall;
  natRule: NatRule;
  staticRoute: StaticRoute;
  networkDhcp: NetworkDhcp;
  dhcpBinding: DhcpBinding;
  gatewayDns: GatewayDns;
  ipsecTunnel: IpsecTunnel;
  computePolicy: ComputePolicy;
  group: Group;
  vdcGroup: VdcGroup;
  vmGroup: VmGroup;
  logicalVmGroup: LogicalVmGroup;
  dfwRule: DfwRule;
}

export const ENTITY_KINDS: EntityKind[] = [
  'org', 'role', 'user', 'vdc', 'storageProfile', 'catalog', 'catalogItem', 'vAppTemplate', 'network',
  'vApp', 'vm', 'task', 'session', 'disk',
  'vCenter', 'nsxtManager', 'networkPool', 'externalNetwork', 'providerVdc', 'pvdcStorageProfile',
  'media', 'computePolicy',
  'edgeGateway',
  'appPortProfile', 'firewallGroup', 'edgeFirewall', 'natRule', 'staticRoute',
  'networkDhcp', 'dhcpBinding', 'gatewayDns', 'ipsecTunnel',
  'group',
  'vdcGroup',
  'vmGroup', 'logicalVmGroup',
  'dfwRule',
];

export type Snapshot = { [K in EntityKind]: EntityOf[K][] } & { version: 1; seedState?: number[] };

/** How long a task operation takes in simulated time (engine/latency.ts); fixtures may set them. */
export interface LatencyModel {
  baseMs: number;
  perVmMs: number;
  perGbMs: number;
  /** Relative jitter, e.g. 0.1 = ±10 %. */
  jitter: number;
}

// The provider side (System administrators only): read-only, declared in the fixture's `provider:` section.

/** A vSphere resource pool of a vCenter, known by its managed object reference. */
export interface ResourcePool {
  moref: string;
  name: string;
  clusterMoref: string;
}

/** A vCenter server (VCD's vimServer) with its resource pools. */
export interface VCenter {
  id: string;
  name: string;
  description: string;
  url: string;
  username: string;
  version: string;
  /** vCenter's own instance UUID. */
  instanceUuid: string;
  isEnabled: boolean;
  resourcePools: ResourcePool[];
}

/** A tier-0 router or an edge cluster of an NSX-T manager, known by its NSX-T id. */
export interface NsxtObject {
  id: string;
  name: string;
  description: string;
}

export interface NsxtManager {
  id: string;
  name: string;
  description: string;
  url: string;
  username: string;
  version: string;
  tier0Routers: NsxtObject[];
  edgeClusters: NsxtObject[];
  /** Segments made in NSX-T, importable as org VDC networks (OPAQUE). */
  segments?: NsxtObject[];
}

/** A Geneve network pool backed by an NSX-T transport zone. */
export interface NetworkPool {
  id: string;
  name: string;
  description: string;
  nsxtManagerId: string;
  transportZone: string;
}

/** An external network backed by an NSX-T tier-0 router, with its subnets and static IP ranges. */
export interface ExternalNetwork {
  id: string;
  name: string;
  description: string;
  nsxtManagerId: string;
  tier0RouterId: string;
  subnets: { gateway: string; prefixLength: number; dns1: string; dns2: string; dnsSuffix: string; ipRanges: { start: string; end: string }[] }[];
}

export interface ProviderVdc {
  id: string;
  name: string;
  description: string;
  vCenterId: string;
  /** Morefs of the vCenter's resource pools it uses. */
  resourcePools: string[];
  nsxtManagerId: string;
  networkPoolId: string;
  externalNetworkIds: string[];
  cpuTotalMhz: number;
  memoryTotalMB: number;
  highestHardwareVersion: string;
  isEnabled: boolean;
}

export interface PvdcStorageProfile {
  id: string;
  providerVdcId: string;
  name: string;
  totalMB: number;
  isEnabled: boolean;
}

/** Metadata as VCD keeps it on an entity: a key per domain, a typed value and who may see and change it. */
export type MetadataDomain = 'GENERAL' | 'SYSTEM';
export type MetadataVisibility = 'READWRITE' | 'READONLY' | 'PRIVATE';
export type MetadataValueType = 'MetadataStringValue' | 'MetadataNumberValue' | 'MetadataBooleanValue' | 'MetadataDateTimeValue';

export interface MetadataEntry {
  domain: MetadataDomain;
  visibility: MetadataVisibility;
  key: string;
  type: MetadataValueType;
  /** The value in its canonical text form (an integer, true/false, an ISO date-time, or the string). */
  value: string;
}

/** Entities that carry metadata (absent = none). */
export interface WithMetadata {
  metadata?: MetadataEntry[];
}

/** A subnet of an external network an edge gateway uplink uses: its primary IP and the ranges sub-allocated to it. */
export interface EdgeGatewaySubnet {
  gateway: string;
  prefixLength: number;
  /** The gateway's own address on the uplink (one per uplink). */
  primaryIp: string;
  /** The addresses of the external network's ranges sub-allocated to the gateway (NAT, VPN…). */
  ipRanges: { start: string; end: string }[];
  enabled: boolean;
}

/** An uplink of an edge gateway to an external network. */
export interface EdgeGatewayUplink {
  externalNetworkId: string;
  subnets: EdgeGatewaySubnet[];
  /** Dedicated: the gateway owns the external network's tier-0 router (route advertisement). */
  dedicated: boolean;
}

/** An NSX-T edge gateway (tier-1 router) of an org VDC, with its uplinks to external networks. */
export interface EdgeGateway {
  id: string;
  orgId: string;
  vdcId: string;
  name: string;
  description: string;
  uplinks: EdgeGatewayUplink[];
  /** The NSX-T edge cluster (an id of the manager's `edgeClusters`) it runs on. */
  edgeClusterId: string;
  distributedRoutingEnabled: boolean;
  /** The CIDR its DNS and DHCP services listen on (VCD's default 192.168.255.225/27). */
  serviceNetworkDefinition: string;
  created: string;
  /** The VDC group the gateway was moved to (ownerRef): it routes the group's networks; `vdcId` is where it runs. */
  vdcGroupId?: string;
}

/**
 * An NSX-T VDC group (CloudAPI vdcGroups): org VDCs of one NSX-T manager sharing networks (LOCAL). Its first
 * VDC is of the group's org; a System administrator may add VDCs of other orgs.
 */
export interface VdcGroup {
  id: string;
  orgId: string;
  name: string;
  description: string;
  vdcIds: string[];
  networkPoolId: string;
  dfwEnabled: boolean;
  /** The DFW's default policy (VCD's "Default_VdcGroup_<name>"), once the DFW was activated. */
  defaultPolicy?: { id: string; name: string; enabled: boolean; version: number };
  created: string;
}

/**
 * A distributed firewall rule of a VDC group's default DFW policy (CloudAPI
 * `vdcGroups/{id}/dfwPolicies/default/rules`); the rules apply in `position` order.
 */
export interface DfwRule {
  id: string;
  orgId: string;
  vdcGroupId: string;
  position: number;
  name: string;
  description: string;
  comments: string;
  action: 'ALLOW' | 'DROP' | 'REJECT';
  enabled: boolean;
  /** Firewall group ids (of the group's edge gateways); empty = any. */
  sourceGroupIds: string[];
  destinationGroupIds: string[];
  sourceGroupsExcluded: boolean;
  destinationGroupsExcluded: boolean;
  /** Application port profile ids; empty = any. */
  appPortProfileIds: string[];
  ipProtocol: 'IPV4' | 'IPV6' | 'IPV4_IPV6';
  logging: boolean;
  direction: 'IN' | 'OUT' | 'IN_OUT';
  version: number;
}

/**
 * A VDC compute policy (CloudAPI vdcComputePolicies): a VM sizing policy fixes a VM's vCPUs, cores per
 * socket and memory (absent: the VM's own); VMs of a VDC may use the policies assigned to it.
 */
export interface ComputePolicy {
  id: string;
  name: string;
  description: string;
  cpuCount?: number;
  coresPerSocket?: number;
  memoryMB?: number;
  cpuSpeedMhz?: number;
  cpuReservationGuarantee?: number;
  memoryReservationGuarantee?: number;
  cpuLimitMhz?: number;
  memoryLimitMB?: number;
  cpuShares?: number;
  memoryShares?: number;
  /** VCD's own default policy ("System Default"), assigned to every new VDC. */
  isSystemDefault?: boolean;
  /** A VM placement policy: per provider VDC, the named and logical VM groups its VMs run in. */
  placement?: PlacementMap[];
}

/** A placement policy's VM groups in one provider VDC (CloudAPI pvdcNamedVmGroupsMap / pvdcLogicalVmGroupsMap). */
export interface PlacementMap {
  providerVdcId: string;
  vmGroupIds: string[];
  logicalVmGroupIds: string[];
}

/**
 * A vSphere DRS VM group of a cluster, as VCD discovers it (query type `vmGroups`): `id` is its named VM group
 * id (`urn:vcloud:namedVmGroup:…`), `vmGroupId` the id of its row.
 */
export interface VmGroup {
  id: string;
  vmGroupId: string;
  name: string;
  vCenterId: string;
  clusterMoref: string;
  clusterName: string;
}

/** A logical VM group (CloudAPI logicalVmGroups): named VM groups of one provider VDC, taken together. */
export interface LogicalVmGroup {
  id: string;
  name: string;
  description: string;
  providerVdcId: string;
  vmGroupIds: string[];
}

/** The identity providers a group is imported from (INTEGRATED: the org's LDAP directory). */
export type GroupProviderType = 'INTEGRATED' | 'SAML' | 'OAUTH';

/** A group imported into an org: its members hold its role besides their own. */
export interface Group {
  id: string;
  orgId: string;
  name: string;
  description: string;
  providerType: GroupProviderType;
  roleId: string;
  /** Users of the org in it (an LDAP group's come from the directory when imported). */
  memberIds: string[];
}
