/**
 * The guest operating systems vcdsim knows, one line each, keyed by the vSphere guest id (vmw:osType, VCD's
 * InternalName): the OVF OperatingSystemSection id (also the CIM OS id), VCD's display name and family, and
 * what a hardware version's supportedOperatingSystems says of it (vcd/hwv.ts). `vcdId` (OperatingSystemId)
 * is the simulator's own stable number; `minHw` the lowest hardware version that offers the guest;
 * `disk` the default hard disk adapter (an id of the adapters in vcd/hwv.ts).
 */
export interface GuestOs {
  ovfId: number;
  description: string;
  family: OsFamily;
  vcdId: number;
  minHw: number;
  disk: 'lsilogic' | 'lsilogicsas' | 'VirtualSCSI';
  minMemoryMB: number;
  minDiskGB: number;
}

/** VCD's OS families and their OperatingSystemFamilyId, in the order VCD lists them. */
export const OS_FAMILIES = { 'Microsoft Windows': 1, Linux: 2 } as const;
export type OsFamily = keyof typeof OS_FAMILIES;

export const GUEST_OS: Record<string, GuestOs> = {
  ubuntu64Guest: { ovfId: 94, description: 'Ubuntu Linux (64-bit)', family: 'Linux', vcdId: 97, minHw: 7, disk: 'lsilogic', minMemoryMB: 512, minDiskGB: 8 },
  debian11_64Guest: { ovfId: 96, description: 'Debian GNU/Linux 11 (64-bit)', family: 'Linux', vcdId: 135, minHw: 14, disk: 'lsilogic', minMemoryMB: 512, minDiskGB: 8 },
  debian12_64Guest: { ovfId: 96, description: 'Debian GNU/Linux 12 (64-bit)', family: 'Linux', vcdId: 147, minHw: 19, disk: 'lsilogic', minMemoryMB: 512, minDiskGB: 8 },
  rhel8_64Guest: { ovfId: 80, description: 'Red Hat Enterprise Linux 8 (64-bit)', family: 'Linux', vcdId: 126, minHw: 14, disk: 'VirtualSCSI', minMemoryMB: 1536, minDiskGB: 16 },
  rhel9_64Guest: { ovfId: 80, description: 'Red Hat Enterprise Linux 9 (64-bit)', family: 'Linux', vcdId: 143, minHw: 19, disk: 'VirtualSCSI', minMemoryMB: 1536, minDiskGB: 16 },
  centos8_64Guest: { ovfId: 107, description: 'CentOS 8 (64-bit)', family: 'Linux', vcdId: 127, minHw: 14, disk: 'VirtualSCSI', minMemoryMB: 1024, minDiskGB: 16 },
  other4xLinux64Guest: { ovfId: 101, description: 'Other 4.x or later Linux (64-bit)', family: 'Linux', vcdId: 118, minHw: 13, disk: 'lsilogic', minMemoryMB: 256, minDiskGB: 8 },
  windows2019srv_64Guest: { ovfId: 112, description: 'Microsoft Windows Server 2019 (64-bit)', family: 'Microsoft Windows', vcdId: 129, minHw: 14, disk: 'lsilogicsas', minMemoryMB: 2048, minDiskGB: 40 },
  windows2019srvNext_64Guest: { ovfId: 112, description: 'Microsoft Windows Server 2022 (64-bit)', family: 'Microsoft Windows', vcdId: 141, minHw: 18, disk: 'lsilogicsas', minMemoryMB: 2048, minDiskGB: 40 },
};

export function guestOs(osType: string): { ovfId: number; description: string } {
  return GUEST_OS[osType] ?? { ovfId: 1, description: osType };
}
