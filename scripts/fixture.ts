/**
 * Generates a large inventory fixture from a size description, vcsim-style: positional names
 * (org1, org1-vdc2, org1-vdc2-vapp3, org1-vdc2-vapp3-vm1) and seeded choices, so the same arguments always
 * write the same file.
 *
 *   npm run fixture -- --vms 100000 --out big.json [--orgs 10] [--vdcs 2] [--vms-per-vapp 4] [--seed 1]
 *
 * JSON loads much faster than YAML at this size; the file's extension picks the format.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { Random } from '../src/lib/random.js';
import type { FixtureFile } from '../src/resources/fixture.js';
import type { FixtureVApp } from '../src/resources/vapp/fixture.js';
import type { FixturePower } from '../src/resources/vm/fixture.js';

export interface GenerateOptions {
  vms: number;
  /** Tenant orgs (besides System); default: one per 10,000 VMs, at least 1 and at most 10. */
  orgs?: number;
  /** VDCs per org (default 2). Each VDC has one /16 network, so at most ~65,000 VMs fit in a VDC. */
  vdcsPerOrg?: number;
  vmsPerVApp?: number;
  seed?: number;
}

const SHAPES = [
  { os: 'ubuntu64Guest', cpus: 2, memoryMB: 4096, disksMB: [20480] },
  { os: 'ubuntu64Guest', cpus: 4, memoryMB: 8192, disksMB: [40960] },
  { os: 'rhel9_64Guest', cpus: 4, memoryMB: 16384, disksMB: [40960, 102400] },
  { os: 'debian12_64Guest', cpus: 1, memoryMB: 2048, disksMB: [10240] },
  { os: 'windows2019srvNext_64Guest', cpus: 8, memoryMB: 16384, disksMB: [81920] },
];

/** VMs per VDC network: a /16 pool (10.N.0.10 – 10.N.255.250). */
const VMS_PER_VDC_MAX = 60_000;

function power(random: Random): FixturePower {
  const r = random.next();
  return r < 0.6 ? 'on' : r < 0.95 ? 'off' : 'suspended';
}

export function generateFixture(opts: GenerateOptions): FixtureFile {
  const { vms } = opts;
  const random = new Random(opts.seed ?? 1);
  const orgCount = opts.orgs ?? Math.min(10, Math.max(1, Math.ceil(vms / 10_000)));
  const vdcsPerOrg = opts.vdcsPerOrg ?? 2;
  const vmsPerVApp = opts.vmsPerVApp ?? 4;
  const vdcCount = orgCount * vdcsPerOrg;
  if (vdcCount > 250) throw new Error('at most 250 VDCs (one 10.N.0.0/16 network each)');
  const vmsPerVdc = Math.ceil(vms / vdcCount);
  if (vmsPerVdc > VMS_PER_VDC_MAX) throw new Error(`${vmsPerVdc} VMs per VDC do not fit one /16 network: add orgs or VDCs`);

  let remaining = vms;
  let vdcIndex = 0;
  const orgs: FixtureFile['orgs'] = [
    { name: 'System', fullName: 'System Organization', users: [{ name: 'administrator', password: 'password', role: 'System Administrator' }] },
  ];
  for (let o = 1; o <= orgCount; o++) {
    const org = `org${o}`;
    const vdcs = [];
    for (let v = 1; v <= vdcsPerOrg; v++) {
      vdcIndex++;
      const vdc = `${org}-vdc${v}`;
      const network = `${vdc}-net`;
      const vapps: FixtureVApp[] = [];
      let inVdc = Math.min(vmsPerVdc, remaining);
      remaining -= inVdc;
      for (let a = 1; inVdc > 0; a++) {
        const vapp = `${vdc}-vapp${a}`;
        const count = Math.min(vmsPerVApp, inVdc);
        inVdc -= count;
        vapps.push({
          name: vapp,
          network,
          vms: Array.from({ length: count }, (_, i) => ({ name: `${vapp}-vm${i + 1}`, ...SHAPES[random.int(0, SHAPES.length)], power: power(random) })),
        });
      }
      vdcs.push({
        name: vdc,
        allocationModel: 'AllocationVApp' as const,
        vmQuota: 0,
        networks: [{
          name: network, fenceMode: 'natRouted' as const, gateway: `10.${vdcIndex}.0.1`, prefixLength: 16, dns1: `10.${vdcIndex}.0.53`,
          ipRanges: [{ start: `10.${vdcIndex}.0.10`, end: `10.${vdcIndex}.255.250` }],
        }],
        vapps,
      });
    }
    orgs.push({
      name: org,
      fullName: `Organization ${o}`,
      users: [
        { name: `${org}-admin`, password: 'password', role: 'Organization Administrator' },
        { name: `${org}-user`, password: 'password', role: 'vApp Author' },
      ],
      vdcs,
    });
  }
  return { site: { name: 'vcdsim' }, orgs };
}

export function writeFixture(path: string, fixture: FixtureFile): void {
  mkdirSync(dirname(path), { recursive: true });
  // VMs share their shape's disk list: YAML must not turn that into anchors and aliases.
  writeFileSync(path, path.endsWith('.json') ? JSON.stringify(fixture) : stringify(fixture, { aliasDuplicateObjects: false }));
}

function main(): void {
  const { values } = parseArgs({
    options: {
      vms: { type: 'string' },
      out: { type: 'string' },
      orgs: { type: 'string' },
      vdcs: { type: 'string' },
      'vms-per-vapp': { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const int = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--${name} must be a positive integer`);
    return Number(v);
  };
  const vms = int(values.vms, 'vms');
  if (!vms || !values.out) throw new Error('usage: npm run fixture -- --vms N --out FILE(.json|.yaml) [--orgs N] [--vdcs N] [--vms-per-vapp N] [--seed N]');
  const fixture = generateFixture({
    vms, orgs: int(values.orgs, 'orgs'), vdcsPerOrg: int(values.vdcs, 'vdcs'), vmsPerVApp: int(values['vms-per-vapp'], 'vms-per-vapp'),
    seed: int(values.seed, 'seed'),
  });
  writeFixture(values.out, fixture);
  const vdcs = fixture.orgs.reduce((n, o) => n + (o.vdcs?.length ?? 0), 0);
  process.stdout.write(`wrote ${values.out}: ${vms} VMs in ${fixture.orgs.length - 1} orgs, ${vdcs} VDCs\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`fixture: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
