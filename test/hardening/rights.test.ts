/** VCD's predefined roles against the main operations: who may do what, and the 403 for the rest. */
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

type Op = (c: Client, ctx: Ctx) => Promise<number>;
interface Ctx {
  vdcHref: string;
  catalogHref: string;
  template: any;
  vappHref: string;
  vmHref: string;
  adminOrgHref: string;
  mediaHref: string;
  diskHref: string;
  userHref: string;
}

const METADATA_VALUE = '<MetadataValue xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><TypedValue xsi:type="MetadataStringValue"><Value>v</Value></TypedValue></MetadataValue>';

const OPS: Record<string, Op> = {
  'view VDC': async (c, x) => (await c.get(x.vdcHref)).status,
  'view hardware version': async (c, x) => (await c.get(`${x.vdcHref}/hwv/vmx-19`)).status,
  'view catalog': async (c, x) => (await c.get(x.catalogHref)).status,
  'view vApp': async (c, x) => (await c.get(x.vappHref)).status,
  instantiate: async (c, x) => (await instantiate(c, { href: x.vdcHref, Link: [{ rel: 'add', type: MT.instantiateVAppTemplateParams, href: `${x.vdcHref}/action/instantiateVAppTemplate` }] }, instantiateBody({ name: `app-${Math.random()}`, template: x.template }))).status,
  'power on': async (c, x) => (await c.post(`${x.vappHref}/power/action/powerOn`)).status,
  'change CPU': async (c, x) => (await c.put(`${x.vmHref}/virtualHardwareSection/cpu`).set('Content-Type', MT.rasdItem)
    .send('<Item xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>')).status,
  rename: async (c, x) => (await c.put(x.vappHref).set('Content-Type', MT.vApp).send(`<VApp xmlns="http://www.vmware.com/vcloud/v1.5" name="renamed-${Math.random()}"/>`)).status,
  delete: async (c, x) => (await c.delete(x.vappHref)).status,
  'admin view': async (c, x) => (await c.get(x.adminOrgHref)).status,
  'upload OVF': async (c, x) => (await c.post(`${x.catalogHref}/action/upload`).set('Content-Type', MT.uploadVAppTemplateParams)
    .send(`<UploadVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="up-${Math.random()}"/>`)).status,
  'upload media': async (c, x) => (await c.post(`${x.catalogHref}/action/upload`).set('Content-Type', MT.media)
    .send(`<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="m-${Math.random()}.iso" imageType="iso" size="2048"/>`)).status,
  'insert media': async (c, x) => (await c.post(`${x.vmHref}/media/action/insertMedia`).set('Content-Type', MT.mediaInsertOrEjectParams)
    .send(`<MediaInsertOrEjectParams xmlns="http://www.vmware.com/vcloud/v1.5"><Media href="${x.mediaHref}"/></MediaInsertOrEjectParams>`)).status,
  'create disk': async (c, x) => (await c.post(`${x.vdcHref}/disk`).set('Content-Type', MT.diskCreateParams)
    .send('<DiskCreateParams xmlns="http://www.vmware.com/vcloud/v1.5"><Disk name="d" sizeMb="16"/></DiskCreateParams>')).status,
  'view disk': async (c, x) => (await c.get(x.diskHref)).status,
  'attach disk': async (c, x) => (await c.post(`${x.vmHref}/disk/action/attach`).set('Content-Type', MT.diskAttachOrDetachParams)
    .send(`<DiskAttachOrDetachParams xmlns="http://www.vmware.com/vcloud/v1.5"><Disk href="${x.diskHref}"/></DiskAttachOrDetachParams>`)).status,
  'delete disk': async (c, x) => (await c.delete(x.diskHref)).status,
  'set vApp metadata': async (c, x) => (await c.put(`${x.vappHref}/metadata/k`).set('Content-Type', MT.metadataValue).send(METADATA_VALUE)).status,
  'set VDC metadata': async (c, x) => (await c.put(`${x.vdcHref.replace('/api/', '/api/admin/')}/metadata/k`).set('Content-Type', MT.metadataValue).send(METADATA_VALUE)).status,
  'create catalog': async (c, x) => (await c.post(`${x.adminOrgHref}/catalogs`).set('Content-Type', MT.adminCatalog)
    .send(`<AdminCatalog xmlns="http://www.vmware.com/vcloud/v1.5" name="cat-${Math.random()}"/>`)).status,
  'share vApp': async (c, x) => (await c.post(`${x.vappHref}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(SHARE_ALL)).status,
  'share catalog': async (c, x) => (await c.post(`${x.catalogHref}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(SHARE_ALL)).status,
  'publish catalog': async (c, x) => (await c.post(`${x.catalogHref}/action/publish`).set('Content-Type', MT.publishCatalogParams)
    .send('<PublishCatalogParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsPublished>true</IsPublished></PublishCatalogParams>')).status,
  capture: async (c, x) => (await c.post(`${x.catalogHref}/action/captureVApp`).set('Content-Type', MT.captureVAppParams)
    .send(`<CaptureVAppParams xmlns="http://www.vmware.com/vcloud/v1.5" name="cap-${Math.random()}"><Source href="${x.vappHref}"/></CaptureVAppParams>`)).status,
  'change vApp owner': async (c, x) => (await c.put(`${x.vappHref}/owner`).set('Content-Type', MT.owner)
    .send(`<Owner xmlns="http://www.vmware.com/vcloud/v1.5"><User href="${x.userHref}"/></Owner>`)).status,
};
const SHARE_ALL = '<ControlAccessParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>FullControl</EveryoneAccessLevel></ControlAccessParams>';

// 2xx = allowed; 403 = the role lacks the right. (Where an allowed operation is refused for another
// reason, e.g. deleting a deployed vApp, the expectation says so.)
const MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 200, 'upload OVF': 201, 'upload media': 201, 'insert media': 202, 'create disk': 201, 'view disk': 200, 'attach disk': 202, 'delete disk': 202, 'set vApp metadata': 202, 'set VDC metadata': 202, 'create catalog': 201, 'share vApp': 200, 'share catalog': 200, 'publish catalog': 204, capture: 201, 'change vApp owner': 204 },
  'Catalog Author': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 403, 'upload OVF': 201, 'upload media': 201, 'insert media': 202, 'create disk': 201, 'view disk': 200, 'attach disk': 202, 'delete disk': 202, 'set vApp metadata': 202, 'set VDC metadata': 403, 'create catalog': 201, 'share vApp': 200, 'share catalog': 200, 'publish catalog': 204, capture: 201, 'change vApp owner': 403 },
  'vApp Author': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 403, 'upload OVF': 403, 'upload media': 403, 'insert media': 202, 'create disk': 201, 'view disk': 200, 'attach disk': 202, 'delete disk': 202, 'set vApp metadata': 202, 'set VDC metadata': 403, 'create catalog': 403, 'share vApp': 200, 'share catalog': 403, 'publish catalog': 403, capture: 201, 'change vApp owner': 403 },
  'vApp User': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 403, 'power on': 202, 'change CPU': 403, rename: 202, delete: 403, 'admin view': 403, 'upload OVF': 403, 'upload media': 403, 'insert media': 202, 'create disk': 403, 'view disk': 200, 'attach disk': 403, 'delete disk': 403, 'set vApp metadata': 202, 'set VDC metadata': 403, 'create catalog': 403, 'share vApp': 200, 'share catalog': 403, 'publish catalog': 403, capture: 403, 'change vApp owner': 403 },
  'Console Access Only': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 403, 'view vApp': 200, instantiate: 403, 'power on': 403, 'change CPU': 403, rename: 403, delete: 403, 'admin view': 403, 'upload OVF': 403, 'upload media': 403, 'insert media': 403, 'create disk': 403, 'view disk': 403, 'attach disk': 403, 'delete disk': 403, 'set vApp metadata': 403, 'set VDC metadata': 403, 'create catalog': 403, 'share vApp': 403, 'share catalog': 403, 'publish catalog': 403, capture: 403, 'change vApp owner': 403 },
};
/** A media uploaded to completion (a tiny ISO), for the insert check. */
async function readyMedia(sim: Simulator, c: Client, catalogHref: string): Promise<string> {
  const res = await c.post(`${catalogHref}/action/upload`).set('Content-Type', MT.media)
    .send('<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="ready.iso" imageType="iso" size="16"/>');
  const media = xml((await c.get(xml(res.text).doc.Entity.href)).text).doc;
  const file = ([] as any[]).concat(media.Files.File)[0];
  await c.put(([] as any[]).concat(file.Link)[0].href.replace(/^https?:\/\/[^/]+/, '')).set('Content-Range', 'bytes 0-15/16').send(Buffer.alloc(16));
  void sim;
  return media.href;
}

const USER_OF: Record<string, string> = {
  'Organization Administrator': 'acme-admin', 'Catalog Author': 'carol', 'vApp Author': 'alice', 'vApp User': 'bob', 'Console Access Only': 'dave',
};

describe.each(Object.keys(MATRIX))('%s', (role) => {
  let sim: Simulator;
  let ctx: Ctx;
  let c: Client;

  beforeEach(async () => {
    sim = await newSim();
    const admin = client(sim, await login(sim, 'acme-admin', 'acme'));
    const { org, vdc, template } = await findInventory(admin, 'acme-vdc', 'ubuntu-22.04');
    const vapp = xml((await instantiate(admin, vdc, instantiateBody({ name: 'target', template }))).text).doc;
    await waitTask(sim, admin, vapp.Tasks.Task[0].href);
    // Shared with the whole org at full control, so that each role's rights alone decide (access control has its own tests).
    const catalogHref = org.Link.find((l: any) => l.type === MT.catalog).href;
    for (const href of [vapp.href, catalogHref]) {
      expect((await admin.post(`${href}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(SHARE_ALL)).status).toBe(200);
    }
    ctx = {
      vdcHref: vdc.href,
      catalogHref: org.Link.find((l: any) => l.type === MT.catalog).href,
      template,
      vappHref: vapp.href,
      vmHref: vapp.Children.Vm[0].href,
      adminOrgHref: org.href.replace('/api/org/', '/api/admin/org/'),
      mediaHref: await readyMedia(sim, admin, org.Link.find((l: any) => l.type === MT.catalog).href),
      diskHref: '',
      userHref: xml((await admin.get(org.href.replace('/api/org/', '/api/admin/org/'))).text).doc.Users.UserReference.find((u: any) => u.name === 'alice').href,
    };
    const disk = xml((await admin.post(`${vdc.href}/disk`).set('Content-Type', MT.diskCreateParams)
      .send('<DiskCreateParams xmlns="http://www.vmware.com/vcloud/v1.5"><Disk name="target-disk" sizeMb="16"/></DiskCreateParams>')).text).doc;
    await waitTask(sim, admin, disk.Tasks.Task[0].href);
    ctx.diskHref = disk.href;
    c = client(sim, await login(sim, USER_OF[role], 'acme'));
  });

  it.each(Object.keys(OPS))('%s', async (op) => {
    const status = await OPS[op](c, ctx);
    expect(status).toBe(MATRIX[role][op]);
  });
});

it('a System administrator may do everything in every org', async () => {
  const sim = await newSim();
  const sys = client(sim, await login(sim, 'administrator', 'System'));
  const admin = client(sim, await login(sim, 'globex-admin', 'globex'));
  const { vdc, template } = await findInventory(admin, 'globex-vdc', 'debian-12');
  const vapp = xml((await instantiate(sys, vdc, instantiateBody({ name: 'by-sysadmin', template }))).text).doc;
  expect(vapp.name).toBe('by-sysadmin');
  await waitTask(sim, sys, vapp.Tasks.Task[0].href);
  expect((await sys.post(`${vapp.href}/power/action/powerOn`)).status).toBe(202);
});
