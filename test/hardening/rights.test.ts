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
  'set vApp metadata': async (c, x) => (await c.put(`${x.vappHref}/metadata/k`).set('Content-Type', MT.metadataValue).send(METADATA_VALUE)).status,
  'set VDC metadata': async (c, x) => (await c.put(`${x.vdcHref.replace('/api/', '/api/admin/')}/metadata/k`).set('Content-Type', MT.metadataValue).send(METADATA_VALUE)).status,
};

// 2xx = allowed; 403 = the role lacks the right. (Where an allowed operation is refused for another
// reason, e.g. deleting a deployed vApp, the expectation says so.)
const MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 200, 'set vApp metadata': 202, 'set VDC metadata': 202 },
  'Catalog Author': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 403, 'set vApp metadata': 202, 'set VDC metadata': 403 },
  'vApp Author': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 403, 'set vApp metadata': 202, 'set VDC metadata': 403 },
  'vApp User': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 403, 'power on': 202, 'change CPU': 403, rename: 202, delete: 403, 'admin view': 403, 'set vApp metadata': 202, 'set VDC metadata': 403 },
  'Console Access Only': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 403, 'view vApp': 200, instantiate: 403, 'power on': 403, 'change CPU': 403, rename: 403, delete: 403, 'admin view': 403, 'set vApp metadata': 403, 'set VDC metadata': 403 },
};
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
    ctx = {
      vdcHref: vdc.href,
      catalogHref: org.Link.find((l: any) => l.type === MT.catalog).href,
      template,
      vappHref: vapp.href,
      vmHref: vapp.Children.Vm[0].href,
      adminOrgHref: org.href.replace('/api/org/', '/api/admin/org/'),
    };
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
