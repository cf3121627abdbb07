/** Test support: an in-process simulator with a frozen clock, and a logged-in client session. */
import request from 'supertest';
import { Simulator } from '../../src/sim.js';
import type { Config } from '../../src/config.js';
import { XMLParser } from 'fast-xml-parser';

export const XML = 'application/*+xml;version=37.0';
export const JSON_ACCEPT = 'application/*+json;version=37.0';

/** Every answer in the tests is checked against the OpenAPI document (a mismatch is a 500). */
export async function newSim(overrides: Partial<Config> = {}): Promise<Simulator> {
  return Simulator.create({ logLevel: 'silent', speed: 0, validateResponses: true, ...overrides });
}

/** Logs in through the CloudAPI as real clients do and returns the bearer token. */
export async function login(sim: Simulator, user: string, org: string, password = 'password'): Promise<string> {
  const path = org.toLowerCase() === 'system' ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
  const res = await request(sim.app)
    .post(path)
    .set('Accept', 'application/json;version=37.0')
    .auth(`${user}@${org}`, password);
  if (res.status !== 200) throw new Error(`login ${user}@${org} failed: ${res.status} ${res.text}`);
  return res.headers['x-vmware-vcloud-access-token'];
}

/** A client bound to a token, speaking XML (or JSON) like pyvcloud/go-vcloud-director. */
export function client(sim: Simulator, token: string, accept = XML) {
  const host = 'vcd.test';
  const base = `http://${host}`;
  const path = (url: string) => (url.startsWith(base) ? url.slice(base.length) : url);
  const auth = (r: request.Test) => r.set('Host', host).set('Accept', accept).set('Authorization', `Bearer ${token}`);
  return {
    base,
    get: (url: string) => auth(request(sim.app).get(path(url))),
    post: (url: string) => auth(request(sim.app).post(path(url))),
    put: (url: string) => auth(request(sim.app).put(path(url))),
    delete: (url: string) => auth(request(sim.app).delete(path(url))),
  };
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: false, parseAttributeValue: false, parseTagValue: false, isArray: (name: string, jpath: unknown) => String(jpath).includes('.') && (['Link', 'Org', 'Vm', 'ResourceEntity', 'Network', 'CatalogItem', 'VdcStorageProfile', 'VersionInfo', 'Task', 'NetworkConnection', 'ovf:Item'].includes(name) || name.endsWith('Record') || name.endsWith('Reference')) });

/** Parses an XML body into `{ root, doc }` with attributes as plain keys. */
export function xml(text: string): { root: string; doc: Record<string, any> } {
  const tree = parser.parse(text);
  const root = Object.keys(tree).find((k) => k !== '?xml')!;
  return { root, doc: tree[root] };
}

type LinkDoc = { rel: string; href: string; type?: string; name?: string };

/** Finds a Link by rel (and type, and name) as pyvcloud does. */
export function findLink(doc: Record<string, any>, rel: string, type?: string, name?: string): LinkDoc {
  const links: LinkDoc[] = doc.Link ?? [];
  const found = links.find((l) => l.rel === rel && (type === undefined || l.type === type) && (name === undefined || l.name === name));
  if (!found) throw new Error(`no Link rel=${rel} type=${type} name=${name} among ${links.map((l) => `${l.rel}:${l.type}:${l.name}`).join(', ')}`);
  return found;
}
