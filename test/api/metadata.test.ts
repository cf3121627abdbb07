/** Metadata on entities as clients use it: read, merge, set and delete keys, typed values, domains and visibility. */
import { newSim, login, client, xml, findLink, JSON_ACCEPT } from '../support/sim.js';
import { getXml, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
let alice: Client;
let bob: Client;
let dave: Client;
let admin: Client;
let orgAdmin: Client;
let gina: Client;
const id: Record<string, string> = {};

beforeAll(async () => {
  sim = await newSim({ fixture: 'test/fixtures/metadata.yaml' });
  alice = client(sim, await login(sim, 'alice', 'acme'));
  bob = client(sim, await login(sim, 'bob', 'acme'));
  dave = client(sim, await login(sim, 'dave', 'acme'));
  orgAdmin = client(sim, await login(sim, 'acme-admin', 'acme'));
  admin = client(sim, await login(sim, 'administrator', 'System'));
  gina = client(sim, await login(sim, 'gina', 'globex'));
  for (const kind of ['org', 'vdc', 'vApp', 'vm', 'catalog', 'vAppTemplate', 'network', 'catalogItem'] as const) {
    for (const e of sim.world.store.all(kind)) id[`${kind}:${e.name}`] = e.id;
  }
});

const vappHref = () => `/api/vApp/vapp-${id['vApp:web']}`;
const entries = (doc: Record<string, any>) => {
  const list = doc.MetadataEntry === undefined ? [] : Array.isArray(doc.MetadataEntry) ? doc.MetadataEntry : [doc.MetadataEntry];
  return Object.fromEntries(list.map((e: any) => [`${e.Domain['#text']}/${e.Key}`, { type: e.TypedValue['xsi:type'], value: e.TypedValue.Value, visibility: e.Domain.visibility }]));
};

function valueBody(type: string, value: string, domain = 'GENERAL', visibility = 'READWRITE') {
  return `<MetadataValue xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Domain visibility="${visibility}">${domain}</Domain><TypedValue xsi:type="${type}"><Value>${value}</Value></TypedValue></MetadataValue>`;
}

async function accepted(res: { status: number; text: string }, c: Client) {
  if (res.status !== 202) throw new Error(`expected 202, got ${res.status}: ${res.text}`);
  const task = await waitTask(sim, c, xml(res.text).doc.href);
  expect(task.status).toBe('success');
  return task;
}

describe('reading', () => {
  it('serves the fixture metadata with typed values, domains, links and the add link', async () => {
    const vapp = await getXml(alice, vappHref());
    const res = await alice.get(findLink(vapp, 'down', MT.metadata).href);
    expect(res.status).toBe(200);
    const { root, doc } = xml(res.text);
    expect(root).toBe('Metadata');
    expect(entries(doc)).toEqual({
      'GENERAL/env': { type: 'MetadataStringValue', value: 'prod', visibility: 'READWRITE' },
      'GENERAL/replicas': { type: 'MetadataNumberValue', value: '3', visibility: 'READWRITE' },
      'GENERAL/critical': { type: 'MetadataBooleanValue', value: 'true', visibility: 'READWRITE' },
      'GENERAL/since': { type: 'MetadataDateTimeValue', value: '2024-01-15T10:00:00.000Z', visibility: 'READWRITE' },
    });
    expect(findLink(doc, 'add', MT.metadata).href).toBe(`http://vcd.test${vappHref()}/metadata`);
    expect(findLink(doc, 'up', MT.vApp).href).toBe(`http://vcd.test${vappHref()}`);
    // A user without the edit right gets no add link.
    expect((xml((await dave.get(`${vappHref()}/metadata`)).text).doc.Link as any[]).some((l) => l.rel === 'add')).toBe(false);
  });

  it('hides PRIVATE entries from tenants and shows READONLY ones', async () => {
    const tenant = entries(xml((await orgAdmin.get(`/api/admin/vdc/${id['vdc:acme-vdc']}/metadata`)).text).doc);
    expect(Object.keys(tenant).sort()).toEqual(['GENERAL/cost-center', 'SYSTEM/tier']);
    const sys = entries(xml((await admin.get(`/api/admin/vdc/${id['vdc:acme-vdc']}/metadata`)).text).doc);
    expect(sys['SYSTEM/billing-id']).toEqual({ type: 'MetadataNumberValue', value: '7731', visibility: 'PRIVATE' });
    expect((await orgAdmin.get(`/api/vdc/${id['vdc:acme-vdc']}/metadata/SYSTEM/billing-id`)).status).toBe(403);
    expect((await admin.get(`/api/vdc/${id['vdc:acme-vdc']}/metadata/SYSTEM/billing-id`)).status).toBe(200);
  });

  it('reads one key as a MetadataValue (GENERAL with or without the domain in the path), in XML and JSON', async () => {
    const res = await alice.get(`${vappHref()}/metadata/GENERAL/replicas`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.vmware\.vcloud\.metadata\.value\+xml/);
    const { root, doc } = xml(res.text);
    expect(root).toBe('MetadataValue');
    expect(doc.TypedValue).toMatchObject({ 'xsi:type': 'MetadataNumberValue', Value: '3' });
    expect(findLink(doc, 'remove').href).toBe(`http://vcd.test${vappHref()}/metadata/replicas`);
    const json = await alice.get(`${vappHref()}/metadata/replicas`).set('Accept', JSON_ACCEPT);
    expect(JSON.parse(json.text)).toMatchObject({ domain: { value: 'GENERAL', visibility: 'READWRITE' }, typedValue: { _type: 'MetadataNumberValue', value: '3' } });
    expect(JSON.parse(json.text).typedValue.type).toBeUndefined();
  });

  it('answers 403 for an unknown key, and for another tenant\'s entity', async () => {
    expect((await alice.get(`${vappHref()}/metadata/nope`)).status).toBe(403);
    expect((await gina.get(`${vappHref()}/metadata`)).status).toBe(403);
    expect((await gina.get(`${vappHref()}/metadata/env`)).status).toBe(403);
  });
});

describe('writing', () => {
  it('merges a Metadata document (202 + Task), keeping other keys', async () => {
    const href = `${vappHref()}/metadata`;
    const body = `<Metadata xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
      <MetadataEntry type="xs:string"><Domain visibility="READWRITE">GENERAL</Domain><Key>env</Key><TypedValue xsi:type="MetadataStringValue"><Value>staging</Value></TypedValue></MetadataEntry>
      <MetadataEntry><Key>owner</Key><TypedValue xsi:type="MetadataStringValue"><Value>alice</Value></TypedValue></MetadataEntry>
    </Metadata>`;
    const res = await alice.post(href).set('Content-Type', MT.metadata).send(body);
    const task = await accepted(res, alice);
    expect(task.operationName).toBe('metadataUpdate');
    const after = entries(xml((await alice.get(href)).text).doc);
    expect(after['GENERAL/env'].value).toBe('staging');
    expect(after['GENERAL/owner'].value).toBe('alice');
    expect(after['GENERAL/replicas'].value).toBe('3');
  });

  it('sets and deletes one key on a VM (PUT and DELETE: 202 + Task)', async () => {
    const href = `/api/vApp/vm-${id['vm:web-01']}/metadata/weight`;
    await accepted(await alice.put(href).set('Content-Type', MT.metadataValue).send(valueBody('MetadataNumberValue', '42')), alice);
    expect(xml((await alice.get(href)).text).doc.TypedValue.Value).toBe('42');
    expect(sim.world.store.get('vm', id['vm:web-01'])!.metadata).toContainEqual(
      { domain: 'GENERAL', visibility: 'READWRITE', key: 'weight', type: 'MetadataNumberValue', value: '42' });
    const task = await accepted(await alice.delete(href), alice);
    expect(task.operationName).toBe('metadataDelete');
    expect((await alice.get(href)).status).toBe(403);
  });

  it('takes JSON bodies', async () => {
    const href = `${vappHref()}/metadata/json-key`;
    const res = await alice.put(href).set('Accept', JSON_ACCEPT).set('Content-Type', 'application/vnd.vmware.vcloud.metadata.value+json')
      .send({ domain: { value: 'GENERAL', visibility: 'READWRITE' }, typedValue: { _type: 'MetadataBooleanValue', value: 'false' } });
    expect(res.status).toBe(202);
    await waitTask(sim, alice, JSON.parse(res.text).href);
    expect(xml((await alice.get(href)).text).doc.TypedValue).toMatchObject({ 'xsi:type': 'MetadataBooleanValue', Value: 'false' });
  });

  it('lets a system administrator write SYSTEM entries, which tenants then read but cannot change', async () => {
    const href = `${vappHref()}/metadata/SYSTEM/sla`;
    await accepted(await admin.put(href).set('Content-Type', MT.metadataValue).send(valueBody('MetadataStringValue', 'gold', 'SYSTEM', 'READONLY')), admin);
    const seen = xml((await alice.get(href)).text).doc;
    expect(seen.Domain).toMatchObject({ '#text': 'SYSTEM', visibility: 'READONLY' });
    expect((seen.Link as any[]).some((l) => l.rel === 'remove')).toBe(false);
    const put = await alice.put(href).set('Content-Type', MT.metadataValue).send(valueBody('MetadataStringValue', 'tin', 'SYSTEM', 'READONLY'));
    expect(put.status).toBe(403);
    expect(xml(put.text).doc.minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    expect((await alice.delete(href)).status).toBe(403);
    await accepted(await admin.delete(href), admin);
  });

  it('refuses values of the wrong type, unknown types and SYSTEM READWRITE with 400, creating nothing', async () => {
    const href = `${vappHref()}/metadata/bad`;
    for (const body of [
      valueBody('MetadataNumberValue', 'twelve'), valueBody('MetadataNumberValue', '1.5'), valueBody('MetadataBooleanValue', 'yes'),
      valueBody('MetadataDateTimeValue', 'yesterday'), valueBody('MetadataFooValue', 'x'),
    ]) {
      const res = await alice.put(href).set('Content-Type', MT.metadataValue).send(body);
      expect(res.status).toBe(400);
      expect(xml(res.text).doc.minorErrorCode).toBe('BAD_REQUEST');
    }
    const sysRw = await admin.put(`${vappHref()}/metadata/SYSTEM/bad`).set('Content-Type', MT.metadataValue)
      .send(valueBody('MetadataStringValue', 'x', 'SYSTEM', 'READWRITE'));
    expect(sysRw.status).toBe(400);
    expect(xml(sysRw.text).doc.message).toMatch(/visibility$/);
    expect((await alice.get(href)).status).toBe(403);
  });

  it('requires the edit right of the kind', async () => {
    const res = await dave.put(`${vappHref()}/metadata/x`).set('Content-Type', MT.metadataValue).send(valueBody('MetadataStringValue', 'x'));
    expect(res.status).toBe(403);
    expect((await gina.put(`${vappHref()}/metadata/x`).set('Content-Type', MT.metadataValue).send(valueBody('MetadataStringValue', 'x'))).status).toBe(403);
    // bob (vApp User) may edit vApp properties, hence its metadata.
    await accepted(await bob.put(`${vappHref()}/metadata/x`).set('Content-Type', MT.metadataValue).send(valueBody('MetadataStringValue', 'x')), bob);
  });

  it('writes org, VDC, catalog and network metadata through the admin hrefs; the tenant hrefs only read', async () => {
    for (const [path, kind] of [['org', 'org:acme'], ['vdc', 'vdc:acme-vdc'], ['catalog', 'catalog:acme-catalog'], ['network', 'network:acme-web']]) {
      const tenantHref = `/api/${path}/${id[kind]}/metadata/k`;
      expect((await orgAdmin.put(tenantHref).set('Content-Type', MT.metadataValue).send(valueBody('MetadataStringValue', 'v'))).status).toBe(405);
      await accepted(await orgAdmin.put(`/api/admin/${path}/${id[kind]}/metadata/k`).set('Content-Type', MT.metadataValue).send(valueBody('MetadataStringValue', 'v')), orgAdmin);
      expect(xml((await orgAdmin.get(tenantHref)).text).doc.TypedValue.Value).toBe('v');
    }
    // vApp authors are not administrators: the admin hrefs are closed to them.
    expect((await alice.get(`/api/admin/vdc/${id['vdc:acme-vdc']}/metadata`)).status).toBe(403);
  });

  it('sets catalog item and vApp template metadata on their own hrefs', async () => {
    for (const href of [`/api/catalogItem/${id['catalogItem:ubuntu']}`, `/api/vAppTemplate/vappTemplate-${id['vAppTemplate:ubuntu']}`]) {
      await accepted(await alice.put(`${href}/metadata/checked`).set('Content-Type', MT.metadataValue).send(valueBody('MetadataBooleanValue', 'true')), alice);
    }
    expect(entries(xml((await alice.get(`/api/vAppTemplate/vappTemplate-${id['vAppTemplate:ubuntu']}/metadata`)).text).doc)['GENERAL/os'].value).toBe('linux');
  });
});

describe('queries', () => {
  const q = async (c: Client, url: string) => {
    const res = await c.get(url);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text}`);
    return xml(res.text).doc;
  };
  const names = (doc: Record<string, any>, el: string) => (doc[el] ?? []).map((r: any) => r.name).sort();

  it('filters by typed metadata values', async () => {
    expect(names(await q(alice, '/api/query?type=vApp&filter=metadata:env==STRING:dev'), 'VAppRecord')).toEqual(['batch']);
    expect(names(await q(alice, '/api/query?type=vApp&filter=metadata:replicas=ge=NUMBER:2'), 'VAppRecord')).toEqual(['web']);
    expect(names(await q(alice, '/api/query?type=vApp&filter=metadata:replicas==NUMBER:1;name==batch'), 'VAppRecord')).toEqual(['batch']);
    expect(names(await q(alice, '/api/query?type=vm&filter=metadata:role==STRING:front*'), 'VMRecord')).toEqual(['web-01']);
    expect(names(await q(admin, '/api/query?type=adminOrgVdc&filter=metadata@SYSTEM:tier==STRING:gold'), 'AdminVdcRecord')).toEqual(['acme-vdc']);
    // Tenants cannot match on what they cannot see.
    expect((await q(orgAdmin, '/api/query?type=orgVdc&filter=metadata@SYSTEM:billing-id==NUMBER:7731')).total).toBe('0');
    expect(names(await q(admin, '/api/query?type=orgVdc&filter=metadata@SYSTEM:billing-id==NUMBER:7731'), 'OrgVdcRecord')).toEqual(['acme-vdc']);
  });

  it('refuses a badly typed filter value with 400', async () => {
    expect((await alice.get('/api/query?type=vApp&filter=metadata:replicas==NUMBER:many')).status).toBe(400);
    expect((await alice.get('/api/query?type=vApp&filter=metadata:replicas==WEIRD:1')).status).toBe(400);
  });

  it('returns metadata fields in records', async () => {
    const doc = await q(alice, '/api/query?type=vApp&filter=name==batch&fields=name,metadata:env,metadata:replicas,');
    const rec = doc.VAppRecord[0];
    const list = Array.isArray(rec.Metadata.MetadataEntry) ? rec.Metadata.MetadataEntry : [rec.Metadata.MetadataEntry];
    expect(list.map((e: any) => [e.Key, e.TypedValue['xsi:type'], e.TypedValue.Value])).toEqual([
      ['env', 'MetadataStringValue', 'dev'], ['replicas', 'MetadataNumberValue', '1'],
    ]);
  });
});
