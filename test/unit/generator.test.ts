/** The fixture generator: positional names, exact counts, the same file for the same seed, YAML and JSON. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixture, writeFixture } from '../../scripts/fixture.js';
import { buildFromFixture, readFixtureFile } from '../../src/resources/fixture.js';
import { Random } from '../../src/lib/random.js';

describe('the fixture generator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vcdsim-gen-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lays out exactly N VMs with positional names, seeded', () => {
    const fx = generateFixture({ vms: 103, orgs: 2, vdcsPerOrg: 2, vmsPerVApp: 4 });
    const vms = fx.orgs.flatMap((o) => (o.vdcs ?? []).flatMap((v) => (v.vapps ?? []).flatMap((a) => a.vms)));
    expect(vms).toHaveLength(103);
    expect(vms[0].name).toBe('org1-vdc1-vapp1-vm1');
    expect(vms.map((v) => v.name)).toContain('org2-vdc2-vapp7-vm1');
    expect(new Set(vms.map((v) => v.name)).size).toBe(103);
    expect(new Set(vms.map((v) => v.power))).toEqual(new Set(['on', 'off', 'suspended']));
    expect(generateFixture({ vms: 103, orgs: 2, vdcsPerOrg: 2 })).toEqual(fx);
    expect(generateFixture({ vms: 103, orgs: 2, vdcsPerOrg: 2, seed: 2 })).not.toEqual(fx);
  });

  it('writes YAML or JSON that loads into the same inventory', () => {
    const fx = generateFixture({ vms: 60, orgs: 1 });
    writeFixture(join(dir, 'f.yaml'), fx);
    writeFixture(join(dir, 'f.json'), fx);
    expect(readFileSync(join(dir, 'f.yaml'), 'utf8')).not.toMatch(/[&*]a\d/);
    const fromYaml = buildFromFixture(readFixtureFile(join(dir, 'f.yaml')), new Random(1), 'now');
    const fromJson = buildFromFixture(readFixtureFile(join(dir, 'f.json')), new Random(1), 'now');
    expect(fromYaml).toEqual(fromJson);
    expect(fromJson.vm).toHaveLength(60);
    expect(fromJson.vm.every((vm) => vm.nics[0].ip?.startsWith('10.'))).toBe(true);
  });
});
