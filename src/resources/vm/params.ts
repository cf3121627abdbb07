/**
 * Reading VM settings out of request bodies: OVF hardware sections, VmSpecSection, network connection and
 * guest customization sections. Bodies may use any namespace prefix; the parser matches local names.
 */
import type { Disk, Nic, Vm } from '../../store/types.js';
import { attr, child, children, parseBool, text, type Doc } from '../../wire/xml.js';
import { badRequest } from '../../errors.js';
import type { VmPatch } from './ops.js';
import { ADAPTERS, adapterFrom, adapterOf, controllerOf, onAdapter } from './disks.js';

export function int(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !Number.isInteger(n)) throw badRequest(`${what} must be an integer, got "${value}".`);
  return n;
}

/**
 * Resolves a storage profile reference (a Reference element, or a RASD storageProfileHref as `@_href`) to a
 * profile id of the VM's VDC; the routes supply it (it reads the store), and refuse unknown profiles.
 */
export type ProfileResolver = (ref: Doc) => string;

/** CPU, memory and disks from an ovf:VirtualHardwareSection (or a single rasd Item / RasdItemsList). */
export function hardwareFromItems(items: Doc[], vm: Pick<Vm, 'disks' | 'cpus' | 'memoryMB' | 'coresPerSocket'>, profileOf?: ProfileResolver): VmPatch {
  const patch: VmPatch = {};
  // Attached independent disks (HostResource@vcloud:disk) come back in the list but are not the VM's own.
  const diskItems = items.filter((i) => text(i, 'ResourceType') === '17' && attr(child(i, 'HostResource'), 'disk') === undefined);
  // Controllers the list carries (pyvcloud adds one for a new controller type): InstanceID → bus number.
  const controllers = new Map<string, number>();
  for (const i of items) {
    const type = text(i, 'ResourceType');
    if (type === '5' || type === '6' || type === '20') {
      const id = text(i, 'InstanceID');
      const address = int(text(i, 'Address'), 'Address');
      if (id !== undefined && address !== undefined) controllers.set(id, address);
    }
    if (type === '3') {
      patch.cpus = int(text(i, 'VirtualQuantity'), 'VirtualQuantity');
      const cores = int(text(i, 'CoresPerSocket'), 'CoresPerSocket');
      if (cores !== undefined) patch.coresPerSocket = cores;
    } else if (type === '4') {
      patch.memoryMB = int(text(i, 'VirtualQuantity'), 'VirtualQuantity');
    }
  }
  if (diskItems.length) patch.disks = diskItems.map((i, n) => diskFromItem(i, n, vm.disks, controllers, profileOf));
  return patch;
}

function diskFromItem(i: Doc, n: number, existing: Disk[], controllers: Map<string, number>, profileOf?: ProfileResolver): Disk {
  const host = child(i, 'HostResource');
  const instanceId = int(text(i, 'InstanceID'), 'InstanceID') ?? 2000 + n;
  const old = existing.find((d) => d.instanceId === instanceId);
  // The size: HostResource@capacity (MB) or VirtualQuantity (bytes), whichever the client changed
  // (pyvcloud's update_vhs_disks changes only VirtualQuantity).
  const capacity = int(attr(host, 'capacity'), 'capacity');
  const bytes = text(i, 'VirtualQuantity');
  const fromBytes = bytes ? Math.ceil(Number(bytes) / (1024 * 1024)) : undefined;
  if (fromBytes !== undefined && !Number.isFinite(fromBytes)) throw badRequest(`Hard disk ${instanceId}: VirtualQuantity must be a number of bytes, got "${bytes}".`);
  const sizeMB = old
    ? (capacity !== undefined && capacity !== old.sizeMB ? capacity : fromBytes !== undefined && fromBytes !== old.sizeMB ? fromBytes : old.sizeMB)
    : capacity ?? fromBytes;
  if (sizeMB === undefined) throw badRequest(`Hard disk ${instanceId} has no size.`);
  const busTypeText = attr(host, 'busType');
  const subType = attr(host, 'busSubType');
  let adapter = old ? adapterOf(old) : adapterOf({ busType: 6, busSubType: 'VirtualSCSI' });
  if (subType || busTypeText) {
    const busType = int(busTypeText, 'busType') ?? adapter.busType;
    const named = subType ? adapterFrom(subType) : adapter.busType === busType ? adapter : ADAPTERS.find((a) => a.busType === busType);
    if (!named || (named.busType !== busType && !(named.family === 'nvme' && busType === 21))) {
      throw badRequest(`Hard disk ${instanceId}: busType ${busType} with busSubType "${subType ?? ''}" is not a disk controller VCD offers.`);
    }
    adapter = named;
  }
  const parent = text(i, 'Parent');
  const fromParent = parent === undefined ? undefined : controllers.get(parent) ?? controllerOf(Number(parent))?.bus;
  const profileHref = attr(host, 'storageProfileHref');
  const override = parseBool(attr(host, 'storageProfileOverrideVmDefault'), false);
  return {
    instanceId,
    sizeMB,
    ...onAdapter(adapter),
    unit: int(text(i, 'AddressOnParent'), 'AddressOnParent') ?? old?.unit ?? n,
    bus: fromParent ?? old?.bus ?? 0,
    storageProfileId: profileOf && profileHref ? (override ? profileOf({ '@_href': profileHref }) : undefined) : old?.storageProfileId,
  };
}

export function hardwareFromSection(section: Doc | undefined, vm: Pick<Vm, 'disks' | 'cpus' | 'memoryMB' | 'coresPerSocket'>, profileOf?: ProfileResolver): VmPatch {
  return section ? hardwareFromItems(children(section, 'Item'), vm, profileOf) : {};
}

/**
 * go-vcloud-director's VmSpecSection: NumCpus, NumCoresPerSocket, MemoryResourceMb, DiskSection. The
 * DiskSection is the whole list of the VM's disks (UpdateInternalDisks, AddInternalDisk, DeleteInternalDisk):
 * a disk without DiskId is new, a disk left out is removed.
 */
export function hardwareFromSpec(spec: Doc | undefined, vm: Pick<Vm, 'disks'>, profileOf?: ProfileResolver): VmPatch {
  if (!spec) return {};
  const patch: VmPatch = {};
  const cpus = int(text(spec, 'NumCpus'), 'NumCpus');
  if (cpus !== undefined) patch.cpus = cpus;
  const cores = int(text(spec, 'NumCoresPerSocket'), 'NumCoresPerSocket');
  if (cores !== undefined) patch.coresPerSocket = cores;
  const mem = int(text(child(spec, 'MemoryResourceMb'), 'Configured'), 'MemoryResourceMb/Configured');
  if (mem !== undefined) patch.memoryMB = mem;
  // Settings naming an independent disk (Disk reference) describe an attachment, not a disk of the VM.
  const section = child(spec, 'DiskSection');
  const settings = children(section, 'DiskSettings').filter((d) => !child(d, 'Disk'));
  if (settings.length || (section && !children(section, 'DiskSettings').length)) {
    let nextId = Math.max(1999, ...vm.disks.map((x) => x.instanceId)) + 1;
    patch.disks = settings.map((d, n) => {
      const id = text(d, 'DiskId');
      const old = vm.disks.find((x) => String(x.instanceId) === id);
      if (id && !old) throw badRequest(`The VM has no disk with DiskId ${id}; leave DiskId out for a new disk.`);
      const sizeMB = int(text(d, 'SizeMb'), 'SizeMb') ?? old?.sizeMB;
      if (sizeMB === undefined) throw badRequest('DiskSettings needs SizeMb.');
      const adapterText = text(d, 'AdapterType');
      const adapter = adapterText ? adapterFrom(adapterText) : old ? adapterOf(old) : vm.disks[0] ? adapterOf(vm.disks[0]) : adapterFrom('5');
      if (!adapter) throw badRequest(`AdapterType "${adapterText}" is not a disk controller VCD offers: use one of ${ADAPTERS.map((a) => `${a.code} (${a.name})`).join(', ')}.`);
      const profileRef = child(d, 'StorageProfile');
      // VCD's JSON form names it overrideVmDefault too, which a JSON body maps onto OverrideVmDefault.
      const override = parseBool(text(d, 'overrideVmDefault') ?? text(d, 'OverrideVmDefault'), false);
      return {
        instanceId: old?.instanceId ?? nextId++,
        sizeMB,
        ...onAdapter(adapter),
        unit: int(text(d, 'UnitNumber'), 'UnitNumber') ?? old?.unit ?? n,
        bus: int(text(d, 'BusNumber'), 'BusNumber') ?? old?.bus ?? 0,
        storageProfileId: profileOf && profileRef ? (override ? profileOf(profileRef) : undefined) : old?.storageProfileId,
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
