/**
 * OVF descriptors (DMTF DSP0243) → the template VMs and files they describe. Elements and attributes are
 * matched by namespace, whatever prefixes the descriptor chose (pyvcloud re-serialises with ns0:, tools
 * write ovf:/rasd:/vssd: or a default namespace).
 */
import { XMLParser } from 'fast-xml-parser';
import type { Disk, Nic, VmShape } from '../../store/types.js';
import { badRequest } from '../../errors.js';

export const NS = {
  ovf: 'http://schemas.dmtf.org/ovf/envelope/1',
  rasd: 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData',
  vssd: 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData',
  vmw: 'http://www.vmware.com/schema/ovf',
} as const;

/** An element with its namespace resolved. */
interface El {
  ns: string;
  local: string;
  attrs: { ns: string; local: string; value: string }[];
  children: El[];
  text: string;
}

export interface OvfFile {
  /** ovf:href: the name the client PUTs it under. */
  href: string;
  id: string;
  /** Declared size in bytes (-1 when the descriptor does not say). */
  size: number;
}

/** A template VM as its descriptor gives it: the VM shape less what VCD adds (MACs, computer name, hot add). */
export interface OvfVm extends Omit<VmShape, 'nics' | 'computerName' | 'cpuHotAdd' | 'memoryHotAdd'> {
  localId: string;
  nics: Omit<Nic, 'mac'>[];
}

export interface Ovf {
  files: OvfFile[];
  networks: string[];
  vms: OvfVm[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
});

type Raw = Record<string, unknown>;

function resolve(node: Raw, scope: Record<string, string>): El | undefined {
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (!tag || tag.startsWith('?') || tag === '#text' || tag === '#comment') return undefined;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const inner = { ...scope };
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns') inner[''] = v;
    else if (k.startsWith('xmlns:')) inner[k.slice(6)] = v;
  }
  const split = (name: string, attr: boolean) => {
    const i = name.indexOf(':');
    if (i < 0) return { ns: attr ? '' : inner[''] ?? '', local: name };
    return { ns: inner[name.slice(0, i)] ?? name.slice(0, i), local: name.slice(i + 1) };
  };
  const el: El = {
    ...split(tag, false),
    attrs: Object.entries(rawAttrs).filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:')).map(([k, v]) => ({ ...split(k, true), value: String(v) })),
    children: [],
    text: '',
  };
  for (const c of (node[tag] ?? []) as Raw[]) {
    if ('#text' in c) el.text += String(c['#text']);
    else {
      const r = resolve(c, inner);
      if (r) el.children.push(r);
    }
  }
  return el;
}

const kids = (el: El | undefined, ns: string, local: string) => (el?.children ?? []).filter((c) => c.ns === ns && c.local === local);
const kid = (el: El | undefined, ns: string, local: string) => kids(el, ns, local)[0];
/** An OVF attribute: ovf-qualified as the schema says, or unqualified as some tools write it. */
const at = (el: El | undefined, local: string, ns: string = NS.ovf) => el?.attrs.find((a) => a.local === local && (a.ns === ns || a.ns === ''))?.value;
const rasd = (item: El, local: string) => kid(item, NS.rasd, local)?.text;

/** "byte * 2^20" → 1048576; "MegaBytes", "GB"… as tools write them. */
function unitBytes(units: string | undefined, fallback: number): number {
  if (!units) return fallback;
  const u = units.replace(/\s+/g, '').toLowerCase();
  const pow = /^byte\*2\^(\d+)$/.exec(u);
  if (pow) return 2 ** Number(pow[1]);
  const table: Record<string, number> = { byte: 1, bytes: 1, kb: 2 ** 10, kilobytes: 2 ** 10, mb: 2 ** 20, megabytes: 2 ** 20, gb: 2 ** 30, gigabytes: 2 ** 30, tb: 2 ** 40 };
  return table[u] ?? fallback;
}

function int(v: string | undefined, what: string): number {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n < 0) throw badRequest(`The OVF descriptor is invalid: ${what} "${v ?? ''}" is not a number.`);
  return Math.floor(n);
}

/** CIM OS ids (OperatingSystemSection ovf:id) of common guests, when vmw:osType is absent. */
const OS_BY_CIM: Record<number, string> = { 94: 'ubuntu64Guest', 96: 'debian11_64Guest', 80: 'rhel8_64Guest', 107: 'centos8_64Guest', 101: 'other4xLinux64Guest', 112: 'windows2019srv_64Guest' };

/** Controller ResourceType → VCD bus type (5 IDE, 6 SCSI, 20 SATA) and its default sub-type. */
const BUS: Record<string, [number, string]> = { '5': [5, 'ide'], '6': [6, 'lsilogic'], '20': [20, 'vmware.sata.ahci'] };

/** Parses a descriptor; anything that is not an OVF Envelope with a VirtualSystem is VCD's 400. */
export function parseOvf(text: string): Ovf {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw badRequest('The OVF descriptor is invalid: DOCTYPE declarations are not allowed.');
  let root: El | undefined;
  try {
    const tree = parser.parse(text) as Raw[];
    for (const n of tree) root ??= resolve(n, {});
  } catch (e) {
    throw badRequest(`The OVF descriptor is not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!root || root.ns !== NS.ovf || root.local !== 'Envelope') {
    throw badRequest(`The OVF descriptor is invalid: the root element must be Envelope in namespace ${NS.ovf}.`);
  }
  const files = kids(kid(root, NS.ovf, 'References'), NS.ovf, 'File').map((f) => {
    const href = at(f, 'href') ?? '';
    if (!href || href.split('/').some((s) => s === '..' || s === '') || href.includes('\\')) {
      throw badRequest(`The OVF descriptor is invalid: file reference "${href}" is not a relative file name.`);
    }
    return { href, id: at(f, 'id') ?? href, size: at(f, 'size') === undefined ? -1 : int(at(f, 'size'), 'File size') };
  });
  const byFileId = new Map(files.map((f) => [f.id, f]));
  const diskCapacity = new Map<string, number>();
  for (const d of kids(kid(root, NS.ovf, 'DiskSection'), NS.ovf, 'Disk')) {
    const bytes = int(at(d, 'capacity'), 'Disk capacity') * unitBytes(at(d, 'capacityAllocationUnits'), 1);
    const file = byFileId.get(at(d, 'fileRef') ?? '');
    diskCapacity.set(at(d, 'diskId') ?? '', Math.max(bytes, file && file.size > 0 ? file.size : 0));
  }
  const networks = kids(kid(root, NS.ovf, 'NetworkSection'), NS.ovf, 'Network').map((n) => at(n, 'name') ?? '').filter(Boolean);
  const systems = [...kids(root, NS.ovf, 'VirtualSystem'), ...kids(kid(root, NS.ovf, 'VirtualSystemCollection'), NS.ovf, 'VirtualSystem')];
  if (!systems.length) throw badRequest('The OVF descriptor is invalid: it describes no VirtualSystem.');
  const vms = systems.map((vs, i) => virtualSystem(vs, i, diskCapacity));
  return { files, networks, vms };
}

function virtualSystem(vs: El, index: number, diskCapacity: Map<string, number>): OvfVm {
  const localId = at(vs, 'id') ?? `vm-${index + 1}`;
  const name = kid(vs, NS.ovf, 'Name')?.text || localId;
  const os = kid(vs, NS.ovf, 'OperatingSystemSection');
  const osType = at(os, 'osType', NS.vmw) ?? OS_BY_CIM[Number(at(os, 'id'))] ?? 'otherGuest64';
  const hw = kid(vs, NS.ovf, 'VirtualHardwareSection');
  const systemType = kid(kid(hw, NS.ovf, 'System'), NS.vssd, 'VirtualSystemType')?.text ?? '';
  const hardwareVersion = /vmx-\d+/.exec(systemType)?.[0] ?? 'vmx-14';
  const items = kids(hw, NS.ovf, 'Item');
  let cpus = 1;
  let coresPerSocket = 1;
  let memoryMB = 1024;
  const controllers = new Map<string, [number, string]>();
  for (const item of items) {
    const type = rasd(item, 'ResourceType');
    if (BUS[type ?? '']) {
      const [busType, sub] = BUS[type!];
      controllers.set(rasd(item, 'InstanceID') ?? '', [busType, rasd(item, 'ResourceSubType') || sub]);
    }
  }
  const disks: Disk[] = [];
  const nics: Omit<Nic, 'mac'>[] = [];
  for (const item of items) {
    switch (rasd(item, 'ResourceType')) {
      case '3':
        cpus = Math.max(1, int(rasd(item, 'VirtualQuantity'), 'CPU VirtualQuantity'));
        coresPerSocket = Math.max(1, Number(kid(item, NS.vmw, 'CoresPerSocket')?.text) || 1);
        break;
      case '4':
        memoryMB = Math.max(1, Math.ceil((int(rasd(item, 'VirtualQuantity'), 'memory VirtualQuantity') * unitBytes(rasd(item, 'AllocationUnits'), 2 ** 20)) / 2 ** 20));
        break;
      case '17': {
        const host = rasd(item, 'HostResource') ?? '';
        const diskId = /(?:ovf:)?\/disk\/(.+)$/.exec(host)?.[1] ?? host;
        const bytes = diskCapacity.get(diskId) ?? 0;
        const [busType, busSubType] = controllers.get(rasd(item, 'Parent') ?? '') ?? [6, 'lsilogic'];
        disks.push({
          instanceId: 2000 + disks.length,
          sizeMB: Math.max(1, Math.ceil(bytes / 2 ** 20)),
          busType,
          busSubType,
          unit: Number(rasd(item, 'AddressOnParent') ?? disks.length) || 0,
          bus: 0,
        });
        break;
      }
      case '10': {
        const network = rasd(item, 'Connection') || 'none';
        nics.push({
          index: nics.length,
          network,
          connected: (rasd(item, 'AutomaticAllocation') ?? 'true') !== 'false',
          mode: network === 'none' ? 'NONE' : 'DHCP',
          adapter: rasd(item, 'ResourceSubType') || 'VMXNET3',
          primary: nics.length === 0,
        });
        break;
      }
    }
  }
  return { localId, name, description: kid(vs, NS.ovf, 'Info')?.text ?? '', osType, cpus, coresPerSocket, memoryMB, hardwareVersion, disks, nics };
}
