/** Fixtures with running vApps: VMs get their power state, MACs and pool addresses from the file. */
import { buildFromFixture, readFixtureFile, FixtureError, type FixtureFile } from '../../src/resources/fixture.js';
import { Random } from '../../src/lib/random.js';
import { buildFromText, FIXTURE_NOW as NOW } from '../support/fixture-text.js';
import { Status } from '../../src/store/types.js';

const build = (fx: FixtureFile) => buildFromFixture(fx, new Random(7), NOW);

const load = (text: string) => buildFromText(text);

function tenant(vapps: unknown[]): FixtureFile {
  return {
    orgs: [
      { name: 'System', users: [{ name: 'administrator', password: 'p', role: 'System Administrator' }] },
      {
        name: 'acme',
        users: [{ name: 'alice', password: 'p', role: 'vApp Author' }, { name: 'bob', password: 'p', role: 'vApp User' }],
        vdcs: [{
          name: 'vdc1',
          networks: [
            { name: 'net-a', gateway: '10.0.0.1', ipRanges: [{ start: '10.0.0.1', end: '10.0.0.4' }] },
            { name: 'net-b', gateway: '10.0.1.1', ipRanges: [{ start: '10.0.1.10', end: '10.0.1.20' }] },
          ],
          vapps: vapps as never,
        }],
        catalogs: [{ name: 'cat', vdc: 'vdc1', templates: [{ name: 'tpl', vms: [{ name: 'tpl-vm' }] }] }],
      },
    ],
  };
}

describe('fixture vApps', () => {
  it('builds vApps and VMs with power states, owners, MACs and the lowest free pool addresses', () => {
    const snap = build(tenant([
      { name: 'web', owner: 'bob', power: 'on', vms: [{ name: 'web-1', cpus: 2 }, { name: 'web-2', nics: 2, network: 'net-b' }] },
      { name: 'mixed', vms: [{ name: 'm-1', power: 'suspended' }, { name: 'm-2', network: 'none' }] },
    ]));
    expect(snap.vApp.map((a) => a.name)).toEqual(['web', 'mixed']);
    const [web, mixed] = snap.vApp;
    const bob = snap.user.find((u) => u.name === 'bob')!;
    const alice = snap.user.find((u) => u.name === 'alice')!;
    expect(web.ownerId).toBe(bob.id);
    expect(mixed.ownerId).toBe(alice.id);
    expect(web).toMatchObject({ status: Status.POWERED_ON, deployed: true });
    expect(mixed).toMatchObject({ status: Status.MIXED, deployed: true });
    expect(web.networks.map((n) => n.name)).toEqual(['net-a', 'net-b']);

    const vm = (name: string) => snap.vm.find((v) => v.name === name)!;
    expect(vm('web-1')).toMatchObject({ vappId: web.id, status: Status.POWERED_ON, deployed: true, cpus: 2 });
    // 10.0.0.1 is the gateway: the pool starts at .2.
    expect(vm('web-1').nics[0]).toMatchObject({ network: 'net-a', ip: '10.0.0.2', mode: 'POOL', connected: true });
    expect(vm('web-2').nics.map((n) => n.ip)).toEqual(['10.0.1.10', '10.0.1.11']);
    expect(vm('web-2').nics[0].mac).toMatch(/^00:50:56:[0-3][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);
    expect(vm('m-1')).toMatchObject({ status: Status.SUSPENDED, deployed: true });
    expect(vm('m-2')).toMatchObject({ status: Status.POWERED_OFF, deployed: false });
    expect(vm('m-2').nics[0]).toMatchObject({ network: 'none', mode: 'NONE', connected: false });
    expect(vm('m-2').nics[0].ip).toBeUndefined();
    const netA = snap.network.find((n) => n.name === 'net-a')!;
    expect(netA.allocatedIps).toEqual(['10.0.0.2', '10.0.0.3']);
  });

  it('gives the same ids for the same seed, and adding vApps does not renumber the rest', () => {
    const plain = build(tenant([]));
    const withVApps = build(tenant([{ name: 'a', vms: [{ name: 'a-1' }] }]));
    expect(withVApps.vAppTemplate.map((t) => [t.id, t.vms[0].id])).toEqual(plain.vAppTemplate.map((t) => [t.id, t.vms[0].id]));
    expect(build(tenant([{ name: 'a', vms: [{ name: 'a-1' }] }])).vm[0].id).toBe(withVApps.vm[0].id);
  });

  it('rejects what VCD would not hold', () => {
    expect(() => build(tenant([{ name: 'a', vms: [] }]))).toThrow(/at least one VM/);
    expect(() => build(tenant([{ name: 'a', vms: [{ name: 'x' }] }, { name: 'A', vms: [{ name: 'y' }] }]))).toThrow(/duplicate vApp name/);
    expect(() => build(tenant([{ name: 'a', owner: 'zed', vms: [{ name: 'x' }] }]))).toThrow(/not a user/);
    expect(() => build(tenant([{ name: 'a', network: 'nope', vms: [{ name: 'x' }] }]))).toThrow(/not a network/);
    expect(() => build(tenant([{ name: 'a', power: 'sideways', vms: [{ name: 'x' }] }]))).toThrow(/power must be one of/);
    // net-a has three usable addresses.
    expect(() => build(tenant([{ name: 'a', vms: [{ name: 'x', nics: 4 }] }]))).toThrow(FixtureError);
  });

  it('refuses a section that is not a list, naming its place', () => {
    expect(() => build(tenant({ name: 'a', vms: [{ name: 'x' }] } as never))).toThrow('Fixture error at orgs[1].vdcs[0].vapps: vapps must be a list');
  });

  it('reads metadata maps, typed, and refuses bad ones with the entry\'s path', () => {
    const snap = build(tenant([{ name: 'a', metadata: { env: 'prod', n: 3, ok: true, tier: { value: 'gold', domain: 'SYSTEM' } }, vms: [{ name: 'x', metadata: { role: 'db' } }] }]));
    expect(snap.vApp[0].metadata).toEqual([
      { domain: 'GENERAL', visibility: 'READWRITE', key: 'env', type: 'MetadataStringValue', value: 'prod' },
      { domain: 'GENERAL', visibility: 'READWRITE', key: 'n', type: 'MetadataNumberValue', value: '3' },
      { domain: 'GENERAL', visibility: 'READWRITE', key: 'ok', type: 'MetadataBooleanValue', value: 'true' },
      { domain: 'SYSTEM', visibility: 'READONLY', key: 'tier', type: 'MetadataStringValue', value: 'gold' },
    ]);
    expect(snap.vm[0].metadata).toEqual([{ domain: 'GENERAL', visibility: 'READWRITE', key: 'role', type: 'MetadataStringValue', value: 'db' }]);
    expect(() => build(tenant([{ name: 'a', metadata: { n: { value: 'x', type: 'number' } }, vms: [{ name: 'x' }] }]))).toThrow(/metadata\.n: "x" is not a number/);
    expect(() => build(tenant([{ name: 'a', metadata: { s: { value: 'x', domain: 'SYSTEM', visibility: 'READWRITE' } }, vms: [{ name: 'x' }] }]))).toThrow(/READONLY or PRIVATE/);
    expect(() => build(tenant([{ name: 'a', metadata: { d: { value: 'x', type: 'date' } }, vms: [{ name: 'x' }] }]))).toThrow(/type must be one of/);
  });

  it('reads the query test inventory', () => {
    const snap = build(readFixtureFile('test/fixtures/query.yaml'));
    expect(snap.vm.length).toBe(14);
  });
});

describe('fixture compute policies', () => {
  const withPolicies = (vdcExtra: string, policies = '    - { name: small, cpuCount: 1, memoryMB: 2048 }') => `
orgs:
  - name: System
    users: [{ name: administrator, password: p, role: System Administrator }]
  - name: acme
    vdcs:
      - name: vdc1
${vdcExtra}
provider:
  vCenters: [{ name: vc, resourcePools: [{ name: rp }] }]
  nsxtManagers: [{ name: nsx }]
  networkPools: [{ name: pool, nsxtManager: nsx }]
  providerVdcs: [{ name: pvdc, vCenter: vc, networkPool: pool }]
  computePolicies:
${policies}
`;

  it('declares policies in the provider section and assigns them to VDCs, with a default', () => {
    const snap = load(withPolicies('        computePolicies: [small]\n        defaultComputePolicy: small'));
    expect(snap.computePolicy).toMatchObject([{ name: 'small', cpuCount: 1, memoryMB: 2048 }, { name: 'System Default', isSystemDefault: true }]);
    expect(snap.vdc[0]).toMatchObject({ computePolicyIds: [snap.computePolicy[0].id], defaultComputePolicyId: snap.computePolicy[0].id });
  });

  it('refuses a policy that does not exist, a default the VDC does not have and bad sizes, naming the line', () => {
    expect(() => load(withPolicies('        computePolicies: [small, huge]'))).toThrow(/orgs\[1\]\.vdcs\[0\]\.computePolicies\[1\] \(line 8\): compute policy "huge" does not exist \(one of: small, System Default\)/);
    expect(() => load(withPolicies('        computePolicies: [small]\n        defaultComputePolicy: other'))).toThrow(/defaultComputePolicy \(line 9\)/);
    expect(() => load(withPolicies('        computePolicies: []', '    - { name: odd, cpuCount: 3, coresPerSocket: 2 }'))).toThrow(/provider\.computePolicies\[0\]\.coresPerSocket .*not a multiple/);
    expect(() => load(withPolicies('        computePolicies: []', '    - { name: a }\n    - { name: a }'))).toThrow(FixtureError);
  });

  it('gives a VDC that names no policies the System Default; declares VM groups and placement policies on them', () => {
    const groups = '  vmGroups: [{ name: licensed, vCenter: vc, resourcePool: rp }]\n';
    const snap = load(withPolicies('        computePolicies: [System Default, placed]', `    - { name: placed, vmGroups: [licensed] }\n${groups}`));
    const sd = snap.computePolicy.find((p) => p.isSystemDefault)!;
    const placed = snap.computePolicy.find((p) => p.name === 'placed')!;
    expect(sd.name).toBe('System Default');
    expect(snap.vdc[0]).toMatchObject({ computePolicyIds: [sd.id, placed.id], defaultComputePolicyId: sd.id });
    expect(snap.vmGroup).toMatchObject([{ name: 'licensed', vCenterId: snap.vCenter[0].id, clusterMoref: snap.vCenter[0].resourcePools[0].clusterMoref }]);
    expect(placed.placement).toEqual([{ providerVdcId: snap.providerVdc[0].id, vmGroupIds: [snap.vmGroup[0].id], logicalVmGroupIds: [] }]);
    const plain = load(withPolicies('        name2: x'.replace('name2: x', 'description: none')));
    const plainSd = plain.computePolicy.find((p) => p.isSystemDefault)!;
    expect(plain.vdc[0]).toMatchObject({ computePolicyIds: [plainSd.id], defaultComputePolicyId: plainSd.id });
    expect(() => load(withPolicies('        computePolicies: []', `    - { name: placed, vmGroups: [nope] }\n${groups}`)))
      .toThrow(/provider\.computePolicies\[0\]\.vmGroups\[0\].*VM group "nope" does not exist/);
    expect(() => load(withPolicies('        computePolicies: []', '    - { name: a }\n  vmGroups: [{ name: g, resourcePool: nope }]\n')))
      .toThrow(/provider\.vmGroups\[0\]\.resourcePool.*"nope" does not exist/);
  });
});

describe('fixture access lists', () => {
  it('shares vApps and catalogs as declared; a catalog without `access` is its org\'s, a vApp its owner\'s', () => {
    const fx = tenant([
      { name: 'shared', owner: 'alice', access: { everyone: 'ReadOnly', users: { bob: 'Change' } }, vms: [{ name: 's-1' }] },
      { name: 'private', owner: 'alice', vms: [{ name: 'p-1' }] },
    ]);
    fx.orgs.push({ name: 'globex', users: [{ name: 'gil', password: 'p', role: 'Organization Administrator' }] } as never);
    (fx.orgs[1] as any).catalogs.push({ name: 'open', vdc: 'vdc1', access: { everyone: 'none', orgs: ['globex'] } });
    const snap = build(fx);
    const bob = snap.user.find((u) => u.name === 'bob')!;
    const globex = snap.org.find((o) => o.name === 'globex')!;
    expect(snap.vApp.find((a) => a.name === 'shared')!.acl).toEqual({ everyone: 'ReadOnly', subjects: [{ kind: 'user', id: bob.id, level: 'Change' }] });
    expect(snap.vApp.find((a) => a.name === 'private')!.acl).toBeUndefined();
    expect(snap.catalog.find((c) => c.name === 'cat')!.acl).toEqual({ everyone: 'Change', subjects: [] });
    expect(snap.catalog.find((c) => c.name === 'open')!.acl).toEqual({ subjects: [{ kind: 'org', id: globex.id, level: 'ReadOnly' }] });
  });

  it('refuses unknown users, orgs and levels, and orgs on a vApp, naming where', () => {
    const vapp = (access: unknown) => tenant([{ name: 'a', owner: 'alice', access, vms: [{ name: 'x' }] }]);
    expect(() => build(vapp({ users: { zoe: 'ReadOnly' } }))).toThrow(/vapps\[0\]\.access\.users\.zoe.*not a user/);
    expect(() => build(vapp({ everyone: 'Everything' }))).toThrow(/access\.everyone.*must be one of/);
    expect(() => build(vapp({ orgs: ['acme'] }))).toThrow(/only catalogs are shared with other orgs/);
    const fx = tenant([]);
    (fx.orgs[1] as any).catalogs[0].access = { orgs: ['nowhere'] };
    expect(() => build(fx)).toThrow(/catalogs\[0\]\.access\.orgs\[0\].*org "nowhere" does not exist/);
  });
});

describe('fixture snapshots', () => {
  const vapps = (snapshot: unknown, vmSnapshot?: unknown) => tenant([{
    name: 'a', power: 'on', snapshot, vms: [{ name: 'x', memoryMB: 2048, disksMB: [10240] }, { name: 'y', ...(vmSnapshot === undefined ? {} : { snapshot: vmSnapshot }) }],
  }]);
  const yaml = (snapshot: string) => `
orgs:
  - name: acme
    users: [{ name: alice, password: p, role: vApp Author }]
    vdcs:
      - name: vdc1
        vapps:
          - name: a
            vms:
              - name: x
                snapshot: ${snapshot}
`;

  it('loads a vApp\'s snapshot onto each VM, a VM\'s own winning, sized as createSnapshot would when no size is given', () => {
    const snap = build(vapps({ created: '2024-04-30T08:00:00Z', memory: true }, { sizeMB: 512, poweredOn: false }));
    const [x, y] = snap.vm;
    expect(x.snapshot).toMatchObject({ created: '2024-04-30T08:00:00.000Z', poweredOn: true, memory: true, sizeMB: 103 + 2048 });
    expect(x.snapshot!.state).toMatchObject({ status: Status.POWERED_ON, deployed: true, memoryMB: 2048, disks: x.disks });
    expect(y.snapshot).toMatchObject({ created: NOW, poweredOn: false, memory: false, sizeMB: 512 });
    expect(y.snapshot!.state.status).toBe(Status.POWERED_OFF);
    expect(build(tenant([{ name: 'b', vms: [{ name: 'z' }] }])).vm[0].snapshot).toBeUndefined();
  });

  it('refuses a bad snapshot, naming its line', () => {
    expect(() => load(yaml('{ created: yesterday }'))).toThrow(/vms\[0\]\.snapshot \(line 11\): snapshot created must be an ISO 8601 date/);
    expect(() => load(yaml('{ sizeMB: -1 }'))).toThrow(/\(line 11\): snapshot sizeMB must be a positive whole number/);
    expect(() => load(yaml('{ memory: true, poweredOn: false }'))).toThrow(/with memory must be of a running VM/);
    expect(() => load(yaml('{ created: "2999-01-01T00:00:00Z" }'))).toThrow(/after the inventory's load time/);
    expect(() => load(yaml('{ size: 5 }'))).toThrow(/unknown snapshot field size/);
    expect(() => load(yaml('yes'))).toThrow(/a snapshot is a map/);
    expect(() => build(vapps({ poweredOn: 'no' }))).toThrow(/vapps\[0\]\.snapshot.*poweredOn must be true or false/);
    const fx = tenant([]);
    (fx.orgs[1] as any).catalogs[0].templates[0].vms[0].snapshot = {};
    expect(() => build(fx)).toThrow(/templates\[0\]\.vms\[0\]\.snapshot.*holds no snapshot/);
  });
});
