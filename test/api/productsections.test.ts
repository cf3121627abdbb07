/** Product sections (guest properties) of vApps and VMs, read and written as go-vcloud-director and Terraform do. */
import { newSim, login, client, xml, JSON_ACCEPT } from '../support/sim.js';
import { findInventory, getXml, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

const list = (props: string) => `<ProductSectionList xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">
  <ovf:ProductSection><ovf:Info>Custom properties</ovf:Info>${props}</ovf:ProductSection></ProductSectionList>`;
const prop = (key: string, value: string, defaultValue = '') =>
  `<ovf:Property ovf:userConfigurable="true" ovf:type="string" ovf:key="${key}" ovf:value="${defaultValue}"><ovf:Label>${key}</ovf:Label><ovf:Value ovf:value="${value}"/></ovf:Property>`;

let sim: Simulator;
let c: Client;
let vapp: any;

beforeEach(async () => {
  sim = await newSim();
  c = client(sim, await login(sim, 'acme-admin', 'acme'));
  const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
  const created = xml((await instantiate(c, vdc, instantiateBody({ name: 'props', template }))).text).doc;
  await waitTask(sim, c, created.Tasks.Task[0].href);
  vapp = await getXml(c, created.href);
});
afterEach(() => sim.stop());

const properties = (doc: any) => [].concat(doc['ovf:ProductSection']?.['ovf:Property'] ?? []) as any[];

it.each([['vApp', () => vapp.href], ['VM', () => vapp.Children.Vm[0].href]])('a %s\'s guest properties: linked, empty at first, replaced by a PUT as a task', async (_kind, hrefOf) => {
  const href = `${hrefOf()}/productSections`;
  const owner = await getXml(c, hrefOf());
  expect([].concat(owner.Link).some((l: any) => l.rel === 'down' && l.href === href && l.type === MT.productSections)).toBe(true);
  let doc = await getXml(c, href);
  expect(properties(doc)).toEqual([]);

  const put = await c.put(href).set('Content-Type', MT.productSections).send(list(prop('guestinfo.hostname', 'web-01', 'localhost') + prop('role', 'frontend')));
  expect(put.status).toBe(202);
  expect((await waitTask(sim, c, xml(put.text).doc.href)).status).toBe('success');
  doc = await getXml(c, href);
  expect(properties(doc).map((p) => [p['ovf:key'], p['ovf:Value']['ovf:value'], p['ovf:userConfigurable']])).toEqual([
    ['guestinfo.hostname', 'web-01', 'true'], ['role', 'frontend', 'true'],
  ]);
  const json = await client(sim, await login(sim, 'acme-admin', 'acme'), JSON_ACCEPT).get(href);
  expect(json.status).toBe(200);
  // In VCD's JSON the ovf:value attribute is defaultValue, beside the Value element's value.
  expect(json.body.productSection.property[0]).toMatchObject({ key: 'guestinfo.hostname', defaultValue: 'localhost', value: { value: 'web-01' } });

  // An empty list removes them.
  const clear = await c.put(href).set('Content-Type', MT.productSections).send(list(''));
  await waitTask(sim, c, xml(clear.text).doc.href);
  expect(properties(await getXml(c, href))).toEqual([]);
});

it('refuses a property without a key, and a key given twice, changing nothing', async () => {
  const href = `${vapp.Children.Vm[0].href}/productSections`;
  expect((await c.put(href).set('Content-Type', MT.productSections).send(list('<ovf:Property ovf:type="string" ovf:value="x"/>'))).status).toBe(400);
  expect((await c.put(href).set('Content-Type', MT.productSections).send(list(prop('a', '1') + prop('a', '2')))).status).toBe(400);
  expect(properties(await getXml(c, href))).toEqual([]);
});
