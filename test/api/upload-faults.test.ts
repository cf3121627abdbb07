/**
 * Uploads under faults: a transfer PUT cut off after N bytes (a fault `reset` with `afterBytes`), the client's
 * retry of the chunk continuing the file, and an import task a `task-stall` holds, then releases or fails.
 */
import { request as httpRequest } from 'node:http';
import { xml, findLink } from '../support/sim.js';
import { catalogOnSocket, getXml, type Client } from '../support/vcd.js';
import { bytes, ovfDescriptor } from '../support/ovf.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
let c: Client;
let token: string;
let url: string;
let catalog: any;

beforeEach(async () => {
  ({ sim, url, token, c, catalog } = await catalogOnSocket('carol', 'acme', 'acme-catalog'));
});
afterEach(() => sim.stop());

const files = (e: any) => [].concat(e.Files?.File ?? []) as any[];
const uploadHref = (f: any) => ([].concat(f.Link ?? []).find((l: any) => l.rel === 'upload:default') as any).href as string;
const path = (href: string) => new URL(href).pathname;

/** A PUT over a real connection (so a fault can drop it): its status, or the socket error's code. */
function put(href: string, body: Buffer, range?: string): Promise<number | string> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'Content-Length': String(body.length) };
    if (range) headers['Content-Range'] = range;
    const req = httpRequest(`${url}${path(href)}`, { method: 'PUT', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end(body);
  });
}

/** An OVF upload with its descriptor sent: the template's href, the disk's upload href, and the import task's href. */
async function startUpload(name: string, diskBytes: number) {
  const res = await c.post(findLink(catalog, 'add', MT.uploadVAppTemplateParams).href)
    .set('Content-Type', MT.uploadVAppTemplateParams)
    .send(`<UploadVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}"><Description>retry</Description></UploadVAppTemplateParams>`);
  expect(res.status).toBe(201);
  const href = xml(res.text).doc.Entity.href as string;
  let t = await getXml(c, href);
  const taskHref = t.Tasks.Task[0].href as string;
  expect((await c.put(uploadHref(files(t)[0])).set('Content-Type', 'text/xml').send(ovfDescriptor({ diskBytes }))).status).toBe(200);
  t = await getXml(c, href);
  return { href, diskHref: uploadHref(files(t)[1]), taskHref };
}

const transferred = async (href: string) => Number(files(await getXml(c, href))[1].bytesTransferred);
const MiB = 1024 * 1024;

describe('a transfer PUT cut off after N bytes', () => {
  it('drops the connection after N bytes; they count, and the chunk sent again continues the file', async () => {
    const disk = bytes(2 * MiB + 100);
    const { href, diskHref, taskHref } = await startUpload('cut-then-retry', disk.length);
    sim.faults.add({ id: 'cut', match: { method: 'PUT', path: '/transfer/*/*.vmdk' }, action: { type: 'reset', afterBytes: 300_000 }, count: 1 });
    const first = `bytes 0-${MiB - 1}/${disk.length}`;
    expect(await put(diskHref, disk.subarray(0, MiB), first)).toBe('ECONNRESET');
    expect(await transferred(href)).toBe(300_000);
    expect((await getXml(c, taskHref)).status).toBe('running');
    // The same chunk again (pyvcloud's retry): the bytes already there are skipped.
    expect(await put(diskHref, disk.subarray(0, MiB), first)).toBe(200);
    expect(await transferred(href)).toBe(MiB);
    // Sent once more after it arrived whole (an answer lost): nothing changes.
    expect(await put(diskHref, disk.subarray(0, MiB), first)).toBe(200);
    expect(await transferred(href)).toBe(MiB);
    // A gap is still refused.
    expect(await put(diskHref, disk.subarray(MiB + 10), `bytes ${MiB + 10}-${disk.length - 1}/${disk.length}`)).toBe(416);
    expect(await put(diskHref, disk.subarray(MiB), `bytes ${MiB}-${disk.length - 1}/${disk.length}`)).toBe(200);
    expect((await getXml(c, taskHref)).status).toBe('success');
    const t = await getXml(c, href);
    expect(t.status).toBe('8');
    const log = sim.faults.requestLog.since(0).entries.filter((r) => r.method === 'PUT' && r.path.endsWith('.vmdk'));
    expect(log.map((r) => r.outcome)).toEqual(['reset', 'answered', 'answered', 'answered', 'answered']);
  });

  it('resumes from bytesTransferred, as a client that reads the template before it resends', async () => {
    const disk = bytes(MiB);
    const { href, diskHref, taskHref } = await startUpload('cut-then-resume', disk.length);
    sim.faults.add({ match: { path: '/transfer/**' }, action: { type: 'reset', afterBytes: 123_457 }, count: 1 });
    expect(await put(diskHref, disk, `bytes 0-${disk.length - 1}/${disk.length}`)).toBe('ECONNRESET');
    const at = await transferred(href);
    expect(at).toBe(123_457);
    expect(await put(diskHref, disk.subarray(at), `bytes ${at}-${disk.length - 1}/${disk.length}`)).toBe(200);
    expect((await getXml(c, taskHref)).status).toBe('success');
  });

  it('refuses afterBytes together with after, and a negative count of bytes', () => {
    expect(() => sim.faults.add({ action: { type: 'reset', after: true, afterBytes: 10 } })).toThrow(/either after or afterBytes/);
    expect(() => sim.faults.add({ action: { type: 'truncate' } as never })).toThrow(/afterBytes.*must be a number/);
    expect(() => sim.faults.add({ action: { type: 'truncate', afterBytes: 1.5 } })).toThrow(/afterBytes.*whole number/);
    expect(() => sim.faults.add({ action: { type: 'reset', afterBytes: -1 } })).toThrow(/afterBytes/);
  });
});

describe('an import task a stall holds', () => {
  it('stays running with every byte in, for the stall\'s `for`, then succeeds', async () => {
    sim.faults.add({ id: 'slow-import', match: { operation: 'vdcUploadOvfContents' }, action: { type: 'task-stall', for: '2m' } });
    const disk = bytes(4096);
    const { href, diskHref, taskHref } = await startUpload('held', disk.length);
    sim.clock.advance(10 * 60_000); // the stall counts from when the bytes are in, not from the task's start
    expect(await put(diskHref, disk, `bytes 0-4095/4096`)).toBe(200);
    let task = await getXml(c, taskHref);
    expect(task.status).toBe('running');
    expect(Number(task.Progress)).toBe(99);
    const t = await getXml(c, href);
    expect(t.status).toBe('0');
    expect(files(t).every((f) => f.bytesTransferred === f.size)).toBe(true);
    sim.clock.advance(119_000);
    expect((await getXml(c, taskHref)).status).toBe('running');
    sim.clock.advance(1_000);
    task = await getXml(c, taskHref);
    expect(task.status).toBe('success');
    expect((await getXml(c, href)).status).toBe('8');
  });

  it('is released when its rule is removed', async () => {
    sim.faults.add({ id: 'hold', match: { operation: 'vdcUploadOvfContents' }, action: 'task-stall' });
    const disk = bytes(2048);
    const { href, diskHref, taskHref } = await startUpload('held-for-good', disk.length);
    expect(await put(diskHref, disk, 'bytes 0-2047/2048')).toBe(200);
    sim.clock.advance(60 * 60_000);
    expect((await getXml(c, taskHref)).status).toBe('running');
    sim.faults.remove('hold');
    expect((await getXml(c, taskHref)).status).toBe('success');
    expect((await getXml(c, href)).status).toBe('8');
  });

  it('with `fail`, ends in error and leaves the template failed (status -1) and removable', async () => {
    sim.faults.add({ match: { operation: 'vdcUploadOvfContents' }, action: { type: 'task-stall', for: '30s', fail: { status: 500, message: 'Import into vCenter timed out.' } } });
    const disk = bytes(2048);
    const { href, diskHref, taskHref } = await startUpload('import-fails', disk.length);
    expect(await put(diskHref, disk, 'bytes 0-2047/2048')).toBe(200);
    expect((await getXml(c, taskHref)).status).toBe('running');
    sim.clock.advance(30_000);
    const task = await getXml(c, taskHref);
    expect(task.status).toBe('error');
    expect(task.Error.message).toContain('Import into vCenter timed out.');
    const t = await getXml(c, href);
    expect(t.status).toBe('-1');
    expect(t.Link.some((l: any) => l.rel === 'remove')).toBe(true);
    const del = await c.delete(href);
    expect(del.status).toBe(202);
    sim.clock.advance(60_000);
    expect((await c.get(href)).status).toBe(403);
  });

  it('a task-failure on the import leaves the template failed too, not removed', async () => {
    sim.faults.add({ match: { operation: 'vdcUploadOvfContents' }, action: { type: 'task-failure', status: 500 } });
    const disk = bytes(1024);
    const { href, diskHref, taskHref } = await startUpload('import-fails-at-once', disk.length);
    expect(await put(diskHref, disk, 'bytes 0-1023/1024')).toBe(200);
    expect((await getXml(c, taskHref)).status).toBe('error');
    expect((await getXml(c, href)).status).toBe('-1');
  });
});
