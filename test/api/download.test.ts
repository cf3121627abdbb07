/**
 * Template downloads, as pyvcloud's Org.download_catalog_item drives them: enableDownload (a task), the
 * template's `download:default` link to its descriptor and its Files, GETs through the transfer service,
 * disableDownload.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSim, login, client, xml, findLink } from '../support/sim.js';
import { findInventory, getXml, waitTask, type Client } from '../support/vcd.js';
import { bytes, ovfDescriptor } from '../support/ovf.js';
import { parseOvf } from '../../src/resources/vapptemplate/ovf.js';
import { STAND_IN_BYTES } from '../../src/resources/transfer/download.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
let c: Client;
let catalog: any;
let template0: any;

async function setup(overrides = {}) {
  sim = await newSim(overrides);
  c = client(sim, await login(sim, 'carol', 'acme'));
  const inv = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
  template0 = inv.template;
  catalog = await getXml(c, inv.org.Link.find((l: any) => l.type === MT.catalog && l.name === 'acme-catalog').href);
}
afterEach(() => sim.stop());

/** Each test starts its own simulator (one with --content-dir) and uploads first: slow on a busy machine. */
const SLOW = 60_000;
const files = (e: any) => [].concat(e.Files?.File ?? []) as any[];
const linkOf = (f: any, rel: string) => ([].concat(f.Link ?? []).find((l: any) => l.rel === rel) as any)?.href as string | undefined;
/** A GET of a transfer URL, its body as bytes. */
const fetchBytes = (href: string) => c.get(href).buffer(true).parse((res, done) => {
  const parts: Buffer[] = [];
  res.on('data', (b: Buffer) => parts.push(b));
  res.on('end', () => done(null, Buffer.concat(parts)));
});

async function enable(href: string) {
  const t = await getXml(c, href);
  const res = await c.post(findLink(t, 'enable').href);
  expect(res.status).toBe(202);
  expect((await waitTask(sim, c, xml(res.text).doc.href)).status).toBe('success');
  return getXml(c, href);
}

/** Uploads the test OVF (one VM, one disk file of `disk`'s bytes) and returns the usable template's href. */
async function upload(name: string, disk: Buffer): Promise<string> {
  const res = await c.post(findLink(catalog, 'add', MT.uploadVAppTemplateParams).href).set('Content-Type', MT.uploadVAppTemplateParams)
    .send(`<UploadVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}"/>`);
  const href = xml(res.text).doc.Entity.href as string;
  let t = await getXml(c, href);
  await c.put(linkOf(files(t)[0], 'upload:default')!).set('Content-Type', 'text/xml').send(ovfDescriptor({ diskBytes: disk.length, capacityGB: 2 }));
  t = await getXml(c, href);
  expect((await c.put(linkOf(files(t)[1], 'upload:default')!).set('Content-Range', `bytes 0-${disk.length - 1}/${disk.length}`).send(disk)).status).toBe(200);
  expect((await getXml(c, href)).status).toBe('8');
  return href;
}

describe('template download', () => {
  it('offers an uploaded template\'s descriptor and disk once enabled: the recorded bytes from --content-dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcdsim-download-'));
    try {
      await setup({ contentDir: dir });
      const disk = bytes(5000, 9);
      const href = await upload('tiny-dl', disk);
      const before = await getXml(c, href);
      expect(before.Files).toBeUndefined();
      expect(before.Link.some((l: any) => l.rel === 'download:default')).toBe(false);
      const t = await enable(href);
      const descriptorHref = findLink(t, 'download:default', 'text/xml').href;
      expect(files(t).map((f) => [f.name, f.size])).toEqual([['descriptor.ovf', expect.any(String)], ['disk1.vmdk', '5000']]);
      expect(linkOf(files(t)[0], 'download:default')).toBe(descriptorHref);
      expect(findLink(t, 'disable').href).toMatch(/action\/disableDownload$/);

      const ovf = await c.get(descriptorHref);
      expect(ovf.status).toBe(200);
      expect(ovf.headers['content-type']).toMatch(/^text\/xml/);
      expect(Buffer.byteLength(ovf.text)).toBe(Number(files(t)[0].size));
      const parsed = parseOvf(ovf.text);
      expect(parsed.files).toEqual([{ href: 'disk1.vmdk', id: 'file1', size: 5000 }]);
      expect(parsed.vms).toMatchObject([{ name: 'tiny', cpus: 2, coresPerSocket: 2, memoryMB: 512, osType: 'ubuntu64Guest', hardwareVersion: 'vmx-14', disks: [{ sizeMB: 2048 }], nics: [{ network: 'VM Network', adapter: 'VMXNET3' }] }]);
      const got = await fetchBytes(linkOf(files(t)[1], 'download:default')!);
      expect(got.status).toBe(200);
      expect(got.headers['content-type']).toBe('application/octet-stream');
      expect((got.body as Buffer).equals(disk)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SLOW);

  it('serves zeros of the recorded size without --content-dir, and stand-in disks for an inventory template; the descriptor uploads again', async () => {
    await setup();
    const href = await upload('tiny-zeros', bytes(3000));
    const t = await enable(href);
    const got = await fetchBytes(linkOf(files(t)[1], 'download:default')!);
    expect((got.body as Buffer).equals(Buffer.alloc(3000))).toBe(true);

    const inv = await enable(template0.href);
    const diskCount = [].concat(inv.Children.Vm).reduce((n: number, vm: any) => n + vm['ovf:VirtualHardwareSection']['ovf:Item'].filter((i: any) => i['rasd:ResourceType'] === '17').length, 0);
    expect(files(inv)).toHaveLength(1 + diskCount);
    expect(files(inv).slice(1).every((f) => f.size === String(STAND_IN_BYTES))).toBe(true);
    const ovf = (await c.get(findLink(inv, 'download:default', 'text/xml').href)).text;
    const zeros = await fetchBytes(linkOf(files(inv)[1], 'download:default')!);
    expect((zeros.body as Buffer).length).toBe(STAND_IN_BYTES);
    // The descriptor describes the template: uploaded again, it makes the same VMs.
    const res = await c.post(findLink(catalog, 'add', MT.uploadVAppTemplateParams).href).set('Content-Type', MT.uploadVAppTemplateParams)
      .send('<UploadVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="round-trip"/>');
    const copyHref = xml(res.text).doc.Entity.href as string;
    expect((await c.put(linkOf(files(await getXml(c, copyHref))[0], 'upload:default')!).set('Content-Type', 'text/xml').send(ovf)).status).toBe(200);
    const copy = await getXml(c, copyHref);
    const shape = (vm: any) => [vm.name, vm['ovf:VirtualHardwareSection']['ovf:Item'].filter((i: any) => ['3', '4', '17'].includes(i['rasd:ResourceType'])).map((i: any) => i['rasd:VirtualQuantity'] ?? i['rasd:HostResource']?.['vcloud:capacity'])];
    expect([].concat(copy.Children.Vm).map(shape)).toEqual([].concat(inv.Children.Vm).map(shape));
    expect(files(copy).slice(1).map((f) => f.size)).toEqual(files(inv).slice(1).map((f) => f.size));
  }, SLOW);

  it('answers 404 before enableDownload and after disableDownload, and 403 to another tenant', async () => {
    await setup();
    const href = await upload('tiny-off', bytes(100));
    const id = href.split('vappTemplate-')[1];
    expect((await c.get(`/transfer/${id}/descriptor.ovf`)).status).toBe(404);
    const t = await enable(href);
    const descriptorHref = findLink(t, 'download:default', 'text/xml').href;
    expect((await c.get(descriptorHref)).status).toBe(200);
    expect((await c.get(descriptorHref.replace('descriptor.ovf', 'nosuch.vmdk'))).status).toBe(404);
    const other = client(sim, await login(sim, 'gina', 'globex'));
    expect((await other.get(descriptorHref)).status).toBe(403);
    expect((await c.post(findLink(t, 'disable').href)).status).toBe(204);
    const off = await getXml(c, href);
    expect(off.Files).toBeUndefined();
    expect(off.Link.some((l: any) => l.rel === 'download:default')).toBe(false);
    expect((await c.get(descriptorHref)).status).toBe(404);
  }, SLOW);
});
