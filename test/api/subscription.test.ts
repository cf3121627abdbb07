/** Catalogs published outside the site (their VCSP library) and catalogs subscribed to them, between two simulators on 127.0.0.1. */
import { startSimulator, type RunningSimulator } from '../../src/index.js';
import { xml } from '../support/sim.js';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const XML = 'application/*+xml;version=37.0';

let publisher: RunningSimulator;
let subscriber: RunningSimulator;

async function login(base: string, user: string, org: string): Promise<string> {
  const path = org === 'System' ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
  const res = await fetch(`${base}${path}`, {
    method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${user}@${org}:password`).toString('base64')}`, Accept: 'application/json;version=37.0' },
  });
  return res.headers.get('x-vmware-vcloud-access-token')!;
}

const call = async (base: string, token: string, method: string, path: string, type?: string, body?: string) => {
  const res = await fetch(path.startsWith('http') ? path : `${base}${path}`, {
    method, body, headers: { Authorization: `Bearer ${token}`, Accept: XML, ...(type ? { 'Content-Type': type } : {}) },
  });
  const text = await res.text();
  return { status: res.status, text, doc: text.startsWith('<') ? xml(text).doc : undefined };
};

async function adminCatalog(base: string, token: string, name: string) {
  const q = await call(base, token, 'GET', `/api/query?type=adminCatalog&format=records&filter=name==${name}`);
  const href = ([] as any[]).concat(q.doc!.AdminCatalogRecord ?? [])[0]?.href as string | undefined;
  return href ? (await call(base, token, 'GET', href)).doc : undefined;
}

const subscribeBody = (name: string, location: string, password: string) =>
  `<AdminCatalog ${NS} name="${name}"><ExternalCatalogSubscriptionParams><SubscribeToExternalFeeds>true</SubscribeToExternalFeeds>` +
  `<Location>${location}</Location><Password>${password}</Password><LocalCopy>false</LocalCopy></ExternalCatalogSubscriptionParams></AdminCatalog>`;

beforeAll(async () => {
  publisher = await startSimulator({ speed: 0, logLevel: 'silent', validateResponses: true });
  subscriber = await startSimulator({ speed: 0, logLevel: 'silent', validateResponses: true });
});
afterAll(async () => {
  await publisher.stop();
  await subscriber.stop();
});

describe('catalog subscription', () => {
  it('publishes a catalog externally, subscribes to it from another simulator, syncs; wrong password and foreign hosts refused', async () => {
    const pub = await login(publisher.url, 'administrator', 'System');
    const acme = await adminCatalog(publisher.url, pub, 'acme-catalog');
    const publish = await call(publisher.url, pub, 'POST', `${acme!.href}/action/publishToExternalOrganizations`, 'application/vnd.vmware.admin.publishExternalCatalogParams+xml',
      `<PublishExternalCatalogParams ${NS}><IsPublishedExternally>true</IsPublishedExternally><Password>s3cret</Password><IsCacheEnabled>false</IsCacheEnabled><PreserveIdentityInfoFlag>true</PreserveIdentityInfoFlag></PublishExternalCatalogParams>`);
    expect(publish.status).toBe(204);
    const published = (await call(publisher.url, pub, 'GET', acme!.href)).doc!;
    const url = published.PublishExternalCatalogParams.catalogPublishedUrl as string;
    expect(published.PublishExternalCatalogParams).toMatchObject({ IsPublishedExternally: 'true', PreserveIdentityInfoFlag: 'true' });
    expect(published.PublishExternalCatalogParams.Password).toBeUndefined();
    expect(url).toBe(`${publisher.url}/vcsp/lib/${acme!.id.split(':').pop()}/`);

    // The library: the password (HTTP basic), then lib.json and items.json.
    expect((await fetch(url)).status).toBe(401);
    const auth = { Authorization: `Basic ${Buffer.from('vcsp:s3cret').toString('base64')}` };
    const lib = await (await fetch(url, { headers: auth })).json();
    expect(lib).toMatchObject({ vcsp_version: '1', name: 'acme-catalog', items_href: 'items.json' });
    const items = ((await (await fetch(`${url}items.json`, { headers: auth })).json()) as { items: { name: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);

    // Subscribed from the other simulator: the items arrive as templates of the subscriber's org.
    const sub = await login(subscriber.url, 'administrator', 'System');
    const root = (await call(subscriber.url, sub, 'GET', '/api/admin')).doc!;
    const globex = root.OrganizationReferences.OrganizationReference.find((o: any) => o.name === 'globex').href;
    const type = 'application/vnd.vmware.admin.catalog+xml';
    const wrong = await call(subscriber.url, sub, 'POST', `${globex}/catalogs`, type, subscribeBody('mirror', url, 'nope'));
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/password/);
    expect(await adminCatalog(subscriber.url, sub, 'mirror')).toBeUndefined();
    const foreign = await call(subscriber.url, sub, 'POST', `${globex}/catalogs`, type, subscribeBody('mirror', url.replace('127.0.0.1', '192.0.2.1'), 's3cret'));
    expect(foreign.status).toBe(400);
    expect(foreign.text).toMatch(/loopback/);
    const made = await call(subscriber.url, sub, 'POST', `${globex}/catalogs`, type, subscribeBody('mirror', url, 's3cret'));
    expect(made.status).toBe(201);
    expect(made.doc!.ExternalCatalogSubscriptionParams).toMatchObject({ SubscribeToExternalFeeds: 'true', Location: url });
    const mirror = (await call(subscriber.url, sub, 'GET', made.doc!.href)).doc!;
    const names = (m: any) => ([] as any[]).concat(m.CatalogItems?.CatalogItem ?? []).map((i: any) => i.name).sort();
    expect(names(mirror)).toEqual(items.map((i: any) => i.name).sort());
    const first = ([] as any[]).concat(mirror.CatalogItems.CatalogItem)[0];
    const entity = (await call(subscriber.url, sub, 'GET', first.href)).doc!.Entity;
    expect((await call(subscriber.url, sub, 'GET', entity.href)).status).toBe(200);

    // An item goes at the publisher; the sync takes it away (a task reports it).
    const acmeItems = ([] as any[]).concat((await call(publisher.url, pub, 'GET', acme!.href)).doc!.CatalogItems.CatalogItem);
    const gone = acmeItems.find((i: any) => i.name === first.name);
    expect((await call(publisher.url, pub, 'DELETE', gone.href)).status).toBe(204);
    const tenantHref = mirror.Link.find((l: any) => l.rel === 'alternate').href;
    const sync = await call(subscriber.url, sub, 'POST', `${tenantHref}/action/sync`);
    expect(sync.status).toBe(202);
    expect(sync.doc!.operationName).toBe('catalogSync');
    expect(names((await call(subscriber.url, sub, 'GET', made.doc!.href)).doc!)).not.toContain(first.name);
    // A catalog that is not subscribed has nothing to sync.
    expect((await call(publisher.url, pub, 'POST', `${acme!.href.replace('/api/admin/', '/api/')}/action/sync`)).status).toBe(400);
  });

  it('a catalog of the same simulator subscribes too; unpublished, the library is gone', async () => {
    const pub = await login(publisher.url, 'administrator', 'System');
    const acme = await adminCatalog(publisher.url, pub, 'acme-catalog');
    const url = (await call(publisher.url, pub, 'GET', acme!.href)).doc!.PublishExternalCatalogParams.catalogPublishedUrl as string;
    const root = (await call(publisher.url, pub, 'GET', '/api/admin')).doc!;
    const globex = root.OrganizationReferences.OrganizationReference.find((o: any) => o.name === 'globex').href;
    const made = await call(publisher.url, pub, 'POST', `${globex}/catalogs`, 'application/vnd.vmware.admin.catalog+xml', subscribeBody('local-mirror', url, 's3cret'));
    expect(made.status).toBe(201);
    expect(([] as any[]).concat((await call(publisher.url, pub, 'GET', made.doc!.href)).doc!.CatalogItems?.CatalogItem ?? []).length).toBeGreaterThan(0);
    const off = await call(publisher.url, pub, 'POST', `${acme!.href}/action/publishToExternalOrganizations`, 'application/vnd.vmware.admin.publishExternalCatalogParams+xml',
      `<PublishExternalCatalogParams ${NS}><IsPublishedExternally>false</IsPublishedExternally></PublishExternalCatalogParams>`);
    expect(off.status).toBe(204);
    expect((await fetch(url)).status).toBe(404);
  });
});
