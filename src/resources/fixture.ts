/**
 * Inventories are data: a fixture file (YAML or JSON) describes orgs, users, VDCs, networks, catalogs and
 * running vApps, and the provider side; this module reads it and turns it into a state snapshot. Each kind
 * declares its section in its folder (`<kind>/fixture.ts`: the shape of its entries and how one is built),
 * named by its descriptor's `fixture`; the walk below descends the file section by section in the order
 * PLAN gives. Ids come from the seeded generator in that order (an org's vApps after its catalogs, the
 * provider side after every tenant, so adding vApps or the provider side never renumbers the rest).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parse as parseYaml, parseDocument } from 'yaml';
import type { Random } from '../lib/random.js';
import { PREDEFINED_ROLES } from '../store/roles.js';
import type { EntityKind, LatencyModel, Role, Snapshot } from '../store/types.js';
import { KINDS } from './kinds.js';
import { metadataFromFixture, type FixtureBuild, type FixtureSection } from './fixture-section.js';
import type { FixtureOrg } from './org/fixture.js';
import type { FixtureUser } from './user/fixture.js';
import type { FixtureDirectoryGroup, FixtureGroup } from './group/fixture.js';
import type { FixtureVdcGroup } from './vdcgroup/fixture.js';
import type { FixtureVdc } from './vdc/fixture.js';
import type { FixtureNetwork } from './network/fixture.js';
import type { FixtureNetworkDhcp } from './dhcp/fixture.js';
import type { FixtureEdgeGateway } from './edgegateway/fixture.js';
import type { FixtureIpSet } from './firewallgroup/fixture.js';
import type { FixtureFirewallRule } from './firewall/fixture.js';
import type { FixtureNatRule } from './nat/fixture.js';
import type { FixtureStaticRoute } from './staticroute/fixture.js';
import type { FixtureIpsecTunnel } from './ipsec/fixture.js';
import type { FixtureGatewayDns } from './dns/fixture.js';
import type { FixtureVApp } from './vapp/fixture.js';
import type { FixtureDisk } from './disk/fixture.js';
import type { FixtureCatalog } from './catalog/fixture.js';
import type { FixtureTemplate } from './vapptemplate/fixture.js';
import type { FixtureMedia } from './media/fixture.js';
import type {
  FixtureExternalNetwork, FixtureNetworkPool, FixtureNsxtManager, FixtureProviderVdc, FixtureVCenter,
} from './provider/fixture.js';
import type { FixtureComputePolicy, FixtureVmGroup } from './computepolicy/fixture.js';

/** The file's tree: where each kind's section hangs (its fields are in `<kind>/fixture.ts`). */
export interface FixtureFile {
  site?: { name?: string };
  /** Per-operation task durations (simulated ms), overriding engine/latency.ts defaults. */
  latency?: Record<string, Partial<LatencyModel>>;
  orgs: (FixtureOrg & {
    users?: FixtureUser[];
    /** The org's LDAP directory (absent: no LDAP configured, so no INTEGRATED group can be imported). */
    directory?: FixtureDirectoryGroup[];
    groups?: FixtureGroup[];
    vdcGroups?: FixtureVdcGroup[];
    vdcs?: (FixtureVdc & {
      networks?: (FixtureNetwork & { dhcp?: FixtureNetworkDhcp })[];
      edgeGateways?: FixtureGateway[];
      vapps?: FixtureVApp[];
      disks?: FixtureDisk[];
    })[];
    catalogs?: (FixtureCatalog & { templates?: FixtureTemplate[]; media?: FixtureMedia[] })[];
  })[];
  /** The provider side (System administrators only). */
  provider?: FixtureProvider;
}

/** An edge gateway with its `services:`. */
export type FixtureGateway = FixtureEdgeGateway & { services?: FixtureGatewayServices };

/** An edge gateway's services, in the order they build. */
export interface FixtureGatewayServices {
  ipSets?: FixtureIpSet[];
  /** In the order they apply. */
  firewallRules?: FixtureFirewallRule[];
  natRules?: FixtureNatRule[];
  staticRoutes?: FixtureStaticRoute[];
  ipsecTunnels?: FixtureIpsecTunnel[];
  dns?: FixtureGatewayDns;
}

export interface FixtureProvider {
  vCenters?: FixtureVCenter[];
  nsxtManagers?: FixtureNsxtManager[];
  networkPools?: FixtureNetworkPool[];
  externalNetworks?: FixtureExternalNetwork[];
  providerVdcs?: FixtureProviderVdc[];
  /** VDC compute policies (VM sizing: vCPUs, cores per socket, memory), assigned to VDCs by name. */
  computePolicies?: FixtureComputePolicy[];
  /** DRS VM groups of a vCenter's cluster: the cluster of a resource pool (default: its first). */
  vmGroups?: FixtureVmGroup[];
}

/**
 * One step of the walk: build each entry of a kind's section (under each entry of the enclosing step's kind),
 * or go `again` over the entries built earlier and run one of its passes; then the steps under it, entry by entry.
 */
interface Step { kind: EntityKind; again?: boolean; pass?: string; then: Step[] }
const each = (kind: EntityKind, ...then: Step[]): Step => ({ kind, then });
const again = (kind: EntityKind, pass: string | undefined, ...then: Step[]): Step => ({ kind, again: true, pass, then });

/**
 * The order sections build in, which is the order ids are drawn in: changing it renumbers every inventory.
 * A tree walk alone cannot say it: an org's vApps and disks come after its catalogs, the provider side after
 * every tenant, and what refers to the provider side (a VDC's provider VDC and policies, VM sizing, edge
 * gateways and what hangs on them, VDC groups) after it.
 */
const PLAN: Step[] = [
  // The tenants, org by org (the predefined roles come first, before the walk).
  each('org',
    each('user'), each('group'),
    each('vdc', each('network')),
    each('catalog', each('vAppTemplate'), each('media')),
    again('vdc', undefined, each('vApp'), each('disk'))),
  // Catalogs shared with other orgs, once every org exists.
  again('org', undefined, again('catalog', 'shareWithOrgs')),
  // The provider side.
  each('vCenter'), each('nsxtManager'), each('networkPool'), each('externalNetwork'), each('providerVdc'),
  each('vmGroup'), each('computePolicy'),
  // What refers to it: VDCs' provider VDCs, pools and policies; VMs' sizing policies.
  again('org', undefined, again('vdc', 'provider')),
  again('org', undefined, again('vdc', undefined, again('vApp', 'sizing'))),
  // Edge gateways (on external networks) and their services, then DHCP (on networks routed through them).
  again('org', undefined, again('vdc', undefined,
    each('edgeGateway', each('firewallGroup'), each('edgeFirewall'), each('natRule'), each('staticRoute'), each('ipsecTunnel'), each('gatewayDns')))),
  again('org', undefined, again('vdc', undefined, again('network', undefined, each('networkDhcp')))),
  // NSX-T segments and VDC groups; then the late work (VM group and System Default ids).
  again('nsxtManager', 'segments'),
  again('org', undefined, each('vdcGroup')),
];

function sectionOf(kind: EntityKind): FixtureSection {
  const section = KINDS[kind].fixture;
  if (!section) throw new Error(`the fixture walk names ${kind}, whose descriptor declares no fixture section`);
  return section;
}

/** The plan agrees with the sections: each under the kind it declares as its parent, and every section in it. */
function checkPlan(steps: Step[], parent: EntityKind | undefined, seen: Set<EntityKind>): void {
  for (const s of steps) {
    const section = sectionOf(s.kind);
    if (section.parent !== parent) throw new Error(`the fixture walk puts ${s.kind} under ${parent ?? 'the top level'}, its section under ${section.parent ?? 'the top level'}`);
    if (s.pass !== undefined && !section.passes?.[s.pass]) throw new Error(`the fixture section of ${s.kind} has no pass ${s.pass}`);
    if (!s.again) seen.add(s.kind);
    checkPlan(s.then, s.kind, seen);
  }
}
const planned = new Set<EntityKind>();
checkPlan(PLAN, undefined, planned);
for (const d of Object.values(KINDS)) {
  if (d.fixture && !planned.has(d.kind)) throw new Error(`the fixture section of ${d.kind} is not in the walk's plan`);
}

export class FixtureError extends Error {}

/** The text each fixture was read from, so that an error can name its line (parsed again only then). */
const SOURCES = new WeakMap<object, string>();

/** The 1-based line of the node at `path` ("orgs[1].vdcs[0]") in the fixture's text, when known. */
function lineOf(fx: FixtureFile, path: string): number | undefined {
  const text = SOURCES.get(fx);
  if (text === undefined) return undefined;
  const keys = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  // The nearest node that exists: a reference may name a field by its singular (`externalNetwork` in a list).
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

export function readFixtureFile(path: string): FixtureFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FixtureError(`Cannot read fixture ${path}: ${(e as Error).message}`);
  }
  try {
    const data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (!data || !Array.isArray(data.orgs)) throw new Error('the top level must have an `orgs` list');
    SOURCES.set(data, text);
    return data as FixtureFile;
  } catch (e) {
    throw new FixtureError(`Fixture ${path} is not valid: ${(e as Error).message}`);
  }
}

/** The snapshot every build starts from: no entities (a new kind adds its empty list here). */
function emptySnapshot(): Snapshot {
  return {
    version: 1, org: [], role: [], user: [], vdc: [], storageProfile: [], catalog: [], catalogItem: [],
    vAppTemplate: [], network: [], vApp: [], vm: [], task: [], session: [], media: [], disk: [],
    vCenter: [], nsxtManager: [], networkPool: [], externalNetwork: [], providerVdc: [], pvdcStorageProfile: [], computePolicy: [],
    edgeGateway: [],
    vdcGroup: [],
    appPortProfile: [], firewallGroup: [], edgeFirewall: [], natRule: [], staticRoute: [],
    networkDhcp: [], dhcpBinding: [], gatewayDns: [], ipsecTunnel: [],
    group: [],
    vmGroup: [], logicalVmGroup: [],
    dfwRule: [],
  };
}

type Entry = Record<string, unknown>;

/** Builds the snapshot a fixture describes. `now` stamps creation dates. */
export function buildFromFixture(fx: FixtureFile, random: Random, now: string): Snapshot {
  const snap = emptySnapshot();
  const fail = (where: string, what: string): never => {
    const line = lineOf(fx, where);
    throw new FixtureError(`Fixture error at ${where}${line ? ` (line ${line})` : ''}: ${what}`);
  };
  const b: FixtureBuild = {
    snap, random, now, fail, late: [],
    md: (map, where) => metadataFromFixture(map, (key, what) => fail(`${where}.metadata${key ? `.${key}` : ''}`, what)),
  };
  for (const r of PREDEFINED_ROLES) {
    const role: Role = { id: random.uuid(), name: r.name, description: r.description, rights: [...r.rights] };
    snap.role.push(role);
  }
  /** What each entry's build returned, by its place: the parent of its children, given back to its passes. */
  const built = new Map<string, unknown>();

  /** The entries of a section under one parent entry, with their places. */
  const entriesOf = (section: FixtureSection, parentEntry: Entry, parentAt: string): [Entry, string][] => {
    const path = section.key.split('.');
    const value = path.reduce<unknown>((o, k) => (o as Entry | undefined)?.[k], parentEntry);
    const at = parentAt ? `${parentAt}.${section.key}` : section.key;
    if (section.single) return value ? [[value as Entry, at]] : [];
    if (value === undefined || (value === null && !section.notAList)) return [];
    if (!Array.isArray(value)) fail(at, section.notAList ?? `${section.key} must be a list`);
    return (value as Entry[]).map((e, i) => [e, `${at}[${i}]`]);
  };

  const walk = (steps: Step[], parentEntry: Entry, parentAt: string, parent: unknown): void => {
    for (const step of steps) {
      const section = sectionOf(step.kind);
      const entries = entriesOf(section, parentEntry, parentAt);
      if (step.again) {
        for (const [entry, at] of entries) {
          const self = built.get(at);
          if (step.pass) section.passes![step.pass](b, entry, at, self);
          walk(step.then, entry, at, self);
        }
        continue;
      }
      section.before?.(b, parent, parentEntry, parentAt);
      const names = new Set<string>();
      for (const [entry, at] of entries) {
        const self = section.build(b, entry, at, parent, names);
        built.set(at, self);
        walk(step.then, entry, at, self);
      }
      section.after?.(b, parent, parentAt);
    }
  };
  walk(PLAN, fx as unknown as Entry, '', undefined);
  for (const f of b.late) f();
  // Ids created later continue the same seeded sequence.
  snap.seedState = random.state();
  return snap;
}
