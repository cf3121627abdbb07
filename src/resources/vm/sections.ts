/**
 * OVF and vCloud sections describing a VM's hardware, guest OS, NICs and guest customization. Template
 * VMs and VMs share them. Element order follows the schemas (CIM RASD children are alphabetical).
 */
import type { GuestCustomization, Nic, VmShape } from '../../store/types.js';
import { guestOs } from '../../store/guestos.js';
import { MT } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import type { Doc } from '../../wire/xml.js';
import type { Rendered } from '../../wire/render.js';
import type { AttachedDiskItem } from '../disk/view.js';
import { adapterOf, controllerInstanceId, type Adapter, type Family } from './disks.js';

/**
 * A RASD Item: `fields` are the rasd: children, given in the schema's (alphabetical) order; `extra`
 * holds vcloud: attributes and the elements VCD appends after them (vmw:CoresPerSocket, Link).
 */
function item(fields: Doc, extra: Doc = {}): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(extra)) if (k.startsWith('@_')) out[k] = v;
  for (const [k, v] of Object.entries(fields)) out[`rasd:${k}`] = v;
  for (const [k, v] of Object.entries(extra)) if (!k.startsWith('@_')) out[k] = v;
  return out;
}

export function cpuItem(vmHref: string | undefined, vm: VmShape, editable: boolean): Doc {
  return item(
    {
      AllocationUnits: 'hertz * 10^6',
      Description: 'Number of Virtual CPUs',
      ElementName: `${vm.cpus} virtual CPU(s)`,
      InstanceID: 4,
      Reservation: 0,
      ResourceType: 3,
      VirtualQuantity: vm.cpus,
      Weight: 0,
    },
    {
      ...(vmHref ? { '@_vcloud:href': `${vmHref}/virtualHardwareSection/cpu`, '@_vcloud:type': MT.rasdItem } : {}),
      'vmw:CoresPerSocket': { '@_ovf:required': false, '#text': vm.coresPerSocket },
      ...(vmHref && editable ? { Link: [link('edit', `${vmHref}/virtualHardwareSection/cpu`, MT.rasdItem)] } : {}),
    },
  );
}

export function memoryItem(vmHref: string | undefined, vm: VmShape, editable: boolean): Doc {
  return item(
    {
      AllocationUnits: 'byte * 2^20',
      Description: 'Memory Size',
      ElementName: `${vm.memoryMB} MB of memory`,
      InstanceID: 5,
      Reservation: 0,
      ResourceType: 4,
      VirtualQuantity: vm.memoryMB,
      Weight: 0,
    },
    {
      ...(vmHref ? { '@_vcloud:href': `${vmHref}/virtualHardwareSection/memory`, '@_vcloud:type': MT.rasdItem } : {}),
      ...(vmHref && editable ? { Link: [link('edit', `${vmHref}/virtualHardwareSection/memory`, MT.rasdItem)] } : {}),
    },
  );
}

/** Resolves a storage profile id to its reference (hrefs are the request's): disks on a profile of their own. */
export type ProfileRefOf = (id: string) => Doc | undefined;

const CONTROLLER_NAMES: Record<Family, string> = { ide: 'IDE Controller', scsi: 'SCSI Controller', sata: 'SATA Controller', nvme: 'NVME Controller' };
const CONTROLLER_TYPES: Record<Family, number> = { ide: 5, scsi: 6, sata: 20, nvme: 20 };

/** The controller a disk hangs on, as a RASD item (the IDE controller has no sub-type). */
function controllerItem(a: Adapter, bus: number): Doc {
  return item({
    Address: bus,
    Description: CONTROLLER_NAMES[a.family],
    ElementName: `${CONTROLLER_NAMES[a.family]} ${bus}`,
    InstanceID: controllerInstanceId(a.family, bus),
    ResourceSubType: a.family === 'ide' ? undefined : a.busSubType,
    ResourceType: CONTROLLER_TYPES[a.family],
  });
}

/**
 * The VM's controllers and hard disks (its own, then the independent disks attached to it), as
 * `…/virtualHardwareSection/disks` and the VirtualHardwareSection list them: one controller per bus in use
 * (SCSI controller 0 when there is no disk at all), each disk on its bus with its own storage profile
 * when it overrides the VM's.
 */
export function diskItems(vm: VmShape, storageProfileHref?: string, attached: AttachedDiskItem[] = [], profileRefOf?: ProfileRefOf): Doc[] {
  const controllers = new Map<number, Doc>();
  const on = (d: { busType: number; busSubType: string; bus: number }) => {
    const a = adapterOf(d);
    const id = controllerInstanceId(a.family, d.bus);
    if (!controllers.has(id)) controllers.set(id, controllerItem(a, d.bus));
    return id;
  };
  const disk = (d: { busType: number; busSubType: string; bus: number; unit: number; sizeMB: number; instanceId: number }, n: number, host: Doc) =>
    item({
      AddressOnParent: d.unit,
      Description: 'Hard disk',
      ElementName: `Hard disk ${n + 1}`,
      HostResource: { '@_vcloud:capacity': d.sizeMB, '@_vcloud:busSubType': d.busSubType, '@_vcloud:busType': d.busType, ...host },
      InstanceID: d.instanceId,
      Parent: on(d),
      ResourceType: 17,
      VirtualQuantity: d.sizeMB * 1024 * 1024,
      VirtualQuantityUnits: 'byte',
    });
  const own = vm.disks.map((d, n) => {
    const href = d.storageProfileId ? profileRefOf?.(d.storageProfileId)?.['@_href'] : undefined;
    return disk(d, n, { '@_vcloud:storageProfileHref': href ?? storageProfileHref, '@_vcloud:storageProfileOverrideVmDefault': !!href });
  });
  // Independent disks attached to the VM: their HostResource names the disk (vcloud:disk).
  const named = attached.map((d, n) => disk(d, vm.disks.length + n, {
    '@_vcloud:disk': d.href, '@_vcloud:storageProfileHref': d.storageProfileHref, '@_vcloud:storageProfileOverrideVmDefault': true,
  }));
  if (!controllers.size) on({ busType: 6, busSubType: 'VirtualSCSI', bus: 0 });
  return [...[...controllers.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c), ...own, ...named];
}

export function nicItems(vm: VmShape): Doc[] {
  return vm.nics.map((n) =>
    item({
      Address: n.mac,
      AddressOnParent: n.index,
      AutomaticAllocation: n.connected,
      Connection: {
        '@_vcloud:ipAddressingMode': n.mode,
        '@_vcloud:ipAddress': n.ip,
        '@_vcloud:primaryNetworkConnection': n.primary,
        '#text': n.network,
      },
      Description: `${n.adapter} ethernet adapter on "${n.network}"`,
      ElementName: `Network adapter ${n.index}`,
      InstanceID: 1 + n.index,
      ResourceSubType: n.adapter,
      ResourceType: 10,
    }),
  );
}

/** The drive holding an inserted media (CD/DVD for an ISO, floppy for a floppy image); none when empty. */
export function mediaItems(media: { name: string; imageType: string } | undefined): Doc[] {
  if (!media) return [];
  if (media.imageType === 'floppy') {
    return [item({ AddressOnParent: 0, AutomaticAllocation: true, Description: 'Floppy Drive', ElementName: 'Floppy Drive 1', HostResource: { '#text': media.name }, InstanceID: 8000, ResourceSubType: 'vmware.floppy.image', ResourceType: 14 })];
  }
  return [item({ AddressOnParent: 0, AutomaticAllocation: true, Description: 'CD/DVD Drive', ElementName: 'CD/DVD Drive 1', HostResource: { '#text': media.name }, InstanceID: 3002, Parent: 3, ResourceSubType: 'vmware.cdrom.iso', ResourceType: 15 })];
}

function ideController(): Doc {
  return item({ Address: 0, Description: 'IDE Controller', ElementName: 'IDE Controller 0', InstanceID: 3, ResourceType: 5 });
}

export function virtualHardwareSection(
  vmHref: string | undefined, vm: VmShape,
  opts: { editable: boolean; storageProfileHref?: string; media?: { name: string; imageType: string }; attached?: AttachedDiskItem[]; profileRefOf?: ProfileRefOf },
): Doc {
  const disks = diskItems(vm, opts.storageProfileHref, opts.attached, opts.profileRefOf);
  // The CD/DVD drive hangs on IDE controller 0 (InstanceID 3), which IDE disks on bus 0 already bring.
  const ide0 = disks.some((d) => d['rasd:InstanceID'] === 3);
  return {
    '@_ovf:transport': '',
    '@_vcloud:href': vmHref ? `${vmHref}/virtualHardwareSection/` : undefined,
    '@_vcloud:type': vmHref ? MT.virtualHardwareSection : undefined,
    'ovf:Info': 'Virtual hardware requirements',
    'ovf:System': {
      'vssd:ElementName': 'Virtual Hardware Family',
      'vssd:InstanceID': 0,
      'vssd:VirtualSystemIdentifier': vm.name,
      'vssd:VirtualSystemType': vm.hardwareVersion,
    },
    'ovf:Item': [
      ...nicItems(vm),
      ...disks,
      ...(opts.media ? [...(ide0 ? [] : [ideController()]), ...mediaItems(opts.media)] : []),
      cpuItem(vmHref, vm, opts.editable),
      memoryItem(vmHref, vm, opts.editable),
    ],
    Link: vmHref && opts.editable
      ? [
          link('edit', `${vmHref}/virtualHardwareSection/`, MT.virtualHardwareSection),
          link('down', `${vmHref}/virtualHardwareSection/cpu`, MT.rasdItem),
          link('down', `${vmHref}/virtualHardwareSection/memory`, MT.rasdItem),
          link('down', `${vmHref}/virtualHardwareSection/disks`, MT.rasdItemsList),
          link('down', `${vmHref}/virtualHardwareSection/networkCards`, MT.rasdItemsList),
          link('down', `${vmHref}/virtualHardwareSection/media`, MT.rasdItemsList),
        ]
      : undefined,
  };
}

export function operatingSystemSection(vmHref: string | undefined, vm: VmShape): Doc {
  const os = guestOs(vm.osType);
  return {
    '@_ovf:id': os.ovfId,
    '@_vcloud:href': vmHref ? `${vmHref}/operatingSystemSection/` : undefined,
    '@_vcloud:type': vmHref ? MT.operatingSystemSection : undefined,
    '@_vmw:osType': vm.osType,
    'ovf:Info': 'Specifies the operating system installed',
    'ovf:Description': os.description,
  };
}

function networkConnection(n: Nic): Doc {
  return {
    '@_network': n.network,
    '@_needsCustomization': false,
    NetworkConnectionIndex: n.index,
    IpAddress: n.ip,
    IsConnected: n.connected,
    MACAddress: n.mac,
    IpAddressAllocationMode: n.mode,
    NetworkAdapterType: n.adapter,
  };
}

export function networkConnectionSection(href: string, vm: VmShape, editable: boolean): Doc {
  const primary = vm.nics.find((n) => n.primary) ?? vm.nics[0];
  return {
    '@_href': href,
    '@_type': MT.networkConnectionSection,
    '@_ovf:required': false,
    'ovf:Info': 'Specifies the available VM network connections',
    PrimaryNetworkConnectionIndex: primary?.index ?? 0,
    NetworkConnection: vm.nics.map(networkConnection),
    Link: editable ? [link('edit', href, MT.networkConnectionSection)] : undefined,
  };
}

export const DEFAULT_GUEST_CUSTOMIZATION: GuestCustomization = {
  enabled: false,
  adminPasswordEnabled: true,
  adminPasswordAuto: true,
  adminPassword: '',
  resetPasswordRequired: false,
  customizationScript: '',
};

export function guestCustomizationSection(href: string, vmId: string, vm: VmShape, gc: GuestCustomization, editable: boolean): Doc {
  return {
    '@_href': href,
    '@_type': MT.guestCustomizationSection,
    '@_ovf:required': false,
    'ovf:Info': 'Specifies Guest OS Customization Settings',
    Enabled: gc.enabled,
    ChangeSid: false,
    VirtualMachineId: vmId,
    JoinDomainEnabled: false,
    UseOrgSettings: false,
    DomainName: undefined,
    AdminPasswordEnabled: gc.adminPasswordEnabled,
    AdminPasswordAuto: gc.adminPasswordAuto,
    AdminPassword: gc.adminPasswordAuto ? undefined : gc.adminPassword || undefined,
    AdminAutoLogonEnabled: false,
    AdminAutoLogonCount: 0,
    ResetPasswordRequired: gc.resetPasswordRequired,
    CustomizationScript: gc.customizationScript || undefined,
    ComputerName: vm.computerName,
    Link: editable ? [link('edit', href, MT.guestCustomizationSection)] : undefined,
  };
}

/**
 * VmSpecSection: the VM's sizing in one place. go-vcloud-director reads it for ChangeCPU, ChangeMemory and
 * UpdateVmSpecSection, edits it and posts it back through reconfigureVm (see params.ts, hardwareFromSpec).
 */
/** The VMware Tools build the simulated guests report (12.3.5). */
const VM_TOOLS_VERSION = '12389';

/** A DiskSettings entry of a VmSpecSection; `where` (its storage profile, an attached disk's reference) sits mid-element. */
function diskSetting(d: { instanceId: number; sizeMB: number; unit: number; bus: number; busType: number; busSubType: string }, where: Doc): Doc {
  return {
    DiskId: String(d.instanceId), SizeMb: d.sizeMB, UnitNumber: d.unit, BusNumber: d.bus, AdapterType: adapterOf(d).code, ThinProvisioned: true,
    ...where,
    VirtualQuantityUnit: 'byte', VirtualQuantity: d.sizeMB * 1024 * 1024,
  };
}

export function vmSpecSection(vm: VmShape, vCpuInMhz: number, storageProfile?: Doc, attached: AttachedDiskItem[] = [], profileRefOf?: ProfileRefOf): Doc {
  const resource = (configured: number) => ({ Configured: configured, Reservation: 0, Limit: -1, SharesLevel: 'NORMAL', Shares: 1000 });
  return {
    '@_Modified': false,
    'ovf:Info': 'The configuration parameters for logical VM',
    OsType: vm.osType,
    NumCpus: vm.cpus,
    NumCoresPerSocket: vm.coresPerSocket,
    CpuResourceMhz: resource(vm.cpus * vCpuInMhz),
    MemoryResourceMb: resource(vm.memoryMB),
    DiskSection: {
      DiskSettings: [
        ...vm.disks.map((d) => {
          const own = d.storageProfileId ? profileRefOf?.(d.storageProfileId) : undefined;
          return diskSetting(d, { StorageProfile: own ?? storageProfile, overrideVmDefault: own !== undefined });
        }),
        ...attached.map((d) => diskSetting(d, { Disk: { '@_href': d.href, '@_type': MT.disk }, StorageProfile: d.storageProfile, overrideVmDefault: true })),
      ],
    },
    HardwareVersion: vm.hardwareVersion,
    // pyvcloud's vm_to_dict (vcd-cli `vm info`) reads it unconditionally.
    VmToolsVersion: VM_TOOLS_VERSION,
    VirtualCpuType: 'VM32',
    TimeSyncWithHost: false,
  };
}

/** A section of a rendered entity served as a document of its own (GET …/networkConnectionSection/ etc.). */
export function sectionDoc(entity: Rendered, key: string, type: string): Rendered | undefined {
  const body = entity.body[key];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return { root: key, type, body: body as Doc };
}
