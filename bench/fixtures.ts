/** Inventories for the benchmarks, written to a temporary folder as JSON. */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../src/config.js';
import type { FixtureFile } from '../src/resources/fixture.js';
import type { FixtureVApp } from '../src/resources/vapp/fixture.js';
import { generateFixture, writeFixture } from '../scripts/fixture.js';

export const DEFAULT_FIXTURE = resolve(PACKAGE_ROOT, 'fixtures/default.yaml');

/** The vApp whose document every row of the documents table serves. */
export const PAIR = 'bench-pair';
/** Single-VM vApps, one per connection of the write rows (a VM takes one task at a time). */
export const SINGLES = 'bench-single-';
export const SINGLE = (i: number) => `${SINGLES}${i}`;

/**
 * The default inventory plus, in acme-vdc: a powered-on 2-VM vApp and `singles` powered-off 1-VM vApps,
 * all owned by alice.
 */
export function benchFixture(dir: string, singles: number): string {
  const fixture = parse(readFileSync(DEFAULT_FIXTURE, 'utf8')) as FixtureFile;
  const vdc = fixture.orgs.find((o) => o.name === 'acme')!.vdcs!.find((v) => v.name === 'acme-vdc')!;
  const vm = (name: string) => ({ name, os: 'ubuntu64Guest', cpus: 2, memoryMB: 2048, disksMB: [16384] });
  const vapps: FixtureVApp[] = [{ name: PAIR, owner: 'alice', power: 'on', vms: [vm('pair-web'), vm('pair-db')] }];
  for (let i = 1; i <= singles; i++) vapps.push({ name: SINGLE(i), owner: 'alice', power: 'off', vms: [vm(`single-${i}`)] });
  vdc.vapps = vapps;
  const file = join(dir, 'bench.json');
  writeFixture(file, fixture);
  return file;
}

/** A generated inventory of `vms` VMs (positional names, org1…), every VM powered off when `off`. */
export function generated(dir: string, vms: number, off = false): { file: string; mb: number } {
  const fixture = generateFixture({ vms });
  if (off) for (const org of fixture.orgs) for (const vdc of org.vdcs ?? []) for (const a of vdc.vapps ?? []) for (const v of a.vms) v.power = 'off';
  const file = join(dir, `vms${vms}${off ? '-off' : ''}.json`);
  writeFixture(file, fixture);
  return { file, mb: statSync(file).size / 1e6 };
}
