/**
 * The digital twin tools over loopback: capture a running vcdsim into a fixture and start a second one from
 * it (their snapshots compare equal); record a client flow through the proxy and replay it against fresh
 * instances (no differences, then a fault rule shows up as the request and field that differ); no secret
 * reaches a capture, a recording or the logs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { stringify } from 'yaml';
import { startSimulator, type RunningSimulator } from '../../src/index.js';
import { capture, NOT_CAPTURABLE, UNCAPTURED_PATHS } from '../../src/twin/capture.js';
import { diffInventories, formatDiff, inventoryFrom, isEmptyDiff } from '../../src/twin/diff.js';
import { record } from '../../src/twin/record.js';
import { formatReplay, replay } from '../../src/twin/replay.js';
import { call, deployVApp, flowLogin, waitTask } from './flow.js';
import { killStarted, startServer, stopGroup, type Server } from '../ship/process.js';

jest.setTimeout(60_000);

const PASSWORD = 'Tw1n-S3cret-42';
/** The source's IPsec pre-shared key: a secret the capture must not copy. */
const PSK = 'Psk-0f-the-DC';
const dir = mkdtempSync(join(tmpdir(), 'vcdsim-twin-'));
const fixture = join(dir, 'source.yaml');
// The default inventory, with gateway services and access lists for the capture to carry over.
const SERVICES = `
            services:
              ipSets:
                - { name: web-servers, description: The web tier, ipAddresses: [10.10.10.10-10.10.10.20, 10.10.10.0/28] }
                - { name: admins, ipAddresses: [192.0.2.10] }
              firewallRules:
                - { name: web-in, action: ALLOW, direction: IN, destinations: [web-servers], applications: [HTTP, HTTPS] }
                - { name: ssh-admins, description: Admins only, sources: [admins], destinations: [web-servers], applications: [SSH], logging: true }
                - { name: drop-rest, action: DROP, enabled: false }
              natRules:
                - { name: web-dnat, type: DNAT, externalAddresses: 203.0.113.11, internalAddresses: 10.10.10.10, dnatExternalPort: '8080', application: HTTP }
                - { name: out-snat, type: SNAT, externalAddresses: 203.0.113.12, internalAddresses: 10.10.10.0/24, priority: 10, description: Outbound, logging: true, firewallMatch: BYPASS }
              staticRoutes:
                - { name: to-branch, networkCidr: 172.30.0.0/16, nextHops: [{ ipAddress: 203.0.113.1, adminDistance: 5 }] }
              ipsecTunnels:
                - { name: to-dc, preSharedKey: ${PSK}, localAddress: 203.0.113.12, localNetworks: [10.10.10.0/24], remoteAddress: 198.51.100.7, remoteNetworks: [192.168.0.0/16] }
              dns:
                upstreamServers: [1.1.1.1, 8.8.8.8]
                conditionalZones: [{ name: corp, upstreamServers: [10.0.0.53], domains: [corp.example.com] }]`;
// DHCP on the routed network, with a binding.
const DHCP = `
            dhcp:
              leaseTime: 3600
              pools: [{ start: 10.10.10.210, end: 10.10.10.220 }]
              dnsServers: [10.10.0.53]
              bindings: [{ name: printer, macAddress: '00:50:56:01:02:03', ipAddress: 10.10.10.240, hostName: printer }]`;
writeFileSync(fixture, readFileSync('fixtures/default.yaml', 'utf8').replaceAll('password: password', `password: ${PASSWORD}`)
  .replace('            edgeCluster: edge-cluster-01\n', `            edgeCluster: edge-cluster-01${SERVICES}\n`)
  .replace('            ipRanges: [{ start: 10.10.10.10, end: 10.10.10.200 }]\n', `            ipRanges: [{ start: 10.10.10.10, end: 10.10.10.200 }]${DHCP}\n`)
  .replace('role: Console Access Only, fullName: Dave Console }', 'role: Console Access Only, fullName: Dave Console, enabled: false, locked: true, description: On leave }')
  .replace('        owner: acme-admin\n        templates:', '        owner: acme-admin\n        access: { everyone: ReadOnly, users: { alice: FullControl }, orgs: [globex] }\n        templates:'));

const running: RunningSimulator[] = [];
async function start(extra: Record<string, unknown> = {}): Promise<RunningSimulator> {
  const s = await startSimulator({ fixture, speed: 1000, ...extra });
  running.push(s);
  return s;
}
const snapshot = async (url: string) => inventoryFrom(await (await fetch(`${url}/_vcdsim/snapshot`)).json());

let target: Server;
beforeAll(async () => {
  // The recorded flow runs against a vcdsim process logging every request at debug level, for the secrets check.
  target = await startServer(process.execPath, ['dist/cli.js', '--port', '0', '--fixture', fixture, '--speed', '1000', '--log-level', 'debug', '--log-format', 'json'], {
    cwd: process.cwd(), env: { ...process.env },
  });
});
afterAll(async () => {
  for (const s of running) await s.stop();
  stopGroup(target.proc);
  await target.exited;
  killStarted();
});

const tokens: string[] = [];
const written: string[] = [];

describe('capture', () => {
  test('a captured vcdsim started from its fixture has the same inventory', async () => {
    const source = await start();
    const f = await flowLogin(source.url, 'acme-admin', 'acme', PASSWORD);
    tokens.push(f.token);
    const shop = await deployVApp(f, { vdc: 'acme-vdc', template: 'three-tier-app', network: 'acme-web', name: 'shop', powerOn: true });
    // Metadata on the vApp and one of its VMs (the fixture's VDC carries some too): the capture copies it.
    for (const [href, key, type, value] of [[shop.href, 'owner', 'MetadataStringValue', 'shop-team'], [shop.children.vm[0].href, 'replicas', 'MetadataNumberValue', '3']]) {
      const md = await call(f, 'POST', `${href}/metadata`, {
        type: 'application/vnd.vmware.vcloud.metadata+xml',
        text: `<Metadata xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><MetadataEntry><Key>${key}</Key><TypedValue xsi:type="${type}"><Value>${value}</Value></TypedValue></MetadataEntry></Metadata>`,
      });
      expect(md.status).toBe(202);
      expect((await waitTask(f, md.doc)).status).toBe('success');
    }
    // The vApp is shared with bob: its access list is captured too.
    const bob = (await call(f, 'GET', '/api/query?type=user&format=records&filter=name==bob')).doc.record[0].href;
    const shared = await call(f, 'POST', `${shop.href}/action/controlAccess`, {
      type: 'application/vnd.vmware.vcloud.controlAccess+xml',
      text: `<ControlAccessParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsSharedToEveryone>false</IsSharedToEveryone><AccessSettings><AccessSetting><Subject href="${bob}" type="application/vnd.vmware.admin.user+xml"/><AccessLevel>Change</AccessLevel></AccessSetting></AccessSettings></ControlAccessParams>`,
    });
    expect(shared.status).toBe(200);
    await deployVApp(f, { vdc: 'acme-dev', template: 'ubuntu-22.04', network: 'acme-dev-net', name: 'dev-box' });
    const g = await flowLogin(source.url, 'globex-admin', 'globex', PASSWORD);
    tokens.push(g.token);
    await deployVApp(g, { vdc: 'globex-vdc', template: 'web-pair', network: 'globex-net', name: 'frontend', powerOn: true });

    // The control API's "now vs the fixture" names what the flow added.
    const sinceFixture = await source.control.diff();
    expect(sinceFixture.added.filter((e) => e.kind === 'vApp').map((e) => e.key).sort())
      .toEqual(['acme/acme-dev/dev-box', 'acme/acme-vdc/shop', 'globex/globex-vdc/frontend']);
    expect(sinceFixture.added.filter((e) => e.kind === 'vm')).toHaveLength(6);

    const progress: string[] = [];
    const result = await capture({ from: source.url, user: 'administrator', org: 'System', password: PASSWORD, rps: 0, onProgress: (l) => progress.push(l) });
    expect(result.refused).toEqual([]);
    expect(result.notCaptured).toEqual([]);
    expect(result.counts).toMatchObject({
      orgs: 3, vdcs: 3, networks: 4, catalogs: 2, templates: 7, vApps: 3, vms: 6, media: 1, disks: 1, edgeGateways: 2,
      vCenters: 1, nsxtManagers: 1, networkPools: 1, externalNetworks: 1, providerVdcs: 2, computePolicies: 5,
    });
    expect(result.fixture.orgs.find((o) => o.name === 'acme')!.catalogs![0].access).toEqual({ everyone: 'ReadOnly', users: { alice: 'FullControl' }, orgs: ['globex'] });
    expect(progress.some((l) => l.includes('vApp acme/acme-vdc/shop: 3 VMs'))).toBe(true);
    const captured = result.fixture.orgs.find((o) => o.name === 'acme')!.vdcs!.find((v) => v.name === 'acme-vdc')!;
    expect(captured.metadata).toEqual({ 'cost-center': { value: 'cc-1001', type: 'string' }, tier: { value: 'gold', type: 'string', domain: 'SYSTEM' } });
    expect(captured.vapps![0].metadata).toEqual({ owner: { value: 'shop-team', type: 'string' } });
    expect(captured.vapps![0].vms[0].metadata).toEqual({ replicas: { value: '3', type: 'number' } });
    expect(captured.vapps![0].access).toEqual({ users: { bob: 'Change' } });
    expect(result.fixture.orgs.find((o) => o.name === 'acme')!.users!.find((u) => u.name === 'dave')).toMatchObject({ enabled: false, locked: true, description: 'On leave' });
    expect(captured.edgeGateways![0].services).toMatchObject({
      ipSets: [{ name: 'web-servers' }, { name: 'admins' }], firewallRules: [{ name: 'web-in' }, { name: 'ssh-admins' }, { name: 'drop-rest' }],
      natRules: [{ name: 'web-dnat' }, { name: 'out-snat' }], staticRoutes: [{ name: 'to-branch', nextHops: [{ ipAddress: '203.0.113.1', adminDistance: 5 }] }],
      ipsecTunnels: [{ name: 'to-dc', preSharedKey: expect.not.stringMatching(PSK), localNetworks: ['10.10.10.0/24'] }],
      dns: { upstreamServers: ['1.1.1.1', '8.8.8.8'], conditionalZones: [{ name: 'corp', domains: ['corp.example.com'] }] },
    });
    expect(captured.networks!.find((n) => n.name === 'acme-web')!.dhcp).toEqual({
      mode: 'EDGE', enabled: true, leaseTime: 3600, pools: [{ start: '10.10.10.210', end: '10.10.10.220' }], dnsServers: ['10.10.0.53'],
      bindings: [{ name: 'printer', macAddress: '00:50:56:01:02:03', ipAddress: '10.10.10.240', hostName: 'printer' }],
    });
    expect(result.fixture.provider!.providerVdcs!.map((p) => p.name)).toEqual(['pvdc-gold', 'pvdc-silver']);
    const out = join(dir, 'captured.yaml');
    writeFileSync(out, stringify(result.fixture));
    written.push(out);

    const twin = await start({ fixture: out });
    const d = diffInventories(await snapshot(source.url), await snapshot(twin.url), { ignore: UNCAPTURED_PATHS });
    if (!isEmptyDiff(d)) throw new Error(formatDiff(d, ['source', 'twin']));
    // The twin's users log in with the generated passwords, and only with them.
    const admin = await flowLogin(twin.url, 'acme-admin', 'acme', result.passwords['acme-admin@acme']);
    expect((await call(admin, 'GET', '/api/query?type=vApp&format=records')).doc.total).toBe(2);
    await expect(flowLogin(twin.url, 'acme-admin', 'acme', PASSWORD)).rejects.toThrow('login 401');
  });

  test('a tenant captures what it sees, and the fixture still loads', async () => {
    const source = running[0];
    const result = await capture({ from: source.url, user: 'acme-admin', org: 'acme', password: PASSWORD, rps: 50 });
    expect(result.fixture.orgs.map((o) => o.name).sort()).toEqual(['System', 'acme']);
    expect(result.counts).toMatchObject({ orgs: 1, vApps: 2, vms: 4 });
    expect(result.notCaptured).toContain('the System org was not visible: the twin gets one with an administrator');
    const out = join(dir, 'tenant.yaml');
    writeFileSync(out, stringify(result.fixture));
    written.push(out);
    const twin = await start({ fixture: out });
    const d = diffInventories(await snapshot(source.url), await snapshot(twin.url), { ignore: UNCAPTURED_PATHS });
    // Only what the tenant could not see differs: the other org and the System org's contents.
    expect(d.added.length + d.changed.length).toBeGreaterThan(0);
    // …and the provider side, with what hangs off it (edge gateways uplink to external networks).
    const providerSide = ['vCenter', 'nsxtManager', 'networkPool', 'externalNetwork', 'providerVdc', 'pvdcStorageProfile', 'computePolicy', 'edgeGateway', 'firewallGroup', 'edgeFirewall', 'natRule', 'staticRoute',
      'ipsecTunnel', 'gatewayDns', 'networkDhcp', 'dhcpBinding'];
    for (const e of [...d.removed, ...d.added].filter((x) => !providerSide.includes(x.kind))) expect(e.key).toMatch(/^(globex|System)\b|^(System Administrator)$|^globex/);
    expect(result.notCaptured).toContain('edge gateway acme-edge: its external network ext-internet is not in the capture (System administrators only)');
    expect(result.notCaptured).toContain('network acme/acme-vdc/acme-web: DHCP in EDGE mode (its edge gateway is not in the capture)');
    expect(NOT_CAPTURABLE.length).toBeGreaterThan(5);
  });

  test('a capture stopped half-way resumes from its journal and asks only for the rest', async () => {
    const source = running[0];
    const who = { from: source.url, user: 'administrator', org: 'System', password: PASSWORD, rps: 0 };
    const journal = join(dir, 'resumed.yaml.partial');
    written.push(journal);
    await expect(capture({ ...who, journal, onProgress: (l) => { if (l.includes(' network ')) throw new Error('stopped'); } })).rejects.toThrow('stopped');
    const kept = readFileSync(journal, 'utf8').trim().split('\n').length;
    expect(kept).toBeGreaterThan(10);
    const progress: string[] = [];
    const resumed = await capture({ ...who, journal, onProgress: (l) => progress.push(l) });
    expect(progress).toContain(`resuming: ${kept} documents already read (${journal})`);
    const whole = await capture(who);
    expect(resumed.resumed).toBeGreaterThanOrEqual(kept);
    expect(resumed.requests + resumed.resumed).toBe(whole.requests);
    const unsecret = (f: typeof whole.fixture) => JSON.parse(JSON.stringify(f).replace(/"(password|preSharedKey)":"[^"]*"/g, '"$1":"-"'));
    expect(unsecret(resumed.fixture)).toEqual(unsecret(whole.fixture));
  });
});

describe('record and replay', () => {
  const file = join(dir, 'flow.jsonl');

  async function clientFlow(base: string): Promise<void> {
    const f = await flowLogin(base, 'acme-admin', 'acme', PASSWORD);
    tokens.push(f.token);
    const v = await deployVApp(f, { vdc: 'acme-vdc', template: 'rocky-9', network: 'acme-web', name: 'recorded', powerOn: true });
    await call(f, 'GET', v.children.vm[0].href);
    await call(f, 'GET', '/api/query?type=vApp&format=records');
  }

  test('a flow recorded in front of one instance replays against a fresh one with no differences', async () => {
    const rec = await record({ target: target.url, out: file });
    await clientFlow(rec.url);
    await rec.stop();
    written.push(file);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'recording', base: rec.url });
    expect(lines.length).toBeGreaterThan(8);
    expect(lines.some((l) => l.task?.operation === 'vdcInstantiateVapp' && l.task.status === 'success' && l.task.observedMs >= 0)).toBe(true);
    expect(lines.slice(1).find((l) => l.path.startsWith('/cloudapi/1.0.0/sessions')).requestHeaders.authorization).toBe('<redacted>');

    const fresh = await start();
    const report = await replay(file, { against: fresh.url, user: 'acme-admin', org: 'acme', password: PASSWORD });
    if (report.matched !== report.requests) throw new Error(formatReplay(report));
    expect(report.requests).toBe(lines.length - 1);
  });

  test('a fault rule on the fresh instance shows up as the request and field that differ', async () => {
    const fresh = await start();
    const rule = await fetch(`${fresh.url}/_vcdsim/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { operation: 'vdcInstantiateVapp' }, action: { type: 'task-failure', message: 'The datastore is not accessible.' } }),
    });
    expect(rule.status).toBe(201);
    const report = await replay(file, { against: fresh.url, user: 'acme-admin', org: 'acme', password: PASSWORD });
    const text = formatReplay(report);
    const differing = report.results.filter((r) => r.status !== r.expectedStatus || r.differences.length);
    // The instantiation answers 201 as recorded, but its task already carries the fault's message…
    expect(differing[0].method).toBe('POST');
    expect(differing[0].path).toMatch(/\/action\/instantiateVAppTemplate$/);
    expect(differing[0].differences).toContainEqual({ field: 'tasks.task[0].details', expected: '', got: 'The datastore is not accessible.' });
    // …the poll that saw it succeed now sees it fail, and what depended on the vApp is gone.
    const poll = differing[1];
    expect(poll.method).toBe('GET');
    expect(poll.path).toMatch(/^\/api\/task\//);
    expect(poll.differences).toContainEqual({ field: 'status', expected: 'success', got: 'error' });
    expect(differing[2]).toMatchObject({ method: 'GET', expectedStatus: 200, status: 403 });
    expect(text).toContain(`#${poll.seq} GET ${poll.path}: status 200`);
    expect(text).toContain('status: expected "success", got "error"');
  });
});

describe('secrets', () => test('no password or token reaches a capture, a recording or the logs', async () => {
  expect(tokens.length).toBeGreaterThan(2);
  const basic = Buffer.from(`acme-admin@acme:${PASSWORD}`).toString('base64');
  const requestLog = await (await fetch(`${target.url}/_vcdsim/log/requests`)).text();
  const logs = target.stderr.join('\n');
  expect(logs).toContain('instantiateVAppTemplate');
  const texts = [...written.map((f) => readFileSync(f, 'utf8')), logs, requestLog];
  for (const text of texts) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(PSK);
    expect(text).not.toContain(basic);
    for (const t of tokens) expect(text).not.toContain(t);
  }
}));
