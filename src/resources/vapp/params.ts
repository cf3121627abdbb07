/**
 * Request documents → typed input for vApp operations: InstantiateVAppTemplateParams, ComposeVAppParams,
 * CloneVAppParams, RecomposeVAppParams, CreateVmParams / InstantiateVmTemplateParams and NetworkConfigSection.
 * Only the shape of the request is checked here; what it names (templates, networks, VMs) is resolved by ops.ts.
 * A VM's hardware, spec, guest and NIC sections stay documents: they are read against the VM they change
 * (vm/params.ts), which is known only once the source is resolved.
 */
import type { FenceMode, IpSubnet } from '../../store/types.js';
import { attr, child, children, parseBool, text, type Doc } from '../../wire/xml.js';
import { badRequest } from '../../errors.js';
import { ipToInt } from '../../lib/ippool.js';
import { featuresFrom } from './networks.js';

/** An entity named by href, id or name, as request documents name them. */
export interface Ref { href?: string; id?: string; name?: string }

export interface NetworkConfigParam {
  name: string;
  description?: string;
  fenceMode: FenceMode;
  parent?: Ref;
  /** The IpScope given (isolated, or routed: natRouted with a scope that is not inherited). */
  subnet?: IpSubnet;
  features?: Record<string, unknown>;
}

/** The sections of a VM request that override its source's settings. */
export interface VmSections { hardware?: Doc; spec?: Doc; guest?: Doc; nics?: Doc }

interface VmItem {
  description?: string;
  storageProfile?: Ref;
  /** A ComputePolicy element (computepolicy/model.ts reads it). */
  computePolicy?: Doc;
  sections: VmSections;
}

/** A VM copied from a template VM or another vApp's VM. */
export interface SourcedVmParam extends VmItem {
  source: Ref;
  name?: string;
  needsCustomization: boolean;
}

/** An empty VM described by its VmSpecSection. */
export interface NewVmParam extends VmItem {
  name: string;
  osType?: string;
  hardwareVersion?: string;
}

interface VAppCreationParams {
  name: string;
  description?: string;
  deploy: boolean;
  powerOn: boolean;
  /** Undefined when the request has no NetworkConfigSection. */
  networks?: NetworkConfigParam[];
}

export interface InstantiateParams extends VAppCreationParams { template: Ref; items: SourcedVmParam[] }
export interface ComposeParams extends VAppCreationParams { sourced: SourcedVmParam[]; created: NewVmParam[] }
export interface CloneParams extends VAppCreationParams { source: Ref; moveSource: boolean }
export interface StandaloneVmParams { name?: string; description?: string; powerOn: boolean; vm: SourcedVmParam | NewVmParam }
export interface RecomposeParams {
  name?: string;
  description?: string;
  deploy: boolean;
  powerOn: boolean;
  networks: NetworkConfigParam[];
  sourced: SourcedVmParam[];
  created: NewVmParam[];
  /** Hrefs of the VMs to remove. */
  deletes: string[];
}

export function validName(name: string | undefined, what: string): string {
  const n = name?.trim();
  if (!n) throw badRequest(`The ${what} name is required.`);
  if (n.length > 128) throw badRequest(`The ${what} name must be at most 128 characters.`);
  return n;
}

const refOf = (doc: Doc | undefined): Ref | undefined =>
  doc ? { href: attr(doc, 'href'), id: attr(doc, 'id'), name: attr(doc, 'name') } : undefined;

const sectionsOf = (params: Doc | undefined): VmSections => ({
  hardware: child(params, 'VirtualHardwareSection'),
  spec: child(params, 'VmSpecSection'),
  guest: child(params, 'GuestCustomizationSection'),
  nics: child(params, 'NetworkConnectionSection'),
});

function creation(doc: Doc): VAppCreationParams {
  const section = child(child(doc, 'InstantiationParams'), 'NetworkConfigSection');
  return {
    name: validName(attr(doc, 'name'), 'vApp'),
    description: text(doc, 'Description'),
    deploy: parseBool(attr(doc, 'deploy'), true),
    powerOn: parseBool(attr(doc, 'powerOn'), true),
    networks: section ? networkConfigsFrom(section) : undefined,
  };
}

/** SourcedItem (instantiate, compose, recompose) and SourcedVmTemplateItem (its settings in VmTemplateInstantiationParams). */
function sourcedVm(item: Doc, params = child(item, 'InstantiationParams')): SourcedVmParam {
  const general = child(item, 'VmGeneralParams');
  return {
    source: refOf(child(item, 'Source')) ?? {},
    name: text(general, 'Name') || undefined,
    description: text(general, 'Description'),
    needsCustomization: parseBool(text(general, 'NeedsCustomization'), false),
    storageProfile: refOf(child(item, 'StorageProfile')),
    computePolicy: child(item, 'ComputePolicy'),
    sections: sectionsOf(params),
  };
}

/** CreateItem (compose, recompose) and CreateVm: the sections sit on the item itself. */
function newVm(item: Doc, name = attr(item, 'name') ?? text(item, 'Name')): NewVmParam {
  const spec = child(item, 'VmSpecSection');
  return {
    name: validName(name, 'VM'),
    description: text(item, 'Description'),
    osType: text(spec, 'OsType') || undefined,
    hardwareVersion: text(spec, 'HardwareVersion') || undefined,
    storageProfile: refOf(child(item, 'StorageProfile')),
    computePolicy: child(item, 'ComputePolicy'),
    sections: sectionsOf(item),
  };
}

export function instantiateParams(doc: Doc): InstantiateParams {
  const template = refOf(child(doc, 'Source'));
  if (!template?.href) throw badRequest('InstantiateVAppTemplateParams needs Source@href (the vApp template).');
  return { ...creation(doc), template, items: children(doc, 'SourcedItem').map((it) => sourcedVm(it)) };
}

export function composeParams(doc: Doc): ComposeParams {
  return {
    ...creation(doc),
    sourced: children(doc, 'SourcedItem').map((it) => sourcedVm(it)),
    created: children(doc, 'CreateItem').map((it) => newVm(it)),
  };
}

export function cloneParams(doc: Doc): CloneParams {
  const source = refOf(child(doc, 'Source'));
  if (!source?.href) throw badRequest('CloneVAppParams needs Source@href (the vApp to copy).');
  return { ...creation(doc), source, moveSource: parseBool(text(doc, 'IsSourceDelete'), false) };
}

/** CreateVmParams (`fromTemplate` false) or InstantiateVmTemplateParams. */
export function standaloneVmParams(doc: Doc, fromTemplate: boolean): StandaloneVmParams {
  let vm: SourcedVmParam | NewVmParam;
  if (fromTemplate) {
    const item = child(doc, 'SourcedVmTemplateItem');
    if (!item) throw badRequest('InstantiateVmTemplateParams needs a SourcedVmTemplateItem.');
    vm = sourcedVm(item, child(item, 'VmTemplateInstantiationParams'));
  } else {
    const item = child(doc, 'CreateVm');
    if (!item) throw badRequest('CreateVmParams needs a CreateVm element.');
    vm = newVm(item, attr(item, 'name') ?? attr(doc, 'name') ?? text(item, 'Name'));
  }
  return { name: attr(doc, 'name'), description: text(doc, 'Description'), powerOn: parseBool(attr(doc, 'powerOn'), false), vm };
}

export function recomposeParams(doc: Doc): RecomposeParams {
  const name = attr(doc, 'name');
  return {
    name: name === undefined ? undefined : validName(name, 'vApp'),
    description: text(doc, 'Description'),
    deploy: parseBool(attr(doc, 'deploy'), true),
    powerOn: parseBool(attr(doc, 'powerOn'), false),
    networks: networkConfigsFrom(child(child(doc, 'InstantiationParams'), 'NetworkConfigSection')),
    sourced: children(doc, 'SourcedItem').map((it) => sourcedVm(it)),
    created: children(doc, 'CreateItem').map((it) => newVm(it)),
    deletes: children(doc, 'DeleteItem').map((d) => attr(d, 'href') ?? ''),
  };
}

/**
 * NetworkConfig elements: isolated (an IpScope of its own, or none for VCD's default), or with a
 * ParentNetwork: bridged, or natRouted — routed when it brings an IpScope that is not inherited.
 * Features (firewall, NAT, DHCP) are kept as given.
 */
export function networkConfigsFrom(section: Doc | undefined): NetworkConfigParam[] {
  const seen = new Set<string>();
  return children(section, 'NetworkConfig').map((nc) => {
    const name = validName(attr(nc, 'networkName'), 'vApp network');
    if (seen.has(name)) throw badRequest(`The vApp network name "${name}" is used twice.`);
    seen.add(name);
    const config = child(nc, 'Configuration');
    const parent = refOf(child(config, 'ParentNetwork'));
    const fenceMode = (text(config, 'FenceMode') ?? (parent ? 'bridged' : 'isolated')) as FenceMode;
    if (!['bridged', 'isolated', 'natRouted'].includes(fenceMode)) throw badRequest(`FenceMode must be bridged, isolated or natRouted, got "${fenceMode}".`);
    const scope = child(child(config, 'IpScopes'), 'IpScope');
    const ownScope = fenceMode === 'isolated' || (fenceMode === 'natRouted' && !parseBool(text(scope, 'IsInherited'), false));
    return {
      name, fenceMode, parent,
      description: text(nc, 'Description') || undefined,
      subnet: scope && ownScope ? subnetFrom(scope, name) : undefined,
      features: featuresFrom(child(config, 'Features')),
    };
  });
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** An IpScope: Gateway with Netmask or SubnetPrefixLength, DNS, IpRanges. */
function subnetFrom(scope: Doc, network: string): IpSubnet {
  const address = (name: string, value: string | undefined) => {
    if (value !== undefined && !IPV4.test(value)) throw badRequest(`${name} of vApp network "${network}" is not an IPv4 address: "${value}".`);
    return value;
  };
  const gateway = address('Gateway', text(scope, 'Gateway'));
  if (!gateway) throw badRequest(`The IpScope of vApp network "${network}" needs a Gateway.`);
  const netmask = address('Netmask', text(scope, 'Netmask'));
  const prefixText = text(scope, 'SubnetPrefixLength');
  const prefixLength = prefixText !== undefined ? Number(prefixText) : netmask ? prefixOf(netmask) : 24;
  if (!Number.isInteger(prefixLength) || prefixLength < 1 || prefixLength > 32) {
    throw badRequest(`The subnet of vApp network "${network}" is invalid (netmask ${netmask ?? prefixText}).`);
  }
  return {
    gateway, prefixLength,
    dns1: address('Dns1', text(scope, 'Dns1')) ?? '',
    dns2: address('Dns2', text(scope, 'Dns2')) ?? '',
    dnsSuffix: text(scope, 'DnsSuffix') ?? '',
    ipRanges: children(child(scope, 'IpRanges'), 'IpRange').map((r) => ({
      start: address('StartAddress', text(r, 'StartAddress'))!,
      end: address('EndAddress', text(r, 'EndAddress'))!,
    })),
  };
}

/** 255.255.255.0 → 24; NaN when the mask's ones are not contiguous. */
function prefixOf(netmask: string): number {
  const bits = ipToInt(netmask).toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') === -1 ? 32 : bits.indexOf('0') : NaN;
}
