/**
 * NSX-T's default services, as VCD lists them as SYSTEM application port profiles: a subset of NSX-T's
 * catalogue (the common ones). Pure data with name-based ids, so a profile keeps its URN across runs and
 * simulators (resources/appportprofile/system.ts serves them; fixtures name them).
 */
import { createHash } from 'node:crypto';

export interface NsxtPort {
  protocol: 'ICMPv4' | 'ICMPv6' | 'TCP' | 'UDP';
  destinationPorts: string[];
}

export interface NsxtService {
  id: string;
  name: string;
  ports: NsxtPort[];
}

/** RFC 4122 version 5 style (SHA-1) UUID of a name in a namespace (the same as the rights catalogue's). */
function nameUuid(namespace: string, name: string): string {
  const h = createHash('sha1').update(`${namespace}:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const tcp = (...ports: string[]): NsxtPort => ({ protocol: 'TCP', destinationPorts: ports });
const udp = (...ports: string[]): NsxtPort => ({ protocol: 'UDP', destinationPorts: ports });

const DEFS: [name: string, ports: NsxtPort[]][] = [
  ['Active Directory Server', [tcp('464')]],
  ['Active Directory Server UDP', [udp('464')]],
  ['AD Server', [tcp('1024')]],
  ['CIM-HTTP', [tcp('5988')]],
  ['CIM-HTTPS', [tcp('5989')]],
  ['DHCP-Client', [udp('68')]],
  ['DHCP-Server', [udp('67')]],
  ['DHCPv6 Client', [udp('546')]],
  ['DHCPv6 Server', [udp('547')]],
  ['DNS', [tcp('53')]],
  ['DNS-UDP', [udp('53')]],
  ['FTP', [tcp('21')]],
  ['HTTP', [tcp('80')]],
  ['HTTPS', [tcp('443')]],
  ['ICMP ALL', [{ protocol: 'ICMPv4', destinationPorts: [] }]],
  ['ICMP Echo Reply', [{ protocol: 'ICMPv4', destinationPorts: [] }]],
  ['ICMP Echo Request', [{ protocol: 'ICMPv4', destinationPorts: [] }]],
  ['ICMPv6 ALL', [{ protocol: 'ICMPv6', destinationPorts: [] }]],
  ['IMAP', [tcp('143')]],
  ['IMAPS', [tcp('993')]],
  ['KERBEROS', [tcp('88')]],
  ['KERBEROS-UDP', [udp('88')]],
  ['LDAP', [tcp('389')]],
  ['LDAP-GC', [tcp('3268')]],
  ['LDAP-GC-SSL', [tcp('3269')]],
  ['LDAP-over-SSL', [tcp('636')]],
  ['LDAP-UDP', [udp('389')]],
  ['MS_RPC_TCP', [tcp('135')]],
  ['MS_RPC_UDP', [udp('135')]],
  ['MS-SQL-M', [udp('1434')]],
  ['MS-SQL-S', [tcp('1433')]],
  ['MySQL', [tcp('3306')]],
  ['NBDG-Broadcast', [udp('138')]],
  ['NBNS-Broadcast', [udp('137')]],
  ['NTP', [udp('123')]],
  ['Oracle', [tcp('1521')]],
  ['POP3', [tcp('110')]],
  ['POP3S', [tcp('995')]],
  ['PostgreSQL', [tcp('5432')]],
  ['RDP', [tcp('3389')]],
  ['SMB', [tcp('445')]],
  ['SMTP', [tcp('25')]],
  ['SMTP_TLS', [tcp('587')]],
  ['SNMP', [udp('161')]],
  ['SNMP-Send', [udp('162')]],
  ['SSH', [tcp('22')]],
  ['Syslog (TCP)', [tcp('514')]],
  ['Syslog (UDP)', [udp('514')]],
  ['Telnet', [tcp('23')]],
  ['TFTP', [udp('69')]],
  ['VMware-ESXi5.x-TCP', [tcp('902', '443', '80', '8000')]],
  ['VMware-VC-WebAccess', [tcp('9443')]],
  ['vMotion', [tcp('8000')]],
];

export const NSXT_SERVICES: readonly NsxtService[] = DEFS.map(([name, ports]) => ({ id: nameUuid('applicationPortProfile', name), name, ports }));
