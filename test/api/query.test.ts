/** The query service as clients use it: the QueryList, typed and packaged queries, filters, sorting, paging, tenancy. */
import { newSim, login, client, xml, findLink, JSON_ACCEPT } from '../support/sim.js';
import { MT } from '../../src/wire/media.js';
import { QUERY_TYPES } from '../../src/resources/query/querytypes.js';
import { Status, type Task, type Vm } from '../../src/store/types.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
let alice: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let gina: ReturnType<typeof client>;

beforeAll(async () => {
  sim = await newSim({ fixture: 'test/fixtures/query.yaml' });
  alice = client(sim, await login(sim, 'alice', 'acme'));
  admin = client(sim, await login(sim, 'administrator', 'System'));
  gina = client(sim, await login(sim, 'gina', 'globex'));
});

/** GET, expecting 200 and XML; returns root and document. */
async function query(c: ReturnType<typeof client>, url: string) {
  const res = await c.get(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text}`);
  return { ...xml(res.text), res };
}

const records = (doc: Record<string, any>, element: string): Record<string, string>[] => doc[element] ?? [];
const names = (doc: Record<string, any>, element = 'VMRecord') => records(doc, element).map((r) => r.name);

async function expectBadRequest(c: ReturnType<typeof client>, url: string, message?: RegExp) {
  const res = await c.get(url);
  expect(res.status).toBe(400);
  const err = xml(res.text);
  expect(err.root).toBe('Error');
  expect(err.doc).toMatchObject({ majorErrorCode: '400', minorErrorCode: 'BAD_REQUEST' });
  if (message) expect(err.doc.message).toMatch(message);
}

describe('the QueryList', () => {
  it('links every query type in every format, each href ready for pyvcloud to append &page=…', async () => {
    const session = xml((await alice.get('/api/session')).text).doc;
    const { root, doc, res } = await query(alice, findLink(session, 'down', MT.queryList).href);
    expect(root).toBe('QueryList');
    expect(res.headers['content-type']).toBe('application/vnd.vmware.vcloud.query.queryList+xml;version=37.0');
    const links: { name: string; type: string; href: string }[] = doc.Link;
    const tenantTypes = [...QUERY_TYPES.values()].filter((t) => !t.admin).map((t) => t.name);
    expect(new Set(links.map((l) => l.name))).toEqual(new Set(tenantTypes));
    for (const type of [MT.records, MT.idrecords, MT.references]) {
      const vm = links.find((l) => l.name === 'vm' && l.type === type)!;
      expect(vm.href).toMatch(/\/api\/query\?type=vm&format=(records|idrecords|references)$/);
    }
    // pyvcloud: href + '&page=1' (+ filter), then follows nextPage.
    const href = links.find((l) => l.name === 'vm' && l.type === MT.records)!.href;
    const page = await query(alice, `${href}&page=1&filterEncoded=true&filter=${encodeURIComponent('name==web-0*')}`);
    expect(page.doc.total).toBe('5');

    const adminList = (await query(admin, '/api/query')).doc.Link;
    expect(adminList.some((l: { name: string }) => l.name === 'adminVM')).toBe(true);
  });
});

describe('every query type in every format', () => {
  const types = [...QUERY_TYPES.values()];

  it.each(types.map((t) => [t.name]))('%s answers records, idrecords and references in XML', async (name) => {
    const type = QUERY_TYPES.get(name)!;
    const c = type.admin ? admin : alice;
    const rec = await query(c, `/api/query?type=${name}&format=records&pageSize=128`);
    expect(rec.root).toBe('QueryResultRecords');
    expect(rec.res.headers['content-type']).toBe('application/vnd.vmware.vcloud.query.records+xml;version=37.0');
    expect(rec.doc).toMatchObject({ name, page: '1', pageSize: '128', type: MT.records });
    const found = records(rec.doc, type.record);
    expect(found.length).toBe(Number(rec.doc.total));
    for (const r of found) {
      expect(r.href).toMatch(/^http:\/\/vcd\.test\/api\//);
      expect(r.id).toBeUndefined();
      for (const attr of Object.keys(r)) expect(['href', ...type.fields]).toContain(attr);
    }

    const ids = await query(c, `/api/query?type=${name}&format=idrecords&pageSize=128`);
    expect(ids.res.headers['content-type']).toBe('application/vnd.vmware.vcloud.query.idrecords+xml;version=37.0');
    for (const r of records(ids.doc, type.record)) {
      expect(r.id).toMatch(/^urn:vcloud:[A-Za-z]+:[0-9a-f-]{36}$/);
      expect(r.type).toBe(type.mediaType);
      for (const ref of ['vdc', 'org', 'owner', 'container']) if (r[ref]) expect(r[ref]).toMatch(/^urn:vcloud:/);
    }

    const refs = await query(c, `/api/query?type=${name}&format=references&pageSize=128`);
    expect(refs.root).toBe(type.references);
    expect(refs.res.headers['content-type']).toBe('application/vnd.vmware.vcloud.query.references+xml;version=37.0');
    const refElements = records(refs.doc, type.references.slice(0, -1));
    expect(refElements.length).toBe(found.length);
    for (const r of refElements) expect(r).toMatchObject({ type: type.mediaType, href: expect.any(String), id: expect.stringMatching(/^urn:vcloud:/) });
  });

  it.each(types.map((t) => [t.name]))('%s answers VCD JSON: a record array with the XSD type name', async (name) => {
    const type = QUERY_TYPES.get(name)!;
    const c = client(sim, await login(sim, type.admin ? 'administrator' : 'alice', type.admin ? 'System' : 'acme'), JSON_ACCEPT);
    const res = await c.get(`/api/query?type=${name}&pageSize=128`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.vmware.vcloud.query.records+json;version=37.0');
    expect(res.body).toMatchObject({ otherAttributes: {}, name, page: 1, pageSize: 128, total: expect.any(Number) });
    expect(res.body.record ?? []).toHaveLength(res.body.total);
    for (const r of res.body.record ?? []) expect(r).toMatchObject({ _type: type.xsdType, otherAttributes: {}, href: expect.any(String) });
    const refs = await c.get(`/api/query?type=${name}&format=references&pageSize=128`);
    for (const r of refs.body.reference ?? []) expect(r).toMatchObject({ _type: 'ReferenceType', href: expect.any(String) });
  });

  it('finds the inventory in each type', async () => {
    const total = async (c: ReturnType<typeof client>, type: string) => Number((await query(c, `/api/query?type=${type}`)).doc.total);
    expect(await total(alice, 'organization')).toBe(1);
    expect(await total(alice, 'orgVdc')).toBe(2);
    expect(await total(alice, 'catalog')).toBe(1);
    expect(await total(alice, 'catalogItem')).toBe(5);
    expect(await total(alice, 'vAppTemplate')).toBe(5);
    expect(await total(alice, 'vApp')).toBe(5);
    // 12 VMs in acme's vApps, 10 inside its templates.
    expect(await total(alice, 'vm')).toBe(22);
    expect(await total(alice, 'orgVdcNetwork')).toBe(3);
    expect(await total(alice, 'orgVdcStorageProfile')).toBe(3);
    expect(await total(alice, 'user')).toBe(5);
    expect(await total(alice, 'edgeGateway')).toBe(0);
    expect(await total(admin, 'organization')).toBe(3);
    expect(await total(admin, 'adminVM')).toBe(22 + 2 + 3);
    expect(await total(admin, 'adminOrgVdc')).toBe(3);
    expect(await total(admin, 'adminUser')).toBe(8);
  });
});

describe('records', () => {
  it('carry VCD\'s attributes: status by name, hrefs for references, typed values', async () => {
    const { doc } = await query(alice, '/api/query?type=vm&filter=name==db-2');
    const [db2] = records(doc, 'VMRecord');
    const vapps = records((await query(alice, '/api/query?type=vApp&filter=name==db')).doc, 'VAppRecord');
    expect(db2).toMatchObject({
      name: 'db-2', status: 'SUSPENDED', isDeployed: 'true', isVAppTemplate: 'false', containerName: 'db',
      container: vapps[0].href, vdcName: 'acme-vdc', numberOfCpus: '4', memoryMB: '16384', guestOs: 'Red Hat Enterprise Linux 9 (64-bit)',
      networkName: 'acme-db', ipAddress: '10.10.20.11', hardwareVersion: '19', ownerName: 'alice', storageProfileName: 'Gold',
    });
    expect(db2.href).toMatch(/\/api\/vApp\/vm-[0-9a-f-]{36}$/);
    expect(db2.vdc).toMatch(/\/api\/vdc\/[0-9a-f-]{36}$/);
    expect(db2.network).toMatch(/\/api\/network\/[0-9a-f-]{36}$/);
    expect(vapps[0]).toMatchObject({ status: 'MIXED', numberOfVMs: '2', isDeployed: 'true', vdc: db2.vdc });
    // The VM's own document is where the record points.
    expect((await alice.get(db2.vdc)).status).toBe(200);
  });

  it('include the VMs inside vApp templates, which go-vcloud-director filters out with isVAppTemplate==false', async () => {
    const templates = await query(alice, '/api/query?type=vm&filter=isVAppTemplate==true&pageSize=128');
    expect(templates.doc.total).toBe('10');
    const [web] = records(templates.doc, 'VMRecord').filter((r) => r.name === 'web');
    expect(web).toMatchObject({ containerName: 'three-tier-app', catalogName: 'acme-catalog', status: 'POWERED_OFF' });
    expect(web.href).toMatch(/\/api\/vAppTemplate\/vm-/);
    expect((await alice.get(web.href)).status).toBe(200);
    expect((await query(alice, '/api/query?type=vm&filter=isVAppTemplate==false')).doc.total).toBe('12');
  });

  it('render only the asked fields (unknown ones ignored) and, with links=true, an up link', async () => {
    const { doc } = await query(alice, '/api/query?type=vm&filter=name==web-01&fields=name,status,datastoreName,metadata:owner,&links=true');
    const [r] = records(doc, 'VMRecord');
    expect(Object.keys(r).filter((k) => k !== 'Link').sort()).toEqual(['href', 'name', 'status']);
    const json = await client(sim, await login(sim, 'alice', 'acme'), JSON_ACCEPT).get('/api/query?type=vm&filter=name==web-01&links=true');
    expect(json.body.record[0].link[0]).toMatchObject({ rel: 'up', type: MT.vApp });
    // go-vcloud-director's template VM lookup ends its hand-written filter with `&links=true;`.
    const govcd = await query(alice, '/api/query?type=vm&filter=name==web-01;status!=UNRESOLVED&links=true;&filterEncoded=true');
    expect(records(govcd.doc, 'VMRecord')[0].Link).toBeDefined();
  });
});

describe('the "done when" query', () => {
  const url = '/api/query?type=vm&filter=(name==web*;status==POWERED_ON)&sortAsc=name&pageSize=2&page=2';

  it('answers the right page in XML, with working paging links', async () => {
    const { doc } = await query(alice, url);
    expect(doc).toMatchObject({ total: '5', page: '2', pageSize: '2' });
    expect(names(doc)).toEqual(['web-03', 'web-04']);
    const next = await query(alice, findLink(doc, 'nextPage', MT.records).href);
    expect(names(next.doc)).toEqual(['web-05']);
    expect(next.doc.Link.some((l: { rel: string }) => l.rel === 'nextPage')).toBe(false);
    expect(names((await query(alice, findLink(next.doc, 'previousPage', MT.records).href)).doc)).toEqual(['web-03', 'web-04']);
    expect(names((await query(alice, findLink(doc, 'firstPage', MT.records).href)).doc)).toEqual(['web-01', 'web-02']);
    expect(findLink(doc, 'lastPage', MT.records).href).toBe(findLink(doc, 'nextPage', MT.records).href);
    const refs = await query(alice, findLink(doc, 'alternate', MT.references).href);
    expect(refs.doc.VMReference.map((r: { name: string }) => r.name)).toEqual(['web-03', 'web-04']);
  });

  it('answers the same in JSON', async () => {
    const c = client(sim, await login(sim, 'alice', 'acme'), JSON_ACCEPT);
    const res = await c.get(url);
    expect(res.body).toMatchObject({ total: 5, page: 2, pageSize: 2, name: 'vm' });
    expect(res.body.record.map((r: { name: string; _type: string }) => [r.name, r._type])).toEqual([
      ['web-03', 'QueryResultVMRecordType'], ['web-04', 'QueryResultVMRecordType'],
    ]);
    const next = res.body.link.find((l: { rel: string }) => l.rel === 'nextPage');
    expect((await c.get(next.href)).body.record.map((r: { name: string }) => r.name)).toEqual(['web-05']);
  });

  it('pages the way go-vcloud-director counts: page arithmetic until the records equal total', async () => {
    const seen: string[] = [];
    let total = Infinity;
    for (let page = 1; seen.length < total; page++) {
      const { doc } = await query(alice, `/api/query?type=vm&filter=isVAppTemplate==false&pageSize=5&page=${page}`);
      total = Number(doc.total);
      seen.push(...names(doc));
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });
});

describe('filters over HTTP', () => {
  it('take values encoded the way pyvcloud and go-vcloud-director send them', async () => {
    const vdc = records((await query(alice, '/api/query?type=orgVdc&filter=name==acme-vdc')).doc, 'OrgVdcRecord')[0].href;
    const uuid = vdc.split('/').pop()!;
    // pyvcloud (API < 35): the whole expression quoted on top of quoted values.
    const py = encodeURIComponent(`name==${encodeURIComponent('web-0*')};vdc==${encodeURIComponent(vdc)}`);
    expect((await query(alice, `/api/query?type=vm&filterEncoded=true&filter=${py}`)).doc.total).toBe('5');
    // go-vcloud-director: the expression raw, each value QueryEscape'd (+ for spaces, %3B for ;).
    const go = `name==${encodeURIComponent('web-0*')};vdc==${encodeURIComponent(vdc)}`;
    expect((await query(alice, `/api/query?type=vm&filterEncoded=true&filter=${go}`)).doc.total).toBe('5');
    expect((await query(alice, `/api/query?type=vApp&filterEncoded=true&filter=name==Database+pair,description==Database+pair`)).doc.total).toBe('1');
    // A URN or a bare UUID names the VDC as well as its href.
    for (const v of [`urn:vcloud:vdc:${uuid}`, uuid]) {
      expect((await query(alice, `/api/query?type=vm&filter=vdc==${v};isVAppTemplate==false`)).doc.total).toBe('11');
    }
    // pyvcloud (API >= 35): special characters escaped with a backslash, URL-encoded.
    expect((await query(alice, `/api/query?type=vApp&filter=${encodeURIComponent('name==web\\-tier')}`)).doc.total).toBe('1');
  });

  it('combine and/or, numbers, booleans and dates', async () => {
    expect(names((await query(alice, '/api/query?type=vm&filter=(numberOfCpus=ge=4;isVAppTemplate==false),name==dev*&sortAsc=name')).doc))
      .toEqual(['db-1', 'db-2', 'dev-1', 'web-04', 'web-05']);
    expect((await query(alice, '/api/query?type=vm&filter=isDeployed==true;status!=POWERED_ON')).doc.total).toBe('1');
    expect((await query(alice, '/api/query?type=vApp&filter=creationDate=lt=2000-01-01T00:00:00.000Z')).doc.total).toBe('0');
    expect((await query(alice, '/api/query?type=vApp&filter=creationDate=gt=2000-01-01T00:00:00.000Z')).doc.total).toBe('5');
    // No entity of this inventory has metadata (test/api/metadata.test.ts covers metadata filters).
    expect((await query(alice, '/api/query?type=vm&filter=metadata:env==STRING:prod')).doc.total).toBe('0');
  });

  it('answer a bad filter, type, attribute or page with VCD\'s 400 Error', async () => {
    await expectBadRequest(alice, '/api/query?type=virtualMachine', /not a valid query type/);
    await expectBadRequest(alice, '/api/query?type=vm&filter=colour==red', /not a valid filter attribute/);
    await expectBadRequest(alice, '/api/query?type=vm&filter=(name==web', /Bad filter/);
    await expectBadRequest(alice, '/api/query?type=vm&filter=name=web', /Bad filter/);
    await expectBadRequest(alice, '/api/query?type=vm&filter=numberOfCpus==lots', /not a number/);
    await expectBadRequest(alice, '/api/query?type=vm&sortAsc=colour', /not a valid sort attribute/);
    await expectBadRequest(alice, '/api/query?type=vm&format=csv', /not a valid query format/);
    await expectBadRequest(alice, '/api/query?type=vm&page=0');
    await expectBadRequest(alice, '/api/query?type=vm&pageSize=lots');
    // pyvcloud before 21.0.1 forgot the & before pageSize; VCD refuses that too.
    await expectBadRequest(alice, '/api/query?type=vm&page=1pageSize=25');
  });
});

describe('sorting and paging edges', () => {
  it('sorts by any attribute, ascending or descending, ties in name order', async () => {
    const base = '/api/query?type=vm&filter=isVAppTemplate==false';
    expect(names((await query(alice, `${base}&sortDesc=name`)).doc).slice(0, 3)).toEqual(['web-s2', 'web-s1', 'web-05']);
    const byMemory = records((await query(alice, `${base}&sortAsc=memoryMB&pageSize=128`)).doc, 'VMRecord');
    expect(byMemory.map((r) => Number(r.memoryMB))).toEqual([...byMemory.map((r) => Number(r.memoryMB))].sort((a, b) => a - b));
    expect(byMemory.slice(0, 4).map((r) => r.name)).toEqual(['app-1', 'app-2', 'dev-1', 'web-s1']);
    const desc = records((await query(alice, `${base}&sortDesc=memoryMB&pageSize=3&page=2`)).doc, 'VMRecord');
    expect(desc.map((r) => r.name)).toEqual(['web-03', 'web-04', 'web-01']);
    expect(names((await query(alice, `${base}&sortAsc=status&pageSize=2`)).doc)).toEqual(['app-2', 'dev-1']);
    // Two keys: by vApp, then the largest VMs first.
    expect(names((await query(alice, `${base}&sortAsc=containerName&sortDesc=memoryMB&pageSize=128`)).doc)).toEqual([
      'app-1', 'app-2', 'db-1', 'db-2', 'dev-1', 'web-s1', 'web-s2', 'web-05', 'web-03', 'web-04', 'web-01', 'web-02',
    ]);
  });

  it('caps pageSize at 128, answers an empty page 1, and refuses a page beyond the last', async () => {
    expect((await query(alice, '/api/query?type=vm&pageSize=500')).doc.pageSize).toBe('128');
    const empty = await query(alice, '/api/query?type=vm&filter=name==nothing*');
    expect(empty.doc).toMatchObject({ total: '0', page: '1' });
    expect(empty.doc.VMRecord).toBeUndefined();
    expect(empty.doc.Link.map((l: { rel: string }) => l.rel)).toEqual(['alternate', 'alternate']);
    const last = await query(alice, '/api/query?type=vm&filter=isVAppTemplate==false&pageSize=5&page=3');
    expect(names(last.doc)).toEqual(['web-s1', 'web-s2']);
    expect(last.doc.Link.map((l: { rel: string }) => l.rel)).toEqual(['alternate', 'alternate', 'firstPage', 'previousPage']);
    await expectBadRequest(alice, '/api/query?type=vm&filter=isVAppTemplate==false&pageSize=5&page=4', /page 4 does not exist/);
    await expectBadRequest(alice, '/api/query?type=vm&filter=name==nothing*&page=2');
  });
});

describe('tenancy', () => {
  it('shows tenants their own org only, and keeps admin types for system administrators', async () => {
    expect(names((await query(gina, '/api/query?type=vm&filter=name==web*')).doc)).toEqual(['web-a', 'web-b', 'web-g1', 'web-g2']);
    expect(names((await query(alice, '/api/query?type=vm&filter=name==web-g*')).doc)).toEqual([]);
    expect(names((await query(alice, '/api/query?type=organization')).doc, 'OrgRecord')).toEqual(['acme']);
    const orgAdmin = client(sim, await login(sim, 'acme-admin', 'acme'));
    for (const type of ['adminVM', 'adminVApp', 'adminOrgVdc', 'adminUser', 'adminTask', 'adminCatalog']) {
      const res = await orgAdmin.get(`/api/query?type=${type}`);
      expect(res.status).toBe(403);
      expect(xml(res.text).doc.minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    }
    // A system administrator's queries cover the whole system, tenant types included (pyvcloud as
    // administrator follows the org's own `type=orgVdc&filter=org==…` link to find a tenant's VDCs).
    expect((await query(admin, '/api/query?type=vm')).doc.total).toBe((await query(admin, '/api/query?type=adminVM')).doc.total);
    const acme = xml((await admin.get('/api/org')).text).doc.Org.find((o: { name: string }) => o.name === 'acme');
    const vdcLink = xml((await admin.get(acme.href)).text).doc.Link.find((l: { rel: string; type: string; href: string }) => l.rel === 'down' && l.type === MT.records && l.href.includes('orgVdc'));
    expect(names((await query(admin, decodeURIComponent(vdcLink.href))).doc, 'OrgVdcRecord').length).toBeGreaterThan(0);
    const all = records((await query(admin, '/api/query?type=adminVM&filter=name==web-g1')).doc, 'AdminVMRecord');
    expect(all).toHaveLength(1);
    expect(all[0].org).toMatch(/\/api\/org\//);
    // Types without an admin twin show a system administrator every org's rows.
    expect((await query(admin, '/api/query?type=orgVdcNetwork')).doc.total).toBe('4');
    const vdcs = records((await query(admin, '/api/query?type=adminOrgVdc&filter=orgName==acme;name==acme-vdc')).doc, 'AdminVdcRecord');
    // go-vcloud-director swaps /api/admin for /api in this href to reach the VDC.
    expect((await admin.get(vdcs[0].href.replace('/api/admin/', '/api/'))).status).toBe(200);
  });
});

describe('links that lead to queries', () => {
  it('the Org\'s VDC and catalog query links and the VDC\'s network link answer, as pyvcloud reads them', async () => {
    const org = xml((await alice.get(xml((await alice.get('/api/org')).text).doc.Org[0].href)).text).doc;
    const queryLinks = org.Link.filter((l: { rel: string; type: string }) => l.rel === 'down' && l.type === MT.records);
    // pyvcloud takes the first one whose href contains "vdc" (resp. "catalog"), URL-unquoted.
    const vdcLink = queryLinks.find((l: { href: string }) => l.href.toLowerCase().includes('vdc'));
    const vdcs = await query(alice, decodeURIComponent(vdcLink.href));
    expect(names(vdcs.doc, 'OrgVdcRecord').sort()).toEqual(['acme-dev', 'acme-vdc']);
    const catLink = queryLinks.find((l: { href: string }) => l.href.includes('catalog') && !l.href.includes('vdc'));
    expect(names((await query(alice, catLink.href)).doc, 'CatalogRecord')).toEqual(['acme-catalog']);
    const vdc = xml((await alice.get(records(vdcs.doc, 'OrgVdcRecord').find((r) => r.name === 'acme-vdc')!.href)).text).doc;
    const nets = await query(alice, findLink(vdc, 'orgVdcNetworks', MT.records).href);
    expect(names(nets.doc, 'OrgVdcNetworkRecord')).toEqual(['acme-db', 'acme-web']);
  });

  it('packaged queries answer references by default, and the admin twin for system administrators', async () => {
    const vms = await query(alice, '/api/vms/query?filter=name==web-0*');
    expect(vms.root).toBe('VMReferences');
    expect(vms.doc.VMReference).toHaveLength(5);
    expect(findLink(vms.doc, 'alternate', MT.records).href).toMatch(/\/api\/vms\/query\?page=1/);
    const adminVms = await query(admin, '/api/vms/query?format=records&filter=name==web-g*');
    expect(adminVms.doc.name).toBe('adminVM');
    expect(adminVms.doc.AdminVMRecord).toHaveLength(2);
    expect((await query(alice, '/api/vApps/query')).doc.VAppReference).toHaveLength(5);
    expect((await query(alice, '/api/catalogs/query?format=records')).doc.CatalogRecord).toHaveLength(1);
    expect((await query(alice, '/api/vAppTemplates/query')).doc.VAppTemplateReference).toHaveLength(5);
    expect((await query(admin, '/api/admin/vdcs/query')).doc.AdminVdcReference).toHaveLength(3);
    expect((await query(admin, '/api/admin/orgs/query')).doc.OrgReference).toHaveLength(3);
    expect((await query(admin, '/api/admin/users/query?filter=name==alice')).doc.UserReference).toHaveLength(1);
    expect((await alice.get('/api/admin/vdcs/query')).status).toBe(403);
  });
});

describe('results follow the state', () => {
  it('reflect inserts, updates, removals, renames and running tasks', async () => {
    const s = await newSim({ fixture: 'test/fixtures/query.yaml' });
    const c = client(s, await login(s, 'alice', 'acme'));
    const vm = (name: string) => [...s.store.all('vm')].find((v) => v.name === name)!;
    const record = async (name: string) => records((await query(c, `/api/query?type=vm&filter=name==${name}`)).doc, 'VMRecord')[0];
    const vappRecord = async (name: string) => records((await query(c, `/api/query?type=vApp&filter=name==${name}`)).doc, 'VAppRecord')[0];
    expect((await record('web-01')).status).toBe('POWERED_ON');

    s.store.update('vm', vm('web-01').id, { status: Status.POWERED_OFF });
    expect((await record('web-01')).status).toBe('POWERED_OFF');
    expect((await vappRecord('web-tier')).status).toBe('MIXED');

    const copy: Vm = { ...structuredClone(vm('web-02')), id: s.store.newId(), name: 'web-06' };
    s.store.insert('vm', copy);
    expect((await record('web-06')).containerName).toBe('web-tier');
    expect((await vappRecord('web-tier')).numberOfVMs).toBe('6');

    s.store.update('vm', copy.id, { name: 'aaa-first' });
    expect(names((await query(c, '/api/query?type=vm&filter=isVAppTemplate==false&pageSize=1')).doc)).toEqual(['aaa-first']);
    s.store.remove('vm', copy.id);
    expect(await record('aaa-first')).toBeUndefined();

    const webTier = [...s.store.all('vApp')].find((a) => a.name === 'web-tier')!;
    s.store.update('vApp', webTier.id, { name: 'frontend' });
    expect((await record('web-02')).containerName).toBe('frontend');

    const task: Task = {
      id: s.store.newId(), orgId: vm('web-02').orgId, userId: webTier.ownerId, status: 'running', operation: 'Powering off',
      operationName: 'vappPowerOff', ownerKind: 'vm', ownerId: vm('web-02').id, ownerName: 'web-02',
      startTime: '2024-05-01T10:00:00.000Z', progress: 10, cancelRequested: false, details: '',
    } as Task;
    s.store.insert('task', task);
    expect((await record('web-02')).isBusy).toBe('true');
    expect((await vappRecord('frontend')).isBusy).toBe('true');
    const tasks = records((await query(c, '/api/query?type=task')).doc, 'TaskRecord');
    expect(tasks[0]).toMatchObject({ name: 'vappPowerOff', status: 'running', objectName: 'web-02', objectType: 'vm', ownerName: 'alice' });
    expect(tasks[0].object).toBe((await record('web-02')).href);
    s.store.update('task', task.id, { status: 'success', progress: 100 });
    expect((await record('web-02')).isBusy).toBe('false');

    // A reset replaces the whole state: the rows are rebuilt from it.
    s.store.insert('vm', { ...structuredClone(vm('web-02')), id: s.store.newId(), name: 'web-07' });
    expect(await record('web-07')).toBeDefined();
    s.reset();
    const again = client(s, await login(s, 'alice', 'acme'));
    const { doc } = await query(again, '/api/query?type=vm&filter=isVAppTemplate==false&pageSize=128');
    expect(names(doc)).not.toContain('web-07');
    expect(doc.total).toBe('12');
  });
});
