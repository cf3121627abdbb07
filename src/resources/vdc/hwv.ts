/**
 * Virtual hardware versions: the ones a VDC supports (its Capabilities) and the VirtualHardwareVersion
 * document at /api/vdc/{id}/hwv/{name} — limits, hard disk adapters and the guest operating systems
 * offered (from the guest OS table), as go-vcloud-director's GetHardwareVersion and FindOsFromId read it.
 * Element names and order follow VCD's VirtualHardwareVersionType (vdc.xsd) and OperatingSystemInfoType.
 */
import type { Vdc } from '../../store/types.js';
import { GUEST_OS, OS_FAMILIES, type OsFamily } from '../../store/guestos.js';
import { MT } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import { hrefOf } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';

/** vSphere's limits per hardware version (the ones vcdsim's provider VDC offers, lowest first). */
const HARDWARE: { version: number; maxCPUs: number; maxMemoryGb: number; maxCoresPerSocket: number }[] = [
  { version: 13, maxCPUs: 128, maxMemoryGb: 6128, maxCoresPerSocket: 64 },
  { version: 14, maxCPUs: 128, maxMemoryGb: 6128, maxCoresPerSocket: 64 },
  { version: 15, maxCPUs: 256, maxMemoryGb: 6128, maxCoresPerSocket: 64 },
  { version: 17, maxCPUs: 256, maxMemoryGb: 6128, maxCoresPerSocket: 64 },
  { version: 18, maxCPUs: 768, maxMemoryGb: 24560, maxCoresPerSocket: 64 },
  { version: 19, maxCPUs: 768, maxMemoryGb: 24560, maxCoresPerSocket: 64 },
];
const MAX_NICS = 10;

const hwNumber = (name: string) => Number(/^vmx-(\d+)$/.exec(name)?.[1] ?? NaN);
const hwName = (n: number) => `vmx-${String(n).padStart(2, '0')}`;

/** The hardware versions a VDC supports, lowest first (clients take the last as the highest). */
export function supportedHardwareVersions(vdc: Vdc): string[] {
  const highest = hwNumber(vdc.hardwareVersion);
  return HARDWARE.filter((h) => h.version <= highest).map((h) => hwName(h.version));
}

export const hwvHref = (base: string, vdc: Vdc, name: string) => `${hrefOf(base, 'vdc', vdc.id)}/hwv/${name}`;

/** The Capabilities' SupportedHardwareVersion references; the highest is the default. */
export function supportedHardwareVersionRefs(base: string, vdc: Vdc): Doc[] {
  const names = supportedHardwareVersions(vdc);
  return names.map((name, i) => ({
    '@_default': i === names.length - 1 ? true : undefined,
    '@_href': hwvHref(base, vdc, name),
    '@_name': name,
    '@_type': MT.virtualHardwareVersion,
    '#text': name,
  }));
}

/** Hard disk controllers, with VCD's ids (as in DiskSettings' AdapterType) and legacy numbers. */
const ADAPTERS: { id: string; legacyId: number; name: string; maxGb: number; buses: number; units: number; since: number }[] = [
  { id: 'ide', legacyId: 1, name: 'IDE', maxGb: 8192, buses: 2, units: 2, since: 4 },
  { id: 'buslogic', legacyId: 2, name: 'BusLogic Parallel SCSI', maxGb: 2048, buses: 4, units: 16, since: 4 },
  { id: 'lsilogic', legacyId: 3, name: 'LSI Logic Parallel SCSI', maxGb: 63488, buses: 4, units: 16, since: 4 },
  { id: 'lsilogicsas', legacyId: 4, name: 'LSI Logic SAS SCSI', maxGb: 63488, buses: 4, units: 16, since: 7 },
  { id: 'VirtualSCSI', legacyId: 5, name: 'Paravirtual SCSI', maxGb: 63488, buses: 4, units: 64, since: 7 },
  { id: 'vmware.sata.ahci', legacyId: 6, name: 'SATA', maxGb: 63488, buses: 4, units: 30, since: 10 },
  { id: 'vmware.nvme.controller', legacyId: 7, name: 'NVMe', maxGb: 63488, buses: 4, units: 15, since: 13 },
];
const NICS = ['VMXNET3', 'E1000E', 'E1000'];

const powersOfTwo = (max: number) => Array.from({ length: Math.floor(Math.log2(max)) + 1 }, (_, i) => 2 ** i);
const range = (begin: number, end: number) => ({ Range: [{ '@_begin': begin, '@_end': end }] });

/** The VirtualHardwareVersion document, or undefined when the VDC does not support `name`. */
export function hardwareVersionView(base: string, vdc: Vdc, name: string): Rendered | undefined {
  if (!supportedHardwareVersions(vdc).includes(name)) return undefined;
  const hw = HARDWARE.find((h) => h.version === hwNumber(name))!;
  const adapters = ADAPTERS.filter((a) => a.since <= hw.version);
  const families = (Object.keys(OS_FAMILIES) as OsFamily[]).map((family) => ({
    Name: family,
    OperatingSystemFamilyId: OS_FAMILIES[family],
    OperatingSystem: Object.entries(GUEST_OS)
      .filter(([, os]) => os.family === family && os.minHw <= hw.version)
      .map(([internalName, os]) => {
        const windows = family === 'Microsoft Windows';
        const sockets = windows ? Math.min(64, hw.maxCPUs) : hw.maxCPUs;
        const legacy = ADAPTERS.find((a) => a.id === os.disk)!.legacyId;
        return {
          OperatingSystemId: os.vcdId,
          DefaultHardDiskAdapterType: { '@_ref': os.disk, '#text': legacy },
          SupportedHardDiskAdapter: adapters.filter((a) => !(windows && a.id === 'buslogic')).map((a) => ({ '@_ref': a.id })),
          MinimumHardDiskSizeGigabytes: os.minDiskGB,
          MinimumMemoryMegabytes: os.minMemoryMB,
          Name: os.description,
          InternalName: internalName,
          Supported: true,
          x64: /64/.test(internalName),
          MaximumCpuCount: hw.maxCPUs,
          MaximumCoresPerSocket: hw.maxCoresPerSocket,
          MaximumSocketCount: sockets,
          MinimumHardwareVersion: os.minHw,
          PersonalizationEnabled: true,
          PersonalizationAuto: true,
          SysprepPackagingSupported: false,
          SupportsMemHotAdd: true,
          cimOsId: os.ovfId,
          CimVersion: 0,
          SupportedForCreate: true,
          RecommendedNIC: { '@_name': NICS[0] },
          SupportedNICType: NICS.map((n) => ({ '@_name': n })),
        };
      }),
  })).filter((f) => f.OperatingSystem.length);
  return {
    root: 'VirtualHardwareVersion',
    type: MT.virtualHardwareVersion,
    body: {
      '@_href': hwvHref(base, vdc, name),
      '@_type': MT.virtualHardwareVersion,
      Link: [link('up', hrefOf(base, 'vdc', vdc.id), MT.vdc)],
      name,
      maxCoresPerSocket: hw.maxCoresPerSocket,
      supportedOperatingSystems: { OperatingSystemFamilyInfo: families },
      maxMemorySizeMb: hw.maxMemoryGb * 1024,
      maxCPUs: hw.maxCPUs,
      maxNICs: MAX_NICS,
      supportsNestedHV: true,
      supportsHotPlugPCI: true,
      supportsHotAdd: true,
      supportedMemorySizeGb: powersOfTwo(hw.maxMemoryGb),
      supportedCoresPerSocket: powersOfTwo(hw.maxCoresPerSocket),
      HardDiskAdapter: adapters.map((a) => ({
        '@_id': a.id,
        '@_legacyId': a.legacyId,
        '@_name': a.name,
        '@_maximumDiskSizeGb': a.maxGb,
        BusNumberRanges: range(0, a.buses - 1),
        UnitNumberRanges: range(0, a.units - 1),
      })),
    },
  };
}
