/**
 * Groups and access control on VDCs, read as the SDKs read them: the AdminOrg's Groups, the Group document,
 * users' GroupReferences, rights through a group's role, queries; a VDC's controlAccess, what a VDC shared
 * with some hides from the rest of its org, and a VDC's ResourceEntities.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSim, login, client, xml, findLink } from '../support/sim.js';
import { findInventory, getXml, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import { buildFromFixture, readFixtureFile, FixtureError } from '../../src/resources/fixture.js';
import { Random } from '../../src/lib/random.js';
import type { Simulator } from '../../src/sim.js';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

let sim: Simulator;
let acmeAdmin: Client;
let alice: Client;
let bob: Client;
let adminOrg: any;

const roleHref = (name: string) => arr<any>(adminOrg.RoleReferences.RoleReference).find((r) => r.name === name).href;
const groupBody = (name: string, type: string, role: string, extra = '') =>
  `<Group ${NS} name="${name}">${extra}<ProviderType>${type}</ProviderType><Role href="${roleHref(role)}"/></Group>`;
const importGroup = (c: Client, body: string) => c.post(findLink(adminOrg, 'add', MT.group).href).set('Content-Type', MT.group).send(body);
const acl = (everyone: string | undefined, settings: { href: string; level: string }[] = []) =>
  `<ControlAccessParams ${NS}><IsSharedToEveryone>${everyone !== undefined}</IsSharedToEveryone>` +
  (everyone ? `<EveryoneAccessLevel>${everyone}</EveryoneAccessLevel>` : '') +
  (settings.length ? `<AccessSettings>${settings.map((s) => `<AccessSetting><Subject href="${s.href}"/><AccessLevel>${s.level}</AccessLevel></AccessSetting>`).join('')}</AccessSettings>` : '') +
  '</ControlAccessParams>';

beforeEach(async () => {
  sim = await newSim();
  acmeAdmin = client(sim, await login(sim, 'acme-admin', 'acme'));
  alice = client(sim, await login(sim, 'alice', 'acme'));
  bob = client(sim, await login(sim, 'bob', 'acme'));
  const session = await getXml(acmeAdmin, '/api/session');
  const org = await getXml(acmeAdmin, findLink(session, 'down', MT.org).href);
  adminOrg = await getXml(acmeAdmin, org.href.replace('/api/org/', '/api/admin/org/'));
});

describe('groups', () => {
  it('lists the fixture\'s groups in the AdminOrg; a Group carries its provider type, members and role; members carry GroupReferences', async () => {
    const refs = arr<any>(adminOrg.Groups.GroupReference);
    expect(refs.map((r) => r.name).sort()).toEqual(['acme-console', 'acme-developers']);
    const dev = await getXml(acmeAdmin, refs.find((r) => r.name === 'acme-developers').href);
    expect(dev).toMatchObject({ name: 'acme-developers', ProviderType: 'INTEGRATED', NameInSource: 'acme-developers', Role: { name: 'vApp Author' } });
    expect(arr<any>(dev.UsersList.UserReference).map((u) => u.name)).toEqual(['alice', 'carol']);
    expect(dev.id).toMatch(/^urn:vcloud:group:/);
    expect(findLink(dev, 'edit', MT.group).href).toBe(dev.href);
    const aliceUser = arr<any>(adminOrg.Users.UserReference).find((u) => u.name === 'alice');
    const doc = await getXml(acmeAdmin, aliceUser.href);
    expect(arr<any>(doc.GroupReferences.GroupReference).map((g) => g.name)).toEqual(['acme-developers']);
  });

  it('imports an LDAP group from the directory (201, its members), refuses a duplicate and a group the directory lacks; SAML by name', async () => {
    const res = await importGroup(acmeAdmin, groupBody('acme-readers', 'INTEGRATED', 'Catalog Author'));
    expect(res.status).toBe(201);
    const g = xml(res.text).doc;
    expect(res.headers.location).toBe(g.href);
    expect(arr<any>(g.UsersList.UserReference).map((u) => u.name)).toEqual(['bob']);
    const dup = await importGroup(acmeAdmin, groupBody('ACME-readers', 'SAML', 'vApp User'));
    expect(dup.status).toBe(400);
    expect(xml(dup.text).doc.minorErrorCode).toBe('DUPLICATE_NAME');
    const missing = await importGroup(acmeAdmin, groupBody('not-in-ldap', 'INTEGRATED', 'vApp User'));
    expect(missing.status).toBe(400);
    expect(xml(missing.text).doc.message).toMatch(/not found in the LDAP directory/);
    const saml = await importGroup(acmeAdmin, groupBody('saml-ops', 'SAML', 'vApp User', '<Description>from SAML</Description>'));
    expect(saml.status).toBe(201);
    expect(xml(saml.text).doc).toMatchObject({ ProviderType: 'SAML', Description: 'from SAML' });
    expect(xml(saml.text).doc.UsersList).toBeUndefined();
    for (const bad of [groupBody('x', 'KERBEROS', 'vApp User'), `<Group ${NS} name="y"><ProviderType>SAML</ProviderType></Group>`, groupBody('', 'SAML', 'vApp User')]) {
      expect((await importGroup(acmeAdmin, bad)).status).toBe(400);
    }
    const after = await getXml(acmeAdmin, adminOrg.href);
    expect(arr<any>(after.Groups.GroupReference).map((r) => r.name).sort()).toEqual(['acme-console', 'acme-developers', 'acme-readers', 'saml-ops']);
  });

  it('refuses LDAP import to an org without a directory (403) and every group call to a caller without the rights', async () => {
    const sys = client(sim, await login(sim, 'administrator', 'System'));
    const root = await getXml(sys, '/api/admin');
    const globex = await getXml(sys, arr<any>(root.OrganizationReferences.OrganizationReference).find((o) => o.name === 'globex').href);
    const role = arr<any>(globex.RoleReferences.RoleReference).find((r) => r.name === 'vApp User').href;
    const ldap = await sys.post(`${globex.href}/groups`).set('Content-Type', MT.group).send(`<Group ${NS} name="g"><ProviderType>INTEGRATED</ProviderType><Role href="${role}"/></Group>`);
    expect(ldap.status).toBe(403);
    expect((await importGroup(alice, groupBody('mine', 'SAML', 'vApp User'))).status).toBe(403);
    const dev = arr<any>(adminOrg.Groups.GroupReference).find((r) => r.name === 'acme-developers').href;
    expect((await alice.get(dev)).status).toBe(403);
    expect((await alice.delete(dev)).status).toBe(403);
    expect((await getXml(acmeAdmin, dev)).name).toBe('acme-developers');
    expect(sim.store.count('group')).toBe(2);
  });

  it('updates the role and description only; deleting a group takes its role away from its members', async () => {
    const g = xml((await importGroup(acmeAdmin, groupBody('acme-readers', 'INTEGRATED', 'vApp Author'))).text).doc;
    // bob (vApp User) now holds vApp Author's rights as well, on the same session.
    const { vdc, template } = await findInventory(bob, 'acme-vdc', 'ubuntu-22.04');
    const made = await instantiate(bob, vdc, instantiateBody({ name: 'bob-app', template, deploy: false }));
    expect(made.status).toBe(201);
    await waitTask(sim, bob, arr<any>(xml(made.text).doc.Tasks.Task)[0].href);
    const put = (body: string) => acmeAdmin.put(g.href).set('Content-Type', MT.group).send(body);
    expect((await put(groupBody('renamed', 'INTEGRATED', 'vApp User'))).status).toBe(400);
    expect((await put(groupBody('acme-readers', 'SAML', 'vApp User'))).status).toBe(400);
    const upd = await put(groupBody('acme-readers', 'INTEGRATED', 'vApp User', '<Description>readers</Description>'));
    expect(upd.status).toBe(200);
    expect(xml(upd.text).doc).toMatchObject({ Role: { name: 'vApp User' }, Description: 'readers' });
    expect((await instantiate(bob, vdc, instantiateBody({ name: 'bob-app2', template, deploy: false }))).status).toBe(403);
    expect((await acmeAdmin.delete(g.href)).status).toBe(204);
    expect((await acmeAdmin.get(g.href)).status).toBe(403);
    const bobUser = await getXml(acmeAdmin, arr<any>(adminOrg.Users.UserReference).find((u) => u.name === 'bob').href);
    expect(arr<any>(bobUser.GroupReferences?.GroupReference).map((x) => x.name)).toEqual(['acme-console']);
  });

  it('answers the group and adminGroup queries', async () => {
    const recs = xml((await acmeAdmin.get('/api/query?type=group&format=records&sortAsc=name')).text).doc;
    expect(arr<any>(recs.GroupRecord).map((r) => [r.name, r.roleName, r.identityProviderType])).toEqual([
      ['acme-console', 'Console Access Only', 'SAML'], ['acme-developers', 'vApp Author', 'INTEGRATED'],
    ]);
    const sys = client(sim, await login(sim, 'administrator', 'System'));
    const all = xml((await sys.get('/api/query?type=adminGroup&format=records&filter=roleName==vApp%20Author')).text).doc;
    expect(arr<any>(all.AdminGroupRecord).map((r) => r.name)).toEqual(['acme-developers']);
    expect(arr<any>(all.AdminGroupRecord)[0].org).toMatch(/\/api\/org\//);
  });
});

describe('VDC access control', () => {
  const vdcOf = async (c: Client, name: string) => {
    const session = await getXml(c, '/api/session');
    const org = await getXml(c, findLink(session, 'down', MT.org).href);
    return arr<any>(org.Link).find((l) => l.type === MT.vdc && l.name === name);
  };

  it('is shared with everyone read-only by default; a VDC shared with one user is hidden from the rest (links, GET, queries, deploys)', async () => {
    const link = await vdcOf(acmeAdmin, 'acme-dev');
    const vdc = await getXml(acmeAdmin, link.href);
    const get = findLink(vdc, 'down', MT.controlAccess);
    const set = findLink(vdc, 'controlAccess', MT.controlAccess);
    expect(xml((await acmeAdmin.get(get.href)).text).doc).toMatchObject({ IsSharedToEveryone: 'true', EveryoneAccessLevel: 'ReadOnly' });
    const aliceHref = arr<any>(adminOrg.Users.UserReference).find((u) => u.name === 'alice').href;
    const res = await acmeAdmin.put(set.href).set('Content-Type', MT.controlAccess).send(acl(undefined, [{ href: aliceHref, level: 'ReadOnly' }]));
    expect(res.status).toBe(200);
    expect(xml(res.text).doc.AccessSettings.AccessSetting).toMatchObject({ Subject: { name: 'alice' }, AccessLevel: 'ReadOnly' });
    expect(await vdcOf(bob, 'acme-dev')).toBeUndefined();
    expect((await bob.get(link.href)).status).toBe(403);
    const q = xml((await bob.get('/api/query?type=orgVdc&format=records')).text).doc;
    expect(arr<any>(q.OrgVdcRecord).map((r) => r.name)).toEqual(['acme-vdc']);
    expect(await vdcOf(alice, 'acme-dev')).toBeDefined();
    // alice sees it (read-only), and may deploy into it; once unshared she may not.
    const { template } = await findInventory(alice, 'acme-vdc', 'ubuntu-22.04');
    const aliceVdc = await getXml(alice, link.href);
    expect(() => findLink(aliceVdc, 'controlAccess')).toThrow();
    expect((await acmeAdmin.put(set.href).set('Content-Type', MT.controlAccess).send(acl(undefined))).status).toBe(200);
    expect((await instantiate(alice, aliceVdc, instantiateBody({ name: 'hidden', template, deploy: false }))).status).toBe(403);
    expect(sim.store.count('vApp')).toBe(0);
    expect(await vdcOf(acmeAdmin, 'acme-dev')).toBeDefined();
  });

  it('shares a VDC with a group: its members see it', async () => {
    const link = await vdcOf(acmeAdmin, 'acme-dev');
    const console_ = arr<any>(adminOrg.Groups.GroupReference).find((g) => g.name === 'acme-console').href;
    const res = await acmeAdmin.put(`${link.href}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(acl(undefined, [{ href: console_, level: 'ReadOnly' }]));
    expect(res.status).toBe(200);
    expect(xml(res.text).doc.AccessSettings.AccessSetting.Subject).toMatchObject({ name: 'acme-console', type: MT.group });
    expect(await vdcOf(bob, 'acme-dev')).toBeDefined();
    expect(await vdcOf(alice, 'acme-dev')).toBeUndefined();
  });

  it('refuses levels other than ReadOnly, other orgs, tenants without the right, and a body without IsSharedToEveryone', async () => {
    const link = await vdcOf(acmeAdmin, 'acme-dev');
    const put = (c: Client, body: string) => c.put(`${link.href}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(body);
    const aliceHref = arr<any>(adminOrg.Users.UserReference).find((u) => u.name === 'alice').href;
    for (const body of [acl('Change'), acl('FullControl'), acl(undefined, [{ href: aliceHref, level: 'Change' }]), `<ControlAccessParams ${NS}/>`]) {
      const res = await put(acmeAdmin, body);
      expect(res.status).toBe(400);
    }
    const sys = client(sim, await login(sim, 'administrator', 'System'));
    const root = await getXml(sys, '/api/admin');
    const globexHref = arr<any>(root.OrganizationReferences.OrganizationReference).find((o) => o.name === 'globex').href;
    expect((await put(acmeAdmin, acl(undefined, [{ href: globexHref, level: 'ReadOnly' }]))).status).toBe(400);
    expect((await put(alice, acl('ReadOnly'))).status).toBe(403);
    expect((await alice.get(`${link.href}/controlAccess`)).status).toBe(403);
    expect([...sim.store.all('vdc')].every((v) => v.acl === undefined)).toBe(true);
  });

  it('lists in ResourceEntities only the vApps the caller may open', async () => {
    const { vdc, template } = await findInventory(alice, 'acme-vdc', 'ubuntu-22.04');
    const res = await instantiate(alice, vdc, instantiateBody({ name: 'alices', template, deploy: false }));
    expect(res.status).toBe(201);
    await waitTask(sim, alice, arr<any>(xml(res.text).doc.Tasks.Task)[0].href);
    const names = async (c: Client) => arr<any>((await getXml(c, vdc.href)).ResourceEntities?.ResourceEntity).filter((r) => r.type === MT.vApp).map((r) => r.name);
    expect(await names(alice)).toEqual(['alices']);
    expect(await names(acmeAdmin)).toEqual(['alices']);
    expect(await names(bob)).toEqual([]);
  });
});

describe('fixture groups and VDC access', () => {
  const write = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'vcdsim-groups-'));
    const path = join(dir, 'fx.yaml');
    writeFileSync(path, text);
    return readFixtureFile(path);
  };
  const base = (extra: string, vdc = '') => `orgs:
  - name: System
    users:
      - { name: administrator, password: p, role: System Administrator }
  - name: acme
    users:
      - { name: ann, password: p, role: vApp User }
      - { name: ben, password: p, role: vApp User }
    directory:
      - { name: devs, members: [ann] }
${extra}
    vdcs:
      - name: v1
${vdc}
`;
  const build = (text: string) => buildFromFixture(write(text), new Random(3), '2024-05-01T10:00:00.000Z');

  it('builds groups from the directory and SAML, and a VDC shared with a group', () => {
    const snap = build(base(`    groups:
      - { name: devs, role: vApp Author }
      - { name: ops, providerType: SAML, role: vApp User, members: [ben] }`, '        access: { everyone: none, groups: { devs: ReadOnly } }'));
    const [devs, ops] = snap.group;
    const [ann, ben] = snap.user.filter((u) => u.orgId === snap.org[1].id);
    expect(devs).toMatchObject({ name: 'devs', providerType: 'INTEGRATED', memberIds: [ann.id] });
    expect(ops).toMatchObject({ providerType: 'SAML', memberIds: [ben.id] });
    expect(snap.vdc[0].acl).toEqual({ subjects: [{ kind: 'group', id: devs.id, level: 'ReadOnly' }] });
    expect(snap.org[1].directory).toEqual([{ name: 'devs', memberIds: [ann.id] }]);
  });

  it('refuses an LDAP group the directory lacks, an unknown member, an unknown group in access and a VDC level other than ReadOnly, with their line', () => {
    const cases: [string, string, RegExp][] = [
      [`    groups:\n      - { name: nope, role: vApp User }`, '', /orgs\[1\]\.groups\[0\] \(line 12\).*not in the org's directory/],
      [`    groups:\n      - { name: ops, providerType: SAML, role: vApp User, members: [zed] }`, '', /groups\[0\]\.members\[0\].*"zed" is not a user/],
      [`    groups:\n      - { name: ops, providerType: SAML, role: No Role }`, '', /unknown role "No Role"/],
      ['', '        access: { groups: { ghosts: ReadOnly } }', /vdcs\[0\]\.access\.groups\.ghosts.*not a group of this org/],
      ['', '        access: { everyone: Change }', /vdcs\[0\]\.access\.everyone.*ReadOnly or none/],
    ];
    for (const [groups, vdc, message] of cases) {
      expect(() => build(base(groups, vdc))).toThrow(FixtureError);
      expect(() => build(base(groups, vdc))).toThrow(message);
    }
  });
});

describe('groups and the rest of the org', () => {
  it('a role a group holds is not deleted; an org deleted takes its groups with it', async () => {
    const role = xml((await acmeAdmin.post(`${adminOrg.href}/roles`).set('Content-Type', MT.role)
      .send(`<Role ${NS} name="group-role"><RightReferences/></Role>`)).text).doc;
    const g = xml((await importGroup(acmeAdmin, `<Group ${NS} name="holder"><ProviderType>OAUTH</ProviderType><Role href="${role.href}"/></Group>`)).text).doc;
    expect(g.ProviderType).toBe('OAUTH');
    const del = await acmeAdmin.delete(role.href);
    expect(del.status).toBe(400);
    expect(xml(del.text).doc.message).toMatch(/in use by 1 group/);
    expect((await acmeAdmin.delete(g.href)).status).toBe(204);
    expect((await acmeAdmin.delete(role.href)).status).toBe(204);
    const { removeOrg } = await import('../../src/resources/org/ops.js');
    const acme = [...sim.store.all('org')].find((o) => o.name === 'acme')!;
    removeOrg(sim.world, acme.id);
    expect(sim.store.count('group')).toBe(0);
  });
});
