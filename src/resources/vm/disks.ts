/**
 * A VM's own hard disks: the controllers VCD offers (VmSpecSection's AdapterType codes, RASD's busType and
 * busSubType), where a disk may sit on them, and the storage a change of disks takes per storage profile.
 */
import type { Disk, Vm } from '../../store/types.js';
import { badRequest } from '../../errors.js';

export type Family = 'ide' | 'scsi' | 'sata' | 'nvme';

/** A hard disk controller type, as VCD's VirtualHardwareVersion lists it (HardDiskAdapter). */
export interface Adapter {
  /** AdapterType in VmSpecSection's DiskSettings (and HardDiskAdapter@id). */
  code: string;
  name: string;
  family: Family;
  /** RASD HostResource's vcloud:busType and vcloud:busSubType. */
  busType: number;
  busSubType: string;
  /** Controllers of the type a VM may have (bus numbers 0…buses-1) and units per controller. */
  buses: number;
  units: number;
}

export const ADAPTERS: Adapter[] = [
  { code: '1', name: 'IDE', family: 'ide', busType: 5, busSubType: 'IDE', buses: 2, units: 2 },
  { code: '2', name: 'BusLogic Parallel SCSI', family: 'scsi', busType: 6, busSubType: 'buslogic', buses: 4, units: 16 },
  { code: '3', name: 'LSI Logic Parallel SCSI', family: 'scsi', busType: 6, busSubType: 'lsilogic', buses: 4, units: 16 },
  { code: '4', name: 'LSI Logic SAS SCSI', family: 'scsi', busType: 6, busSubType: 'lsilogicsas', buses: 4, units: 16 },
  { code: '5', name: 'Paravirtual SCSI', family: 'scsi', busType: 6, busSubType: 'VirtualSCSI', buses: 4, units: 16 },
  { code: '6', name: 'SATA', family: 'sata', busType: 20, busSubType: 'vmware.sata.ahci', buses: 4, units: 30 },
  { code: '7', name: 'NVMe', family: 'nvme', busType: 20, busSubType: 'vmware.nvme.controller', buses: 4, units: 15 },
];

/** SCSI unit 7 is the controller itself. */
const RESERVED_UNIT: Partial<Record<Family, number>> = { scsi: 7 };

const ALIASES: Record<string, string> = { ide: '1', ahci: '6', sata: '6', nvme: '7', nvmecontroller: '7', paravirtual: '5', sas: '4', parallel: '3' };

/** An AdapterType as clients send it: VCD's code ("5"), or a sub-type or alias ("VirtualSCSI", "sata"). */
export function adapterFrom(value: string): Adapter | undefined {
  const v = value.trim().toLowerCase();
  const code = ALIASES[v] ?? v;
  return ADAPTERS.find((a) => a.code === code || a.busSubType.toLowerCase() === v);
}

/** The controller type of a disk (its RASD busType and busSubType; an unknown sub-type falls back on the bus type). */
export function adapterOf(d: { busType: number; busSubType: string }): Adapter {
  const sub = d.busSubType.toLowerCase();
  return ADAPTERS.find((a) => a.busSubType.toLowerCase() === sub)
    ?? ADAPTERS.find((a) => a.busType === d.busType && a.family !== 'scsi')
    ?? (d.busType === 21 ? ADAPTERS[6] : ADAPTERS[4]);
}

/** A disk on the given controller type: busType and busSubType as RASD shows them. */
export function onAdapter(a: Adapter): Pick<Disk, 'busType' | 'busSubType'> {
  return { busType: a.busType, busSubType: a.busSubType };
}

/** The RASD InstanceID of the controller of a family's bus (SCSI 0 is 2 and IDE 0 is 3, as VCD numbers them). */
export function controllerInstanceId(family: Family, bus: number): number {
  if (family === 'scsi') return bus === 0 ? 2 : 100 + bus;
  if (family === 'ide') return bus === 0 ? 3 : 200 + bus;
  return (family === 'sata' ? 300 : 400) + bus;
}

/** The family and bus a controller InstanceID stands for, when it is one of ours. */
export function controllerOf(instanceId: number): { family: Family; bus: number } | undefined {
  for (const family of ['scsi', 'ide', 'sata', 'nvme'] as Family[]) {
    for (let bus = 0; bus < 4; bus++) if (controllerInstanceId(family, bus) === instanceId) return { family, bus };
  }
  return undefined;
}

/** Where a disk sits, for messages: "SCSI 0:1". */
const slot = (a: Adapter, d: { bus: number; unit: number }) => `${a.family.toUpperCase()} ${d.bus}:${d.unit}`;

/**
 * Checks a VM's new list of disks against its current one: controller ranges, one disk per bus and unit
 * (attached independent disks included), one controller type per SCSI bus, no shrinking, and no IDE
 * change on a running VM. Throws VCD's 400 on the first problem.
 */
export function validateDisks(
  vm: Vm, disks: Disk[], attached: { busType: number; busSubType: string; bus: number; unit: number; name: string }[], running: boolean,
): void {
  const ids = new Set<number>();
  const taken = new Map<string, string>();
  const scsiTypes = new Map<number, Adapter>();
  for (const a of attached) taken.set(`${adapterOf(a).family}:${a.bus}:${a.unit}`, `the independent disk "${a.name}"`);
  for (const d of disks) {
    if (ids.has(d.instanceId)) throw badRequest(`The disk id ${d.instanceId} is given twice for VM "${vm.name}".`);
    ids.add(d.instanceId);
    const a = adapterOf(d);
    if (!Number.isInteger(d.bus) || d.bus < 0 || d.bus >= a.buses) {
      throw badRequest(`Invalid bus number ${d.bus} for a disk on a ${a.name} controller: it must be between 0 and ${a.buses - 1}.`);
    }
    if (!Number.isInteger(d.unit) || d.unit < 0 || d.unit >= a.units || d.unit === RESERVED_UNIT[a.family]) {
      const reserved = RESERVED_UNIT[a.family];
      throw badRequest(`Invalid unit number ${d.unit} for a disk on a ${a.name} controller: it must be between 0 and ${a.units - 1}${reserved !== undefined ? `, except ${reserved}` : ''}.`);
    }
    const key = `${a.family}:${d.bus}:${d.unit}`;
    const holder = taken.get(key);
    if (holder) throw badRequest(`The bus and unit number ${slot(a, d)} of VM "${vm.name}" are already in use by ${holder}.`);
    taken.set(key, `disk ${d.instanceId}`);
    if (a.family === 'scsi') {
      const other = scsiTypes.get(d.bus);
      if (other && other !== a) throw badRequest(`SCSI controller ${d.bus} of VM "${vm.name}" is a ${other.name} controller: a ${a.name} disk cannot go on it.`);
      scsiTypes.set(d.bus, a);
    }
    const old = vm.disks.find((o) => o.instanceId === d.instanceId);
    if (old && d.sizeMB < old.sizeMB) throw badRequest(`Disk ${d.instanceId} of VM "${vm.name}" cannot shrink from ${old.sizeMB} MB to ${d.sizeMB} MB: a disk can only grow.`);
    if (running && a.family === 'ide' && (!old || old.sizeMB !== d.sizeMB || old.bus !== d.bus || old.unit !== d.unit || adapterOf(old) !== a)) {
      throw badRequest(`VM "${vm.name}" is powered on: IDE disks cannot be added or changed on a running VM (${slot(a, d)}). Power it off first.`);
    }
  }
  if (running) {
    for (const old of vm.disks) {
      if (!ids.has(old.instanceId) && adapterOf(old).family === 'ide') {
        throw badRequest(`VM "${vm.name}" is powered on: IDE disk ${old.instanceId} cannot be removed from a running VM. Power it off first.`);
      }
    }
  }
}

/** Whether a new list of disks differs from the VM's (a disk added, removed, grown, moved or re-homed). */
export function disksChange(before: Disk[], after: Disk[]): boolean {
  if (before.length !== after.length) return true;
  return after.some((d) => {
    const o = before.find((x) => x.instanceId === d.instanceId);
    return !o || o.sizeMB !== d.sizeMB || o.bus !== d.bus || o.unit !== d.unit || adapterOf(o) !== adapterOf(d) || (o.storageProfileId ?? '') !== (d.storageProfileId ?? '');
  });
}

/** Storage a VM takes per storage profile: each disk on its own profile or the VM's, its snapshot on the VM's. */
export function storageByProfile(vm: Pick<Vm, 'disks' | 'storageProfileId' | 'snapshot'>, defaultProfile: string): Map<string, number> {
  const out = new Map<string, number>();
  const own = vm.storageProfileId ?? defaultProfile;
  const add = (id: string, mb: number) => out.set(id, (out.get(id) ?? 0) + mb);
  for (const d of vm.disks) add(d.storageProfileId ?? own, d.sizeMB);
  if (vm.snapshot) add(own, vm.snapshot.sizeMB);
  return out;
}

/** What a change takes beyond what the VM holds now, per storage profile (profiles it frees are left out). */
export function storageGrowth(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, mb] of after) if (mb > (before.get(id) ?? 0)) out.set(id, mb - (before.get(id) ?? 0));
  return out;
}
