/**
 * Tenant isolation, generated from the routes the app registers: every route that takes an id is called by
 * a user of another org with that org's ids, and must answer 403 without revealing names or changing state.
 */
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask } from '../support/vcd.js';
import { routesOf } from '../support/routes.js';
import type { Simulator } from '../../src/sim.js';
import { urn } from '../../src/resources/links.js';
import { loadSpec } from '../../src/contract/spec.js';
import { findOperation, operationsOf } from '../../src/contract/operations.js';

let sim: Simulator;
let globexSecrets: string[];
let ids: Record<string, string>;

beforeAll(async () => {
  sim = await newSim();
  // Globex owns a vApp with a VM and a finished task.
  const g = client(sim, await login(sim, 'globex-admin', 'globex'));
  const { vdc, template } = await findInventory(g, 'globex-vdc', 'debian-12');
  const vapp = xml((await instantiate(g, vdc, instantiateBody({ name: 'globex-secret-app', template }))).text).doc;
  await waitTask(sim, g, vapp.Tasks.Task[0].href);
  const { store } = sim;
  const org = [...store.all('org')].find((o) => o.name === 'globex')!;
  const theVdc = store.where('vdc', 'orgId', org.id)[0];
  const theVapp = store.where('vApp', 'orgId', org.id)[0];
  const theVm = store.where('vm', 'vappId', theVapp.id)[0];
  const catalog = store.where('catalog', 'orgId', org.id)[0];
  const item = store.where('catalogItem', 'catalogId', catalog.id)[0];
  const template2 = store.get('vAppTemplate', item.templateId)!;
  const net = store.where('network', 'orgId', org.id)[0];
  const user = store.where('user', 'orgId', org.id)[0];
  const profile = store.where('storageProfile', 'vdcId', theVdc.id)[0];
  const task = store.where('task', 'orgId', org.id)[0];
  const session = store.where('session', 'userId', user.id)[0];
  // …and an independent disk.
  const disk = (await g.post(`/api/vdc/${theVdc.id}/disk`).set('Content-Type', 'application/vnd.vmware.vcloud.diskCreateParams+xml')
    .send('<DiskCreateParams xmlns="http://www.vmware.com/vcloud/v1.5"><Disk name="globex-secret-disk" sizeMb="64"/></DiskCreateParams>')).text;
  await waitTask(sim, g, xml(disk).doc.Tasks.Task[0].href);
  // …and edge gateway services.
  const gw = store.where('edgeGateway', 'orgId', org.id)[0];
  store.insert('firewallGroup', { id: store.newId(), orgId: org.id, edgeGatewayId: gw.id, name: 'globex-secret-ipset', description: '', type: 'IP_SET', ipAddresses: ['192.0.2.1'], memberIds: [] });
  store.insert('appPortProfile', { id: store.newId(), orgId: org.id, scope: 'TENANT', name: 'globex-secret-ports', description: '', contextEntityId: urn('vdc', theVdc.id), ports: [{ protocol: 'TCP', destinationPorts: ['1'] }] });
  ids = {
    org: org.id, vdc: theVdc.id, vApp: theVapp.id, vm: theVm.id, catalog: catalog.id, catalogItem: item.id,
    vAppTemplate: template2.id, templateVm: template2.vms[0].id, network: net.id, user: user.id, storageProfile: profile.id,
    task: task.id, session: session.id, media: store.where('media', 'vdcId', theVdc.id)[0].id,
    disk: store.where('disk', 'orgId', org.id)[0].id,
    edgeGateway: store.where('edgeGateway', 'orgId', org.id)[0].id,
    appPortProfile: store.where('appPortProfile', 'orgId', org.id)[0].id,
    firewallGroup: store.where('firewallGroup', 'orgId', org.id)[0].id,
  };
  // …and a compute policy only globex's VDC has.
  ids.computePolicy = store.insert('computePolicy', { id: store.newId(), name: 'globex-secret-policy', description: '', cpuCount: 2 }).id;
  store.update('vdc', theVdc.id, { computePolicyIds: [ids.computePolicy] });
  globexSecrets = ['globex-secret-policy', 'globex', 'Globex', theVapp.name, theVm.name, 'globex-secret-disk', catalog.name, template2.name, net.name, user.name, theVdc.name, 'globex-edge', '203.0.113.20', 'globex-secret-ports', 'globex-secret-ipset'];
  // …and a group.
  ids.group = store.insert('group', { id: store.newId(), orgId: org.id, name: 'globex-secret-group', description: '', providerType: 'SAML', roleId: user.roleId, memberIds: [user.id] }).id;
  globexSecrets.push('globex-secret-group');
  // …and a VDC group of globex's VDC.
  ids.vdcGroup = store.insert('vdcGroup', { id: store.newId(), orgId: org.id, name: 'globex-secret-vdcgroup', description: '', vdcIds: [theVdc.id], networkPoolId: theVdc.networkPoolId!, dfwEnabled: false, created: '' }).id;
  globexSecrets.push('globex-secret-vdcgroup');
  // …with its distributed firewall on and a rule.
  store.update('vdcGroup', ids.vdcGroup, { dfwEnabled: true, defaultPolicy: { id: store.newId(), name: 'Default_VdcGroup_globex-secret-vdcgroup', enabled: true, version: 1 } });
  store.insert('dfwRule', {
    id: store.newId(), orgId: org.id, vdcGroupId: ids.vdcGroup, position: 0, name: 'globex-secret-dfw-rule', description: '', comments: '', action: 'ALLOW',
    enabled: true, sourceGroupIds: [], destinationGroupIds: [], sourceGroupsExcluded: false, destinationGroupsExcluded: false, appPortProfileIds: [],
    ipProtocol: 'IPV4_IPV6', logging: false, direction: 'IN_OUT', version: 0,
  });
  globexSecrets.push('globex-secret-dfw-rule');
  // …and a dynamic firewall group the VDC group owns.
  store.insert('firewallGroup', {
    id: store.newId(), orgId: org.id, vdcGroupId: ids.vdcGroup, name: 'globex-secret-dyngroup', description: '', type: 'VM_CRITERIA', ipAddresses: [], memberIds: [],
    vmCriteria: [{ rules: [{ attributeType: 'VM_NAME', attributeValue: 'globex', operator: 'CONTAINS' }] }],
  });
  globexSecrets.push('globex-secret-dyngroup');
});

/** Which of globex's ids a route's parameter stands for, decided by the path segment it sits in. */
const ID_RULES: [RegExp, () => string][] = [
  [/\/vAppTemplate\/vappTemplate-:id/, () => ids.vAppTemplate],
  [/\/vAppTemplate\/vm-:id/, () => ids.templateVm],
  [/\/vApp\/vapp-:id/, () => ids.vApp],
  [/\/vApp\/vm-:id/, () => ids.vm],
  [/\/(org|tasksList)\/:(id|orgId)/, () => ids.org],
  [/\/vdc\/:id/, () => ids.vdc],
  [/\/catalog\/:id/, () => ids.catalog],
  [/\/catalogItem\/:id/, () => ids.catalogItem],
  [/\/network\/:id/, () => ids.network],
  [/\/vdcStorageProfile\/:id/, () => ids.storageProfile],
  [/\/media\/:id/, () => ids.media],
  [/\/user\/:id/, () => ids.user],
  [/\/task\/:id/, () => ids.task],
  [/\/disk\/:id/, () => ids.disk],
  [/\/entity\/:urn/, () => urn('vdc', ids.vdc)],
  [/\/sessions\/:id/, () => urn('session', ids.session)],
  [/\/cloudapi\/1\.0\.0\/orgs\/:urn/, () => urn('org', ids.org)],
  [/\/cloudapi\/1\.0\.0\/vdcs\/:urn/, () => urn('vdc', ids.vdc)],
  [/\/cloudapi\/1\.0\.0\/orgVdcNetworks\/:urn/, () => urn('network', ids.network)],
  [/\/cloudapi\/1\.0\.0\/users\/:urn/, () => urn('user', ids.user)],
  [/\/(edgeGateway|edgeGateways)\/:(id|urn)/, () => urn('edgeGateway', ids.edgeGateway)],
  [/\/cloudapi\/1\.0\.0\/applicationPortProfiles\/:urn/, () => urn('appPortProfile', ids.appPortProfile)],
  [/\/cloudapi\/1\.0\.0\/firewallGroups\/:urn/, () => urn('firewallGroup', ids.firewallGroup)],
  // The provider side: System administrators only, whoever asks.
  [/\/(vimServer|virtualCenters)\/:(id|urn)/, () => provider('vCenter')],
  [/\/providervdc\/:id/, () => provider('providerVdc')],
  [/\/pvdcStorageProfile\/:id/, () => provider('pvdcStorageProfile')],
  [/\/networkPools?\/:(id|urn)/, () => provider('networkPool')],
  [/\/(externalnet|externalNetworks)\/:(id|urn)/, () => provider('externalNetwork')],
  [/\/nsxtManagers\/:id/, () => provider('nsxtManager')],
  // The provider's own: a tenant is refused whatever the id.
  [/\/cloudapi\/1\.0\.0\/(globalRoles|rightsBundles)\/:urn/, () => `urn:vcloud:globalRole:${ids.org}`],
  [/\/cloudapi\/[12]\.0\.0\/vdcComputePolicies\/:urn/, () => urn('computePolicy', ids.computePolicy)],
  [/\/cloudapi\/1\.0\.0\/logicalVmGroups\/:urn/, () => urn('logicalVmGroup', sim.store.all('logicalVmGroup').next().value?.id
    ?? sim.store.insert('logicalVmGroup', { id: sim.store.newId(), name: 'provider-lvg', description: '', providerVdcId: provider('providerVdc'), vmGroupIds: [] }).id)],
  [/\/cloudapi\/2\.0\.0\/vdcs\/:urn/, () => urn('vdc', ids.vdc)],
  [/\/admin\/group\/:id/, () => ids.group],
  [/\/cloudapi\/1\.0\.0\/vdcGroups\/:urn/, () => urn('vdcGroup', ids.vdcGroup)],
];

const provider = (kind: 'vCenter' | 'providerVdc' | 'pvdcStorageProfile' | 'networkPool' | 'externalNetwork' | 'nsxtManager') =>
  sim.store.all(kind).next().value!.id;

function fill(path: string): string | undefined {
  const rule = ID_RULES.find(([re]) => re.test(path));
  if (!rule) return undefined;
  const section = path.includes('/vm-') ? 'networkConnectionSection' : 'networkConfigSection';
  return path.replace(/:(id|orgId|urn)\b/, rule[1]()).replace(':section', section).replace(':action', 'powerOn').replace(':name', 'vmx-19')
    .replace(':policy', 'default').replace(':domain', 'GENERAL').replace(':key', 'some-key').replace(':ruleId', '00000000-0000-4000-8000-000000000000')
    .replace(':routeId', '00000000-0000-4000-8000-000000000000')
    .replace(':bindingId', '00000000-0000-4000-8000-000000000000').replace(':tunnelId', '00000000-0000-4000-8000-000000000000');
}

const OPERATIONS = operationsOf(loadSpec());

/** An XML type the operation takes, so that request validation (415 otherwise) lets the request reach the access check. */
function bodyType(method: string, path: string): string {
  const body = findOperation(OPERATIONS, method, path)?.op.requestBody as { content?: Record<string, unknown> } | undefined;
  return Object.keys(body?.content ?? {}).find((t) => t.endsWith('+xml')) ?? 'application/*+xml';
}

/** Routes a tenant reaches with ids (roles are global; logins take no ids). */
const ID_ROUTE = /:(id|orgId|urn)\b/;
const GLOBAL = [/\/api\/admin\/role\/:id/, /\/api\/admin\/right\/:id/, /\/cloudapi\/1\.0\.0\/(roles|rights|rightsCategories)\/:urn/];

it('every route that takes an id answers 403 to another tenant, reveals nothing and changes nothing', async () => {
  const routes = routesOf(sim.express).filter((r) => /^\/(api|cloudapi)\//.test(r.path) && ID_ROUTE.test(r.path) && !GLOBAL.some((g) => g.test(r.path)));
  expect(routes.length).toBeGreaterThan(40);
  const state = () => JSON.stringify(['vApp', 'vm', 'network', 'org', 'vdc', 'catalog', 'catalogItem', 'vAppTemplate', 'dfwRule'].map((k) => sim.store.snapshot()[k as 'vm']));
  const before = state();
  for (const user of ['alice', 'acme-admin']) {
    const c = client(sim, await login(sim, user, 'acme'));
    for (const r of routes) {
      const path = fill(r.path);
      if (!path) throw new Error(`the isolation matrix does not know the ids of route ${r.method} ${r.path}: teach ID_RULES about it`);
      const method = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
      const req = c[method](path);
      const cloudApi = path.startsWith('/cloudapi/');
      const res = await (method === 'post' || method === 'put'
        ? (cloudApi ? req.set('Content-Type', 'application/json').send({ name: 'x', values: [] }) : req.set('Content-Type', bodyType(method, path)).send('<X/>'))
        : req);
      const where = `${user} ${r.method} ${path}`;
      expect([where, res.status]).toEqual([where, 403]);
      for (const secret of globexSecrets) expect([where, secret, res.text.includes(secret)]).toEqual([where, secret, false]);
    }
  }
  sim.clock.advance(3_600_000);
  expect(state()).toBe(before);
}, 90_000);

it('no query, list or task list shows another tenant anything', async () => {
  const c = client(sim, await login(sim, 'acme-admin', 'acme'));
  const list = xml((await c.get('/api/query')).text).doc;
  const hrefs: string[] = list.Link.map((l: { href: string }) => `${l.href}&pageSize=128`);
  const json = client(sim, await login(sim, 'acme-admin', 'acme'), 'application/json;version=37.0');
  expect(hrefs.length).toBeGreaterThan(40);
  for (const href of hrefs) {
    const res = await c.get(href);
    expect([href, res.status === 200 || res.status === 403]).toEqual([href, true]);
    for (const secret of globexSecrets) expect([href, secret, res.text.includes(secret)]).toEqual([href, secret, false]);
  }
  for (const path of ['orgs', 'vdcs', 'orgVdcNetworks', 'users', 'sessions/current', 'edgeGateways', 'applicationPortProfiles', 'firewallGroups/summaries']) {
    const res = await json.get(`/cloudapi/1.0.0/${path}?pageSize=128`);
    expect([path, res.status]).toEqual([path, 200]);
    for (const secret of globexSecrets) expect([path, secret, res.text.includes(secret)]).toEqual([path, secret, false]);
  }
  const tasks = await c.get(`/api/tasksList/${[...sim.store.all('org')].find((o) => o.name === 'acme')!.id}`);
  for (const secret of globexSecrets) expect(tasks.text.includes(secret)).toBe(false);
});

it('tenants list the compute policies of their own VDCs only', async () => {
  const json = client(sim, await login(sim, 'alice', 'acme'), 'application/json;version=37.0');
  for (const path of ['/cloudapi/2.0.0/vdcComputePolicies', '/cloudapi/1.0.0/vdcComputePolicies']) {
    const res = await json.get(`${path}?pageSize=128`);
    expect([path, res.status]).toEqual([path, 200]);
    expect(res.body.values.map((p: { name: string }) => p.name).sort()).toEqual(['System Default', 'gold-hosts', 'large', 'medium', 'small']);
    expect(res.text).not.toContain('globex-secret-policy');
  }
});

it('inside an org, a vApp not shared with a member answers 403 on every route; a ReadOnly share opens the reads only', async () => {
  // alice's vApp; bob (vApp User) is a member of the same org.
  const alice = client(sim, await login(sim, 'alice', 'acme'));
  const bob = client(sim, await login(sim, 'bob', 'acme'));
  const { vdc, template } = await findInventory(alice, 'acme-vdc', 'ubuntu-22.04');
  const vapp = xml((await instantiate(alice, vdc, instantiateBody({ name: 'alice-private-app', template }))).text).doc;
  await waitTask(sim, alice, vapp.Tasks.Task[0].href);
  const vappId = vapp.id.split(':').pop();
  const vmId = sim.store.where('vm', 'vappId', vappId)[0].id;
  const routes = routesOf(sim.express).filter((r) => /^\/api\/vApp\/(vapp|vm)-:id/.test(r.path));
  expect(routes.length).toBeGreaterThan(30);
  const call = (c: typeof bob, r: { method: string; path: string }) => {
    const path = r.path.replace(':id', r.path.includes('/vm-') ? vmId : vappId).replace(':section', 'networkConfigSection')
      .replace(':action', 'powerOn').replace(':domain', 'GENERAL').replace(':key', 'some-key');
    const method = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    const req = c[method](path);
    return method === 'post' || method === 'put' ? req.set('Content-Type', bodyType(method, path)).send('<X/>') : req;
  };
  const state = () => JSON.stringify([sim.store.get('vApp', vappId), sim.store.get('vm', vmId)]);
  const before = state();
  for (const r of routes) {
    const res = await call(bob, r);
    expect([`${r.method} ${r.path}`, res.status]).toEqual([`${r.method} ${r.path}`, 403]);
    expect(res.text.includes('alice-private-app')).toBe(false);
  }
  expect(state()).toBe(before);
  // Shared read-only: reads open up, every change is still refused.
  const share = await alice.post(`${vapp.href}/action/controlAccess`).set('Content-Type', 'application/vnd.vmware.vcloud.controlAccess+xml')
    .send('<ControlAccessParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>ReadOnly</EveryoneAccessLevel></ControlAccessParams>');
  expect(share.status).toBe(200);
  const shared = state();
  for (const r of routes) {
    const res = await call(bob, r);
    const where = `${r.method} ${r.path}`;
    if (r.method === 'GET') expect([where, res.status === 403 && /No access/.test(res.text)]).toEqual([where, false]);
    else expect([where, res.status]).toEqual([where, 403]);
  }
  sim.clock.advance(3_600_000);
  expect(state()).toBe(shared);
});

it('the transfer service answers 403 to another tenant: downloads and uploads of its templates alike', async () => {
  const g = client(sim, await login(sim, 'globex-admin', 'globex'));
  const t = sim.store.get('vAppTemplate', ids.vAppTemplate)!;
  const enabled = await g.post(`/api/vAppTemplate/vappTemplate-${t.id}/action/enableDownload`);
  await waitTask(sim, g, xml(enabled.text).doc.href);
  expect((await g.get(`/transfer/${t.id}/descriptor.ovf`)).status).toBe(200);
  const vm = t.vms[0];
  for (const user of ['alice', 'acme-admin']) {
    const c = client(sim, await login(sim, user, 'acme'));
    for (const file of ['descriptor.ovf', `${vm.localId || vm.name}-disk1.vmdk`, 'nosuch.vmdk']) {
      for (const res of [await c.get(`/transfer/${t.id}/${file}`), await c.put(`/transfer/${t.id}/${file}`).set('Content-Range', 'bytes 0-0/1').send(Buffer.alloc(1))]) {
        expect([user, file, res.status]).toEqual([user, file, 403]);
        for (const secret of globexSecrets) expect([user, file, secret, res.text.includes(secret)]).toEqual([user, file, secret, false]);
      }
    }
  }
  await g.post(`/api/vAppTemplate/vappTemplate-${t.id}/action/disableDownload`);
});

it('inside an org, a VDC not shared with a member answers 403 on every VDC route and is in no list of theirs', async () => {
  const bob = client(sim, await login(sim, 'bob', 'acme'));
  const vdc = [...sim.store.all('vdc')].find((v) => v.name === 'acme-dev')!;
  sim.store.update('vdc', vdc.id, { acl: { subjects: [] } });
  try {
    const routes = routesOf(sim.express).filter((r) => /^\/(api\/vdc\/:id|api\/admin\/vdc\/:id|cloudapi\/[12]\.0\.0\/vdcs\/:urn)/.test(r.path));
    expect(routes.length).toBeGreaterThan(10);
    for (const r of routes) {
      const path = r.path.replace(/:(id|urn)\b/, r.path.startsWith('/cloudapi/') ? urn('vdc', vdc.id) : vdc.id).replace(':name', 'vmx-19')
        .replace(':domain', 'GENERAL').replace(':key', 'some-key');
      const method = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
      const req = bob[method](path);
      const res = await (method === 'post' || method === 'put'
        ? (path.startsWith('/cloudapi/') ? req.set('Content-Type', 'application/json').send({ name: 'x' }) : req.set('Content-Type', bodyType(method, path)).send('<X/>'))
        : req);
      expect([`${r.method} ${path}`, res.status]).toEqual([`${r.method} ${path}`, 403]);
      expect(res.text.includes('acme-dev')).toBe(false);
    }
    const json = client(sim, await login(sim, 'bob', 'acme'), 'application/json;version=37.0');
    for (const href of ['/api/query?type=orgVdc&format=records', '/api/query?type=orgVdc&format=references', '/api/org/' + vdc.orgId]) {
      // The VDC by name (its networks, acme-dev-net, are another matter).
      expect([href, (await bob.get(href)).text.includes('"acme-dev"')]).toEqual([href, false]);
    }
    expect((await json.get('/cloudapi/1.0.0/vdcs')).text.includes('"acme-dev"')).toBe(false);
  } finally {
    sim.store.update('vdc', vdc.id, { acl: undefined });
  }
});

it('the transfer service answers 403 to another tenant for its media too: enableDownload and the file, whole or a range', async () => {
  const g = client(sim, await login(sim, 'globex-admin', 'globex'));
  const m = sim.store.get('media', ids.media)!;
  const enabled = await g.post(`/api/media/${m.id}/action/enableDownload`);
  expect(enabled.status).toBe(202);
  await waitTask(sim, g, xml(enabled.text).doc.href);
  // (The inventory's media is large: a range of it.)
  expect((await g.get(`/transfer/${m.id}/file`).set('Range', 'bytes=0-99')).status).toBe(206);
  for (const user of ['alice', 'acme-admin']) {
    const c = client(sim, await login(sim, user, 'acme'));
    const answers = [await c.post(`/api/media/${m.id}/action/enableDownload`), await c.get(`/transfer/${m.id}/file`), await c.get(`/transfer/${m.id}/file`).set('Range', 'bytes=0-0'),
      await c.put(`/transfer/${m.id}/file`).set('Content-Range', 'bytes 0-0/1').send(Buffer.alloc(1))];
    for (const res of answers) {
      expect([user, res.status]).toEqual([user, 403]);
      for (const secret of globexSecrets) expect([user, secret, res.text.includes(secret)]).toEqual([user, secret, false]);
    }
  }
});
