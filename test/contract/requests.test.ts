/**
 * Request validation: what breaks the document is a VCD 400 (or 415), and what real clients send —
 * extra query parameters, Python booleans, `;version=` and odd case in Content-Type, no body and no
 * Content-Type on actions — still passes.
 */
import express from 'express';
import request from 'supertest';
import { newSim, login, client, xml, XML } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask } from '../support/vcd.js';
import { requestValidation } from '../../src/contract/requests.js';
import { errorHandler } from '../../src/wire/render.js';
import { MT } from '../../src/wire/media.js';
import type { OpenApiDoc } from '../../src/contract/spec.js';
import type { Config } from '../../src/config.js';

const type = (name: string, format: 'xml' | 'json') => `application/vnd.vmware.vcloud.${name}+${format}`;

async function aliceWithVApp(config: Partial<Config> = {}) {
  const sim = await newSim(config);
  const c = client(sim, await login(sim, 'alice', 'acme'));
  const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
  const created = xml((await instantiate(c, vdc, instantiateBody({ name: 'v', template, powerOn: false }))).text).doc;
  await waitTask(sim, c, created.Tasks.Task[0].href);
  return { sim, c, vdc, template, vapp: created };
}

describe('what the document forbids', () => {
  it('is a 400 BAD_REQUEST Error naming the parameter', async () => {
    const { c, vapp } = await aliceWithVApp();
    const res = await c.delete(`${vapp.href}?force=maybe`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe(`${MT.error};version=37.0`);
    const err = xml(res.text).doc;
    expect(err).toMatchObject({ majorErrorCode: '400', minorErrorCode: 'BAD_REQUEST' });
    expect(err.message).toMatch(/Bad request: query parameter "force" must be true or false, got "maybe"\.$/);
    const action = await c.post(`${vapp.href}/power/action/levitate`);
    expect(action.status).toBe(400);
    expect(xml(action.text).doc.message).toMatch(/Bad request: the action in the path must be one of powerOn, powerOff, reset, suspend, shutdown, reboot, got "levitate"\.$/);
  });

  it('is a 415 for a body type the operation does not take, and a 400 for a JSON body that breaks its schema', async () => {
    const { c, vdc } = await aliceWithVApp();
    const wrongType = await c.post(`${vdc.href}/action/composeVApp`).set('Content-Type', 'text/plain').send('compose please');
    expect(wrongType.status).toBe(415);
    expect(xml(wrongType.text).doc.minorErrorCode).toBe('UNSUPPORTED_MEDIA_TYPE');
    const json = await c.post(`${vdc.href}/action/composeVApp`).set('Content-Type', type('composeVAppParams', 'json')).send({ name: 'x', deploy: 'soon' });
    expect(json.status).toBe(400);
    expect(xml(json.text).doc.message).toMatch(/Bad request: "deploy" in the request body must be true or false\.$/);
  });

  it('can be switched off (--no-request-validation): the resource then judges for itself', async () => {
    const { c, vapp } = await aliceWithVApp({ validateRequests: false });
    const res = await c.delete(`${vapp.href}?force=maybe`);
    expect(res.status).toBe(400);
    expect(xml(res.text).doc.message).toMatch(/"maybe" is not a valid boolean value/);
  });

  it('comes after authentication: no session is still 401', async () => {
    const sim = await newSim();
    const res = await request(sim.app).delete('/api/vApp/vapp-1?force=maybe').set('Accept', XML);
    expect(res.status).toBe(401);
  });
});

describe('what real clients send passes', () => {
  it('pyvcloud: DELETE ?force=False&recursive=False, and parameters the document does not name', async () => {
    const { sim, c, vapp } = await aliceWithVApp();
    expect((await c.get(`${vapp.href}?filterEncoded=true&links=true`)).status).toBe(200);
    const del = await c.delete(`${vapp.href}?force=False&recursive=False`);
    expect(del.status).toBe(202);
    await waitTask(sim, c, xml(del.text).doc.href);
  });

  it('go-vcloud-director: power actions and deploy with no body and no Content-Type, odd case and ;version= in Content-Type', async () => {
    const { sim, c, vapp } = await aliceWithVApp();
    const on = await c.post(`${vapp.href}/power/action/powerOn`);
    expect(on.status).toBe(202);
    await waitTask(sim, c, xml(on.text).doc.href);
    const undeploy = await c.post(`${vapp.href}/action/undeploy`)
      .set('Content-Type', 'application/vnd.vmware.vcloud.UNDEPLOYVAPPPARAMS+XML; version=37.0; charset=utf-8')
      .send('<UndeployVAppParams xmlns="http://www.vmware.com/vcloud/v1.5"><UndeployPowerAction>powerOff</UndeployPowerAction></UndeployVAppParams>');
    expect(undeploy.status).toBe(202);
    await waitTask(sim, c, xml(undeploy.text).doc.href);
    const deploy = await c.post(`${vapp.href}/action/deploy`);
    expect(deploy.status).toBe(202);
    await waitTask(sim, c, xml(deploy.text).doc.href);
    // go's query helper sends a second, malformed Accept entry.
    const twice = await c.get(vapp.href).set('Accept', `${XML}, vnd.vmware.vcloud.org+xml;version=37.0`);
    expect(twice.status).toBe(200);
  });
});

it('hands the resources the query exactly as sent, never the validator\'s coerced copy', async () => {
  const doc = {
    openapi: '3.1.0',
    info: { title: 'echo', version: '1' },
    paths: {
      '/api/echo': {
        get: { parameters: [{ name: 'page', in: 'query', schema: { type: 'integer' } }], responses: { '200': { description: 'the query' } } },
      },
    },
    components: {},
  } as unknown as OpenApiDoc;
  const app = express();
  app.use(requestValidation(doc));
  app.get('/api/echo', (req, res) => res.json(req.query));
  app.use(errorHandler(() => undefined));
  const ok = await request(app).get('/api/echo?page=2&extra=x');
  expect(ok.body).toEqual({ page: '2', extra: 'x' });
  expect((await request(app).get('/api/echo?page=two')).status).toBe(400);
});
