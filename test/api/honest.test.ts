/**
 * What the simulator says about itself and about bad requests: every answer on a known route is counted
 * under that route whatever its status, and each class of invalid request is refused in VCD's words
 * (what was expected, and where), never a library's.
 */
import request from 'supertest';
import { newSim, login, client, xml } from '../support/sim.js';
import { findInventory } from '../support/vcd.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
afterEach(() => sim.stop());

const counted = async (s: Simulator) => (await request(s.app).get('/_vcdsim/metrics')).text
  .split('\n').filter((l) => l.startsWith('vcdsim_http_requests_total{'));

describe('metrics', () => {
  it('label 401, 405, 406, 415 and fault-injected answers with their route, and only unknown paths as unmatched', async () => {
    sim = await newSim();
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const { vdc } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    const vdcId = String(vdc.href).split('/').pop();
    expect((await request(sim.app).get('/api/org').set('Accept', 'application/*+xml;version=37.0')).status).toBe(401);
    expect((await c.put('/api/org')).status).toBe(405);
    expect((await c.get('/api/org').set('Accept', 'image/png')).status).toBe(406);
    expect((await c.post(`/api/vdc/${vdcId}/action/composeVApp`).set('Content-Type', 'text/plain').send('x')).status).toBe(415);
    sim.faults.add({ id: 'boom', match: { path: '/api/org' }, action: { type: 'error', status: 503 }, count: 1 });
    expect((await c.get('/api/org')).status).toBe(503);
    expect((await c.get('/api/nothing/here')).status).toBe(404);
    const lines = await counted(sim);
    const has = (method: string, route: string, status: number) =>
      expect(lines).toContainEqual(expect.stringContaining(`{method="${method}",route="${route}",status="${status}"}`));
    has('GET', '/api/org', 401);
    has('PUT', '/api/org', 405);
    has('GET', '/api/org', 406);
    has('POST', '/api/vdc/:id/action/composeVApp', 415);
    has('GET', '/api/org', 503);
    has('GET', 'unmatched', 404);
    expect(lines.filter((l) => l.includes('route="unmatched"'))).toHaveLength(1);
  });
});

describe('invalid requests are refused in VCD words', () => {
  const LIBRARY = [/:\d+:\d+/, /\/query\//, /\/params\//, /\/body\//, /:id\b/, /must be integer/, /Invalid '\[/, /does not match the API/];
  const words = (message: string) => {
    for (const p of LIBRARY) expect([message, p]).not.toEqual([message, expect.stringMatching(p)]);
    return message.replace(/^\[ [\w-]+ \] /, '');
  };
  let c: ReturnType<typeof client>;
  let vdcId: string;
  beforeEach(async () => {
    sim = await newSim();
    c = client(sim, await login(sim, 'alice', 'acme'));
    vdcId = String((await findInventory(c, 'acme-vdc', 'ubuntu-22.04')).vdc.href).split('/').pop()!;
  });
  const messageOf = (res: { status: number; text: string }) => words(String(xml(res.text).doc.message));

  it('malformed XML: which element, where', async () => {
    const res = await c.post(`/api/vdc/${vdcId}/action/instantiateVAppTemplate`)
      .set('Content-Type', 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml')
      .send('<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="x"><Source href="x">');
    expect(res.status).toBe(400);
    expect(messageOf(res)).toBe('The request body is not well-formed XML: element <Source> is never closed (the document ends inside <InstantiateVAppTemplateParams> › <Source>).');
    const crossed = await c.post(`/api/vdc/${vdcId}/action/instantiateVAppTemplate`)
      .set('Content-Type', 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml').send('<A>\n  <B></A>');
    expect(messageOf(crossed)).toBe('The request body is not well-formed XML: found </A> at line 2, column 6 where </B> was expected (opened at line 2, column 3).');
  });

  it('query parameters: the parameter, what it must be, what was sent', async () => {
    expect(messageOf(await c.get('/api/query?type=vm&page=abc'))).toBe('Bad request: query parameter "page" must be a whole number, got "abc".');
    expect(messageOf(await c.get('/api/query?type=vm&pageSize=0'))).toBe('Bad request: query parameter "pageSize" must be at least 1, got "0".');
  });

  it('path parameters', async () => {
    const { vapp } = await import('../support/vcd.js').then(async (v) => {
      const { vdc, template } = await v.findInventory(c, 'acme-vdc', 'ubuntu-22.04');
      const created = xml((await v.instantiate(c, vdc, v.instantiateBody({ name: 'p', template, powerOn: false }))).text).doc;
      return { vapp: created };
    });
    const res = await c.post(`${vapp.href}/power/action/levitate`);
    expect(res.status).toBe(400);
    expect(messageOf(res)).toBe('Bad request: the action in the path must be one of powerOn, powerOff, reset, suspend, shutdown, reboot, got "levitate".');
  });

  it('JSON bodies: the property and what it must be', async () => {
    const type = 'application/vnd.vmware.vcloud.composeVAppParams+json';
    expect(messageOf(await c.post(`/api/vdc/${vdcId}/action/composeVApp`).set('Content-Type', type).send({ name: 'x', deploy: 'soon' })))
      .toBe('Bad request: "deploy" in the request body must be true or false.');
    expect(messageOf(await c.post(`/api/vdc/${vdcId}/action/instantiateVAppTemplate`)
      .set('Content-Type', 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+json').send({ name: 'x' })))
      .toBe('Bad request: the request body needs "source".');
    expect(messageOf(await c.post(`/api/vdc/${vdcId}/action/composeVApp`).set('Content-Type', type).send('{"name": ')))
      .toMatch(/^The request body is not valid JSON: unexpected end of JSON input\.$/);
  });

  it('media types: what the operation takes', async () => {
    const res = await c.post(`/api/vdc/${vdcId}/action/composeVApp`).set('Content-Type', 'text/plain').send('x');
    expect(res.status).toBe(415);
    expect(messageOf(res)).toBe('The media type text/plain is not supported by this operation; it takes application/vnd.vmware.vcloud.composeVAppParams+xml or application/vnd.vmware.vcloud.composeVAppParams+json.');
  });

  it('methods and Accept headers', async () => {
    expect(messageOf(await c.put('/api/org'))).toBe('HTTP method PUT is not allowed on /api/org.');
    const json = await c.get('/api/org').set('Accept', 'image/png');
    expect(json.status).toBe(406);
    expect(messageOf(json)).toMatch(/^The request has invalid accept header: image\/png\./);
  });
});
