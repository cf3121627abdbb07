/**
 * Hostile input: each kind gets a 4xx VCD Error and the server stays up, and a property-based fuzz run
 * throws generated bodies, query strings and headers at every route.
 */
import request from 'supertest';
import fc from 'fast-check';
import { newSim, login, client, xml, XML } from '../support/sim.js';
import { findInventory, instantiate, instantiateBody, waitTask } from '../support/vcd.js';
import { routesOf } from '../support/routes.js';
import { checkInvariants } from '../support/invariants.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
let token: string;
let vappHref: string;
let vmHref: string;
let vdcHref: string;

beforeAll(async () => {
  sim = await newSim();
  token = await login(sim, 'acme-admin', 'acme');
  const c = client(sim, token);
  const { vdc, template } = await findInventory(c, 'acme-vdc', 'three-tier-app');
  const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'fuzzed', template }))).text).doc;
  await waitTask(sim, c, vapp.Tasks.Task[0].href);
  vappHref = vapp.href;
  vmHref = vapp.Children.Vm[0].href;
  vdcHref = vdc.href;
});

/** A VCD Error document in XML or JSON, with no stack trace or local path in it. */
function expectCleanError(res: request.Response, where: string): void {
  expect([where, res.status >= 400 && res.status < 500]).toEqual([where, true]);
  const isJson = /json/.test(String(res.headers['content-type']));
  if (isJson) expect([where, typeof res.body.minorErrorCode]).toEqual([where, 'string']);
  else expect([where, xml(res.text).root]).toEqual([where, 'Error']);
  expect([where, /\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+/.test(res.text)]).toEqual([where, false]);
}

describe('hostile input', () => {
  const post = (path: string, contentType: string, body: string | Buffer) =>
    request(sim.app).post(path.replace('http://vcd.test', '')).set('Host', 'vcd.test').set('Accept', XML)
      .set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(body);
  const instantiatePath = () => `${vdcHref}/action/instantiateVAppTemplate`;
  const T = MT.instantiateVAppTemplateParams;

  it.each([
    ['an external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><InstantiateVAppTemplateParams name="&x;"/>'],
    ['entity expansion (billion laughs)', `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><InstantiateVAppTemplateParams name="&c;"/>`],
    ['deep nesting', `<InstantiateVAppTemplateParams name="x">${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</InstantiateVAppTemplateParams>`],
    ['malformed XML', '<InstantiateVAppTemplateParams name="x"><Source></InstantiateVAppTemplateParams>'],
    ['the wrong root element', '<ComposeVAppParams name="x"/>'],
    ['a missing Source', '<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="x"/>'],
    ['invalid UTF-8', Buffer.from([0x3c, 0x61, 0x20, 0x6e, 0x3d, 0x22, 0xff, 0xfe, 0x22, 0x2f, 0x3e])],
    ['an empty body', ''],
  ])('refuses %s with a 4xx Error document', async (_what, body) => {
    const res = await post(instantiatePath(), T, body);
    expectCleanError(res, String(_what));
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await post(instantiatePath(), T, `<InstantiateVAppTemplateParams name="${'x'.repeat(2 * 1024 * 1024)}"/>`);
    expect(res.status).toBe(413);
    expectCleanError(res, 'oversized');
  });

  it('refuses a body of an unknown media type with 415', async () => {
    const res = await post(instantiatePath(), 'text/plain', 'hello');
    expect(res.status).toBe(415);
    expectCleanError(res, 'text/plain');
  });

  it.each([
    ['negative CPUs', '<rasd:VirtualQuantity>-2</rasd:VirtualQuantity>', 'cpu'],
    ['absurd CPUs', '<rasd:VirtualQuantity>100000</rasd:VirtualQuantity>', 'cpu'],
    ['fractional CPUs', '<rasd:VirtualQuantity>1.5</rasd:VirtualQuantity>', 'cpu'],
    ['absurd memory', '<rasd:VirtualQuantity>999999999999</rasd:VirtualQuantity>', 'memory'],
    ['memory not a multiple of 4 MB', '<rasd:VirtualQuantity>1023</rasd:VirtualQuantity>', 'memory'],
  ])('refuses %s', async (_what, quantity, item) => {
    const res = await request(sim.app).put(`${vmHref.replace('http://vcd.test', '')}/virtualHardwareSection/${item}`).set('Host', 'vcd.test')
      .set('Accept', XML).set('Authorization', `Bearer ${token}`).set('Content-Type', MT.rasdItem)
      .send(`<Item xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">${quantity}</Item>`);
    expect(res.status).toBe(400);
    expectCleanError(res, String(_what));
  });

  it('answers invalid ids with 403 and unknown fields are ignored', async () => {
    const c = client(sim, token);
    for (const href of ['/api/vdc/not-a-uuid', '/api/vApp/vapp-../../etc', '/api/task/%00', '/api/vApp/vm-%ff']) {
      expectCleanError(await c.get(href), href);
    }
    const renamed = await c.put(vappHref).set('Content-Type', MT.vApp)
      .send('<VApp xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:py="http://codespeak.net/lxml/objectify/pytype" py:pytype="str" name="fuzzed" unknown="1"><Unknown/></VApp>');
    expect(renamed.status).toBe(202);
  });

  it('survives huge headers', async () => {
    const res = await request(sim.app).get('/api/versions').set('X-Junk', 'x'.repeat(12_000));
    expect(res.status).toBe(200);
  });
});

describe('fuzz', () => {
  it('no generated request makes the server fail, leak internals or break its invariants', async () => {
    const routes = routesOf(sim.express).filter((r) => /^\/(api|cloudapi)\//.test(r.path));
    const ids: Record<string, string> = {
      vApp: vappHref.split('vapp-')[1], vm: vmHref.split('vm-')[1], vdc: vdcHref.split('/').pop()!,
    };
    const concrete = routes.map((r) => ({
      method: r.method,
      path: r.path
        .replace('vapp-:id', `vapp-${ids.vApp}`).replace('vm-:id', `vm-${ids.vm}`).replace('/vdc/:id', `/vdc/${ids.vdc}`)
        .replace(/:(\w+)/g, 'x'),
    }));
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.constantFrom('<VApp/>', '<Vm name=""/>', '<InstantiateVAppTemplateParams name="a"><Source href="x"/></InstantiateVAppTemplateParams>',
        '<UndeployVAppParams><UndeployPowerAction>zap</UndeployPowerAction></UndeployVAppParams>', '<Item><rasd:VirtualQuantity>0</rasd:VirtualQuantity></Item>',
        '<RecomposeVAppParams><DeleteItem href="/api/vApp/vm-00000000-0000-4000-8000-000000000000"/></RecomposeVAppParams>'),
      fc.string().map((s) => `<Vm name="${s.replace(/["<&]/g, '')}"><${'a'}>${s.replace(/[<&]/g, '')}</a></Vm>`),
    );
    const contentTypes = fc.constantFrom('application/*+xml', MT.vm, 'application/json', 'application/vnd.vmware.vcloud.vm+json', 'text/plain', '');
    const accepts = fc.constantFrom(XML, 'application/*+json;version=37.0', 'application/*+xml;version=1.0', '*/*', 'garbage', 'application/json;version=38.1');
    const queries = fc.dictionary(fc.constantFrom('force', 'recursive', 'page', 'pageSize', 'filter', 'x'), fc.string(), { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...concrete), bodies, contentTypes, accepts, queries, async (route, body, type, accept, query) => {
        let req = (request(sim.app) as unknown as Record<string, (p: string) => request.Test>)[route.method.toLowerCase()](route.path)
          .set('Accept', accept).set('Authorization', `Bearer ${token}`).query(query);
        if (route.method !== 'GET' && route.method !== 'DELETE') {
          if (type) req = req.set('Content-Type', type);
          req = req.send(typeof body === 'string' ? body : JSON.stringify(body));
        }
        const res = await req;
        const where = `${route.method} ${route.path}`;
        expect([where, res.status < 500]).toEqual([where, true]);
        if (res.status >= 400) expectCleanError(res, where);
        sim.clock.advance(5000);
      }),
      { numRuns: 400, seed: 20261123 },
    );
    sim.clock.advance(3_600_000);
    expect(checkInvariants(sim)).toEqual([]);
  });
});
