/** Guest OS identifiers (vmw:osType) with the OVF OperatingSystemSection id and VCD's display name. */
export const GUEST_OS: Record<string, { ovfId: number; description: string }> = {
  ubuntu64Guest: { ovfId: 94, description: 'Ubuntu Linux (64-bit)' },
  debian11_64Guest: { ovfId: 96, description: 'Debian GNU/Linux 11 (64-bit)' },
  debian12_64Guest: { ovfId: 96, description: 'Debian GNU/Linux 12 (64-bit)' },
  rhel8_64Guest: { ovfId: 80, description: 'Red Hat Enterprise Linux 8 (64-bit)' },
  rhel9_64Guest: { ovfId: 80, description: 'Red Hat Enterprise Linux 9 (64-bit)' },
  centos8_64Guest: { ovfId: 107, description: 'CentOS 8 (64-bit)' },
  other4xLinux64Guest: { ovfId: 101, description: 'Other 4.x or later Linux (64-bit)' },
  windows2019srv_64Guest: { ovfId: 112, description: 'Microsoft Windows Server 2019 (64-bit)' },
  windows2019srvNext_64Guest: { ovfId: 112, description: 'Microsoft Windows Server 2022 (64-bit)' },
};

export function guestOs(osType: string): { ovfId: number; description: string } {
  return GUEST_OS[osType] ?? { ovfId: 1, description: osType };
}
