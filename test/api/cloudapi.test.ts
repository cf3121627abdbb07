/** The JSON CloudAPI lists as go-vcloud-director reads them: pages, Link headers, filters, sorting, errors. */
import request from 'supertest';
import { newSim, login } from '../support/sim.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
let tokens: Record<string, string>;

beforeAll(async () => {
  sim = await newSim({ fixture: 'test/fixtures/query.yaml' });
  tokens = {
    admin: await login(sim, 'administrator', 'System'),
    alice: await login(sim, 'alice', 'acme'),
    acmeAdmin: await login(sim, 'acme-admin', 'acme'),
  };
});

const get = (who: string, url: string) =>
  request(sim.app).get(url).set('Host', 'vcd.test').set('Accept', 'application/json;version=37.0').set('Authorization', `Bearer ${tokens[who]}`);

/** The Link header as go-vcloud-director parses it: rel → URL. */
function links(res: request.Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of String(res.headers.link ?? '').matchAll(/<([^>]+)>;rel="([^"]+)";type="application\/json";model="[A-Za-z]+"/g)) out[m[2]] = m[1];
  return out;
}

describe('CloudAPI lists', () => {
  it('page with resultTotal, pageCount and Link headers that go-vcloud-director follows to the end', async () => {
    const first = await get('admin', '/cloudapi/1.0.0/orgs?pageSize=1&sortAsc=name');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.body).toMatchObject({ resultTotal: 3, pageCount: 3, page: 1, pageSize: 1, associations: null });
    expect(Object.keys(links(first)).sort()).toEqual(['lastPage', 'nextPage']);
    const seen: string[] = first.body.values.map((o: { name: string }) => o.name);
    let next = links(first).nextPage;
    for (let hops = 0; next && hops < 5; hops++) {
      const page = await get('admin', next.replace('http://vcd.test', ''));
      seen.push(...page.body.values.map((o: { name: string }) => o.name));
      next = links(page).nextPage;
      if (!next) expect(Object.keys(links(page)).sort()).toEqual(['firstPage', 'previousPage']);
    }
    expect(seen).toEqual(['acme', 'globex', 'System']);
    // Beyond the last page: an empty page with the same totals.
    const beyond = await get('admin', '/cloudapi/1.0.0/orgs?pageSize=1&page=9');
    expect(beyond.body).toMatchObject({ resultTotal: 3, pageCount: 3, page: 9, values: [] });
  });

  it('filter by (dotted) properties and sort either way', async () => {
    const acme = (await get('admin', '/cloudapi/1.0.0/orgs?filter=name==acme')).body.values[0];
    expect(acme).toMatchObject({ name: 'acme', displayName: 'Acme Corporation', orgVdcCount: 2, catalogCount: 1, vappCount: 5, runningVMCount: 8, userCount: 5 });
    expect(acme.managedBy.name).toBe('System');
    const vdcs = await get('admin', `/cloudapi/1.0.0/vdcs?filter=org.id==${acme.id}&sortDesc=name`);
    expect(vdcs.body.values.map((v: { name: string }) => v.name)).toEqual(['acme-vdc', 'acme-dev']);
    expect(vdcs.body.values[0]).toMatchObject({ allocationType: 'AllocationVApp', org: { name: 'acme', id: acme.id }, isEnabled: true });
    const nets = await get('admin', '/cloudapi/1.0.0/orgVdcNetworks?filter=(networkType==NAT_ROUTED,networkType==DIRECT);orgRef.name==acme&sortAsc=name');
    expect(nets.body.values.map((n: { name: string }) => n.name)).toEqual(['acme-dev-net', 'acme-web']);
    expect(nets.body.values[1].subnets.values[0]).toMatchObject({ gateway: '10.10.10.1', prefixLength: 24, usedIpCount: 10, totalIpCount: 191 });
    const roles = await get('admin', '/cloudapi/1.0.0/roles?filter=name==vApp*&sortAsc=name');
    expect(roles.body.values.map((r: { name: string }) => r.name)).toEqual(['vApp Author', 'vApp User']);
    const rights = await get('admin', '/cloudapi/1.0.0/rights?filter=rightType==VIEW&pageSize=128');
    expect(rights.body.values.length).toBeGreaterThan(3);
    const right = await get('admin', `/cloudapi/1.0.0/rights/${rights.body.values[0].id}`);
    expect(right.body.name).toBe(rights.body.values[0].name);
  });

  it('show tenants their own org and never the provider\'s role', async () => {
    expect((await get('alice', '/cloudapi/1.0.0/orgs')).body.values.map((o: { name: string }) => o.name)).toEqual(['acme']);
    expect((await get('alice', '/cloudapi/1.0.0/vdcs')).body.resultTotal).toBe(2);
    expect((await get('alice', '/cloudapi/1.0.0/orgVdcNetworks')).body.resultTotal).toBe(3);
    const roles = (await get('alice', '/cloudapi/1.0.0/roles?pageSize=128')).body.values.map((r: { name: string }) => r.name);
    expect(roles).not.toContain('System Administrator');
    const users = await get('acmeAdmin', '/cloudapi/1.0.0/users?filter=username==alice');
    expect(users.body.values[0]).toMatchObject({ username: 'alice', orgEntityRef: { name: 'acme' }, roleEntityRefs: [{ name: 'vApp Author' }], storedVmCount: 9, password: null });
    // Listing users takes the right to view them; anyone may read their own user.
    expect((await get('alice', '/cloudapi/1.0.0/users')).status).toBe(403);
    expect((await get('alice', `/cloudapi/1.0.0/users/${users.body.values[0].id}`)).status).toBe(200);
  });

  it('get one entity by URN, and answer unknown or foreign ids 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN', async () => {
    const globex = (await get('admin', '/cloudapi/1.0.0/orgs?filter=name==globex')).body.values[0];
    const vdc = (await get('admin', `/cloudapi/1.0.0/vdcs?filter=org.id==${globex.id}`)).body.values[0];
    expect((await get('admin', `/cloudapi/1.0.0/vdcs/${vdc.id}`)).body.name).toBe('globex-vdc');
    expect((await get('admin', `/cloudapi/1.0.0/orgs/${globex.id}`)).body.name).toBe('globex');
    for (const url of [
      `/cloudapi/1.0.0/vdcs/${vdc.id}`, `/cloudapi/1.0.0/orgs/${globex.id}`,
      '/cloudapi/1.0.0/vdcs/urn:vcloud:vdc:00000000-0000-4000-8000-000000000000', '/cloudapi/1.0.0/orgVdcNetworks/nonsense',
      '/cloudapi/1.0.0/rights/urn:vcloud:right:00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await get('alice', url);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ minorErrorCode: 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', stackTrace: null });
      expect(res.body.message).toMatch(/^\[ [0-9a-f-]{36} \] /);
    }
  });

  it('answer bad filters, sorts and paging with CloudAPI\'s JSON 400', async () => {
    for (const url of ['/cloudapi/1.0.0/vdcs?filter=colour==red', '/cloudapi/1.0.0/vdcs?filter=(name==x', '/cloudapi/1.0.0/vdcs?sortAsc=colour',
      '/cloudapi/1.0.0/vdcs?page=0', '/cloudapi/1.0.0/vdcs?pageSize=many']) {
      const res = await get('admin', url);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ minorErrorCode: 'BAD_REQUEST', stackTrace: null });
    }
    expect((await get('admin', '/cloudapi/1.0.0/rights?pageSize=1000')).body.pageSize).toBe(128);
  });
});
