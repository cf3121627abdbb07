/** OVF and media uploads into catalogs, as pyvcloud and go-vcloud-director drive them: links, transfer PUTs, tasks. */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSim, login, client, xml, findLink } from '../support/sim.js';
import { findInventory, getXml, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { bytes, ovfDescriptor } from '../support/ovf.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
let c: Client;
let catalog: any;
let vdc: any;
let template0: any;

async function setup(overrides = {}) {
  sim = await newSim(overrides);
  c = client(sim, await login(sim, 'carol', 'acme'));
  const inv = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
  vdc = inv.vdc;
  template0 = inv.template;
  catalog = await getXml(c, inv.org.Link.find((l: any) => l.type === MT.catalog && l.name === 'acme-catalog').href);
}

const files = (e: any) => [].concat(e.Files?.File ?? []) as any[];
const uploadLink = (f: any) => [].concat(f.Link ?? []).find((l: any) => l.rel === 'upload:default') as any;

async function startOvf(name: string) {
  const res = await c.post(findLink(catalog, 'add', MT.uploadVAppTemplateParams).href)
    .set('Content-Type', MT.uploadVAppTemplateParams)
    .send(`<UploadVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}"><Description>uploaded</Description></UploadVAppTemplateParams>`);
  expect(res.status).toBe(201);
  const item = xml(res.text).doc;
  return { item, href: item.Entity.href as string };
}

async function putChunks(href: string, data: Buffer, chunk: number) {
  const statuses: number[] = [];
  for (let at = 0; at < data.length; at += chunk) {
    const part = data.subarray(at, Math.min(data.length, at + chunk));
    const res = await c.put(href).set('Content-Range', `bytes ${at}-${at + part.length - 1}/${data.length}`).send(part);
    statuses.push(res.status);
  }
  return statuses;
}

describe('OVF upload into a catalog', () => {
  beforeEach(() => setup());

  it('creates a template in status 0, takes the descriptor, then the disk in chunks, and becomes usable', async () => {
    const profileHref = (await getXml(c, vdc.href)).VdcStorageProfiles.VdcStorageProfile.find((p: any) => p.name === template0.DefaultStorageProfile)?.href
      ?? vdc.VdcStorageProfiles.VdcStorageProfile[0].href;
    const before = await getXml(c, profileHref);
    const { item, href } = await startOvf('tiny-ovf');
    expect(item.Entity.type).toBe(MT.vAppTemplate);
    let t = await getXml(c, href);
    expect(t.status).toBe('0');
    expect(t.ovfDescriptorUploaded).toBe('false');
    expect(files(t).map((f) => f.name)).toEqual(['descriptor.ovf']);
    const task = t.Tasks.Task[0];
    expect(task).toMatchObject({ status: 'running', operationName: 'vdcUploadOvfContents' });

    const disk = bytes(5000);
    const ovf = ovfDescriptor({ diskBytes: disk.length, capacityGB: 1 });
    expect((await c.put(uploadLink(files(t)[0]).href).set('Content-Type', 'text/xml').send(ovf)).status).toBe(200);
    t = await getXml(c, href);
    expect(t.ovfDescriptorUploaded).toBe('true');
    expect(files(t).map((f) => [f.name, f.size, f.bytesTransferred])).toEqual([['descriptor.ovf', String(Buffer.byteLength(ovf)), String(Buffer.byteLength(ovf))], ['disk1.vmdk', '5000', '0']]);
    const vm = t.Children.Vm[0];
    expect(vm.name).toBe('tiny');
    const items = vm['ovf:VirtualHardwareSection']['ovf:Item'];
    expect(items.find((i: any) => i['rasd:ResourceType'] === '3')['rasd:VirtualQuantity']).toBe('2');
    expect(items.find((i: any) => i['rasd:ResourceType'] === '4')['rasd:VirtualQuantity']).toBe('512');
    expect(items.find((i: any) => i['rasd:ResourceType'] === '17')['rasd:HostResource']['vcloud:capacity']).toBe('1024');
    expect(vm['ovf:OperatingSystemSection']['vmw:osType']).toBe('ubuntu64Guest');
    // Storage grows by the template's disks.
    const after = await getXml(c, profileHref);
    expect(Number(after.StorageUsedMB) - Number(before.StorageUsedMB)).toBe(1024);

    const diskHref = uploadLink(files(t)[1]).href;
    // Out of order: 416, nothing counted.
    expect((await c.put(diskHref).set('Content-Range', 'bytes 100-199/5000').send(disk.subarray(100, 200))).status).toBe(416);
    expect(await putChunks(diskHref, disk.subarray(0, 3000), 1500)).toEqual([200, 200]);
    t = await getXml(c, href);
    expect(files(t)[1].bytesTransferred).toBe('3000');
    expect(Number((await getXml(c, task.href)).Progress)).toBeGreaterThan(50);
    // The rest; the import task succeeds and the template is usable.
    const last = await c.put(diskHref).set('Content-Range', 'bytes 3000-4999/5000').send(disk.subarray(3000));
    expect(last.status).toBe(200);
    expect((await getXml(c, task.href)).status).toBe('success');
    t = await getXml(c, href);
    expect(t.status).toBe('8');
    expect(t.Files).toBeUndefined();
    expect(t.Tasks).toBeUndefined();
    // A PUT after completion is refused.
    const again = await c.put(diskHref).set('Content-Range', 'bytes 0-9/5000').send(disk.subarray(0, 10));
    expect(again.status).toBe(400);
    // It instantiates like any template.
    const created = await instantiate(c, vdc, instantiateBody({ name: 'from-upload', template: t }));
    expect(created.status).toBe(201);
    const vapp = xml(created.text).doc;
    expect((await waitTask(sim, c, vapp.Tasks.Task[0].href)).status).toBe('success');
  });

  it('refuses a descriptor that is not OVF: the import fails and the template stays, status -1, removable', async () => {
    const { href } = await startOvf('broken');
    const t = await getXml(c, href);
    const res = await c.put(uploadLink(files(t)[0]).href).set('Content-Type', 'text/xml').send('<NotOvf xmlns="urn:x"/>');
    expect(res.status).toBe(400);
    expect(xml(res.text).root).toBe('Error');
    const failed = await getXml(c, href);
    expect(failed.status).toBe('-1');
    const task = await getXml(c, t.Tasks.Task[0].href);
    expect(task.status).toBe('error');
    const del = await c.delete(href);
    expect(del.status).toBe(202);
    expect((await waitTask(sim, c, xml(del.text).doc.href)).status).toBe('success');
    expect((await c.get(href)).status).toBe(403);
    const cat = await getXml(c, catalog.href);
    expect([].concat(cat.CatalogItems.CatalogItem).some((i: any) => i.name === 'broken')).toBe(false);
  });

  it('refuses a file larger than declared and an unknown file name', async () => {
    const { href } = await startOvf('too-big');
    let t = await getXml(c, href);
    await c.put(uploadLink(files(t)[0]).href).set('Content-Type', 'text/xml').send(ovfDescriptor({ diskBytes: 100 }));
    t = await getXml(c, href);
    const base = uploadLink(files(t)[1]).href.replace(/disk1\.vmdk$/, '');
    expect((await c.put(`${base}other.vmdk`).send(bytes(10))).status).toBe(404);
    const res = await c.put(`${base}disk1.vmdk`).set('Content-Range', 'bytes 0-199/200').send(bytes(200));
    expect(res.status).toBe(400);
    expect((await getXml(c, href)).status).toBe('-1');
  });

  it('stores the bytes under --content-dir, with their checksum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcdsim-content-'));
    try {
      await setup({ contentDir: dir });
      const { href } = await startOvf('stored');
      let t = await getXml(c, href);
      const disk = bytes(4096, 3);
      await c.put(uploadLink(files(t)[0]).href).set('Content-Type', 'text/xml').send(ovfDescriptor({ diskBytes: disk.length }));
      t = await getXml(c, href);
      const id = href.split('vappTemplate-')[1];
      await putChunks(uploadLink(files(t)[1]).href, disk, 1024);
      expect(readFileSync(join(dir, id, 'disk1.vmdk')).equals(disk)).toBe(true);
      expect(createHash('sha256').update(disk).digest('hex')).toHaveLength(64);
      await c.delete(href);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('OVF upload by link (sourceHref)', () => {
  let server: Server;
  let base: string;
  const served = new Map<string, Buffer>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      if (!body) res.writeHead(404).end();
      else res.writeHead(200, { 'Content-Length': body.length }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => setup());

  async function byLink(name: string, sourceHref: string) {
    const res = await c.post(findLink(catalog, 'add', MT.uploadVAppTemplateParams).href)
      .set('Content-Type', MT.uploadVAppTemplateParams)
      .send(`<UploadVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}" sourceHref="${sourceHref}"/>`);
    return res;
  }

  /** The message of a template's failed import task, as the task query shows it. */
  async function importError(name: string): Promise<string> {
    const res = await c.get(`/api/query?type=task&format=records&filter=objectName==${name};status==error`);
    const found = [].concat(xml(res.text).doc.TaskRecord ?? []) as any[];
    expect(found).toHaveLength(1);
    return found[0].message;
  }

  /** The template once its import task has ended (the download runs in real time, over loopback). */
  async function settled(href: string) {
    for (let i = 0; i < 200; i++) {
      const t = await getXml(c, href);
      if (t.status !== '0') return t;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${href} stayed in status 0`);
  }

  it('downloads the OVF and the files it names from a loopback address, and the template becomes usable', async () => {
    const disk = bytes(3000, 7);
    served.set('/images/tiny.ovf', Buffer.from(ovfDescriptor({ diskBytes: disk.length, capacityGB: 1 })));
    served.set('/images/disk1.vmdk', disk);
    const res = await byLink('by-link', `${base}/images/tiny.ovf`);
    expect(res.status).toBe(201);
    const href = xml(res.text).doc.Entity.href as string;
    const task = (await getXml(c, href)).Tasks.Task[0];
    expect(task).toMatchObject({ operationName: 'vdcUploadOvfContents' });
    const t = await settled(href);
    expect(t.status).toBe('8');
    expect(t.Files).toBeUndefined();
    expect(t.Children.Vm[0].name).toBe('tiny');
    expect((await getXml(c, task.href)).status).toBe('success');
    expect((await instantiate(c, vdc, instantiateBody({ name: 'from-link', template: t }))).status).toBe(201);
  });

  it('fails the import when a file is missing, and when the source is not a loopback address', async () => {
    served.set('/lonely/lonely.ovf', Buffer.from(ovfDescriptor({ diskBytes: 10 })));
    let res = await byLink('missing-disk', `${base}/lonely/lonely.ovf`);
    expect(res.status).toBe(201);
    let href = xml(res.text).doc.Entity.href;
    expect((await settled(href)).status).toBe('-1');
    expect(await importError('missing-disk')).toMatch(/disk1\.vmdk answered 404/);
    res = await byLink('far-away', 'http://192.0.2.10/images/tiny.ovf');
    expect(res.status).toBe(201);
    href = xml(res.text).doc.Entity.href;
    expect((await settled(href)).status).toBe('-1');
    expect(await importError('far-away')).toMatch(/loopback addresses only/);
    // A failed import is removable.
    expect((await c.delete(href)).status).toBe(202);
    expect((await byLink('not-a-url', 'ftp://127.0.0.1/x.ovf')).status).toBe(400);
  });
});

describe('media', () => {
  beforeEach(() => setup());

  async function uploadIso(name: string, data: Buffer) {
    const res = await c.post(findLink(catalog, 'add', MT.media).href).set('Content-Type', MT.media)
      .send(`<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}" imageType="iso" size="${data.length}"><Description>an ISO</Description></Media>`);
    expect(res.status).toBe(201);
    const href = xml(res.text).doc.Entity.href as string;
    const m = await getXml(c, href);
    expect(m.status).toBe('0');
    expect(await putChunks(uploadLink(files(m)[0]).href, data, 4096)).toEqual(Array(Math.ceil(data.length / 4096)).fill(200));
    return href;
  }

  it('uploads an ISO into a catalog, lists it in queries, inserts and ejects it on a VM, and deletes it', async () => {
    const href = await uploadIso('tools.iso', bytes(10000));
    const m = await getXml(c, href);
    expect(m).toMatchObject({ status: '1', imageType: 'iso', size: '10000' });
    const q = xml((await c.get('/api/query?type=media&format=records&filter=name==tools.iso')).text).doc;
    expect(q.MediaRecord[0]).toMatchObject({ name: 'tools.iso', catalogName: 'acme-catalog', storageB: '10000', isBusy: 'false' });

    const { template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'with-cd', template }))).text).doc;
    await waitTask(sim, c, vapp.Tasks.Task[0].href);
    const vm = await getXml(c, vapp.Children.Vm[0].href);
    const params = `<MediaInsertOrEjectParams xmlns="http://www.vmware.com/vcloud/v1.5"><Media href="${href}"/></MediaInsertOrEjectParams>`;
    const ins = await c.post(findLink(vm, 'media:insertMedia', MT.mediaInsertOrEjectParams).href).set('Content-Type', MT.mediaInsertOrEjectParams).send(params);
    expect(ins.status).toBe(202);
    expect((await waitTask(sim, c, xml(ins.text).doc.href)).status).toBe('success');
    const devices = await getXml(c, `${vm.href}/virtualHardwareSection/media`);
    expect([].concat(devices.Item)[0]).toMatchObject({ 'rasd:ResourceSubType': 'vmware.cdrom.iso', 'rasd:HostResource': 'tools.iso' });
    // Busy while inserted.
    const busy = await c.delete(href);
    expect(busy.status).toBe(400);
    expect(xml((await c.get('/api/query?type=media&format=records&filter=name==tools.iso')).text).doc.MediaRecord[0].isBusy).toBe('true');
    const ej = await c.post(`${vm.href}/media/action/ejectMedia`).set('Content-Type', MT.mediaInsertOrEjectParams).send(params);
    expect(ej.status).toBe(202);
    await waitTask(sim, c, xml(ej.text).doc.href);
    expect((await getXml(c, `${vm.href}/virtualHardwareSection/media`)).Item).toBeUndefined();
    const del = await c.delete(href);
    expect(del.status).toBe(202);
    await waitTask(sim, c, xml(del.text).doc.href);
    expect((await c.get(href)).status).toBe(403);
  });

  it('refuses media params without a size, a duplicate name, and a chunk beyond the declared size', async () => {
    const post = (body: string) => c.post(`${catalog.href}/action/upload`).set('Content-Type', MT.media).send(body);
    expect((await post('<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="x.iso" imageType="iso" size="0"/>')).status).toBe(400);
    const res = await post('<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="y.iso" imageType="iso" size="10"/>');
    expect(res.status).toBe(201);
    expect((await post('<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="y.iso" imageType="iso" size="10"/>')).status).toBe(400);
    const m = await getXml(c, xml(res.text).doc.Entity.href);
    expect((await c.put(uploadLink(files(m)[0]).href).send(bytes(20))).status).toBe(400);
    expect((await getXml(c, m.href)).status).toBe('-1');
  });

  it('creates media in a VDC through its add link', async () => {
    const res = await c.post(findLink(vdc, 'add', MT.media).href).set('Content-Type', MT.media)
      .send('<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="vdc.flp" imageType="floppy" size="1474560"/>');
    expect(res.status).toBe(201);
    const m = xml(res.text).doc;
    expect(m).toMatchObject({ status: '0', imageType: 'floppy' });
    expect(m.Tasks.Task[0].operationName).toBe('vdcUploadMedia');
  });
});
