/** VCD's status codes for vApps, VMs, templates and media, by code (query records render the name). */
const STATUS_NAMES: Record<number, string> = {
  [-1]: 'FAILED_CREATION', 0: 'UNRESOLVED', 1: 'RESOLVED', 2: 'DEPLOYED', 3: 'SUSPENDED', 4: 'POWERED_ON',
  5: 'WAITING_FOR_INPUT', 6: 'UNKNOWN', 7: 'UNRECOGNIZED', 8: 'POWERED_OFF', 9: 'INCONSISTENT_STATE', 10: 'MIXED',
  11: 'DESCRIPTOR_PENDING', 12: 'COPYING_CONTENTS', 13: 'DISK_CONTENTS_PENDING', 14: 'QUARANTINED',
  15: 'QUARANTINE_EXPIRED', 16: 'REJECTED', 17: 'TRANSFER_TIMEOUT', 18: 'VAPP_UNDEPLOYED', 19: 'VAPP_PARTIALLY_DEPLOYED',
  20: 'PARTIALLY_POWERED_OFF', 21: 'PARTIALLY_SUSPENDED',
};

export function statusName(code: number): string {
  return STATUS_NAMES[code] ?? 'UNKNOWN';
}
