/** Org, user and role administration as the SDKs drive it: legacy XML and CloudAPI, rights and failure paths. */
import request from 'supertest';
import { newSim, login, client, xml, findLink } from '../support/sim.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';
import type { Client } from '../support/vcd.js';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const adminOrgBody = (name: string, enabled = true, extra = '') =>
  `<AdminOrg ${NS} name="${name}"><Description>made in a test</Description><FullName>Full ${name}</FullName><IsEnabled>${enabled}</IsEnabled><Settings>${extra}</Settings></AdminOrg>`;

let sim: Simulator;
let sys: Client;
let acmeAdmin: Client;
let alice: Client;

beforeEach(async () => {
  sim = await newSim();
  sys = client(sim, await login(sim, 'administrator', 'System'));
  acmeAdmin = client(sim, await login(sim, 'acme-admin', 'acme'));
  alice = client(sim, await login(sim, 'alice', 'acme'));
});

async function orgHref(c: Client, name: string): Promise<string> {
  const list = xml((await c.get('/api/org')).text).doc;
  const org = (list.Org as any[]).find((o) => o.name === name);
  return org.href.replace('/api/org/', '/api/admin/org/');
}

const createOrg = (c: Client, body: string) => c.post('/api/admin/orgs').set('Content-Type', MT.adminOrg).send(body);

describe('orgs', () => {
  it('System administrators create an org through the add link of /api/admin; 201 with the AdminOrg', async () => {
    const root = xml((await sys.get('/api/admin')).text).doc;
    const add = findLink(root, 'add', MT.adminOrg);
    const res = await sys.post(add.href).set('Content-Type', MT.adminOrg).send(adminOrgBody('neworg', true,
      '<OrgGeneralSettings><CanPublishCatalogs>true</CanPublishCatalogs><DeployedVMQuota>5</DeployedVMQuota><DelayAfterPowerOnSeconds>7</DelayAfterPowerOnSeconds></OrgGeneralSettings><VAppLeaseSettings><DeploymentLeaseSeconds>3600</DeploymentLeaseSeconds></VAppLeaseSettings>'));
    expect(res.status).toBe(201);
    const org = xml(res.text).doc;
    expect(res.headers.location).toBe(org.href);
    expect(org).toMatchObject({ name: 'neworg', FullName: 'Full neworg', IsEnabled: 'true' });
    expect(org.Settings.OrgGeneralSettings).toMatchObject({ CanPublishCatalogs: 'true', DeployedVMQuota: '5', DelayAfterPowerOnSeconds: '7' });
    expect(org.Settings.VAppLeaseSettings.DeploymentLeaseSeconds).toBe('3600');
    // Its roles: the global ones, without the provider's own.
    const roles = org.RoleReferences.RoleReference.map((r: any) => r.name);
    expect(roles).toContain('vApp Author');
    expect(roles).not.toContain('System Administrator');
    // The org list, the query service and the CloudAPI know it.
    expect((await sys.get('/api/query?type=organization&format=records&filter=name==neworg')).text).toContain('name="neworg"');
    const cloud = await sys.get('/cloudapi/1.0.0/orgs?filter=name==neworg').set('Accept', 'application/json;version=37.0');
    expect(cloud.body.values[0]).toMatchObject({ name: 'neworg', displayName: 'Full neworg', isEnabled: true });
  });

  it('duplicate names (any case) are DUPLICATE_NAME, bad names 400, tenants 403, and nothing is created', async () => {
    const dup = await createOrg(sys, adminOrgBody('ACME'));
    expect(dup.status).toBe(400);
    expect(xml(dup.text).doc.minorErrorCode).toBe('DUPLICATE_NAME');
    expect((await createOrg(sys, adminOrgBody('with space'))).status).toBe(400);
    expect((await createOrg(sys, `<AdminOrg ${NS} name="nofull"><Settings/></AdminOrg>`)).status).toBe(400);
    expect((await createOrg(acmeAdmin, adminOrgBody('by-tenant'))).status).toBe(403);
    expect(findLink.bind(null, xml((await acmeAdmin.get('/api/admin')).text).doc, 'add', MT.adminOrg)).toThrow();
    const names = [...sim.world.store.all('org')].map((o) => o.name);
    expect(names.sort()).toEqual(['System', 'acme', 'globex']);
  });

  it('PUT updates names and settings; tenants edit their own org but not rename or disable it', async () => {
    const href = await orgHref(sys, 'acme');
    const doc = (await sys.get(href)).text;
    const updated = doc.replace('<FullName>Acme Corporation</FullName>', '<FullName>Acme Corp</FullName>')
      .replace(/<DelayAfterPowerOnSeconds>\d+<\/DelayAfterPowerOnSeconds>/, '<DelayAfterPowerOnSeconds>30</DelayAfterPowerOnSeconds>');
    const res = await acmeAdmin.put(href).set('Content-Type', MT.adminOrg).send(updated);
    expect(res.status).toBe(200);
    expect(xml(res.text).doc).toMatchObject({ FullName: 'Acme Corp' });
    expect(xml(res.text).doc.Settings.OrgGeneralSettings.DelayAfterPowerOnSeconds).toBe('30');
    expect((await acmeAdmin.put(href).set('Content-Type', MT.adminOrg).send(adminOrgBody('acme2'))).status).toBe(403);
    expect((await acmeAdmin.put(href).set('Content-Type', MT.adminOrg).send(adminOrgBody('acme', false))).status).toBe(403);
    expect((await alice.put(href).set('Content-Type', MT.adminOrg).send(updated)).status).toBe(403);
    const dup = await sys.put(href).set('Content-Type', MT.adminOrg).send(adminOrgBody('globex'));
    expect(xml(dup.text).doc.minorErrorCode).toBe('DUPLICATE_NAME');
  });

  it('settings parts: GET and PUT general, leases and password policy; a locked-out user needs unlocking', async () => {
    const href = await orgHref(sys, 'acme');
    const general = await acmeAdmin.get(`${href}/settings/general`);
    expect(general.status).toBe(200);
    expect(xml(general.text).root).toBe('OrgGeneralSettings');
    const put = (part: string, type: string, body: string) => acmeAdmin.put(`${href}/settings/${part}`).set('Content-Type', type).send(body);
    expect((await put('vAppLeaseSettings', MT.vAppLeaseSettings, `<VAppLeaseSettings ${NS}><DeploymentLeaseSeconds>7200</DeploymentLeaseSeconds></VAppLeaseSettings>`)).status).toBe(200);
    expect(xml((await sys.get(href)).text).doc.Settings.VAppLeaseSettings.DeploymentLeaseSeconds).toBe('7200');
    expect((await put('vAppTemplateLeaseSettings', MT.vAppTemplateLeaseSettings, `<VAppTemplateLeaseSettings ${NS}><StorageLeaseSeconds>-1</StorageLeaseSeconds></VAppTemplateLeaseSettings>`)).status).toBe(400);
    expect((await acmeAdmin.get(`${href}/settings/nosuch`)).status).toBe(404);
    const policy = await put('passwordPolicy', MT.orgPasswordPolicySettings,
      `<OrgPasswordPolicySettings ${NS}><AccountLockoutEnabled>true</AccountLockoutEnabled><InvalidLoginsBeforeLockout>2</InvalidLoginsBeforeLockout><AccountLockoutIntervalMinutes>10</AccountLockoutIntervalMinutes></OrgPasswordPolicySettings>`);
    expect(policy.status).toBe(200);
    await expect(login(sim, 'bob', 'acme', 'wrong')).rejects.toThrow(/401/);
    await expect(login(sim, 'bob', 'acme', 'wrong')).rejects.toThrow(/401/);
    await expect(login(sim, 'bob', 'acme')).rejects.toThrow(/401/);
    const bob = [...sim.world.store.all('user')].find((u) => u.name === 'bob')!;
    const bobDoc = xml((await acmeAdmin.get(`/api/admin/user/${bob.id}`)).text).doc;
    expect(bobDoc.IsLocked).toBe('true');
    expect((await acmeAdmin.post(findLink(bobDoc, 'unlock').href)).status).toBe(204);
    await expect(login(sim, 'bob', 'acme')).resolves.toBeTruthy();
    expect((await alice.put(`${href}/settings/general`).set('Content-Type', MT.orgGeneralSettings).send(`<OrgGeneralSettings ${NS}/>`)).status).toBe(403);
  });

  it('disable and enable: a disabled org\'s users cannot log in, and their sessions end', async () => {
    const href = await orgHref(sys, 'acme');
    expect((await acmeAdmin.post(`${href}/action/disable`)).status).toBe(403);
    expect((await sys.post(`${href}/action/disable`)).status).toBe(204);
    await expect(login(sim, 'alice', 'acme')).rejects.toThrow(/401/);
    expect((await alice.get('/api/org')).status).toBe(401);
    const doc = xml((await sys.get(href)).text).doc;
    expect(doc.IsEnabled).toBe('false');
    expect(findLink(doc, 'enable').href).toBe(`${href}/action/enable`);
    expect((await sys.post(`${href}/action/enable`)).status).toBe(204);
    await expect(login(sim, 'alice', 'acme')).resolves.toBeTruthy();
    const system = await orgHref(sys, 'System');
    expect((await sys.post(`${system}/action/disable`)).status).toBe(400);
  });

  it('delete: enabled or not empty is refused; disabled and empty deletes with a task; force+recursive takes the contents', async () => {
    const created = xml((await createOrg(sys, adminOrgBody('gone'))).text).doc;
    const enabled = await sys.delete(created.href);
    expect(enabled.status).toBe(400);
    expect((await sys.post(`${created.href}/action/disable`)).status).toBe(204);
    const res = await sys.delete(created.href);
    expect(res.status).toBe(202);
    const task = xml(res.text).doc;
    sim.world.clock.advance(60_000);
    expect(xml((await sys.get(task.href)).text).doc.status).toBe('success');
    expect((await sys.get(created.href)).status).toBe(403);

    const acme = await orgHref(sys, 'acme');
    await sys.post(`${acme}/action/disable`);
    const full = await sys.delete(acme);
    expect(full.status).toBe(400);
    expect(xml(full.text).doc.message).toMatch(/VDCs/);
    const recursive = await sys.delete(`${acme}?force=true&recursive=true`);
    expect(recursive.status).toBe(202);
    sim.world.clock.advance(60_000);
    await sys.get(xml(recursive.text).doc.href);
    const { store } = sim.world;
    expect([...store.all('org')].map((o) => o.name).sort()).toEqual(['System', 'globex']);
    expect([...store.all('vdc')].every((v) => store.get('org', v.orgId))).toBe(true);
    expect([...store.all('user')].every((u) => store.get('org', u.orgId))).toBe(true);
    expect([...store.all('vAppTemplate')].every((t) => store.get('org', t.orgId))).toBe(true);
  });
});

describe('users', () => {
  const userBody = (name: string, roleHref: string, password = 'secret-pw', extra = '') =>
    `<User ${NS} name="${name}"><FullName>User ${name}</FullName><EmailAddress>${name}@example.com</EmailAddress><IsEnabled>true</IsEnabled>${extra}<Role href="${roleHref}"/><Password>${password}</Password></User>`;
  const roleHref = async (c: Client, orgHrefValue: string, name: string) =>
    xml((await c.get(orgHrefValue)).text).doc.RoleReferences.RoleReference.find((r: any) => r.name === name)?.href;

  it('create (201) through the AdminOrg add link, log in, update, delete', async () => {
    const href = await orgHref(acmeAdmin, 'acme');
    const org = xml((await acmeAdmin.get(href)).text).doc;
    const add = findLink(org, 'add', MT.user);
    const res = await acmeAdmin.post(add.href).set('Content-Type', MT.user).send(userBody('erin', await roleHref(acmeAdmin, href, 'vApp User')));
    expect(res.status).toBe(201);
    const user = xml(res.text).doc;
    expect(user).toMatchObject({ name: 'erin', FullName: 'User erin', IsEnabled: 'true' });
    expect(user.Role.name).toBe('vApp User');
    const erin = client(sim, await login(sim, 'erin', 'acme', 'secret-pw'));
    expect((await erin.get('/api/org')).status).toBe(200);
    // Shows in the AdminOrg and the queries.
    expect(xml((await acmeAdmin.get(href)).text).doc.Users.UserReference.map((u: any) => u.name)).toContain('erin');
    expect((await acmeAdmin.get('/api/query?type=user&format=records&filter=name==erin')).text).toContain('name="erin"');
    // Update: role and password; disabling ends the user's sessions.
    const put = await acmeAdmin.put(user.href).set('Content-Type', MT.user)
      .send(`<User ${NS} name="erin"><IsEnabled>false</IsEnabled><Role href="${await roleHref(acmeAdmin, href, 'vApp Author')}"/></User>`);
    expect(put.status).toBe(200);
    expect(xml(put.text).doc).toMatchObject({ IsEnabled: 'false', Role: { name: 'vApp Author' } });
    expect((await erin.get('/api/org')).status).toBe(401);
    expect((await acmeAdmin.delete(user.href)).status).toBe(204);
    expect((await acmeAdmin.get(user.href)).status).toBe(403);
  });

  it('refuses duplicates, unknown or foreign roles, short passwords, and callers without the right; nothing half-created', async () => {
    const href = await orgHref(acmeAdmin, 'acme');
    const author = await roleHref(acmeAdmin, href, 'vApp Author');
    const post = (c: Client, body: string) => c.post(`${href}/users`).set('Content-Type', MT.user).send(body);
    const before = sim.world.store.count('user');
    const dup = await post(acmeAdmin, userBody('ALICE', author));
    expect(dup.status).toBe(400);
    expect(xml(dup.text).doc.minorErrorCode).toBe('DUPLICATE_NAME');
    const sysRole = [...sim.world.store.all('role')].find((r) => r.name === 'System Administrator')!;
    expect((await post(acmeAdmin, userBody('mallory', `http://vcd.test/api/admin/role/${sysRole.id}`))).status).toBe(400);
    expect((await post(acmeAdmin, userBody('mallory', 'http://vcd.test/api/admin/role/00000000-0000-0000-0000-000000000000'))).status).toBe(400);
    expect((await post(acmeAdmin, userBody('mallory', author, 'short'))).status).toBe(400);
    expect((await post(alice, userBody('mallory', author))).status).toBe(403);
    expect(sim.world.store.count('user')).toBe(before);
  });

  it('you cannot delete or disable yourself; a user who owns a catalog cannot be deleted', async () => {
    const me = [...sim.world.store.all('user')].find((u) => u.name === 'acme-admin')!;
    expect((await acmeAdmin.delete(`/api/admin/user/${me.id}`)).status).toBe(400);
    expect((await acmeAdmin.put(`/api/admin/user/${me.id}`).set('Content-Type', MT.user).send(`<User ${NS} name="acme-admin"><IsEnabled>false</IsEnabled></User>`)).status).toBe(400);
    expect((await sys.delete(`/api/admin/user/${me.id}`)).status).toBe(400);
    const bob = [...sim.world.store.all('user')].find((u) => u.name === 'bob')!;
    expect((await alice.delete(`/api/admin/user/${bob.id}`)).status).toBe(403);
  });
});

describe('roles and rights', () => {
  it('create a role with rights (query type right → href), read it, hold it: rights take effect on the next request', async () => {
    const href = await orgHref(acmeAdmin, 'acme');
    const rights = xml((await acmeAdmin.get('/api/query?type=right&format=records&filter=name==Organization%3A%20View')).text).doc;
    const right = rights.RightRecord[0];
    expect(right.name).toBe('Organization: View');
    const res = await acmeAdmin.post(findLink(xml((await acmeAdmin.get(href)).text).doc, 'add', MT.role).href).set('Content-Type', MT.role)
      .send(`<Role ${NS} name="Viewer"><Description>looks</Description><RightReferences><RightReference href="${right.href}" name="${right.name}" type="${MT.right}"/></RightReferences></Role>`);
    expect(res.status).toBe(201);
    const role = xml(res.text).doc;
    expect(role.RightReferences.RightReference.map((r: any) => r.name)).toEqual(['Organization: View']);
    expect((await acmeAdmin.get(role.RightReferences.RightReference[0].href)).status).toBe(200);
    // In the org's RoleReferences and the role query, not in globex's.
    expect(xml((await acmeAdmin.get(href)).text).doc.RoleReferences.RoleReference.map((r: any) => r.name)).toContain('Viewer');
    expect((await acmeAdmin.get('/api/query?type=role&format=records&filter=name==Viewer')).text).toContain('name="Viewer"');
    const globexAdmin = client(sim, await login(sim, 'globex-admin', 'globex'));
    expect((await globexAdmin.get(role.href)).status).toBe(403);
    expect((await globexAdmin.get('/api/query?type=role&format=records&filter=name==Viewer')).text).not.toContain('name="Viewer"');

    // A user given the role cannot read the AdminOrg; adding the right takes effect at once.
    await acmeAdmin.post(`${href}/users`).set('Content-Type', MT.user)
      .send(`<User ${NS} name="vic"><IsEnabled>true</IsEnabled><Role href="${role.href}"/><Password>secret-pw</Password></User>`);
    const vic = client(sim, await login(sim, 'vic', 'acme', 'secret-pw'));
    expect((await vic.get(href)).status).toBe(403);
    const vdcRight = xml((await acmeAdmin.get('/api/query?type=right&format=records&filter=name==General%3A%20Administrator%20View')).text).doc.RightRecord[0];
    const put = await acmeAdmin.put(role.href).set('Content-Type', MT.role)
      .send(`<Role ${NS} name="Viewer"><RightReferences><RightReference href="${right.href}"/><RightReference href="${vdcRight.href}"/></RightReferences></Role>`);
    expect(put.status).toBe(200);
    expect((await vic.get(href)).status).toBe(200);
    // In use: refused; free: deleted.
    expect((await acmeAdmin.delete(role.href)).status).toBe(400);
  });

  it('refuses duplicates, unknown rights, tenants changing global roles, and the right-less', async () => {
    const href = await orgHref(acmeAdmin, 'acme');
    const post = (c: Client, body: string) => c.post(`${href}/roles`).set('Content-Type', MT.role).send(body);
    const dup = await post(acmeAdmin, `<Role ${NS} name="vapp author"/>`);
    expect(xml(dup.text).doc.minorErrorCode).toBe('DUPLICATE_NAME');
    expect((await post(acmeAdmin, `<Role ${NS} name="x"><RightReferences><RightReference name="No: Such Right"/></RightReferences></Role>`)).status).toBe(400);
    expect((await post(alice, `<Role ${NS} name="y"/>`)).status).toBe(403);
    const author = [...sim.world.store.all('role')].find((r) => r.name === 'vApp Author')!;
    expect((await acmeAdmin.put(`/api/admin/role/${author.id}`).set('Content-Type', MT.role).send(`<Role ${NS} name="Mine"/>`)).status).toBe(403);
    const sysRole = [...sim.world.store.all('role')].find((r) => r.name === 'System Administrator')!;
    expect((await sys.delete(`/api/admin/role/${sysRole.id}`)).status).toBe(400);
    expect((await acmeAdmin.get(`/api/admin/role/${sysRole.id}`)).status).toBe(403);
    expect([...sim.world.store.all('role')].map((r) => r.name)).not.toContain('x');
  });
});

describe('CloudAPI administration', () => {
  const json = (c: request.Test, token: string) => c.set('Host', 'vcd.test').set('Accept', 'application/json;version=37.0').set('Authorization', `Bearer ${token}`);
  let sysToken: string;
  let adminToken: string;
  beforeEach(async () => {
    sysToken = await login(sim, 'administrator', 'System');
    adminToken = await login(sim, 'acme-admin', 'acme');
  });

  it('roles in the tenant context: create, add and replace rights, delete; global roles, bundles and categories', async () => {
    const acme = [...sim.world.store.all('org')].find((o) => o.name === 'acme')!;
    const created = await json(request(sim.app).post('/cloudapi/1.0.0/roles'), sysToken)
      .set('X-VMWARE-VCLOUD-TENANT-CONTEXT', acme.id).send({ name: 'Ops', description: 'ops', bundleKey: 'com.vmware.vcloud.undefined.key' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ops', readOnly: false });
    const id = created.body.id;
    const all = await json(request(sim.app).get('/cloudapi/1.0.0/rights?pageSize=128'), adminToken);
    const pick = (n: string) => all.body.values.find((r: any) => r.name === n);
    const add = await json(request(sim.app).post(`/cloudapi/1.0.0/roles/${id}/rights`), adminToken)
      .send({ values: [{ name: 'Organization: View', id: pick('Organization: View').id }] });
    expect(add.status).toBe(200);
    expect(add.body.values.map((r: any) => r.name)).toEqual(['Organization: View']);
    const bad = await json(request(sim.app).post(`/cloudapi/1.0.0/roles/${id}/rights`), adminToken).send({ values: [{ name: 'Nope', id: 'urn:vcloud:right:00000000-0000-0000-0000-000000000000' }] });
    expect(bad.status).toBe(400);
    const replaced = await json(request(sim.app).put(`/cloudapi/1.0.0/roles/${id}/rights`), adminToken).send({ values: [] });
    expect(replaced.body.values).toEqual([]);
    expect((await json(request(sim.app).get(`/cloudapi/1.0.0/roles?filter=name==Ops`), adminToken)).body.resultTotal).toBe(1);
    expect((await json(request(sim.app).delete(`/cloudapi/1.0.0/roles/${id}`), adminToken)).status).toBe(204);

    const globals = await json(request(sim.app).get('/cloudapi/1.0.0/globalRoles'), sysToken);
    expect(globals.body.values.map((r: any) => r.name)).toContain('vApp Author');
    expect((await json(request(sim.app).get('/cloudapi/1.0.0/globalRoles'), adminToken)).status).toBe(403);
    const g = await json(request(sim.app).post('/cloudapi/1.0.0/globalRoles'), sysToken).send({ name: 'Global Ops' });
    expect(g.status).toBe(201);
    expect((await json(request(sim.app).get(`/cloudapi/1.0.0/globalRoles/${g.body.id}/rights`), sysToken)).body.resultTotal).toBe(0);
    expect((await json(request(sim.app).delete(`/cloudapi/1.0.0/globalRoles/${g.body.id}`), sysToken)).status).toBe(204);
    const bundles = await json(request(sim.app).get('/cloudapi/1.0.0/rightsBundles'), sysToken);
    expect(bundles.body.values).toHaveLength(1);
    expect((await json(request(sim.app).get(`/cloudapi/1.0.0/rightsBundles/${bundles.body.values[0].id}/rights`), sysToken)).body.resultTotal).toBe(all.body.resultTotal);
    const cats = await json(request(sim.app).get('/cloudapi/1.0.0/rightsCategories'), adminToken);
    expect(cats.body.values.map((c: any) => c.name)).toContain('Organization');
    expect((await json(request(sim.app).get(`/cloudapi/1.0.0/rightsCategories/${cats.body.values[0].id}`), adminToken)).status).toBe(200);
  });

  it('orgs and users', async () => {
    const org = await json(request(sim.app).post('/cloudapi/1.0.0/orgs'), sysToken).send({ name: 'cloudorg', displayName: 'Cloud Org', isEnabled: true });
    expect(org.status).toBe(201);
    expect((await json(request(sim.app).post('/cloudapi/1.0.0/orgs'), sysToken).send({ name: 'cloudorg', displayName: 'x' })).status).toBe(400);
    expect((await json(request(sim.app).post('/cloudapi/1.0.0/orgs'), adminToken).send({ name: 'tenantorg', displayName: 'x' })).status).toBe(403);
    const put = await json(request(sim.app).put(`/cloudapi/1.0.0/orgs/${org.body.id}`), sysToken).send({ name: 'cloudorg', displayName: 'Cloud Org 2', isEnabled: false });
    expect(put.body).toMatchObject({ displayName: 'Cloud Org 2', isEnabled: false });
    const del = await json(request(sim.app).delete(`/cloudapi/1.0.0/orgs/${org.body.id}`), sysToken);
    expect(del.status).toBe(202);
    expect(del.headers.location).toMatch(/\/api\/task\//);

    const roles = await json(request(sim.app).get('/cloudapi/1.0.0/roles?filter=name==vApp%20User'), adminToken);
    const user = await json(request(sim.app).post('/cloudapi/1.0.0/users'), adminToken)
      .send({ username: 'cloudy', password: 'secret-pw', enabled: true, roleEntityRefs: [{ id: roles.body.values[0].id }] });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ username: 'cloudy', enabled: true, roleEntityRefs: [{ name: 'vApp User' }] });
    const upd = await json(request(sim.app).put(`/cloudapi/1.0.0/users/${user.body.id}`), adminToken).send({ fullName: 'Cloudy' });
    expect(upd.body.fullName).toBe('Cloudy');
    expect((await json(request(sim.app).delete(`/cloudapi/1.0.0/users/${user.body.id}`), adminToken)).status).toBe(204);
  });
});
