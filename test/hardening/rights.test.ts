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
  mediaHref: string;
  diskHref: string;
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
  'upload OVF': async (c, x) => (await c.post(`${x.catalogHref}/action/upload`).set('Content-Type', MT.uploadVAppTemplateParams)
    .send(`<UploadVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="up-${Math.random()}"/>`)).status,
  'upload media': async (c, x) => (await c.post(`${x.catalogHref}/action/upload`).set('Content-Type', MT.media)
    .send(`<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="m-${Math.random()}.iso" imageType="iso" size="2048"/>`)).status,
  'insert media': async (c, x) => (await c.post(`${x.vmHref}/media/action/insertMedia`).set('Content-Type', MT.mediaInsertOrEjectParams)
    .send(`<MediaInsertOrEjectParams xmlns="http://www.vmware.com/vcloud/v1.5"><Media href="${x.mediaHref}"/></MediaInsertOrEjectParams>`)).status,
  'create disk': async (c, x) => (await c.post(`${x.vdcHref}/disk`).set('Content-Type', MT.diskCreateParams)
    .send('<DiskCreateParams xmlns="http://www.vmware.com/vcloud/v1.5"><Disk name="d" sizeMb="16"/></DiskCreateParams>')).status,
  'view disk': async (c, x) => (await c.get(x.diskHref)).status,
  'attach disk': async (c, x) => (await c.post(`${x.vmHref}/disk/action/attach`).set('Content-Type', MT.diskAttachOrDetachParams)
    .send(`<DiskAttachOrDetachParams xmlns="http://www.vmware.com/vcloud/v1.5"><Disk href="${x.diskHref}"/></DiskAttachOrDetachParams>`)).status,
  'delete disk': async (c, x) => (await c.delete(x.diskHref)).status,
  'set vApp metadata': async (c, x) => (await c.put(`${x.vappHref}/metadata/k`).set('Content-Type', MT.metadataValue).send(METADATA_VALUE)).status,
  'create snapshot': async (c, x) => (await c.post(`${x.vmHref}/action/createSnapshot`).set('Content-Type', MT.createSnapshotParams)
    .send('<CreateSnapshotParams xmlns="http://www.vmware.com/vcloud/v1.5" memory="false"/>')).status,
  consolidate: async (c, x) => (await c.post(`${x.vmHref}/action/consolidate`)).status,
  'set VDC metadata': async (c, x) => (await c.put(`${x.vdcHref.replace('/api/', '/api/admin/')}/metadata/k`).set('Content-Type', MT.metadataValue).send(METADATA_VALUE)).status,
  'view edge gateways': async (c) => (await c.get('/cloudapi/1.0.0/edgeGateways').set('Accept', 'application/json;version=37.0')).status,
  'create edge gateway': async (c, x) => (await c.post('/cloudapi/1.0.0/edgeGateways').set('Accept', 'application/json;version=37.0')
    .send({ name: 'e', ownerRef: { id: `urn:vcloud:vdc:${x.vdcHref.split('/').pop()}` }, edgeGatewayUplinks: [] })).status,
  'create org network': async (c, x) => (await c.post('/cloudapi/1.0.0/orgVdcNetworks').set('Accept', 'application/json;version=37.0')
    .send({ name: 'n', ownerRef: { id: `urn:vcloud:vdc:${x.vdcHref.split('/').pop()}` }, networkType: 'ISOLATED', subnets: { values: [{ gateway: '10.99.0.1', prefixLength: 24 }] } })).status,
};

// 2xx = allowed; 403 = the role lacks the right. (Where an allowed operation is refused for another
// reason, e.g. deleting a deployed vApp, the expectation says so.)
const MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 200, 'upload OVF': 201, 'upload media': 201, 'insert media': 202, 'create disk': 201, 'view disk': 200, 'attach disk': 202, 'delete disk': 202, 'set vApp metadata': 202, 'set VDC metadata': 202, 'view edge gateways': 200, 'create edge gateway': 403, 'create org network': 202, 'create snapshot': 202, consolidate: 202 },
  'Catalog Author': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 403, 'upload OVF': 201, 'upload media': 201, 'insert media': 202, 'create disk': 201, 'view disk': 200, 'attach disk': 202, 'delete disk': 202, 'set vApp metadata': 202, 'set VDC metadata': 403, 'view edge gateways': 200, 'create edge gateway': 403, 'create org network': 403, 'create snapshot': 202, consolidate: 202 },
  'vApp Author': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 403, 'upload OVF': 403, 'upload media': 403, 'insert media': 202, 'create disk': 201, 'view disk': 200, 'attach disk': 202, 'delete disk': 202, 'set vApp metadata': 202, 'set VDC metadata': 403, 'view edge gateways': 200, 'create edge gateway': 403, 'create org network': 403, 'create snapshot': 202, consolidate: 202 },
  'vApp User': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 403, 'power on': 202, 'change CPU': 403, rename: 202, delete: 403, 'admin view': 403, 'upload OVF': 403, 'upload media': 403, 'insert media': 202, 'create disk': 403, 'view disk': 200, 'attach disk': 403, 'delete disk': 403, 'set vApp metadata': 202, 'set VDC metadata': 403, 'view edge gateways': 200, 'create edge gateway': 403, 'create org network': 403, 'create snapshot': 202, consolidate: 202 },
  'Console Access Only': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 403, 'view vApp': 200, instantiate: 403, 'power on': 403, 'change CPU': 403, rename: 403, delete: 403, 'admin view': 403, 'upload OVF': 403, 'upload media': 403, 'insert media': 403, 'create disk': 403, 'view disk': 403, 'attach disk': 403, 'delete disk': 403, 'set vApp metadata': 403, 'set VDC metadata': 403, 'view edge gateways': 403, 'create edge gateway': 403, 'create org network': 403, 'create snapshot': 403, consolidate: 403 },
};
/** A media uploaded to completion (a tiny ISO), for the insert check. */
async function readyMedia(sim: Simulator, c: Client, catalogHref: string): Promise<string> {
  const res = await c.post(`${catalogHref}/action/upload`).set('Content-Type', MT.media)
    .send('<Media xmlns="http://www.vmware.com/vcloud/v1.5" name="ready.iso" imageType="iso" size="16"/>');
  const media = xml((await c.get(xml(res.text).doc.Entity.href)).text).doc;
  const file = ([] as any[]).concat(media.Files.File)[0];
  await c.put(([] as any[]).concat(file.Link)[0].href.replace(/^https?:\/\/[^/]+/, '')).set('Content-Range', 'bytes 0-15/16').send(Buffer.alloc(16));
  void sim;
  return media.href;
}

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
      mediaHref: await readyMedia(sim, admin, org.Link.find((l: any) => l.type === MT.catalog).href),
      diskHref: '',
    };
    const disk = xml((await admin.post(`${vdc.href}/disk`).set('Content-Type', MT.diskCreateParams)
      .send('<DiskCreateParams xmlns="http://www.vmware.com/vcloud/v1.5"><Disk name="target-disk" sizeMb="16"/></DiskCreateParams>')).text).doc;
    await waitTask(sim, admin, disk.Tasks.Task[0].href);
    ctx.diskHref = disk.href;
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

// Edge gateway services (CloudAPI): the same roles against port profiles, IP sets, firewall and NAT rules.
interface GwCtx { vdcUrn: string; gw: string }
const nat = (c: Client, x: GwCtx) => c.post(`/cloudapi/1.0.0/edgeGateways/${x.gw}/nat/rules`).set('Content-Type', 'application/json')
  .send({ name: `n-${Math.random()}`, type: 'SNAT', externalAddresses: '203.0.113.10', internalAddresses: '10.10.10.0/24' });
const GW_OPS: Record<string, (c: Client, x: GwCtx) => Promise<number>> = {
  'view app port profiles': async (c) => (await c.get('/cloudapi/1.0.0/applicationPortProfiles')).status,
  'create app port profile': async (c, x) => (await c.post('/cloudapi/1.0.0/applicationPortProfiles').set('Content-Type', 'application/json')
    .send({ name: `p-${Math.random()}`, scope: 'TENANT', contextEntityId: x.vdcUrn, applicationPorts: [{ protocol: 'TCP', destinationPorts: ['80'] }] })).status,
  'view firewall groups': async (c) => (await c.get('/cloudapi/1.0.0/firewallGroups/summaries')).status,
  'create IP set': async (c, x) => (await c.post('/cloudapi/1.0.0/firewallGroups').set('Content-Type', 'application/json')
    .send({ name: `s-${Math.random()}`, typeValue: 'IP_SET', ownerRef: { id: x.gw }, ipAddresses: ['192.0.2.1'] })).status,
  'view firewall rules': async (c, x) => (await c.get(`/cloudapi/1.0.0/edgeGateways/${x.gw}/firewall/rules`)).status,
  'set firewall rules': async (c, x) => (await c.put(`/cloudapi/1.0.0/edgeGateways/${x.gw}/firewall/rules`).set('Content-Type', 'application/json')
    .send({ userDefinedRules: [] })).status,
  'view NAT rules': async (c, x) => (await c.get(`/cloudapi/1.0.0/edgeGateways/${x.gw}/nat/rules`)).status,
  'create NAT rule': async (c, x) => (await nat(c, x)).status,
  'view static routes': async (c, x) => (await c.get(`/cloudapi/1.0.0/edgeGateways/${x.gw}/routing/staticRoutes`)).status,
  'create static route': async (c, x) => (await c.post(`/cloudapi/1.0.0/edgeGateways/${x.gw}/routing/staticRoutes`).set('Content-Type', 'application/json')
    .send({ name: `r-${Math.random()}`, networkCidr: '10.50.0.0/16', nextHops: [{ ipAddress: '203.0.113.1' }] })).status,
};
const GW_ALLOWED = { 'view app port profiles': 200, 'create app port profile': 202, 'view firewall groups': 200, 'create IP set': 202, 'view firewall rules': 200, 'set firewall rules': 202, 'view NAT rules': 200, 'create NAT rule': 202, 'view static routes': 200, 'create static route': 202 };
const GW_READ_PROFILES_ONLY = { 'view app port profiles': 200, 'create app port profile': 403, 'view firewall groups': 403, 'create IP set': 403, 'view firewall rules': 403, 'set firewall rules': 403, 'view NAT rules': 403, 'create NAT rule': 403, 'view static routes': 403, 'create static route': 403 };
const GW_MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': GW_ALLOWED,
  'Catalog Author': GW_READ_PROFILES_ONLY,
  'vApp Author': GW_READ_PROFILES_ONLY,
  'vApp User': GW_READ_PROFILES_ONLY,
  'Console Access Only': GW_READ_PROFILES_ONLY,
};

describe.each(Object.keys(GW_MATRIX))('%s, edge gateway services', (role) => {
  let sim: Simulator;
  let ctx: GwCtx;
  let c: Client;

  beforeEach(async () => {
    sim = await newSim();
    const vdc = [...sim.store.all('vdc')].find((v) => v.name === 'acme-vdc')!;
    const gw = sim.store.where('edgeGateway', 'vdcId', vdc.id)[0];
    ctx = { vdcUrn: `urn:vcloud:vdc:${vdc.id}`, gw: `urn:vcloud:gateway:${gw.id}` };
    c = client(sim, await login(sim, USER_OF[role], 'acme'), 'application/json;version=38.0');
  });

  it.each(Object.keys(GW_OPS))('%s', async (op) => {
    expect(await GW_OPS[op](c, ctx)).toBe(GW_MATRIX[role][op]);
  });
});

it('a System administrator configures any org\'s gateway services', async () => {
  const sim = await newSim();
  const sys = client(sim, await login(sim, 'administrator', 'System'), 'application/json;version=38.0');
  const gw = [...sim.store.all('edgeGateway')].find((g) => g.name === 'globex-edge')!;
  const res = await sys.post(`/cloudapi/1.0.0/edgeGateways/urn:vcloud:gateway:${gw.id}/nat/rules`).set('Content-Type', 'application/json')
    .send({ name: 'by-provider', type: 'DNAT', externalAddresses: '203.0.113.21', internalAddresses: '172.20.0.10' });
  expect(res.status).toBe(202);
});
