/**
 * Reading VM settings out of request bodies: OVF hardware sections, VmSpecSection, network connection and
 * guest customization sections. Bodies may use any namespace prefix; the parser matches local names.
 */
import type { Disk, Nic, Vm } from '../../store/types.js';
import { attr, child, children, parseBool, text, type Doc } from '../../wire/xml.js';
import { badRequest } from '../../errors.js';
import type { VmPatch } from './ops.js';

export function int(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !Number.isInteger(n)) throw badRequest(`${what} must be an integer, got "${value}".`);
  return n;
}

/** CPU, memory and disks from an ovf:VirtualHardwareSection (or a single rasd Item / RasdItemsList). */
export function hardwareFromItems(items: Doc[], vm: Pick<Vm, 'disks' | 'cpus' | 'memoryMB' | 'coresPerSocket'>): VmPatch {
  const patch: VmPatch = {};
  // Attached independent disks (HostResource@vcloud:disk) come back in the list but are not the VM's own.
  const diskItems = items.filter((i) => text(i, 'ResourceType') === '17' && attr(child(i, 'HostResource'), 'disk') === undefined);
  for (const i of items) {
    const type = text(i, 'ResourceType');
    if (type === '3') {
      patch.cpus = int(text(i, 'VirtualQuantity'), 'VirtualQuantity');
      const cores = int(text(i, 'CoresPerSocket'), 'CoresPerSocket');
      if (cores !== undefined) patch.coresPerSocket = cores;
    } else if (type === '4') {
      patch.memoryMB = int(text(i, 'VirtualQuantity'), 'VirtualQuantity');
    }
  }
  if (diskItems.length) patch.disks = diskItems.map((i, n) => diskFromItem(i, n, vm.disks));
  return patch;
}

function diskFromItem(i: Doc, n: number, existing: Disk[]): Disk {
  const host = child(i, 'HostResource');
  const instanceId = int(text(i, 'InstanceID'), 'InstanceID') ?? 2000 + n;
  const old = existing.find((d) => d.instanceId === instanceId);
  const capacity = int(attr(host, 'capacity'), 'capacity');
  const bytes = text(i, 'VirtualQuantity');
  const sizeMB = capacity ?? (bytes ? Math.ceil(Number(bytes) / (1024 * 1024)) : old?.sizeMB);
  if (sizeMB === undefined || !Number.isFinite(sizeMB)) throw badRequest(`Hard disk ${instanceId} has no size.`);
  return {
    instanceId,
    sizeMB,
    busType: int(attr(host, 'busType'), 'busType') ?? old?.busType ?? 6,
    busSubType: attr(host, 'busSubType') ?? old?.busSubType ?? 'VirtualSCSI',
    unit: int(text(i, 'AddressOnParent'), 'AddressOnParent') ?? old?.unit ?? n,
    bus: old?.bus ?? 0,
    storageProfileId: old?.storageProfileId,
  };
}

export function hardwareFromSection(section: Doc | undefined, vm: Pick<Vm, 'disks' | 'cpus' | 'memoryMB' | 'coresPerSocket'>): VmPatch {
  return section ? hardwareFromItems(children(section, 'Item'), vm) : {};
}

/** go-vcloud-director's VmSpecSection: NumCpus, NumCoresPerSocket, MemoryResourceMb, DiskSection. */
export function hardwareFromSpec(spec: Doc | undefined, vm: Pick<Vm, 'disks'>): VmPatch {
  if (!spec) return {};
  const patch: VmPatch = {};
  const cpus = int(text(spec, 'NumCpus'), 'NumCpus');
  if (cpus !== undefined) patch.cpus = cpus;
  const cores = int(text(spec, 'NumCoresPerSocket'), 'NumCoresPerSocket');
  if (cores !== undefined) patch.coresPerSocket = cores;
  const mem = int(text(child(spec, 'MemoryResourceMb'), 'Configured'), 'MemoryResourceMb/Configured');
  if (mem !== undefined) patch.memoryMB = mem;
  // Settings naming an independent disk (Disk reference) describe an attachment, not a disk of the VM.
  const settings = children(child(spec, 'DiskSection'), 'DiskSettings').filter((d) => !child(d, 'Disk'));
  if (settings.length) {
    let nextId = Math.max(1999, ...vm.disks.map((x) => x.instanceId)) + 1;
    patch.disks = settings.map((d, n) => {
      const id = text(d, 'DiskId');
      const old = vm.disks.find((x) => String(x.instanceId) === id);
      const sizeMB = int(text(d, 'SizeMb'), 'SizeMb') ?? old?.sizeMB;
      if (sizeMB === undefined) throw badRequest('DiskSettings needs SizeMb.');
      return {
        instanceId: old?.instanceId ?? nextId++,
        sizeMB,
        busType: old?.busType ?? 6,
        busSubType: text(d, 'AdapterType') ?? old?.busSubType ?? 'VirtualSCSI',
        unit: int(text(d, 'UnitNumber'), 'UnitNumber') ?? old?.unit ?? n,
        bus: int(text(d, 'BusNumber'), 'BusNumber') ?? old?.bus ?? 0,
        storageProfileId: old?.storageProfileId,
      };
    });
  }
  return patch;
}

const MODES = new Set(['POOL', 'DHCP', 'MANUAL', 'NONE']);

/** NICs from a NetworkConnectionSection (addresses are assigned later, from the network's pool). */
export function nicsFromSection(section: Doc, existing: Nic[], newMac: () => string): Nic[] {
  const primary = int(text(section, 'PrimaryNetworkConnectionIndex'), 'PrimaryNetworkConnectionIndex') ?? 0;
  const nics = children(section, 'NetworkConnection').map((c, n) => {
    const index = int(text(c, 'NetworkConnectionIndex'), 'NetworkConnectionIndex') ?? n;
    const old = existing.find((x) => x.index === index);
    const mode = (text(c, 'IpAddressAllocationMode') ?? 'POOL').toUpperCase();
    if (!MODES.has(mode)) throw badRequest(`IpAddressAllocationMode must be one of POOL, DHCP, MANUAL, NONE, got "${mode}".`);
    const network = attr(c, 'network');
    if (!network) throw badRequest('A NetworkConnection needs its network attribute.');
    const ip = text(c, 'IpAddress') || undefined;
    if (mode === 'MANUAL' && !ip) throw badRequest(`NIC ${index} uses MANUAL addressing but has no IpAddress.`);
    return {
      index,
      network,
      connected: parseBool(text(c, 'IsConnected'), true),
      mode: mode as Nic['mode'],
      ip: mode === 'MANUAL' ? ip : old && old.network === network && old.mode === mode ? old.ip : undefined,
      mac: text(c, 'MACAddress') || old?.mac || newMac(),
      adapter: text(c, 'NetworkAdapterType') || old?.adapter || 'VMXNET3',
      primary: index === primary,
    };
  });
  const seen = new Set<number>();
  for (const n of nics) {
    if (seen.has(n.index)) throw badRequest(`NetworkConnectionIndex ${n.index} is used twice.`);
    seen.add(n.index);
  }
  return nics;
}

/** Guest customization settings from a GuestCustomizationSection. */
export function guestFromSection(section: Doc, current: Vm['guestCustomization'], computerName: string): VmPatch {
  const bool = (name: string, fallback: boolean) => parseBool(text(section, name), fallback);
  return {
    computerName: text(section, 'ComputerName') || computerName,
    guestCustomization: {
      enabled: bool('Enabled', current.enabled),
      adminPasswordEnabled: bool('AdminPasswordEnabled', current.adminPasswordEnabled),
      adminPasswordAuto: bool('AdminPasswordAuto', current.adminPasswordAuto),
      adminPassword: text(section, 'AdminPassword') ?? current.adminPassword,
      resetPasswordRequired: bool('ResetPasswordRequired', current.resetPasswordRequired),
      customizationScript: text(section, 'CustomizationScript') ?? current.customizationScript,
    },
  };
}
