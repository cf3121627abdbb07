/**
 * Catalogs and access control, read as clients read them: create, update, publish, share, delete catalogs;
 * vApp sharing and owners enforced on reads, changes and queries; capture, copy, move, rename and delete of
 * items; template update and download enablement.
 */
import { newSim, login, client, xml, findLink } from '../support/sim.js';
import { findInventory, getXml, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const share = (everyone?: string, subjects: [string, string, string][] = []) => `<ControlAccessParams ${NS}>
  <IsSharedToEveryone>${everyone ? 'true' : 'false'}</IsSharedToEveryone>${everyone ? `<EveryoneAccessLevel>${everyone}</EveryoneAccessLevel>` : ''}
  ${subjects.length ? `<AccessSettings>${subjects.map(([href, type, level]) => `<AccessSetting><Subject href="${href}" type="${type}"/><AccessLevel>${level}</AccessLevel></AccessSetting>`).join('')}</AccessSettings>` : ''}
</ControlAccessParams>`;

let sim: Simulator;
let admin: Client;
let org: any;
let adminOrg: any;
let vdc: any;
let template: any;

const as = async (user: string, orgName = 'acme') => client(sim, await login(sim, user, orgName));
const userHref = (name: string) => adminOrg.Users.UserReference.find((u: any) => u.name === name).href;

async function createCatalog(c: Client, name: string, inner = '') {
  return c.post(`${adminOrg.href}/catalogs`).set('Content-Type', MT.adminCatalog).send(`<AdminCatalog ${NS} name="${name}"><Description>d</Description>${inner}</AdminCatalog>`);
}

async function readyCatalog(c: Client, name: string) {
  const res = await createCatalog(c, name);
  expect([res.status, res.text.slice(0, 300)]).toEqual([201, expect.anything()]);
  const cat = xml(res.text).doc;
  expect((await waitTask(sim, c, cat.Tasks.Task[0].href)).status).toBe('success');
  return getXml(c, findLink(cat, 'alternate', MT.catalog).href);
}

async function newVApp(c: Client, name: string) {
  const vapp = xml((await instantiate(c, vdc, instantiateBody({ name, template }))).text).doc;
  await waitTask(sim, c, vapp.Tasks.Task[0].href);
  return getXml(c, vapp.href);
}

async function act(c: Client, res: { status: number; text: string }, outcome = 'success') {
  expect([res.status, res.text.slice(0, 300)]).toEqual([202, expect.anything()]);
  const task = await waitTask(sim, c, xml(res.text).doc.href);
  expect(task.status).toBe(outcome);
  return task;
}

const items = (cat: any) => (cat.CatalogItems?.CatalogItem ?? []) as any[];

beforeEach(async () => {
  sim = await newSim();
  admin = await as('acme-admin');
  ({ org, vdc, template } = await findInventory(admin, 'acme-vdc', 'ubuntu-22.04'));
  adminOrg = await getXml(admin, org.href.replace('/api/org/', '/api/admin/org/'));
});

describe('catalogs', () => {
  it('creates a catalog: 201 with its task, private to its owner and the org administrators, placed on a storage profile', async () => {
    const profile = vdc.VdcStorageProfiles.VdcStorageProfile.find((p: any) => p.name === 'Silver');
    // The tenant Org offers the `add` link pyvcloud's Org.create_catalog follows.
    const carol = await as('carol');
    const carolOrg = await getXml(carol, org.href);
    const res = await carol.post(findLink(carolOrg, 'add', MT.adminCatalog).href).set('Content-Type', MT.adminCatalog)
      .send(`<AdminCatalog ${NS} name="images"><Description>mine</Description><CatalogStorageProfiles><VdcStorageProfile href="${profile.href}"/></CatalogStorageProfiles></AdminCatalog>`);
    expect(res.status).toBe(201);
    expect(res.headers.location).toMatch(/\/api\/admin\/catalog\//);
    const cat = xml(res.text).doc;
    expect(cat.Tasks.Task[0]).toMatchObject({ operationName: 'catalogCreateCatalog' });
    expect(cat.CatalogStorageProfiles.VdcStorageProfile[0].name).toBe('Silver');
    await waitTask(sim, carol, cat.Tasks.Task[0].href);
    const tenantHref = findLink(cat, 'alternate', MT.catalog).href;
    expect((await getXml(carol, tenantHref)).Owner.User.name).toBe('carol');
    expect((await admin.get(tenantHref)).status).toBe(200);
    // bob sees neither the catalog nor a link to it.
    const bob = await as('bob');
    expect((await bob.get(tenantHref)).status).toBe(403);
    expect((await getXml(bob, org.href)).Link.some((l: any) => l.href === tenantHref)).toBe(false);
    const q = await getXml(bob, '/api/query?type=catalog&format=records');
    expect(([] as any[]).concat(q.CatalogRecord ?? []).map((r) => r.name)).not.toContain('images');
  });

  it('refuses a duplicate name, a foreign storage profile and a caller without the right, creating nothing', async () => {
    const count = () => sim.store.count('catalog');
    const before = count();
    const dup = await createCatalog(admin, 'ACME-catalog');
    expect(dup.status).toBe(400);
    expect(xml(dup.text).doc.minorErrorCode).toBe('DUPLICATE_NAME');
    const globexProfile = [...sim.store.all('storageProfile')].find((p) => sim.store.get('vdc', p.vdcId)!.orgId !== sim.store.get('vdc', vdc.id.split(':').pop())?.orgId);
    const bad = await createCatalog(admin, 'x', `<CatalogStorageProfiles><VdcStorageProfile href="http://vcd.test/api/vdcStorageProfile/${globexProfile!.id}"/></CatalogStorageProfiles>`);
    expect(bad.status).toBe(400);
    expect((await createCatalog(await as('alice'), 'x')).status).toBe(403);
    expect(count()).toBe(before);
  });

  it('updates name and description (PUT of the AdminCatalog read before, as pyvcloud sends it back)', async () => {
    const cat = await readyCatalog(admin, 'old');
    const adminCat = await admin.get(findLink(cat, 'alternate', MT.adminCatalog).href);
    const body = adminCat.text.replace('name="old"', 'name="new"').replace('<Description>d</Description>', '<Description>renamed</Description>');
    const res = await admin.put(findLink(xml(adminCat.text).doc, 'edit', MT.adminCatalog).href).set('Content-Type', MT.adminCatalog).send(body);
    expect(res.status).toBe(200);
    expect(xml(res.text).doc).toMatchObject({ name: 'new', Description: 'renamed' });
    const dup = await admin.put(findLink(xml(adminCat.text).doc, 'edit', MT.adminCatalog).href).set('Content-Type', MT.adminCatalog).send(`<AdminCatalog ${NS} name="acme-catalog"/>`);
    expect(dup.status).toBe(400);
  });

  it('deletes an empty catalog with a task; one with items only recursively and forced, items and templates with it', async () => {
    const empty = await readyCatalog(admin, 'empty');
    const emptyAdmin = await getXml(admin, findLink(empty, 'alternate', MT.adminCatalog).href);
    await act(admin, await admin.delete(findLink(emptyAdmin, 'remove').href));
    expect((await admin.get(empty.href)).status).toBe(403);

    const full = (await getXml(admin, org.Link.find((l: any) => l.type === MT.catalog && l.name === 'acme-catalog').href));
    const fullAdmin = findLink(full, 'alternate', MT.adminCatalog).href;
    const refused = await admin.delete(fullAdmin);
    expect(refused.status).toBe(400);
    expect(xml(refused.text).doc.message).toMatch(/not empty/);
    await act(admin, await admin.delete(`${fullAdmin}?recursive=true&force=true`));
    expect((await admin.get(full.href)).status).toBe(403);
    const id = full.id.split(':').pop();
    for (const kind of ['catalogItem', 'vAppTemplate', 'media'] as const) {
      expect([kind, [...sim.store.all(kind)].filter((e) => e.catalogId === id).length]).toEqual([kind, 0]);
    }
  });

  it('publishes to every org: other orgs read it (and instantiate from it) until it is withdrawn', async () => {
    const cat = await readyCatalog(admin, 'shared-images');
    const gina = await as('globex-admin', 'globex');
    expect((await gina.get(cat.href)).status).toBe(403);
    const publish = (on: boolean) => admin.post(findLink(cat, 'publish', MT.publishCatalogParams).href).set('Content-Type', MT.publishCatalogParams)
      .send(`<PublishCatalogParams ${NS}><IsPublished>${on}</IsPublished></PublishCatalogParams>`);
    expect((await publish(true)).status).toBe(204);
    expect((await getXml(gina, cat.href)).IsPublished).toBe('true');
    const globexOrg = await getXml(gina, (await getXml(gina, '/api/org')).Org.find((o: any) => o.name === 'globex').href);
    expect(globexOrg.Link.some((l: any) => l.href === cat.href)).toBe(true);
    expect((await publish(false)).status).toBe(204);
    expect((await gina.get(cat.href)).status).toBe(403);
  });

  it('shares a catalog with users and other orgs through controlAccess, at the levels sent', async () => {
    const cat = await readyCatalog(admin, 'team');
    const bob = await as('bob');
    expect((await bob.get(cat.href)).status).toBe(403);
    const globexHref = (await getXml(admin, '/api/admin')).OrganizationReferences?.OrganizationReference?.find((o: any) => o.name === 'globex')?.href
      ?? `http://vcd.test/api/admin/org/${[...sim.store.all('org')].find((o) => o.name === 'globex')!.id}`;
    const post = (body: string) => admin.post(findLink(cat, 'controlAccess', MT.controlAccess).href).set('Content-Type', MT.controlAccess).send(body);
    const res = await post(share(undefined, [[userHref('bob'), MT.user, 'ReadOnly'], [globexHref, MT.adminOrg, 'ReadOnly']]));
    expect(res.status).toBe(200);
    const acl = xml(res.text).doc;
    expect(acl.IsSharedToEveryone).toBe('false');
    expect(acl.AccessSettings.AccessSetting.map((s: any) => [s.Subject.name, s.AccessLevel])).toEqual([['bob', 'ReadOnly'], ['globex', 'ReadOnly']]);
    expect((await getXml(admin, findLink(cat, 'down', MT.controlAccess).href)).AccessSettings.AccessSetting).toHaveLength(2);
    expect((await bob.get(cat.href)).status).toBe(200);
    expect((await (await as('gina', 'globex')).get(cat.href)).status).toBe(200);
    // ReadOnly: bob may read, not share.
    const bobShare = await bob.post(findLink(cat, 'controlAccess', MT.controlAccess).href).set('Content-Type', MT.controlAccess).send(share('FullControl'));
    expect(bobShare.status).toBe(403);
    // Other orgs are read-only subjects; unknown subjects and levels are refused.
    expect((await post(share(undefined, [[globexHref, MT.adminOrg, 'Change']]))).status).toBe(400);
    expect((await post(share('Everything'))).status).toBe(400);
    expect((await post(share(undefined, [['http://vcd.test/api/admin/user/00000000-0000-0000-0000-000000000000', MT.user, 'ReadOnly']]))).status).toBe(400);
    // carol may upload (her role), but not into a catalog she only reads.
    expect((await post(share('ReadOnly'))).status).toBe(200);
    const carol = await as('carol');
    const upload = () => carol.post(`${cat.href}/action/upload`).set('Content-Type', MT.uploadVAppTemplateParams).send(`<UploadVAppTemplateParams ${NS} name="up"/>`);
    expect((await upload()).status).toBe(403);
    expect((await post(share('Change'))).status).toBe(200);
    expect((await upload()).status).toBe(201);
    // Unshared again.
    expect((await post(share())).status).toBe(200);
    expect((await bob.get(cat.href)).status).toBe(403);
  });

  it('changes the owner of a catalog (admin owner link)', async () => {
    const cat = await readyCatalog(admin, 'owned');
    const adminCat = await getXml(admin, findLink(cat, 'alternate', MT.adminCatalog).href);
    const ownerHref = findLink(adminCat, 'down', MT.owner).href;
    const res = await admin.put(ownerHref).set('Content-Type', MT.owner).send(`<Owner ${NS}><User href="${userHref('carol')}"/></Owner>`);
    expect(res.status).toBe(204);
    expect((await getXml(admin, ownerHref)).User.name).toBe('carol');
    expect((await (await as('carol')).get(cat.href)).status).toBe(200);
    expect((await (await as('carol')).put(ownerHref).set('Content-Type', MT.owner).send(`<Owner ${NS}><User href="${userHref('bob')}"/></Owner>`)).status).toBe(403);
  });
});

describe('vApp access control', () => {
  it('shows a vApp to its owner, the org administrators and those it is shared with, at their level', async () => {
    const alice = await as('alice');
    const bob = await as('bob');
    const vapp = await newVApp(alice, 'alice-app');
    expect((await admin.get(vapp.href)).status).toBe(200);
    expect((await bob.get(vapp.href)).status).toBe(403);
    expect((await bob.get(vapp.Children.Vm[0].href)).status).toBe(403);
    const names = async (c: Client) => ([] as any[]).concat((await getXml(c, '/api/query?type=vApp&format=records')).VAppRecord ?? []).map((r) => r.name);
    expect(await names(bob)).not.toContain('alice-app');
    expect(await names(admin)).toContain('alice-app');

    const setAcl = (c: Client, body: string) => c.post(findLink(vapp, 'controlAccess', MT.controlAccess).href).set('Content-Type', MT.controlAccess).send(body);
    expect((await setAcl(alice, share(undefined, [[userHref('bob'), MT.user, 'ReadOnly']]))).status).toBe(200);
    expect((await bob.get(vapp.href)).status).toBe(200);
    expect(await names(bob)).toContain('alice-app');
    // ReadOnly: no power on, no rename, no share.
    expect((await bob.post(`${vapp.href}/power/action/powerOn`)).status).toBe(403);
    expect((await bob.put(vapp.href).set('Content-Type', MT.vApp).send(`<VApp ${NS} name="x"/>`)).status).toBe(403);
    expect((await setAcl(bob, share('FullControl'))).status).toBe(403);
    // Change: operate, but not delete.
    expect((await setAcl(alice, share('Change'))).status).toBe(200);
    await act(bob, await bob.post(`${vapp.href}/power/action/powerOn`));
    await act(bob, await bob.post(`${vapp.href}/power/action/powerOff`));
    expect((await bob.delete(vapp.href)).status).toBe(403);
    const acl = await getXml(alice, findLink(vapp, 'down', MT.controlAccess).href);
    expect(acl).toMatchObject({ IsSharedToEveryone: 'true', EveryoneAccessLevel: 'Change' });
  });

  it('changes the owner of a vApp: the new owner sees it, the old one no longer does', async () => {
    const alice = await as('alice');
    const vapp = await newVApp(alice, 'handover');
    const owner = (c: Client, href: string) => c.put(`${vapp.href}/owner/`).set('Content-Type', MT.owner).send(`<Owner ${NS}><User href="${href}"/></Owner>`);
    expect((await owner(alice, userHref('bob'))).status).toBe(403); // vApp: Change Owner is the administrators'
    expect((await owner(admin, userHref('bob'))).status).toBe(204);
    expect((await getXml(admin, `${vapp.href}/owner`)).User.name).toBe('bob');
    expect((await (await as('bob')).get(vapp.href)).status).toBe(200);
    expect((await alice.get(vapp.href)).status).toBe(403);
    const globexUser = [...sim.store.all('user')].find((u) => u.name === 'gina')!;
    expect((await owner(admin, `http://vcd.test/api/admin/user/${globexUser.id}`)).status).toBe(400);
  });
});

describe('catalog items', () => {
  let catalog: any;
  beforeEach(async () => {
    catalog = await getXml(admin, org.Link.find((l: any) => l.type === MT.catalog && l.name === 'acme-catalog').href);
  });

  it('captures a vApp into a template: 201, status 0 until its task ends, the VMs\' hardware kept, storage counted', async () => {
    const vapp = await newVApp(admin, 'golden');
    const gold = vdc.VdcStorageProfiles.VdcStorageProfile.find((p: any) => p.name === 'Gold').href;
    const used = async () => Number((await getXml(admin, gold)).StorageUsedMB);
    const before = await used();
    const res = await admin.post(findLink(catalog, 'add', MT.captureVAppParams).href).set('Content-Type', MT.captureVAppParams)
      .send(`<CaptureVAppParams ${NS} name="golden-image"><Description>captured</Description><Source href="${vapp.href}"/></CaptureVAppParams>`);
    expect([res.status, res.text.slice(0, 200)]).toEqual([201, expect.anything()]);
    const t = xml(res.text).doc;
    expect(t).toMatchObject({ name: 'golden-image', status: '0' });
    expect((await waitTask(sim, admin, t.Tasks.Task[0].href)).status).toBe('success');
    const ready = await getXml(admin, t.href);
    expect(ready.status).toBe('8');
    expect(await used()).toBe(before + 20480);
    const vm = ready.Children.Vm[0];
    expect(vm.name).toBe(vapp.Children.Vm[0].name);
    const cat = await getXml(admin, catalog.href);
    expect(items(cat).map((i) => i.name)).toContain('golden-image');
    // It instantiates like any template.
    const again = xml((await instantiate(admin, vdc, instantiateBody({ name: 'from-capture', template: ready }))).text).doc;
    expect((await waitTask(sim, admin, again.Tasks.Task[0].href)).status).toBe('success');
    // The same name again is refused; overwriting through TargetCatalogItem replaces the template.
    const dup = await admin.post(`${catalog.href}/action/captureVApp`).set('Content-Type', MT.captureVAppParams)
      .send(`<CaptureVAppParams ${NS} name="golden-image"><Source href="${vapp.href}"/></CaptureVAppParams>`);
    expect(dup.status).toBe(400);
    const item = items(cat).find((i) => i.name === 'golden-image');
    const over = await admin.post(`${catalog.href}/action/captureVApp`).set('Content-Type', MT.captureVAppParams)
      .send(`<CaptureVAppParams ${NS} name="golden-image"><Source href="${vapp.href}"/><TargetCatalogItem href="${item.href}"/></CaptureVAppParams>`);
    expect(over.status).toBe(201);
    await waitTask(sim, admin, xml(over.text).doc.Tasks.Task[0].href);
    expect((await getXml(admin, item.href)).Entity.href).toBe(xml(over.text).doc.href);
    expect((await admin.get(t.href)).status).toBe(403);
  });

  it('copies and moves items between catalogs, renames and deletes them', async () => {
    const target = await readyCatalog(admin, 'target');
    const ubuntu = items(catalog).find((i) => i.name === 'ubuntu-22.04');
    const copy = (action: string, name: string) => admin.post(findLink(target, action, MT.copyOrMoveCatalogItemParams).href)
      .set('Content-Type', MT.copyOrMoveCatalogItemParams).send(`<CopyOrMoveCatalogItemParams ${NS} name="${name}"><Source href="${ubuntu.href}"/></CopyOrMoveCatalogItemParams>`);
    await act(admin, await copy('copy', 'ubuntu-copy'));
    let t = await getXml(admin, target.href);
    const copied = await getXml(admin, items(t).find((i) => i.name === 'ubuntu-copy').href);
    const tpl = await getXml(admin, copied.Entity.href);
    expect(tpl).toMatchObject({ name: 'ubuntu-copy', status: '8' });
    expect(tpl.Children.Vm[0].href).not.toBe((await getXml(admin, (await getXml(admin, ubuntu.href)).Entity.href)).Children.Vm[0].href);
    expect((await copy('copy', 'ubuntu-copy')).status).toBe(400);

    await act(admin, await copy('move', 'ubuntu-moved'));
    t = await getXml(admin, target.href);
    expect(items(t).map((i) => i.name).sort()).toEqual(['ubuntu-copy', 'ubuntu-moved']);
    expect(items(await getXml(admin, catalog.href)).map((i) => i.name)).not.toContain('ubuntu-22.04');

    // Rename: the template follows.
    const res = await admin.put(copied.href).set('Content-Type', MT.catalogItem).send(`<CatalogItem ${NS} name="renamed"><Description>new</Description></CatalogItem>`);
    expect(res.status).toBe(200);
    expect(xml(res.text).doc.name).toBe('renamed');
    expect((await getXml(admin, copied.Entity.href)).name).toBe('renamed');
    // Delete: the template goes with it.
    expect((await admin.delete(copied.href)).status).toBe(204);
    expect((await admin.get(copied.Entity.href)).status).toBe(403);
    expect((await admin.get(copied.href)).status).toBe(403);
  });

  it('updates a template (its item follows) and enables and disables its download', async () => {
    const tpl = await getXml(admin, template.href);
    await act(admin, await admin.put(findLink(tpl, 'edit', MT.vAppTemplate).href).set('Content-Type', MT.vAppTemplate)
      .send(`<VAppTemplate ${NS} name="ubuntu-lts"><Description>LTS</Description></VAppTemplate>`));
    const after = await getXml(admin, tpl.href);
    expect(after).toMatchObject({ name: 'ubuntu-lts', Description: 'LTS' });
    expect((await getXml(admin, findLink(after, 'catalogItem').href)).name).toBe('ubuntu-lts');
    await act(admin, await admin.post(findLink(after, 'enable').href));
    const enabled = await getXml(admin, tpl.href);
    expect((await admin.post(findLink(enabled, 'disable').href)).status).toBe(204);
    findLink(await getXml(admin, tpl.href), 'enable');
    // bob (vApp User) may read the shared catalog's template, not change it.
    expect((await (await as('bob')).put(tpl.href).set('Content-Type', MT.vAppTemplate).send(`<VAppTemplate ${NS} name="x"/>`)).status).toBe(403);
  });
});
