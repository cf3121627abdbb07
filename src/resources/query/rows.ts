/**
 * Query rows: one flat projection per entity with every attribute its query records carry, kept in
 * name-ordered indexes (query/rowindex.ts). Rows are built on first use, then kept current from the
 * store's change events: a change marks the rows it affects (its own, its parents' counts, its children's
 * copies of its name) and the next query re-projects just those.
 */
import type { Store } from '../../store/store.js';
import type {
  Catalog, CatalogItem, EntityKind, IndependentDisk, Media, Network, Org, Role, StorageProfile, Task, TemplateVm, User, VApp, VAppTemplate, Vdc, Vm,
} from '../../store/types.js';
import { EVERY_ORG, RowIndex, sortKeyOf, type IndexedRow } from './rowindex.js';
import { SYSTEM_ADMINISTRATOR } from '../../store/roles.js';
import { ALL_RIGHTS } from '../user/rights.js';
import { vdcUsage, vmCpuMhz, vmStorageMB, type VdcUsage } from '../../engine/capacity.js';
import { netmaskOf, poolSize } from '../../lib/ippool.js';
import { guestOs } from '../../store/guestos.js';
import { statusName } from './status.js';
import { vappState } from '../vapp/model.js';
import { PROVIDER_SOURCES, providerRows, type ProviderSource } from './providerrows.js';

export type Value = string | number | boolean | undefined;

export interface Row extends IndexedRow {
  /** Attribute values: dates as epoch ms, references as bare UUIDs (rendered as hrefs or URNs). */
  v: Record<string, Value>;
}

export type SourceName =
  | 'org' | 'vdc' | 'storageProfile' | 'catalog' | 'catalogItem' | 'vAppTemplate' | 'network' | 'vApp' | 'vm' | 'task' | 'user'
  | 'media' | 'disk' | 'role' | 'right' | ProviderSource;

const SOURCES: SourceName[] = ['org', 'vdc', 'storageProfile', 'catalog', 'catalogItem', 'vAppTemplate', 'network', 'vApp', 'vm', 'task', 'user', 'media', 'disk', 'role', 'right', ...PROVIDER_SOURCES];

const TASK_ACTIVE = new Set(['queued', 'preRunning', 'running']);
/** Highest virtual hardware version the simulated provider VDC supports (vmx-19). */
const PVDC_HIGHEST_HW = 19;

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);
const hwNumber = (hw: string) => Number(/\d+/.exec(hw)?.[0] ?? 0);

/** Lookups shared by the rows projected in one pass (usage of a VDC is computed once per pass). */
class Ctx {
  private readonly usage = new Map<string, VdcUsage>();
  private readonly netsByVdc = new Map<string, Network[]>();

  constructor(readonly store: Store) {}

  vdcUsage(vdc: Vdc): VdcUsage {
    let u = this.usage.get(vdc.id);
    if (!u) this.usage.set(vdc.id, (u = vdcUsage(this.store, vdc)));
    return u;
  }

  network(vdcId: string, name: string): Network | undefined {
    let nets = this.netsByVdc.get(vdcId);
    if (!nets) this.netsByVdc.set(vdcId, (nets = this.store.where('network', 'vdcId', vdcId)));
    return nets.find((n) => n.name === name);
  }

  userName(id: string | undefined): string | undefined {
    return id ? this.store.get('user', id)?.name : undefined;
  }

  busy(ownerId: string): boolean {
    return this.store.where('task', 'ownerId', ownerId).some((t) => TASK_ACTIVE.has(t.status));
  }
}

const row = (id: string, orgId: string, name: string, v: Record<string, Value>): Row => ({ id, orgId, sortKey: sortKeyOf(name, id), v });

/** Column names: an attribute, or `folded(attribute)` for its case-folded text (what string sorts compare). */
export const folded = (field: string) => `folded:${field}`;

function cellOf(row: Row, column: string): Value {
  if (!column.startsWith('folded:')) return row.v[column];
  const v = row.v[column.slice('folded:'.length)];
  return typeof v === 'string' ? v.toLowerCase() : v;
}

function orgRow(c: Ctx, o: Org): Row {
  const { store } = c;
  return row(o.id, o.id, o.name, {
    name: o.name, displayName: o.fullName, isEnabled: o.isEnabled, isReadOnly: false, deployedVMQuota: o.deployedVmQuota,
    storedVMQuota: o.storedVmQuota, canPublishCatalogs: true, numberOfCatalogs: store.where('catalog', 'orgId', o.id).length,
    numberOfVdcs: store.where('vdc', 'orgId', o.id).length, numberOfVApps: store.where('vApp', 'orgId', o.id).length,
    numberOfGroups: 0, numberOfDisks: store.where('disk', 'orgId', o.id).length,
  });
}

function vdcRow(c: Ctx, vdc: Vdc): Row {
  const { store } = c;
  const org = store.get('org', vdc.orgId);
  const usage = c.vdcUsage(vdc);
  const profiles = store.where('storageProfile', 'vdcId', vdc.id);
  const vapps = store.where('vApp', 'vdcId', vdc.id);
  return row(vdc.id, vdc.orgId, vdc.name, {
    name: vdc.name, description: vdc.description, isEnabled: vdc.isEnabled, isSystemVdc: false, isBusy: false, status: 'READY',
    orgName: org?.name, org: vdc.orgId, allocationModel: vdc.allocationModel,
    cpuAllocationMhz: vdc.cpu.allocated, cpuLimitMhz: vdc.cpu.limit, cpuReservedMhz: vdc.cpu.reserved, cpuUsedMhz: usage.cpuUsedMhz,
    cpuOverheadMhz: 0, memoryAllocationMB: vdc.memory.allocated, memoryLimitMB: vdc.memory.limit,
    memoryReservedMB: vdc.memory.reserved, memoryUsedMB: usage.memoryUsedMB, memoryOverheadMB: 0,
    // A profile without a limit makes the VDC's storage unlimited (0).
    storageLimitMB: profiles.some((p) => p.limitMB === 0) ? 0 : profiles.reduce((s, p) => s + p.limitMB, 0),
    storageUsedMB: usage.storageUsedMB, storageOverheadMB: 0,
    numberOfVApps: vapps.length, numberOfDeployedVApps: vapps.filter((a) => vappState(store, a).deployed).length,
    numberOfVAppTemplates: store.where('vAppTemplate', 'vdcId', vdc.id).length, numberOfMedia: store.where('media', 'vdcId', vdc.id).length, numberOfDisks: store.where('disk', 'vdcId', vdc.id).length,
    numberOfStorageProfiles: profiles.length, numberOfVMs: usage.vmCount, numberOfRunningVMs: usage.runningVmCount,
    numberOfResourcePools: 1, isVCEnabled: true, isThinProvisioned: true, isFastProvisioned: false,
  });
}

function storageProfileRow(c: Ctx, p: StorageProfile): Row | undefined {
  const vdc = c.store.get('vdc', p.vdcId);
  if (!vdc) return undefined;
  return row(p.id, vdc.orgId, p.name, {
    name: p.name, isEnabled: p.isEnabled, isDefaultStorageProfile: p.isDefault,
    storageUsedMB: c.vdcUsage(vdc).storageByProfile.get(p.id) ?? 0, storageLimitMB: p.limitMB, iopsAllocated: 0, iopsLimit: 0,
    numberOfConditions: 0, vdc: vdc.id, vdcName: vdc.name, isVdcBusy: false,
  });
}

function catalogRow(c: Ctx, cat: Catalog): Row {
  const { store } = c;
  const templates = store.where('vAppTemplate', 'catalogId', cat.id).length;
  return row(cat.id, cat.orgId, cat.name, {
    name: cat.name, description: cat.description, isPublished: cat.isPublished, isShared: !!cat.acl && (cat.acl.everyone !== undefined || cat.acl.subjects.length > 0), isLocal: true,
    creationDate: ms(cat.created), org: cat.orgId, orgName: store.get('org', cat.orgId)?.name, owner: cat.ownerId,
    ownerName: c.userName(cat.ownerId), numberOfVAppTemplates: templates, numberOfTemplates: templates, numberOfMedia: store.where('media', 'catalogId', cat.id).length,
    publishSubscriptionType: cat.isPublished ? 'PUBLISHED' : 'UNPUBLISHED',
    version: store.where('catalogItem', 'catalogId', cat.id).length + 1,
  });
}

function catalogItemRow(c: Ctx, item: CatalogItem): Row | undefined {
  const { store } = c;
  const cat = store.get('catalog', item.catalogId);
  if (item.mediaId) {
    const m = store.get('media', item.mediaId);
    if (!cat || !m) return undefined;
    const vdc = store.get('vdc', m.vdcId);
    return row(item.id, cat.orgId, item.name, {
      name: item.name, entity: m.id, entityName: m.name, entityType: 'media', catalog: cat.id, catalogName: cat.name,
      owner: m.ownerId, ownerName: c.userName(m.ownerId), isPublished: cat.isPublished, vdc: m.vdcId, vdcName: vdc?.name,
      isVdcEnabled: vdc?.isEnabled, org: cat.orgId, creationDate: ms(item.created), isExpired: false, status: statusName(m.status),
    });
  }
  const t = store.get('vAppTemplate', item.templateId);
  if (!cat || !t) return undefined;
  const vdc = store.get('vdc', t.vdcId);
  return row(item.id, cat.orgId, item.name, {
    name: item.name, entity: t.id, entityName: t.name, entityType: 'vapptemplate', catalog: cat.id, catalogName: cat.name,
    owner: t.ownerId, ownerName: c.userName(t.ownerId), isPublished: cat.isPublished, vdc: t.vdcId, vdcName: vdc?.name,
    isVdcEnabled: vdc?.isEnabled, org: cat.orgId, creationDate: ms(item.created), isExpired: false, status: statusName(t.status),
  });
}

function templateRow(c: Ctx, t: VAppTemplate): Row {
  const { store } = c;
  const cat = store.get('catalog', t.catalogId);
  const vdc = store.get('vdc', t.vdcId);
  const item = store.where('catalogItem', 'templateId', t.id)[0];
  return row(t.id, t.orgId, t.name, {
    name: t.name, description: t.description, owner: t.ownerId, ownerName: c.userName(t.ownerId), catalog: t.catalogId,
    catalogName: cat?.name, catalogItem: item?.id, isPublished: cat?.isPublished ?? false, vdc: t.vdcId, vdcName: vdc?.name,
    isVdcEnabled: vdc?.isEnabled, org: t.orgId, creationDate: ms(t.created), isBusy: c.busy(t.id), isGoldMaster: false,
    isEnabled: true, status: statusName(t.status), isDeployed: false, isExpired: false, isInCatalog: item !== undefined,
    storageProfileName: t.storageProfileId ? store.get('storageProfile', t.storageProfileId)?.name : undefined,
    numberOfVMs: t.vms.length,
  });
}

function mediaRow(c: Ctx, m: Media): Row {
  const { store } = c;
  const cat = m.catalogId ? store.get('catalog', m.catalogId) : undefined;
  const vdc = store.get('vdc', m.vdcId);
  const item = store.where('catalogItem', 'mediaId', m.id)[0];
  return row(m.id, m.orgId, m.name, {
    name: m.name, owner: m.ownerId, ownerName: c.userName(m.ownerId), catalog: cat?.id, catalogName: cat?.name,
    catalogItem: item?.id, isPublished: cat?.isPublished ?? false, vdc: m.vdcId, vdcName: vdc?.name, isVdcEnabled: vdc?.isEnabled,
    org: m.orgId, creationDate: ms(m.created), isBusy: c.busy(m.id) || store.where('vm', 'mediaId', m.id).length > 0,
    storageB: m.size, status: statusName(m.status),
    storageProfileName: m.storageProfileId ? store.get('storageProfile', m.storageProfileId)?.name : undefined,
  });
}

function networkRow(c: Ctx, n: Network): Row {
  const vdc = c.store.get('vdc', n.vdcId);
  return row(n.id, n.orgId, n.name, {
    name: n.name, description: n.description, defaultGateway: n.gateway, netmask: netmaskOf(n.prefixLength),
    subnetPrefixLength: n.prefixLength, dns1: n.dns1 || undefined, dns2: n.dns2 || undefined, dnsSuffix: n.dnsSuffix || undefined,
    linkType: LINK_TYPE[n.fenceMode], vdc: n.vdcId, vdcName: vdc?.name, org: n.orgId, isBusy: false, isShared: n.isShared,
    isIpScopeInherited: false, usedIpCount: n.allocatedIps.length, totalIpCount: poolSize(n),
  });
}

/** OrgVdcNetworkRecord linkType: 0 direct (bridged), 1 routed, 2 isolated. */
const LINK_TYPE = { bridged: 0, natRouted: 1, isolated: 2 } as const;

function vappRow(c: Ctx, a: VApp): Row {
  const { store } = c;
  const vdc = store.get('vdc', a.vdcId);
  const vms = store.where('vm', 'vappId', a.id);
  const state = vappState(store, a, vms);
  const cpuMhz = vdc ? vms.reduce((s, vm) => s + vmCpuMhz(vdc, vm), 0) : 0;
  return row(a.id, a.orgId, a.name, {
    name: a.name, description: a.description, vdc: a.vdcId, vdcName: vdc?.name, isVdcEnabled: vdc?.isEnabled, org: a.orgId,
    owner: a.ownerId, ownerName: c.userName(a.ownerId), status: statusName(state.status), isDeployed: state.deployed,
    isEnabled: true, isBusy: c.busy(a.id) || vms.some((vm) => c.busy(vm.id)), isPublic: false, isExpired: false, isInMaintenanceMode: false,
    isAutoNature: a.autoNature, creationDate: ms(a.created), numberOfVMs: vms.length,
    numberOfCpus: vms.reduce((s, vm) => s + vm.cpus, 0), cpuAllocationMhz: cpuMhz, cpuAllocationInMhz: cpuMhz,
    memoryAllocationMB: vms.reduce((s, vm) => s + vm.memoryMB, 0), storageKB: vms.reduce((s, vm) => s + vmStorageMB(vm), 0) * 1024,
    honorBootOrder: false, lowestHardwareVersionInVApp: vms.length ? Math.min(...vms.map((vm) => hwNumber(vm.hardwareVersion))) : undefined,
    pvdcHighestSupportedHardwareVersion: PVDC_HIGHEST_HW, isAutoDeleteNotified: false, isAutoUndeployNotified: false,
  });
}

/** Where a VM sits: a vApp, or a vApp template (whose VMs are query records too). */
interface VmPlace {
  orgId: string;
  vdcId: string;
  container: { id: string; name: string; ownerId: string; autoNature: boolean };
  isVAppTemplate: boolean;
  status: number;
  deployed: boolean;
  busy: boolean;
  catalog?: Catalog;
  storageProfileId?: string;
  created: string;
}

/** One object literal, not spreads: a spread-built row takes three times the memory (100,000 VMs add up). */
function vmRowAt(c: Ctx, vm: Vm | TemplateVm, at: VmPlace): Row {
  const { store } = c;
  const vdc = store.get('vdc', at.vdcId);
  const nic = vm.nics.find((n) => n.primary) ?? vm.nics[0];
  return row(vm.id, at.orgId, vm.name, {
    name: vm.name, description: vm.description, container: at.container.id, containerName: at.container.name,
    owner: at.container.ownerId, ownerName: c.userName(at.container.ownerId), vdc: at.vdcId, vdcName: vdc?.name,
    isVdcEnabled: vdc?.isEnabled, org: at.orgId, isVAppTemplate: at.isVAppTemplate, isDeleted: false,
    guestOs: guestOs(vm.osType).description, numberOfCpus: vm.cpus, memoryMB: vm.memoryMB, status: statusName(at.status),
    networkName: nic?.network, network: nic && nic.network !== 'none' ? c.network(at.vdcId, nic.network)?.id : undefined,
    ipAddress: nic?.ip, isBusy: at.busy, isDeployed: at.deployed, isPublished: at.catalog?.isPublished ?? false,
    catalogName: at.catalog?.name, hardwareVersion: hwNumber(vm.hardwareVersion), isInMaintenanceMode: false,
    isAutoNature: at.container.autoNature,
    storageProfileName: at.storageProfileId ? store.get('storageProfile', at.storageProfileId)?.name : undefined,
    isAutoUndeployNotified: false, isAutoDeleteNotified: false, isComputePolicyCompliant: true, dateCreated: ms(at.created),
    totalStorageAllocatedMb: vmStorageMB(vm), isExpired: false, vmNameInVc: `${vm.name} (${vm.id})`,
  });
}

function vmRow(c: Ctx, vm: Vm): Row | undefined {
  const vapp = c.store.get('vApp', vm.vappId);
  if (!vapp) return undefined;
  return vmRowAt(c, vm, {
    orgId: vm.orgId, vdcId: vm.vdcId, container: vapp, isVAppTemplate: false, status: vm.status, deployed: vm.deployed,
    busy: c.busy(vm.id), storageProfileId: vm.storageProfileId, created: vm.created,
  });
}

function templateVmRow(c: Ctx, t: VAppTemplate, vm: TemplateVm): Row {
  return vmRowAt(c, vm, {
    orgId: t.orgId, vdcId: t.vdcId, container: { id: t.id, name: t.name, ownerId: t.ownerId, autoNature: false },
    isVAppTemplate: true, status: t.status, deployed: false, busy: false, catalog: c.store.get('catalog', t.catalogId),
    storageProfileId: t.storageProfileId, created: t.created,
  });
}

/** VCD's TaskRecord objectType for what a task acts on. */
const OBJECT_TYPE: Partial<Record<EntityKind, string>> = { storageProfile: 'vdcStorageProfile', catalogItem: 'catalogItem' };

function taskRow(c: Ctx, t: Task): Row {
  const org = c.store.get('org', t.orgId);
  return row(t.id, t.orgId, t.operationName, {
    name: t.operationName, operationFull: t.operation, message: t.error?.message, org: t.orgId, orgName: org?.name,
    startDate: ms(t.startTime), endDate: ms(t.endTime), status: t.status, progress: t.progress, owner: t.userId,
    ownerName: c.userName(t.userId), hasOwner: true, object: t.ownerId, objectKind: t.ownerKind, objectType: OBJECT_TYPE[t.ownerKind] ?? t.ownerKind,
    objectName: t.ownerName, serviceNamespace: 'com.vmware.vcloud', details: t.details || undefined,
  });
}

function userRow(c: Ctx, u: User): Row {
  const { store } = c;
  let deployed = 0;
  let stored = 0;
  for (const a of store.where('vApp', 'orgId', u.orgId)) {
    if (a.ownerId !== u.id) continue;
    for (const vm of store.where('vm', 'vappId', a.id)) {
      stored++;
      if (vm.deployed) deployed++;
    }
  }
  return row(u.id, u.orgId, u.name, {
    name: u.name, fullName: u.fullName, isEnabled: u.isEnabled, org: u.orgId, numberOfDeployedVMs: deployed, deployedVMQuota: 0,
    numberOfStoredVMs: stored, storedVMQuota: 0, isLdapUser: false, identityProviderType: 'INTEGRATED',
  });
}

const BUS_NAMES: Record<number, string> = { 5: 'IDE', 6: 'SCSI', 20: 'SATA', 21: 'NVME' };

function diskRow(c: Ctx, d: IndependentDisk): Row {
  const vdc = c.store.get('vdc', d.vdcId);
  return row(d.id, d.orgId, d.name, {
    name: d.name, description: d.description || undefined, vdc: d.vdcId, vdcName: vdc?.name, org: d.orgId,
    sizeB: d.sizeMB * 1024 * 1024, sizeMb: d.sizeMB, iops: d.iops, encrypted: false, uuid: d.uuid,
    datastoreName: 'datastore-1', ownerName: c.userName(d.ownerId), storageProfile: d.storageProfileId,
    storageProfileName: c.store.get('storageProfile', d.storageProfileId)?.name, status: statusName(d.status),
    busType: String(d.busType), busTypeDesc: BUS_NAMES[d.busType], busSubType: d.busSubType, isAttached: d.attachments.length > 0,
    attachedVmCount: d.attachments.length, sharingType: d.sharingType, isShareable: d.sharingType !== 'None',
  });
}

/** A tenant role belongs to its org; global roles to every org, except the System Administrator role (System's). */
function roleRow(c: Ctx, r: Role): Row {
  const system = [...c.store.all('org')].find((o) => o.name.toLowerCase() === 'system');
  const orgId = r.orgId ?? (r.name === SYSTEM_ADMINISTRATOR ? system?.id ?? EVERY_ORG : EVERY_ORG);
  const org = r.orgId ? c.store.get('org', r.orgId) : undefined;
  return row(r.id, orgId, r.name, {
    name: r.name, isReadOnly: r.orgId === undefined && r.name === SYSTEM_ADMINISTRATOR, org: r.orgId, orgName: org?.name,
  });
}

interface SourceState {
  index: RowIndex<Row>;
  dirty: Set<string>;
  built: boolean;
}

/** All query rows of one store, built lazily per source and kept current from change events. */
export class QueryRows {
  private readonly sources = new Map<SourceName, SourceState>();
  /** VM rows that come from a vApp template: VM id → template id. */
  private readonly templateOfVm = new Map<string, string>();
  /** Per parent entity, the values its children's rows copy, as last seen (see copiedChanged). */
  private readonly copied = new Map<string, string>();

  constructor(private readonly store: Store) {
    for (const s of SOURCES) this.sources.set(s, { index: new RowIndex<Row>(cellOf), dirty: new Set(), built: false });
    store.onChange((kind, id, entity) => this.changed(kind, id, entity));
  }

  /** The current rows of a source, applying pending changes first. */
  rows(source: SourceName): RowIndex<Row> {
    const s = this.sources.get(source)!;
    if (!s.built) {
      this.build(source, s);
    } else if (s.dirty.size) {
      const c = new Ctx(this.store);
      const changes = new Map<string, Row | undefined>();
      for (const id of s.dirty) changes.set(id, this.project(c, source, id));
      s.dirty.clear();
      s.index.apply(changes);
    }
    return s.index;
  }

  private build(source: SourceName, s: SourceState): void {
    const c = new Ctx(this.store);
    const rows: Row[] = [];
    const push = (r: Row | undefined) => r && rows.push(r);
    const { store } = this;
    switch (source) {
      case 'org': for (const e of store.all('org')) push(orgRow(c, e)); break;
      case 'vdc': for (const e of store.all('vdc')) push(vdcRow(c, e)); break;
      case 'storageProfile': for (const e of store.all('storageProfile')) push(storageProfileRow(c, e)); break;
      case 'catalog': for (const e of store.all('catalog')) push(catalogRow(c, e)); break;
      case 'catalogItem': for (const e of store.all('catalogItem')) push(catalogItemRow(c, e)); break;
      case 'vAppTemplate': for (const e of store.all('vAppTemplate')) push(templateRow(c, e)); break;
      case 'network': for (const e of store.all('network')) push(networkRow(c, e)); break;
      case 'vApp': for (const e of store.all('vApp')) push(vappRow(c, e)); break;
      case 'task': for (const e of store.all('task')) push(taskRow(c, e)); break;
      case 'user': for (const e of store.all('user')) push(userRow(c, e)); break;
      case 'media': for (const e of store.all('media')) push(mediaRow(c, e)); break;
      case 'disk': for (const e of store.all('disk')) push(diskRow(c, e)); break;
      case 'role': for (const e of store.all('role')) push(roleRow(c, e)); break;
      case 'right': for (const r of ALL_RIGHTS) push(row(r.id, EVERY_ORG, r.name, { name: r.name, category: r.category })); break;
      case 'vm':
        this.templateOfVm.clear();
        for (const e of store.all('vm')) push(vmRow(c, e));
        for (const t of store.all('vAppTemplate')) {
          for (const vm of t.vms) {
            this.templateOfVm.set(vm.id, t.id);
            push(templateVmRow(c, t, vm));
          }
        }
        break;
      default:
        for (const r of providerRows(store, source)) push(r);
    }
    s.index.replaceAll(rows);
    s.dirty.clear();
    s.built = true;
  }

  private project(c: Ctx, source: SourceName, id: string): Row | undefined {
    const { store } = this;
    switch (source) {
      case 'org': { const e = store.get('org', id); return e && orgRow(c, e); }
      case 'vdc': { const e = store.get('vdc', id); return e && vdcRow(c, e); }
      case 'storageProfile': { const e = store.get('storageProfile', id); return e && storageProfileRow(c, e); }
      case 'catalog': { const e = store.get('catalog', id); return e && catalogRow(c, e); }
      case 'catalogItem': { const e = store.get('catalogItem', id); return e && catalogItemRow(c, e); }
      case 'vAppTemplate': { const e = store.get('vAppTemplate', id); return e && templateRow(c, e); }
      case 'network': { const e = store.get('network', id); return e && networkRow(c, e); }
      case 'vApp': { const e = store.get('vApp', id); return e && vappRow(c, e); }
      case 'task': { const e = store.get('task', id); return e && taskRow(c, e); }
      case 'user': { const e = store.get('user', id); return e && userRow(c, e); }
      case 'media': { const e = store.get('media', id); return e && mediaRow(c, e); }
      case 'disk': { const e = store.get('disk', id); return e && diskRow(c, e); }
      case 'role': { const e = store.get('role', id); return e && roleRow(c, e); }
      case 'right': { const r = ALL_RIGHTS.find((x) => x.id === id); return r && row(r.id, EVERY_ORG, r.name, { name: r.name, category: r.category }); }
      case 'vm': {
        const vm = store.get('vm', id);
        if (vm) return vmRow(c, vm);
        const t = store.get('vAppTemplate', this.templateOfVm.get(id) ?? '');
        const tvm = t?.vms.find((v) => v.id === id);
        return t && tvm ? templateVmRow(c, t, tvm) : undefined;
      }
      default:
        return providerRows(store, source).find((r) => r.id === id);
    }
  }

  /** Marks a row for re-projection; a source not built yet will read everything fresh anyway. */
  private mark(source: SourceName, id: string | undefined): void {
    const s = this.sources.get(source)!;
    if (s.built && id) s.dirty.add(id);
  }

  private old(source: SourceName, id: string): Row | undefined {
    return this.sources.get(source)!.index.get(id);
  }

  /**
   * Whether the values children copy from a parent (its name…) changed since its last change event. Most
   * changes (a network handing out an address, a vApp changing state) leave them alone, and then the
   * children's rows need no work. The first event of an entity counts as a change.
   */
  private copiedChanged(kind: EntityKind, id: string, now: Record<string, Value> | undefined): boolean {
    const key = `${kind}:${id}`;
    if (!now) {
      this.copied.delete(key);
      return true;
    }
    const signature = JSON.stringify(now);
    const changed = this.copied.get(key) !== signature;
    this.copied.set(key, signature);
    return changed;
  }

  private changed(kind: EntityKind, id: string, entity: unknown): void {
    const { store } = this;
    if (id === '*') {
      // The whole state was replaced (load, reset, import): start again from scratch.
      for (const s of this.sources.values()) {
        s.built = false;
        s.dirty.clear();
      }
      this.templateOfVm.clear();
      this.copied.clear();
      return;
    }
    const each = (source: SourceName, entities: { id: string }[]) => {
      for (const e of entities) this.mark(source, e.id);
    };
    switch (kind) {
      case 'org': {
        this.mark('org', id);
        const org = entity as Org | undefined;
        if (this.copiedChanged('org', id, org && { name: org.name })) {
          each('role', store.where('role', 'orgId', id));
          each('vdc', store.where('vdc', 'orgId', id));
          each('catalog', store.where('catalog', 'orgId', id));
          each('task', store.where('task', 'orgId', id));
        }
        break;
      }
      case 'vdc': {
        const vdc = entity as Vdc | undefined;
        const orgId = vdc?.orgId ?? this.old('vdc', id)?.orgId;
        this.mark('vdc', id);
        this.mark('org', orgId);
        // A provider VDC counts its org VDCs' allocations.
        this.mark('providerVdc', vdc?.providerVdcId);
        if (this.copiedChanged('vdc', id, vdc && { name: vdc.name, isEnabled: vdc.isEnabled })) {
          each('storageProfile', store.where('storageProfile', 'vdcId', id));
          each('network', store.where('network', 'vdcId', id));
          each('vApp', store.where('vApp', 'vdcId', id));
          each('vm', store.where('vm', 'vdcId', id));
          each('disk', store.where('disk', 'vdcId', id));
          for (const t of store.where('vAppTemplate', 'vdcId', id)) this.templateChanged(t.id, t);
        }
        break;
      }
      case 'storageProfile': {
        const p = entity as StorageProfile | undefined;
        const vdcId = p?.vdcId ?? (this.old('storageProfile', id)?.v.vdc as string | undefined);
        this.mark('storageProfile', id);
        this.mark('vdc', vdcId);
        if (vdcId && this.copiedChanged('storageProfile', id, p && { name: p.name })) {
          each('vm', store.where('vm', 'vdcId', vdcId));
          each('disk', store.where('disk', 'vdcId', vdcId));
          for (const t of store.where('vAppTemplate', 'vdcId', vdcId)) this.templateChanged(t.id, t);
        }
        break;
      }
      case 'catalog': {
        const cat = entity as Catalog | undefined;
        this.mark('catalog', id);
        this.mark('org', cat?.orgId ?? this.old('catalog', id)?.orgId);
        if (this.copiedChanged('catalog', id, cat && { name: cat.name, isPublished: cat.isPublished })) {
          each('catalogItem', store.where('catalogItem', 'catalogId', id));
          for (const t of store.where('vAppTemplate', 'catalogId', id)) this.templateChanged(t.id, t);
        }
        break;
      }
      case 'catalogItem': {
        const item = entity as CatalogItem | undefined;
        const before = this.old('catalogItem', id);
        this.mark('catalogItem', id);
        this.mark('catalog', item?.catalogId ?? (before?.v.catalog as string | undefined));
        this.mark('vAppTemplate', item?.templateId ?? (before?.v.entity as string | undefined));
        this.mark('media', item?.mediaId ?? (before?.v.entity as string | undefined));
        break;
      }
      case 'media': {
        const m = entity as Media | undefined;
        const before = this.old('media', id);
        this.mark('media', id);
        this.mark('catalog', m?.catalogId || (before?.v.catalog as string | undefined));
        this.mark('vdc', m?.vdcId ?? (before?.v.vdc as string | undefined));
        this.mark('catalogItem', (m ? this.store.where('catalogItem', 'mediaId', m.id)[0]?.id : undefined) ?? (before?.v.catalogItem as string | undefined));
        if (m?.vdcId) each('storageProfile', store.where('storageProfile', 'vdcId', m.vdcId));
        break;
      }
      case 'vAppTemplate':
        this.templateChanged(id, entity as VAppTemplate | undefined);
        break;
      case 'network': {
        const n = entity as Network | undefined;
        this.mark('network', id);
        const vdcId = n?.vdcId ?? (this.old('network', id)?.v.vdc as string | undefined);
        if (vdcId && this.copiedChanged('network', id, n && { name: n.name })) {
          each('vm', store.where('vm', 'vdcId', vdcId));
          for (const t of store.where('vAppTemplate', 'vdcId', vdcId)) this.templateChanged(t.id, t);
        }
        break;
      }
      case 'vApp': {
        const a = entity as VApp | undefined;
        const before = this.old('vApp', id);
        this.mark('vApp', id);
        this.mark('vdc', a?.vdcId ?? (before?.v.vdc as string | undefined));
        this.mark('org', a?.orgId ?? before?.orgId);
        this.mark('user', a?.ownerId);
        this.mark('user', before?.v.owner as string | undefined);
        if (this.copiedChanged('vApp', id, a && { name: a.name, owner: a.ownerId, isAutoNature: a.autoNature })) {
          each('vm', store.where('vm', 'vappId', id));
        }
        break;
      }
      case 'vm': {
        const vm = entity as Vm | undefined;
        const before = this.old('vm', id);
        const vappId = vm?.vappId ?? (before?.v.container as string | undefined);
        const vdcId = vm?.vdcId ?? (before?.v.vdc as string | undefined);
        this.mark('vm', id);
        this.mark('vApp', vappId);
        this.mark('vdc', vdcId);
        // An inserted media is busy: a VM's insert or eject changes its media's row (the org's media are few).
        const orgId = vm?.orgId ?? before?.orgId;
        if (orgId) for (const m of store.all('media')) if (m.orgId === orgId) this.mark('media', m.id);
        if (vdcId) each('storageProfile', store.where('storageProfile', 'vdcId', vdcId));
        this.mark('user', (vappId && store.get('vApp', vappId)?.ownerId) || (before?.v.owner as string | undefined));
        break;
      }
      case 'task': {
        const t = entity as Task | undefined;
        const before = this.old('task', id);
        this.mark('task', id);
        // A running task makes its owner busy, and the vApp of a VM too.
        const owner = t?.ownerId ?? (before?.v.object as string | undefined);
        if (owner) {
          this.mark('vm', owner);
          this.mark('vApp', owner);
          this.mark('vAppTemplate', owner);
          this.mark('media', owner);
          this.mark('vApp', store.get('vm', owner)?.vappId);
        }
        break;
      }
      case 'role':
        this.mark('role', id);
        break;
      case 'user': {
        const u = entity as User | undefined;
        this.mark('user', id);
        if (this.copiedChanged('user', id, u && { name: u.name }) && u) {
          // Owner names are copied into the rows of what the user owns.
          for (const a of store.where('vApp', 'orgId', u.orgId)) {
            if (a.ownerId !== id) continue;
            this.mark('vApp', a.id);
            each('vm', store.where('vm', 'vappId', a.id));
          }
          for (const cat of store.where('catalog', 'orgId', u.orgId)) if (cat.ownerId === id) this.mark('catalog', cat.id);
          for (const d of store.where('disk', 'orgId', u.orgId)) if (d.ownerId === id) this.mark('disk', d.id);
          each('task', store.where('task', 'orgId', u.orgId));
          for (const t of store.all('vAppTemplate')) if (t.ownerId === id) this.templateChanged(t.id, t);
        }
        break;
      }
      case 'disk': {
        const d = entity as IndependentDisk | undefined;
        const before = this.old('disk', id);
        this.mark('disk', id);
        for (const vdcId of [d?.vdcId, before?.v.vdc as string | undefined]) {
          this.mark('vdc', vdcId);
          if (vdcId) each('storageProfile', store.where('storageProfile', 'vdcId', vdcId));
        }
        this.mark('org', d?.orgId ?? before?.orgId);
        break;
      }
      default:
        break;
    }
  }

  /** A template's rows: its own, its catalog's and VDC's counts, its catalog item, and the VMs inside it. */
  private templateChanged(id: string, t: VAppTemplate | undefined): void {
    const before = this.old('vAppTemplate', id);
    this.mark('vAppTemplate', id);
    this.mark('catalog', t?.catalogId ?? (before?.v.catalog as string | undefined));
    this.mark('vdc', t?.vdcId ?? (before?.v.vdc as string | undefined));
    this.mark('catalogItem', (t ? this.store.where('catalogItem', 'templateId', t.id)[0]?.id : undefined) ?? (before?.v.catalogItem as string | undefined));
    if (!this.sources.get('vm')!.built) return;
    for (const [vmId, templateId] of this.templateOfVm) {
      if (templateId !== id) continue;
      this.templateOfVm.delete(vmId);
      this.mark('vm', vmId);
    }
    for (const vm of t?.vms ?? []) {
      this.templateOfVm.set(vm.id, id);
      this.mark('vm', vm.id);
    }
  }
}

/** The query rows of each store, created on its first query. */
const rowsOf = new WeakMap<Store, QueryRows>();

export function queryRows(store: Store): QueryRows {
  let rows = rowsOf.get(store);
  if (!rows) rowsOf.set(store, (rows = new QueryRows(store)));
  return rows;
}
