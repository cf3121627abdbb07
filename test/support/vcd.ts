/** Client-side helpers shaped like pyvcloud/go-vcloud-director calls: find by links, build bodies, wait on tasks. */
import type { Simulator } from '../../src/sim.js';
import type { Config } from '../../src/config.js';
import { MT } from '../../src/wire/media.js';
import { client, findLink, newSim, xml } from './sim.js';
import { loginAt } from './http.js';

export type Client = ReturnType<typeof client>;

export async function getXml(c: Client, href: string) {
  const res = await c.get(href);
  if (res.status !== 200) throw new Error(`GET ${href} → ${res.status}: ${res.text}`);
  return xml(res.text).doc;
}

/**
 * A new simulator on a real socket (127.0.0.1, a free port: a fault can cut its connections), `user` logged in at
 * it as the SDKs log in, a client of that session, and the org's catalog `catalogName`, found through the org's links.
 */
export async function catalogOnSocket(user: string, org: string, catalogName: string, overrides: Partial<Config> = {}) {
  const sim = await newSim(overrides);
  try {
    const url = await sim.listen(0, '127.0.0.1');
    const token = await loginAt(url, user, org);
    const c = client(sim, token);
    const orgs = await getXml(c, '/api/org');
    const orgRef = [].concat(orgs.Org).find((o: any) => o.name === org) as any;
    const orgDoc = await getXml(c, orgRef.href);
    const catalog = await getXml(c, orgDoc.Link.find((l: any) => l.type === MT.catalog && l.name === catalogName).href);
    return { sim, url, token, c, catalog };
  } catch (e) {
    await sim.stop();
    throw e;
  }
}

/** Org → VDC by name and catalog item → template by name, following links only. */
export async function findInventory(c: Client, vdcName: string, templateName: string) {
  const session = await getXml(c, '/api/session');
  const org = await getXml(c, findLink(session, 'down', MT.org).href);
  const vdc = await getXml(c, findLink(org, 'down', MT.vdc, vdcName).href);
  let template: any;
  for (const l of org.Link.filter((x: any) => x.type === MT.catalog)) {
    const catalog = await getXml(c, l.href);
    const item = (catalog.CatalogItems?.CatalogItem ?? []).find((i: any) => i.name === templateName);
    if (item) template = await getXml(c, (await getXml(c, item.href)).Entity.href);
  }
  if (!template) throw new Error(`no template ${templateName}`);
  return { org, vdc, template };
}

export function instantiateBody(opts: { name: string; template: any; network?: { name: string; href: string }; powerOn?: boolean; deploy?: boolean }): string {
  const templateNet = opts.template.NetworkConfigSection.NetworkConfig.networkName;
  const net = opts.network
    ? `<InstantiationParams><NetworkConfigSection><ovf:Info>vApp networks</ovf:Info>
        <NetworkConfig networkName="${templateNet}"><Configuration><ParentNetwork href="${opts.network.href}"/><FenceMode>bridged</FenceMode></Configuration></NetworkConfig>
      </NetworkConfigSection></InstantiationParams>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
    name="${opts.name}" deploy="${opts.deploy ?? true}" powerOn="${opts.powerOn ?? false}">
  <Description>created by a test</Description>
  ${net}
  <Source href="${opts.template.href}"/>
  <AllEULAsAccepted>true</AllEULAsAccepted>
</InstantiateVAppTemplateParams>`;
}

export async function instantiate(c: Client, vdc: any, body: string) {
  return c.post(findLink(vdc, 'add', MT.instantiateVAppTemplateParams).href)
    .set('Content-Type', `${MT.instantiateVAppTemplateParams};version=37.0`)
    .send(body);
}

/** A CloudAPI write's answer: its status, the task's href in Location, and its body. */
export interface Accepted {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/**
 * A CloudAPI write accepted as a task (202 with an empty body, as VCD answers, the task in Location), polled as
 * JSON while the simulated clock advances, until it ends: the final task.
 */
export async function settleTask(sim: Simulator, c: Client, res: Accepted, stepMs = 3000): Promise<any> {
  expect([res.status, res.text]).toEqual([202, '']);
  for (let i = 0; i < 100; i++) {
    const t = await c.get(res.headers.location).set('Accept', 'application/*+json;version=38.0');
    if (!['queued', 'preRunning', 'running'].includes(t.body.status)) return t.body;
    sim.clock.advance(stepMs);
  }
  throw new Error(`task ${res.headers.location} did not end`);
}

/** Advances the simulated clock until the task ends (as a client polling every 3 s would see it). */
export async function waitTask(sim: Simulator, c: Client, href: string, stepMs = 3000, maxSteps = 200) {
  for (let i = 0; i < maxSteps; i++) {
    const task = await getXml(c, href);
    if (!['queued', 'preRunning', 'running'].includes(task.status)) return task;
    sim.clock.advance(stepMs);
  }
  throw new Error(`task ${href} did not finish`);
}
