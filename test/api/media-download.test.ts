/**
 * Media downloads as go-vcloud-director's Media.Download and pyvcloud's Org.download_catalog_item drive them
 * (enableDownload, a task; the media's Files with a `download:default` link; a GET of the file), ranges on
 * every download (media, template disks, descriptors) as curl and wget resume them, two PUTs of one upload
 * file at once, and a fault rule matching a download.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { login, xml, findLink } from '../support/sim.js';
import { catalogOnSocket, getXml, waitTask, type Client } from '../support/vcd.js';
import { bytes, ovfDescriptor } from '../support/ovf.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';
import type { Config } from '../../src/config.js';

let sim: Simulator;
let c: Client;
let token: string;
let url: string;
let catalog: any;

async function setup(overrides: Partial<Config> = {}) {
  ({ sim, url, token, c, catalog } = await catalogOnSocket('carol', 'acme', 'acme-catalog', overrides));
}
afterEach(() => sim.stop());

const SLOW = 60_000;
const files = (e: any) => [].concat(e.Files?.File ?? []) as any[];
const linkOf = (f: any, rel: string) => ([].concat(f.Link ?? []).find((l: any) => l.rel === rel) as any)?.href as string | undefined;
const path = (href: string) => new URL(href, url).pathname;

interface Answer { status: number | string; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** A request over a real connection (a fault may drop it); `body` may come in timed pieces. */
function send(method: string, href: string, headers: Record<string, string> = {}, body?: Buffer | (() => AsyncIterable<Buffer>), asUser = token): Promise<Answer> {
  return new Promise((resolve) => {
    const req = httpRequest(`${url}${path(href)}`, { method, headers: { Authorization: `Bearer ${asUser}`, ...headers }, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ status: e.code ?? e.message, headers: {}, body: Buffer.alloc(0) }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: e.code ?? e.message, headers: {}, body: Buffer.alloc(0) }));
    if (typeof body === 'function') {
      void (async () => {
        for await (const piece of body()) req.write(piece);
        req.end();
      })();
    } else req.end(body);
  });
}
const get = (href: string, headers: Record<string, string> = {}) => send('GET', href, headers);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A media uploaded into acme-catalog: its href. */
async function uploadMedia(name: string, data: Buffer): Promise<string> {
  const res = await c.post(findLink(catalog, 'add', MT.media).href).set('Content-Type', MT.media)
    .send(`<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}" imageType="iso" size="${data.length}"><Description>an ISO</Description></Media>`);
  expect(res.status).toBe(201);
  const href = xml(res.text).doc.Entity.href as string;
  const m = await getXml(c, href);
  expect((await send('PUT', linkOf(files(m)[0], 'upload:default')!, { 'Content-Length': String(data.length) }, data)).status).toBe(200);
  expect((await getXml(c, href)).status).toBe('1');
  return href;
}

/** Follows the `enable` link as govcd and pyvcloud do and waits for the task; the document after. */
async function enable(href: string) {
  const res = await c.post(findLink(await getXml(c, href), 'enable').href);
  expect(res.status).toBe(202);
  const task = xml(res.text).doc;
  expect(task.operationName).toBe(href.includes('/media/') ? 'catalogItemEnableDownload' : 'vdcEnableDownload');
  expect((await waitTask(sim, c, task.href)).status).toBe('success');
  return getXml(c, href);
}

/** The Range cases every download answers alike. */
async function expectRanges(href: string, whole: Buffer) {
  const size = whole.length;
  const full = await get(href);
  expect(full).toMatchObject({ status: 200, headers: { 'accept-ranges': 'bytes', 'content-length': String(size) } });
  expect(full.body.equals(whole)).toBe(true);
  const cases: [string, number, number][] = [['bytes=0-99', 0, 99], [`bytes=100-`, 100, size - 1], ['bytes=-50', size - 50, size - 1], [`bytes=10-${size + 1000}`, 10, size - 1], [`bytes=${size - 1}-${size - 1}`, size - 1, size - 1]];
  for (const [range, first, last] of cases) {
    const part = await get(href, { Range: range });
    expect({ range, status: part.status, contentRange: part.headers['content-range'], length: part.headers['content-length'] })
      .toEqual({ range, status: 206, contentRange: `bytes ${first}-${last}/${size}`, length: String(last - first + 1) });
    expect(part.body.equals(whole.subarray(first, last + 1))).toBe(true);
  }
  for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 10}`, 'bytes=-0']) {
    const out = await get(href, { Range: range });
    expect({ range, status: out.status, contentRange: out.headers['content-range'] }).toEqual({ range, status: 416, contentRange: `bytes */${size}` });
  }
  // Several ranges, another unit, or an If-Range: the whole file, as many servers answer.
  for (const headers of [{ Range: 'bytes=0-1,5-9' } as Record<string, string>, { Range: 'items=0-1' }, { Range: 'bytes=0-9', 'If-Range': '"x"' }]) {
    const out = await get(href, headers);
    expect(out.status).toBe(200);
    expect(out.body.length).toBe(size);
  }
  // A resumed download (curl -C -, wget -c): the first part, then the rest from where it stopped.
  const rest = await get(href, { Range: `bytes=${Math.floor(size / 3)}-` });
  expect(Buffer.concat([whole.subarray(0, Math.floor(size / 3)), rest.body]).equals(whole)).toBe(true);
}

describe('media download', () => {
  it('enables a media\'s download (a task), lists its file with a download:default link, and serves the uploaded bytes from --content-dir with ranges', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcdsim-media-dl-'));
    try {
      await setup({ contentDir: dir });
      const data = bytes(20_000, 3);
      const href = await uploadMedia('dl.iso', data);
      const id = href.split('/media/')[1];
      const before = await getXml(c, href);
      expect(before.Files).toBeUndefined();
      expect(findLink(before, 'enable').href).toBe(`${href}/action/enableDownload`);
      expect((await get(`/transfer/${id}/file`)).status).toBe(404);

      const m = await enable(href);
      expect(files(m).map((f) => [f.name, f.size])).toEqual([['file', '20000']]);
      const fileHref = linkOf(files(m)[0], 'download:default')!;
      expect(fileHref).toBe(`${c.base}/transfer/${id}/file`);
      expect(findLink(m, 'download:default').href).toBe(fileHref);
      expect(findLink(m, 'enable')).toBeDefined();
      await expectRanges(fileHref, data);
      expect((await get(fileHref.replace(/file$/, 'other'))).status).toBe(404);
      const gina = await login(sim, 'gina', 'globex');
      expect((await send('GET', fileHref, {}, undefined, gina)).status).toBe(403);
      expect((await c.post(`${href}/action/enableDownload`).set('Authorization', `Bearer ${gina}`)).status).toBe(403);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SLOW);

  it('serves zeros of the media\'s size without --content-dir; refuses enableDownload while the media uploads', async () => {
    await setup();
    const res = await c.post(findLink(catalog, 'add', MT.media).href).set('Content-Type', MT.media)
      .send('<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="pending.iso" imageType="iso" size="100"/>');
    const pending = xml(res.text).doc.Entity.href as string;
    const refused = await c.post(`${pending}/action/enableDownload`);
    expect(refused.status).toBe(400);
    expect(xml(refused.text).root).toBe('Error');

    const href = await uploadMedia('zeros.iso', bytes(7_000, 5));
    const m = await enable(href);
    await expectRanges(linkOf(files(m)[0], 'download:default')!, Buffer.alloc(7_000));
  }, SLOW);
});

describe('ranges on template downloads', () => {
  it('answers ranges of a template\'s descriptor and disk file', async () => {
    await setup();
    const create = await c.post(findLink(catalog, 'add', MT.uploadVAppTemplateParams).href).set('Content-Type', MT.uploadVAppTemplateParams)
      .send('<UploadVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="ranged"/>');
    const href = xml(create.text).doc.Entity.href as string;
    await c.put(linkOf(files(await getXml(c, href))[0], 'upload:default')!).set('Content-Type', 'text/xml').send(ovfDescriptor({ diskBytes: 4096 }));
    expect((await send('PUT', linkOf(files(await getXml(c, href))[1], 'upload:default')!, {}, bytes(4096, 1))).status).toBe(200);
    const t = await enable(href);
    const descriptorHref = findLink(t, 'download:default', 'text/xml').href;
    const ovf = (await get(descriptorHref)).body;
    await expectRanges(descriptorHref, ovf);
    await expectRanges(linkOf(files(t)[1], 'download:default')!, Buffer.alloc(4096));
  }, SLOW);
});

describe('two PUTs of one upload file at once', () => {
  it('runs them one after the other: the bytes never interleave, the count and checksum stay right', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcdsim-put-twice-'));
    try {
      await setup({ contentDir: dir });
      const data = bytes(64 * 1024, 7);
      const half = data.length / 2;
      const res = await c.post(findLink(catalog, 'add', MT.media).href).set('Content-Type', MT.media)
        .send(`<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="twice.iso" imageType="iso" size="${data.length}"/>`);
      const href = xml(res.text).doc.Entity.href as string;
      const put = linkOf(files(await getXml(c, href))[0], 'upload:default')!;
      const id = href.split('/media/')[1];
      const slow = (from: number, to: number) => async function* () {
        yield data.subarray(from, from + 1024);
        await sleep(300);
        yield data.subarray(from + 1024, to);
      };
      const range = (from: number, to: number) => ({ 'Content-Range': `bytes ${from}-${to - 1}/${data.length}`, 'Content-Length': String(to - from) });
      // The first half starts, the second half arrives while it runs (alone, it would start beyond what arrived:
      // 416), and the first half is sent once more by a client retrying: all three land in order.
      const first = send('PUT', put, range(0, half), slow(0, half));
      await sleep(100);
      const second = send('PUT', put, range(half, data.length), data.subarray(half));
      const again = send('PUT', put, range(0, half), slow(0, half));
      expect((await Promise.all([first, second, again])).map((a) => a.status)).toEqual([200, 200, 400]);
      const m = await getXml(c, href);
      expect(m.status).toBe('1');
      expect(readFileSync(join(dir, id, 'file')).equals(data)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SLOW);
});

describe('faults on downloads', () => {
  it('a reset rule on GET /transfer/… drops the download; the client\'s retry gets the file', async () => {
    await setup();
    const href = await uploadMedia('reset.iso', bytes(5_000));
    const m = await enable(href);
    const fileHref = linkOf(files(m)[0], 'download:default')!;
    const rule = await c.post('/_vcdsim/faults').set('Content-Type', 'application/json')
      .send({ id: 'dl-reset', count: 1, action: { type: 'reset' }, match: { method: 'GET', path: '/transfer/*/file' } });
    expect(rule.status).toBeLessThan(300);
    expect((await get(fileHref)).status).toBe('ECONNRESET');
    const retry = await get(fileHref, { Range: 'bytes=0-' });
    expect(retry.status).toBe(206);
    expect(retry.body.length).toBe(5_000);
  }, SLOW);

  it('a truncate rule cuts the download after N bytes, all of which arrive; the client resumes with a Range', async () => {
    await setup();
    const size = 600_000; // more than a socket's send buffer: a close after the cut must not lose bytes still in it
    const href = await uploadMedia('cut.iso', bytes(size));
    const fileHref = linkOf(files(await enable(href))[0], 'download:default')!;
    sim.faults.add({ id: 'dl-cut', count: 1, action: { type: 'truncate', afterBytes: 250_000 }, match: { method: 'GET', path: '/transfer/*/file' } });
    const cut = await new Promise<{ length?: string; got: Buffer; error?: string }>((resolve) => {
      httpRequest(`${url}${path(fileHref)}`, { headers: { Authorization: `Bearer ${token}` }, agent: false }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('end', () => resolve({ length: res.headers['content-length'], got: Buffer.concat(parts) }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ length: res.headers['content-length'], got: Buffer.concat(parts), error: e.message }));
      }).end();
    });
    expect(cut).toMatchObject({ length: String(size), error: 'aborted' });
    expect(cut.got).toEqual(Buffer.alloc(250_000));
    const rest = await get(fileHref, { Range: `bytes=${cut.got.length}-` });
    expect([rest.status, rest.body.length]).toEqual([206, size - 250_000]);
    const logged = sim.faults.requestLog.since(0, 2000).entries.find((e) => e.fault === 'dl-cut');
    expect(logged).toMatchObject({ method: 'GET', status: 200, outcome: 'truncated' });
    // An answer no longer than the cut goes out whole.
    sim.faults.add({ id: 'short', count: 1, action: { type: 'truncate', afterBytes: size }, match: { method: 'GET', path: '/transfer/*/file' } });
    expect((await get(fileHref)).body.length).toBe(size);
  }, SLOW);

  it('a task-stall rule on catalogItemEnableDownload holds the media\'s enableDownload; no file until it ends', async () => {
    await setup();
    const href = await uploadMedia('stall.iso', bytes(1_000));
    const rule = await c.post('/_vcdsim/faults').set('Content-Type', 'application/json')
      .send({ id: 'dl-stall', action: { type: 'task-stall', for: '2m' }, match: { operation: 'catalogItemEnableDownload' } });
    expect(rule.status).toBeLessThan(300);
    const res = await c.post(`${href}/action/enableDownload`);
    const taskHref = xml(res.text).doc.href as string;
    sim.clock.advance(60_000);
    expect(xml((await c.get(taskHref)).text).doc.status).toBe('running');
    expect((await getXml(c, href)).Files).toBeUndefined();
    expect((await get(`/transfer/${href.split('/media/')[1]}/file`)).status).toBe(404);
    expect((await waitTask(sim, c, taskHref)).status).toBe('success');
    expect(files(await getXml(c, href))).toHaveLength(1);
  }, SLOW);
});
