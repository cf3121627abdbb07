/**
 * The state model. Entities are plain JSON (so snapshots and persistence are trivial), keyed by a bare
 * UUID; URNs and hrefs are derived from the id when a document is rendered, never stored.
 */

export interface Org {
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

export interface Vdc {
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
}

export interface StorageProfile {
  id: string;
  vdcId: string;
  name: string;
  /** MB; 0 = unlimited. */
  limitMB: number;
  isDefault: boolean;
  isEnabled: boolean;
}

export interface Catalog {
  id: string;
  orgId: string;
  name: string;
  description: string;
  ownerId: string;
  isPublished: boolean;
  created: string;
}

export interface CatalogItem {
  id: string;
  catalogId: string;
  name: string;
  description: string;
  templateId: string;
  created: string;
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

export interface VAppTemplate {
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
}

export type FenceMode = 'bridged' | 'isolated' | 'natRouted';

/** An IPv4 subnet with its static pool, as an org VDC network or an isolated vApp network has one. */
export type IpSubnet = Pick<Network, 'gateway' | 'prefixLength' | 'dns1' | 'dns2' | 'dnsSuffix' | 'ipRanges'>;

export interface Network {
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

export interface VApp {
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
  networks: { name: string; networkId?: string; fenceMode: FenceMode; subnet?: IpSubnet }[];
  deploymentLeaseSeconds: number;
  storageLeaseSeconds: number;
  autoNature: boolean;
  created: string;
}

export interface Vm extends VmShape {
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
  | 'network' | 'vApp' | 'vm' | 'task' | 'session';

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
}

export const ENTITY_KINDS: EntityKind[] = [
  'org', 'role', 'user', 'vdc', 'storageProfile', 'catalog', 'catalogItem', 'vAppTemplate', 'network',
  'vApp', 'vm', 'task', 'session',
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
