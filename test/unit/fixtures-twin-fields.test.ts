/** Fixture fields a capture writes: users' state and description, a disabled VDC, a VM's sizing policy (one of its VDC's compute policies). */
import { readFileSync } from 'node:fs';
import { FixtureError } from '../../src/resources/fixture.js';
import { buildFromText } from '../support/fixture-text.js';

const base = readFileSync('fixtures/default.yaml', 'utf8');
const VAPP = (policy: string) => `        vapps:
          - name: sized
            vms:
              - { name: vm1, os: ubuntu64Guest, cpus: 2, memoryMB: 4096, sizingPolicy: ${policy} }
`;

const load = (text: string) => buildFromText(text, 1);
const withVApp = (policy: string) => base.replace('        # The NSX-T edge gateway acme-web', `${VAPP(policy)}        # The NSX-T edge gateway acme-web`);

describe('fixture fields of a capture', () => {
  it('users disabled, locked and described; a VDC disabled; a VM sized by a policy of its VDC', () => {
    const snap = load(withVApp('medium')
      .replace('fullName: Dave Console }', 'fullName: Dave Console, enabled: false, locked: true, description: On leave }')
      .replace('        description: Small allocation-pool VDC for development\n', '        description: Small allocation-pool VDC for development\n        enabled: false\n'));
    expect(snap.user.find((u) => u.name === 'dave')).toMatchObject({ isEnabled: false, isLocked: true, description: 'On leave' });
    expect(snap.user.find((u) => u.name === 'bob')).toMatchObject({ isEnabled: true });
    expect(snap.vdc.find((v) => v.name === 'acme-dev')!.isEnabled).toBe(false);
    expect(snap.vdc.find((v) => v.name === 'acme-vdc')!.isEnabled).toBe(true);
    const vm = snap.vm.find((v) => v.name === 'vm1')!;
    expect(snap.computePolicy.find((p) => p.id === vm.sizingPolicyId)!.name).toBe('medium');
  });

  it('refuses a sizing policy the VDC does not have, and a state that is not true or false, with the line', () => {
    const noSuch = withVApp('huge');
    const line = noSuch.split('\n').findIndex((l) => l.includes('sizingPolicy: huge')) + 1;
    expect(() => load(noSuch)).toThrow(FixtureError);
    expect(() => load(noSuch)).toThrow(`(line ${line}): sizingPolicy "huge" is not one of VDC acme-vdc's computePolicies`);
    expect(() => load(base.replace('fullName: Dave Console }', 'fullName: Dave Console, enabled: maybe }'))).toThrow(/users\[4\]\.enabled \(line \d+\): enabled must be true or false/);
    const nat = base.replace('            edgeCluster: edge-cluster-01\n', '            edgeCluster: edge-cluster-01\n            services:\n              natRules:\n                - { name: x, type: SNAT, externalAddresses: 203.0.113.10, internalAddresses: 10.10.10.0/24, logging: true, firewallMatch: NOPE }\n');
    const natLine = nat.split('\n').findIndex((l) => l.includes('firewallMatch: NOPE')) + 1;
    expect(() => load(nat)).toThrow(`natRules[0].firewallMatch (line ${natLine}): firewallMatch must be one of MATCH_INTERNAL_ADDRESS, MATCH_EXTERNAL_ADDRESS, BYPASS`);
    const ok = load(nat.replace('firewallMatch: NOPE', 'firewallMatch: BYPASS'));
    expect(ok.natRule[0]).toMatchObject({ logging: true, firewallMatch: 'BYPASS' });
  });
});
