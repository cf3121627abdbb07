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
  userHref: string;
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
  'set guest properties': async (c, x) => (await c.put(`${x.vmHref}/productSections`).set('Content-Type', MT.productSections)
    .send('<ProductSectionList xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"><ovf:ProductSection><ovf:Info/></ovf:ProductSection></ProductSectionList>')).status,
  'set VDC metadata': async (c, x) => (await c.put(`${x.vdcHref.replace('/api/', '/api/admin/')}/metadata/k`).set('Content-Type', MT.metadataValue).send(METADATA_VALUE)).status,
  'view edge gateways': async (c) => (await c.get('/cloudapi/1.0.0/edgeGateways').set('Accept', 'application/json;version=37.0')).status,
  'create edge gateway': async (c, x) => (await c.post('/cloudapi/1.0.0/edgeGateways').set('Accept', 'application/json;version=37.0')
    .send({ name: 'e', ownerRef: { id: `urn:vcloud:vdc:${x.vdcHref.split('/').pop()}` }, edgeGatewayUplinks: [] })).status,
  'create org network': async (c, x) => (await c.post('/cloudapi/1.0.0/orgVdcNetworks').set('Accept', 'application/json;version=37.0')
    .send({ name: 'n', ownerRef: { id: `urn:vcloud:vdc:${x.vdcHref.split('/').pop()}` }, networkType: 'ISOLATED', subnets: { values: [{ gateway: '10.99.0.1', prefixLength: 24 }] } })).status,
  'create catalog': async (c, x) => (await c.post(`${x.adminOrgHref}/catalogs`).set('Content-Type', MT.adminCatalog)
    .send(`<AdminCatalog xmlns="http://www.vmware.com/vcloud/v1.5" name="cat-${Math.random()}"/>`)).status,
  'share vApp': async (c, x) => (await c.post(`${x.vappHref}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(SHARE_ALL)).status,
  'share catalog': async (c, x) => (await c.post(`${x.catalogHref}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(SHARE_ALL)).status,
  'publish catalog': async (c, x) => (await c.post(`${x.catalogHref}/action/publish`).set('Content-Type', MT.publishCatalogParams)
    .send('<PublishCatalogParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsPublished>true</IsPublished></PublishCatalogParams>')).status,
  capture: async (c, x) => (await c.post(`${x.catalogHref}/action/captureVApp`).set('Content-Type', MT.captureVAppParams)
    .send(`<CaptureVAppParams xmlns="http://www.vmware.com/vcloud/v1.5" name="cap-${Math.random()}"><Source href="${x.vappHref}"/></CaptureVAppParams>`)).status,
  'change vApp owner': async (c, x) => (await c.put(`${x.vappHref}/owner`).set('Content-Type', MT.owner)
    .send(`<Owner xmlns="http://www.vmware.com/vcloud/v1.5"><User href="${x.userHref}"/></Owner>`)).status,
  'publish catalog externally': async (c, x) => (await c.post(`${x.catalogHref}/action/publishToExternalOrganizations`).set('Content-Type', 'application/vnd.vmware.admin.publishExternalCatalogParams+xml')
    .send('<PublishExternalCatalogParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsPublishedExternally>true</IsPublishedExternally><Password>pw</Password></PublishExternalCatalogParams>')).status,
};
const SHARE_ALL = '<ControlAccessParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>FullControl</EveryoneAccessLevel></ControlAccessParams>';

// 2xx = allowed; 403 = the role lacks the right. (Where an allowed operation is refused for another
// reason, e.g. deleting a deployed vApp, the expectation says so.)
const MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 200, 'upload OVF': 201, 'upload media': 201, 'insert media': 202, 'create disk': 201, 'view disk': 200, 'attach disk': 202, 'delete disk': 202, 'set vApp metadata': 202, 'set VDC metadata': 202, 'view edge gateways': 200, 'create edge gateway': 403, 'create org network': 202, 'create snapshot': 202, consolidate: 202, 'set guest properties': 202, 'create catalog': 201, 'share vApp': 200, 'share catalog': 200, 'publish catalog': 204, capture: 201, 'change vApp owner': 204, 'publish catalog externally': 204 },
  'Catalog Author': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 403, 'upload OVF': 201, 'upload media': 201, 'insert media': 202, 'create disk': 201, 'view disk': 200, 'attach disk': 202, 'delete disk': 202, 'set vApp metadata': 202, 'set VDC metadata': 403, 'view edge gateways': 200, 'create edge gateway': 403, 'create org network': 403, 'create snapshot': 202, consolidate: 202, 'set guest properties': 202, 'create catalog': 201, 'share vApp': 200, 'share catalog': 200, 'publish catalog': 204, capture: 201, 'change vApp owner': 403, 'publish catalog externally': 204 },
  'vApp Author': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 201, 'power on': 202, 'change CPU': 202, rename: 202, delete: 202, 'admin view': 403, 'upload OVF': 403, 'upload media': 403, 'insert media': 202, 'create disk': 201, 'view disk': 200, 'attach disk': 202, 'delete disk': 202, 'set vApp metadata': 202, 'set VDC metadata': 403, 'view edge gateways': 200, 'create edge gateway': 403, 'create org network': 403, 'create snapshot': 202, consolidate: 202, 'set guest properties': 202, 'create catalog': 403, 'share vApp': 200, 'share catalog': 403, 'publish catalog': 403, capture: 201, 'change vApp owner': 403, 'publish catalog externally': 403 },
  'vApp User': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 200, 'view vApp': 200, instantiate: 403, 'power on': 202, 'change CPU': 403, rename: 202, delete: 403, 'admin view': 403, 'upload OVF': 403, 'upload media': 403, 'insert media': 202, 'create disk': 403, 'view disk': 200, 'attach disk': 403, 'delete disk': 403, 'set vApp metadata': 202, 'set VDC metadata': 403, 'view edge gateways': 200, 'create edge gateway': 403, 'create org network': 403, 'create snapshot': 202, consolidate: 202, 'set guest properties': 202, 'create catalog': 403, 'share vApp': 200, 'share catalog': 403, 'publish catalog': 403, capture: 403, 'change vApp owner': 403, 'publish catalog externally': 403 },
  'Console Access Only': { 'view VDC': 200, 'view hardware version': 200, 'view catalog': 403, 'view vApp': 200, instantiate: 403, 'power on': 403, 'change CPU': 403, rename: 403, delete: 403, 'admin view': 403, 'upload OVF': 403, 'upload media': 403, 'insert media': 403, 'create disk': 403, 'view disk': 403, 'attach disk': 403, 'delete disk': 403, 'set vApp metadata': 403, 'set VDC metadata': 403, 'view edge gateways': 403, 'create edge gateway': 403, 'create org network': 403, 'create snapshot': 403, consolidate: 403, 'set guest properties': 403, 'create catalog': 403, 'share vApp': 403, 'share catalog': 403, 'publish catalog': 403, capture: 403, 'change vApp owner': 403, 'publish catalog externally': 403 },
};
// VM disks ("Edit VM Hard Disk"), the compliance check ("Edit VM Properties") and relocation (the provider's right).
const RASD = 'xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vcloud="http://www.vmware.com/vcloud/v1.5"';
Object.assign(OPS, {
  'grow disk': async (c, x) => (await c.put(`${x.vmHref}/virtualHardwareSection/disks`).set('Content-Type', MT.rasdItemsList)
    .send(`<RasdItemsList xmlns="http://www.vmware.com/vcloud/v1.5" ${RASD}><Item><rasd:AddressOnParent>0</rasd:AddressOnParent><rasd:HostResource vcloud:capacity="30720" vcloud:busType="6" vcloud:busSubType="VirtualSCSI"/><rasd:InstanceID>2000</rasd:InstanceID><rasd:Parent>2</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item></RasdItemsList>`)).status,
  'check compliance': async (c, x) => (await c.post(`${x.vmHref}/action/checkCompliance`)).status,
  relocate: async (c, x) => (await c.post(`${x.vmHref}/action/relocate`).set('Content-Type', 'application/vnd.vmware.vcloud.relocateVmParams+xml')
    .send('<RelocateParams xmlns="http://www.vmware.com/vcloud/v1.5"><Datastore href="/api/admin/extension/datastore/x"/></RelocateParams>')).status,
} satisfies Record<string, Op>);
Object.assign(MATRIX['Organization Administrator'], { 'grow disk': 202, 'check compliance': 202, relocate: 403 });
Object.assign(MATRIX['Catalog Author'], { 'grow disk': 202, 'check compliance': 202, relocate: 403 });
Object.assign(MATRIX['vApp Author'], { 'grow disk': 202, 'check compliance': 202, relocate: 403 });
Object.assign(MATRIX['vApp User'], { 'grow disk': 403, 'check compliance': 202, relocate: 403 });
Object.assign(MATRIX['Console Access Only'], { 'grow disk': 403, 'check compliance': 403, relocate: 403 });

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
    // Shared with the whole org at full control, so that each role's rights alone decide (access control has its own tests).
    const catalogHref = org.Link.find((l: any) => l.type === MT.catalog).href;
    for (const href of [vapp.href, catalogHref]) {
      expect((await admin.post(`${href}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(SHARE_ALL)).status).toBe(200);
    }
    ctx = {
      vdcHref: vdc.href,
      catalogHref: org.Link.find((l: any) => l.type === MT.catalog).href,
      template,
      vappHref: vapp.href,
      vmHref: vapp.Children.Vm[0].href,
      adminOrgHref: org.href.replace('/api/org/', '/api/admin/org/'),
      mediaHref: await readyMedia(sim, admin, org.Link.find((l: any) => l.type === MT.catalog).href),
      diskHref: '',
      userHref: xml((await admin.get(org.href.replace('/api/org/', '/api/admin/org/'))).text).doc.Users.UserReference.find((u: any) => u.name === 'alice').href,
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
interface GwCtx { vdcUrn: string; gw: string; net?: string }
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
  'view network DHCP': async (c, x) => (await c.get(`/cloudapi/1.0.0/orgVdcNetworks/${x.net}/dhcp`)).status,
  'set network DHCP': async (c, x) => (await c.put(`/cloudapi/1.0.0/orgVdcNetworks/${x.net}/dhcp`).set('Content-Type', 'application/json')
    .send({ enabled: true, dhcpPools: [{ ipRange: { startAddress: '10.10.10.210', endAddress: '10.10.10.220' } }] })).status,
  'view DNS forwarder': async (c, x) => (await c.get(`/cloudapi/1.0.0/edgeGateways/${x.gw}/dns`)).status,
  'set DNS forwarder': async (c, x) => (await c.put(`/cloudapi/1.0.0/edgeGateways/${x.gw}/dns`).set('Content-Type', 'application/json').send({ enabled: false })).status,
  'view IPsec tunnels': async (c, x) => (await c.get(`/cloudapi/1.0.0/edgeGateways/${x.gw}/ipsec/tunnels`)).status,
  'create IPsec tunnel': async (c, x) => (await c.post(`/cloudapi/1.0.0/edgeGateways/${x.gw}/ipsec/tunnels`).set('Content-Type', 'application/json')
    .send({ name: `t-${Math.random()}`, preSharedKey: 'k', localEndpoint: { localAddress: '203.0.113.13', localNetworks: ['10.10.10.0/24'] }, remoteEndpoint: { remoteAddress: '198.51.100.7' } })).status,
  'view used IP addresses': async (c, x) => (await c.get(`/cloudapi/1.0.0/edgeGateways/${x.gw}/usedIpAddresses`)).status,
};
const GW_MORE_ALLOWED = { 'view network DHCP': 200, 'set network DHCP': 202, 'view DNS forwarder': 200, 'set DNS forwarder': 202, 'view IPsec tunnels': 200, 'create IPsec tunnel': 202, 'view used IP addresses': 200 };
const GW_MORE_DENIED = { 'view network DHCP': 403, 'set network DHCP': 403, 'view DNS forwarder': 403, 'set DNS forwarder': 403, 'view IPsec tunnels': 403, 'create IPsec tunnel': 403, 'view used IP addresses': 200 };
const GW_ALLOWED = { 'view app port profiles': 200, 'create app port profile': 202, 'view firewall groups': 200, 'create IP set': 202, 'view firewall rules': 200, 'set firewall rules': 202, 'view NAT rules': 200, 'create NAT rule': 202, 'view static routes': 200, 'create static route': 202 };
const GW_READ_PROFILES_ONLY = { 'view app port profiles': 200, 'create app port profile': 403, 'view firewall groups': 403, 'create IP set': 403, 'view firewall rules': 403, 'set firewall rules': 403, 'view NAT rules': 403, 'create NAT rule': 403, 'view static routes': 403, 'create static route': 403 };
const GW_MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': { ...GW_ALLOWED, ...GW_MORE_ALLOWED },
  'Catalog Author': { ...GW_READ_PROFILES_ONLY, ...GW_MORE_DENIED },
  'vApp Author': { ...GW_READ_PROFILES_ONLY, ...GW_MORE_DENIED },
  'vApp User': { ...GW_READ_PROFILES_ONLY, ...GW_MORE_DENIED },
  'Console Access Only': { ...GW_READ_PROFILES_ONLY, ...GW_MORE_DENIED, 'view used IP addresses': 403 },
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
    ctx.net = `urn:vcloud:network:${sim.store.where('network', 'vdcId', vdc.id).find((n) => n.name === 'acme-web')!.id}`;
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
// ---- Administration: the admin routes, each role and the System administrator (one simulator per role, ops in order) ----

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const json = (r: any) => r.set('Accept', 'application/json;version=37.0');
interface AdminCtx { spHref: string; acmeVdcHref: string; performanceHref: string; orgHref: string; vdcHref: string; spareVdcHref: string; pvdcHref: string; goldHref: string; policyUrn: string; roleHref: string; vmGroupUrn: string; systemDefaultUrn: string }
const uniq = () => Math.random().toString(36).slice(2, 8);
const vdcParams = (x: AdminCtx, name: string) => `<CreateVdcParams ${NS} name="${name}"><AllocationModel>AllocationVApp</AllocationModel><ComputeCapacity><Cpu><Units>MHz</Units><Limit>1000</Limit></Cpu><Memory><Units>MB</Units><Limit>1024</Limit></Memory></ComputeCapacity><VdcStorageProfile><Enabled>true</Enabled><Units>MB</Units><Limit>1024</Limit><Default>true</Default><ProviderVdcStorageProfile href="${x.goldHref}"/></VdcStorageProfile><ProviderVdcReference href="${x.pvdcHref}"/></CreateVdcParams>`;

const ADMIN_OPS: Record<string, (c: Client, x: AdminCtx) => Promise<number>> = {
  'view org settings': async (c, x) => (await c.get(`${x.orgHref}/settings`)).status,
  'update org': async (c, x) => (await c.put(x.orgHref).set('Content-Type', MT.adminOrg).send(`<AdminOrg ${NS} name="acme"><Description>edited</Description><FullName>Acme Corporation</FullName><Settings/></AdminOrg>`)).status,
  'create user': async (c, x) => (await c.post(`${x.orgHref}/users`).set('Content-Type', MT.user).send(`<User ${NS} name="u-${uniq()}"><IsEnabled>true</IsEnabled><Role href="${x.roleHref}"/><Password>secret-pw</Password></User>`)).status,
  'create role': async (c, x) => (await c.post(`${x.orgHref}/roles`).set('Content-Type', MT.role).send(`<Role ${NS} name="r-${uniq()}"><Description>d</Description><RightReferences/></Role>`)).status,
  'create org': async (c) => (await c.post('/api/admin/orgs').set('Content-Type', MT.adminOrg).send(`<AdminOrg ${NS} name="o-${uniq()}"><FullName>F</FullName><Settings/></AdminOrg>`)).status,
  'create VDC': async (c, x) => (await c.post(`${x.orgHref}/vdcsparams`).set('Content-Type', MT.createVdcParams).send(vdcParams(x, `v-${uniq()}`))).status,
  'update VDC': async (c, x) => (await c.put(x.vdcHref).set('Content-Type', MT.adminVdc).send(`<AdminVdc ${NS} name="acme-dev"><VmQuota>9</VmQuota></AdminVdc>`)).status,
  'disable VDC': async (c, x) => (await c.post(`${x.vdcHref}/action/disable`)).status,
  'enable VDC': async (c, x) => (await c.post(`${x.vdcHref}/action/enable`)).status,
  'delete VDC': async (c, x) => (await c.delete(x.spareVdcHref)).status,
  'view VDC compute policies': async (c, x) => (await c.get(`${x.vdcHref}/computePolicies`)).status,
  'assign compute policies': async (c, x) => (await c.put(`${x.vdcHref}/computePolicies`).set('Content-Type', 'application/vnd.vmware.vcloud.vdcComputePolicyReferences+xml')
    .send(`<VdcComputePolicyReferences ${NS}><VdcComputePolicyReference href="http://vcd.test/cloudapi/2.0.0/vdcComputePolicies/${x.policyUrn}"/><VdcComputePolicyReference id="${x.systemDefaultUrn}"/></VdcComputePolicyReferences>`)).status,
  'list compute policies': async (c) => (await json(c.get('/cloudapi/2.0.0/vdcComputePolicies'))).status,
  'create compute policy': async (c) => (await json(c.post('/cloudapi/2.0.0/vdcComputePolicies')).send({ name: `p-${uniq()}`, cpuCount: 1 })).status,
  'view provider extension': async (c) => (await c.get('/api/admin/extension')).status,
  'view provider VDC': async (c, x) => (await c.get(x.pvdcHref)).status,
  'list vCenters': async (c) => (await json(c.get('/cloudapi/1.0.0/virtualCenters'))).status,
  'disable org': async (c, x) => (await c.post(`${x.orgHref}/action/disable`)).status,
  'enable org': async (c, x) => (await c.post(`${x.orgHref}/action/enable`)).status,
  'edit VDC storage profile': async (c, x) => (await c.put(x.spHref).set('Content-Type', 'application/vnd.vmware.admin.vdcStorageProfile+xml')
    .send(`<AdminVdcStorageProfile ${NS} name="Standard"><Enabled>true</Enabled><Units>MB</Units><Limit>600000</Limit><Default>true</Default></AdminVdcStorageProfile>`)).status,
  'add VDC storage profile': async (c, x) => (await c.post(`${x.acmeVdcHref}/vdcStorageProfiles`).set('Content-Type', 'application/vnd.vmware.admin.updateVdcStorageProfiles+xml')
    .send(`<UpdateVdcStorageProfiles ${NS} name="Performance"><AddStorageProfile><Enabled>true</Enabled><Units>MB</Units><Limit>1024</Limit><Default>false</Default><ProviderVdcStorageProfile href="${x.performanceHref}"/></AddStorageProfile></UpdateVdcStorageProfiles>`)).status,
  'list VM groups': async (c) => (await c.get('/api/query?type=vmGroups')).status,
  'create logical VM group': async (c, x) => (await json(c.post('/cloudapi/1.0.0/logicalVmGroups')).send({
    name: `l-${uniq()}`, pvdcId: `urn:vcloud:providervdc:${x.pvdcHref.split('/').pop()}`, namedVmGroupReferences: [{ id: x.vmGroupUrn }] })).status,
  'list vGPU profiles': async (c) => (await json(c.get('/cloudapi/1.0.0/vgpuProfiles'))).status,
};
const ADMIN_OPS_ORDER = Object.keys(ADMIN_OPS);
const row = (statuses: number[]) => Object.fromEntries(ADMIN_OPS_ORDER.map((op, i) => [op, statuses[i]]));
//                       settings upd-org user role org  vdc+ vdc~ dis  en   del  cp?  cp=  cp*  cp+  ext  pvdc vc   dis-o en-o sp~  sp+  vmg  lvg+ vgpu
const TENANT_VIEWER = row([403,  403,    403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]);
const ADMIN_MATRIX: Record<string, Record<string, number>> = {
  'System Administrator': row([200, 200, 201, 201, 201, 201, 202, 204, 204, 202, 200, 200, 200, 201, 200, 200, 200, 204, 204, 200, 202, 200, 201, 200]),
  'Organization Administrator': row([200, 200, 201, 201, 403, 403, 403, 403, 403, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]),
  'Catalog Author': TENANT_VIEWER,
  'vApp Author': TENANT_VIEWER,
  'vApp User': TENANT_VIEWER,
  'Console Access Only': { ...TENANT_VIEWER, 'list compute policies': 403 },
};
const ADMIN_USER_OF: Record<string, [string, string]> = {
  'System Administrator': ['administrator', 'System'], ...Object.fromEntries(Object.entries(USER_OF).map(([r, u]) => [r, [u, 'acme']])),
};

describe.each(Object.keys(ADMIN_MATRIX))('administration: %s', (role) => {
  let c: Client;
  let x: AdminCtx;

  beforeAll(async () => {
    const sim = await newSim();
    const sys = client(sim, await login(sim, 'administrator', 'System'));
    const root = xml((await sys.get('/api/admin')).text).doc;
    const acme = root.OrganizationReferences.OrganizationReference.find((o: any) => o.name === 'acme');
    const org = xml((await sys.get(acme.href)).text).doc;
    const pvdcHref = root.ProviderVdcReferences.ProviderVdcReference.find((p: any) => p.name === 'pvdc-silver').href;
    const pvdc = xml((await sys.get(pvdcHref)).text).doc;
    const goldHref = ([] as any[]).concat(pvdc.StorageProfiles.ProviderVdcStorageProfile)[0].href;
    const policies = await json(sys.get('/cloudapi/2.0.0/vdcComputePolicies?filter=name==small'));
    x = {
      orgHref: acme.href, pvdcHref, goldHref, policyUrn: policies.body.values[0].id, spareVdcHref: '', spHref: '',
      acmeVdcHref: ([] as any[]).concat(org.Vdcs.Vdc).find((v: any) => v.name === 'acme-vdc').href,
      performanceHref: ([] as any[]).concat(xml((await sys.get(root.ProviderVdcReferences.ProviderVdcReference.find((p: any) => p.name === 'pvdc-gold').href)).text).doc
        .StorageProfiles.ProviderVdcStorageProfile).find((p: any) => p.name === 'Performance').href,
      vdcHref: ([] as any[]).concat(org.Vdcs.Vdc).find((v: any) => v.name === 'acme-dev').href,
      roleHref: org.RoleReferences.RoleReference.find((r: any) => r.name === 'vApp User').href,
      systemDefaultUrn: (await json(sys.get('/cloudapi/2.0.0/vdcComputePolicies?filter=name==System Default'))).body.values[0].id,
      vmGroupUrn: `urn:vcloud:namedVmGroup:${([] as any[]).concat(xml((await sys.get('/api/query?type=vmGroups&filter=vmGroupName==gpu-hosts')).text).doc.VmGroupsRecord)[0].namedVmGroupId}`,
    };
    // A disabled, empty VDC for the delete.
    const spare = xml((await sys.post(`${x.orgHref}/vdcsparams`).set('Content-Type', MT.createVdcParams).send(vdcParams(x, 'spare'))).text).doc;
    await waitTask(sim, sys, spare.Tasks.Task[0].href);
    await sys.post(`${spare.href}/action/disable`);
    x.spareVdcHref = spare.href;
    const dev = xml((await sys.get(x.vdcHref)).text).doc;
    x.spHref = dev.VdcStorageProfiles.VdcStorageProfile[0].href.replace('/api/', '/api/admin/');
    const [user, orgName] = ADMIN_USER_OF[role];
    c = client(sim, await login(sim, user, orgName));
  });

  it.each(ADMIN_OPS_ORDER)('%s', async (op) => {
    expect(await ADMIN_OPS[op](c, x)).toBe(ADMIN_MATRIX[role][op]);
  });
});

// Template downloads (the transfer service): enabling, reading the files, disabling.
interface DlCtx { templateHref: string; descriptor: string }
const DL_OPS: Record<string, (c: Client, x: DlCtx) => Promise<number>> = {
  'enable template download': async (c, x) => (await c.post(`${x.templateHref}/action/enableDownload`)).status,
  'download template descriptor': async (c, x) => (await c.get(x.descriptor)).status,
  'download template disk': async (c, x) => (await c.get(x.descriptor.replace('descriptor.ovf', 'tiny-disk1.vmdk'))).status,
  'disable template download': async (c, x) => (await c.post(`${x.templateHref}/action/disableDownload`)).status,
};
const DL_ALLOWED = { 'enable template download': 202, 'download template descriptor': 200, 'download template disk': 200, 'disable template download': 204 };
const DL_REFUSED = { 'enable template download': 403, 'download template descriptor': 403, 'download template disk': 403, 'disable template download': 403 };
const DL_MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': DL_ALLOWED,
  'Catalog Author': DL_ALLOWED,
  'vApp Author': DL_REFUSED,
  'vApp User': DL_REFUSED,
  'Console Access Only': DL_REFUSED,
};

describe.each(Object.keys(DL_MATRIX))('%s, template downloads', (role) => {
  let sim: Simulator;
  let ctx: DlCtx;
  let c: Client;

  beforeEach(async () => {
    sim = await newSim();
    const admin = client(sim, await login(sim, 'acme-admin', 'acme'));
    const { org, template } = await findInventory(admin, 'acme-vdc', 'ubuntu-22.04');
    const catalogHref = org.Link.find((l: any) => l.type === MT.catalog).href;
    expect((await admin.post(`${catalogHref}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(SHARE_ALL)).status).toBe(200);
    const enabled = await admin.post(`${template.href}/action/enableDownload`);
    await waitTask(sim, admin, xml(enabled.text).doc.href);
    const id = template.href.split('vappTemplate-')[1];
    const vm = sim.store.get('vAppTemplate', id)!.vms[0];
    ctx = { templateHref: template.href, descriptor: `/transfer/${id}/descriptor.ovf` };
    // The disk op names the first VM's first stand-in disk file.
    DL_OPS['download template disk'] = async (cc, x) => (await cc.get(x.descriptor.replace('descriptor.ovf', `${vm.localId || vm.name}-disk1.vmdk`))).status;
    c = client(sim, await login(sim, USER_OF[role], 'acme'));
  });

  it.each(Object.keys(DL_OPS))('%s', async (op) => {
    expect(await DL_OPS[op](c, ctx)).toBe(DL_MATRIX[role][op]);
  });
});

// Groups and VDC access control: the org's administrators manage them (Group / User: View and Manage,
// Organization vDC: View ACL and Edit ACL); every other predefined role is refused.
interface GroupCtx { vdcHref: string; groupHref: string; spareHref: string; adminOrgHref: string; roleHref: string }
const GROUP_DOC = (name: string, role: string) =>
  `<Group xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}"><ProviderType>SAML</ProviderType><Role href="${role}"/></Group>`;
const GROUP_OPS: Record<string, (c: Client, x: GroupCtx) => Promise<number>> = {
  'view VDC ACL': async (c, x) => (await c.get(`${x.vdcHref}/controlAccess`)).status,
  'set VDC ACL': async (c, x) => (await c.put(`${x.vdcHref}/action/controlAccess`).set('Content-Type', MT.controlAccess)
    .send('<ControlAccessParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>ReadOnly</EveryoneAccessLevel></ControlAccessParams>')).status,
  'view group': async (c, x) => (await c.get(x.groupHref)).status,
  'import group': async (c, x) => (await c.post(`${x.adminOrgHref}/groups`).set('Content-Type', MT.group).send(GROUP_DOC(`g-${Math.random()}`, x.roleHref))).status,
  'update group': async (c, x) => (await c.put(x.spareHref).set('Content-Type', MT.group).send(GROUP_DOC('spare', x.roleHref))).status,
  'delete group': async (c, x) => (await c.delete(x.spareHref)).status,
};
const GROUPS_REFUSED = Object.fromEntries(Object.keys(GROUP_OPS).map((op) => [op, 403]));
const GROUP_MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': { 'view VDC ACL': 200, 'set VDC ACL': 200, 'view group': 200, 'import group': 201, 'update group': 200, 'delete group': 204 },
  'Catalog Author': GROUPS_REFUSED,
  'vApp Author': GROUPS_REFUSED,
  'vApp User': GROUPS_REFUSED,
  'Console Access Only': GROUPS_REFUSED,
};

describe.each(Object.keys(GROUP_MATRIX))('%s, groups and VDC access', (role) => {
  let sim: Simulator;
  let x: GroupCtx;
  let c: Client;

  beforeEach(async () => {
    sim = await newSim();
    const admin = client(sim, await login(sim, 'acme-admin', 'acme'));
    const { org, vdc } = await findInventory(admin, 'acme-vdc', 'ubuntu-22.04');
    const adminOrgHref = org.href.replace('/api/org/', '/api/admin/org/');
    const adminOrg = xml((await admin.get(adminOrgHref)).text).doc;
    const roleHref = adminOrg.RoleReferences.RoleReference.find((r: any) => r.name === 'vApp User').href;
    const spare = xml((await admin.post(`${adminOrgHref}/groups`).set('Content-Type', MT.group).send(GROUP_DOC('spare', roleHref))).text).doc;
    x = {
      vdcHref: vdc.href, adminOrgHref, roleHref, spareHref: spare.href,
      groupHref: adminOrg.Groups.GroupReference.find((g: any) => g.name === 'acme-developers').href,
    };
    c = client(sim, await login(sim, USER_OF[role], 'acme'));
  });

  it.each(Object.keys(GROUP_OPS))('%s', async (op) => {
    expect(await GROUP_OPS[op](c, x)).toBe(GROUP_MATRIX[role][op]);
  });
});

// ---- VDC groups (CloudAPI): the roles against groups, candidate VDCs, the DFW and imported segments ----
interface VdcGroupCtx { vdcUrn: string; devUrn: string; group: string }
const VDC_GROUP_OPS: Record<string, (c: Client, x: VdcGroupCtx) => Promise<number>> = {
  'view VDC groups': async (c) => (await c.get('/cloudapi/1.0.0/vdcGroups')).status,
  'view candidate VDCs': async (c, x) => (await c.get(`/cloudapi/1.0.0/vdcGroups/networkingCandidateVdcs?filter=_context==LOCAL;_context==${x.vdcUrn}`)).status,
  'create VDC group': async (c, x) => (await c.post('/cloudapi/1.0.0/vdcGroups').set('Content-Type', 'application/json')
    .send({ name: `g-${Math.random()}`, networkProviderType: 'NSX_T', type: 'LOCAL', participatingOrgVdcs: [{ vdcRef: { id: x.vdcUrn } }, { vdcRef: { id: x.devUrn } }] })).status,
  'view DFW policies': async (c, x) => (await c.get(`/cloudapi/1.0.0/vdcGroups/${x.group}/dfwPolicies`)).status,
  'activate DFW': async (c, x) => (await c.put(`/cloudapi/1.0.0/vdcGroups/${x.group}/dfwPolicies`).set('Content-Type', 'application/json').send({ enabled: true })).status,
  'list importable segments': async (c, x) => (await c.get(`/cloudapi/1.0.0/nsxTResources/importableSegments?filter=orgVdcId==${x.vdcUrn}`)).status,
};
const VDC_GROUP_NONE = { 'view VDC groups': 403, 'view candidate VDCs': 403, 'create VDC group': 403, 'view DFW policies': 403, 'activate DFW': 403, 'list importable segments': 403 };
const VDC_GROUP_MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': { 'view VDC groups': 200, 'view candidate VDCs': 200, 'create VDC group': 202, 'view DFW policies': 200, 'activate DFW': 403, 'list importable segments': 403 },
  'Catalog Author': VDC_GROUP_NONE,
  'vApp Author': VDC_GROUP_NONE,
  'vApp User': VDC_GROUP_NONE,
  'Console Access Only': VDC_GROUP_NONE,
  'System Administrator': { 'view VDC groups': 200, 'view candidate VDCs': 200, 'create VDC group': 202, 'view DFW policies': 200, 'activate DFW': 202, 'list importable segments': 200 },
};

describe.each(Object.keys(VDC_GROUP_MATRIX))('%s, VDC groups', (role) => {
  let sim: Simulator;
  let ctx: VdcGroupCtx;
  let c: Client;

  beforeEach(async () => {
    sim = await newSim();
    const vdc = (name: string) => `urn:vcloud:vdc:${[...sim.store.all('vdc')].find((v) => v.name === name)!.id}`;
    const group = [...sim.store.all('vdcGroup')].find((g) => g.name === 'acme-group')!;
    ctx = { vdcUrn: vdc('acme-vdc'), devUrn: vdc('acme-dev'), group: `urn:vcloud:vdcGroup:${group.id}` };
    const [user, org] = role === 'System Administrator' ? ['administrator', 'System'] : [USER_OF[role], 'acme'];
    c = client(sim, await login(sim, user, org), 'application/json;version=38.0');
  });

  it.each(Object.keys(VDC_GROUP_OPS))('%s', async (op) => {
    expect(await VDC_GROUP_OPS[op](c, ctx)).toBe(VDC_GROUP_MATRIX[role][op]);
  });
});

// Media downloads: enabling (vApp Template: Download, Change on the catalog) and reading the file.
interface MediaDlCtx { mediaHref: string; file: string }
const MEDIA_DL_OPS: Record<string, (c: Client, x: MediaDlCtx) => Promise<number>> = {
  'enable media download': async (c, x) => (await c.post(`${x.mediaHref}/action/enableDownload`)).status,
  'download media': async (c, x) => (await c.get(x.file)).status,
  'download media range': async (c, x) => (await c.get(x.file).set('Range', 'bytes=0-3')).status,
};
const MEDIA_DL_ALLOWED = { 'enable media download': 202, 'download media': 200, 'download media range': 206 };
const MEDIA_DL_REFUSED = { 'enable media download': 403, 'download media': 403, 'download media range': 403 };
const MEDIA_DL_MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': MEDIA_DL_ALLOWED,
  'Catalog Author': MEDIA_DL_ALLOWED,
  'vApp Author': MEDIA_DL_REFUSED,
  'vApp User': MEDIA_DL_REFUSED,
  'Console Access Only': MEDIA_DL_REFUSED,
};

describe.each(Object.keys(MEDIA_DL_MATRIX))('%s, media downloads', (role) => {
  let sim: Simulator;
  let ctx: MediaDlCtx;
  let c: Client;

  beforeEach(async () => {
    sim = await newSim();
    const admin = client(sim, await login(sim, 'acme-admin', 'acme'));
    const { org } = await findInventory(admin, 'acme-vdc', 'ubuntu-22.04');
    const catalogHref = org.Link.find((l: any) => l.type === MT.catalog).href;
    expect((await admin.post(`${catalogHref}/action/controlAccess`).set('Content-Type', MT.controlAccess).send(SHARE_ALL)).status).toBe(200);
    const mediaHref = await readyMedia(sim, admin, catalogHref);
    const enabled = await admin.post(`${mediaHref}/action/enableDownload`);
    await waitTask(sim, admin, xml(enabled.text).doc.href);
    ctx = { mediaHref, file: `/transfer/${mediaHref.split('/media/')[1]}/file` };
    c = client(sim, await login(sim, USER_OF[role], 'acme'));
  });
  afterEach(() => sim.stop());

  it.each(Object.keys(MEDIA_DL_OPS))('%s', async (op) => {
    expect(await MEDIA_DL_OPS[op](c, ctx)).toBe(MEDIA_DL_MATRIX[role][op]);
  });
});

// ---- DFW rules of a VDC group (CloudAPI): View Rules to read, Configure Rules to write ----
interface DfwCtx { rules: string; ruleId: string }
const DFW_RULE = { name: 'r', actionValue: 'ALLOW' };
const DFW_OPS: Record<string, (c: Client, x: DfwCtx) => Promise<number>> = {
  'list DFW rules': async (c, x) => (await c.get(x.rules)).status,
  'read DFW rule': async (c, x) => (await c.get(`${x.rules}/${x.ruleId}`)).status,
  'replace DFW rules': async (c, x) => (await c.put(x.rules).set('Content-Type', 'application/json').send({ values: [DFW_RULE] })).status,
  'add DFW rule': async (c, x) => (await c.post(x.rules).set('Content-Type', 'application/json').send(DFW_RULE)).status,
  'change DFW rule': async (c, x) => (await c.put(`${x.rules}/${x.ruleId}`).set('Content-Type', 'application/json').send(DFW_RULE)).status,
  'delete DFW rule': async (c, x) => (await c.delete(`${x.rules}/${x.ruleId}`)).status,
};
const DFW_ALL = { 'list DFW rules': 200, 'read DFW rule': 200, 'replace DFW rules': 202, 'add DFW rule': 202, 'change DFW rule': 202, 'delete DFW rule': 202 };
const DFW_NONE = Object.fromEntries(Object.keys(DFW_OPS).map((op) => [op, 403]));
const DFW_MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': DFW_ALL,
  'Catalog Author': DFW_NONE,
  'vApp Author': DFW_NONE,
  'vApp User': DFW_NONE,
  'Console Access Only': DFW_NONE,
  'System Administrator': DFW_ALL,
};

describe.each(Object.keys(DFW_MATRIX))('%s, DFW rules', (role) => {
  let sim: Simulator;
  let ctx: DfwCtx;
  let c: Client;

  beforeEach(async () => {
    sim = await newSim();
    const { store } = sim;
    const group = [...store.all('vdcGroup')].find((g) => g.name === 'acme-group')!;
    store.update('vdcGroup', group.id, { dfwEnabled: true, defaultPolicy: { id: store.newId(), name: 'Default_VdcGroup_acme-group', enabled: true, version: 1 } });
    const ruleId = store.insert('dfwRule', {
      id: store.newId(), orgId: group.orgId, vdcGroupId: group.id, position: 0, name: 'any', description: '', comments: '', action: 'ALLOW', enabled: true,
      sourceGroupIds: [], destinationGroupIds: [], sourceGroupsExcluded: false, destinationGroupsExcluded: false, appPortProfileIds: [],
      ipProtocol: 'IPV4_IPV6', logging: false, direction: 'IN_OUT', version: 0,
    }).id;
    ctx = { rules: `/cloudapi/1.0.0/vdcGroups/urn:vcloud:vdcGroup:${group.id}/dfwPolicies/default/rules`, ruleId };
    const [user, org] = role === 'System Administrator' ? ['administrator', 'System'] : [USER_OF[role], 'acme'];
    c = client(sim, await login(sim, user, org), 'application/json;version=38.0');
  });

  it.each(Object.keys(DFW_OPS))('%s', async (op) => {
    expect(await DFW_OPS[op](c, ctx)).toBe(DFW_MATRIX[role][op]);
  });
});

// ---- Firewall groups of a VDC group (CloudAPI): the gateway firewall rights (View / Configure Firewall) ----
interface VdcFwCtx { group: string; fw: string }
const VDC_FW_BODY = (x: VdcFwCtx) => ({ name: `d-${Math.random()}`, typeValue: 'VM_CRITERIA', ownerRef: { id: x.group }, vmCriteria: [{ rules: [{ attributeType: 'VM_NAME', attributeValue: 'web', operator: 'CONTAINS' }] }] });
const VDC_FW_OPS: Record<string, (c: Client, x: VdcFwCtx) => Promise<number>> = {
  'list VDC group firewall groups': async (c, x) => (await c.get(`/cloudapi/1.0.0/firewallGroups/summaries?filter=ownerRef.id==${x.group}`)).status,
  'create dynamic group': async (c, x) => (await c.post('/cloudapi/1.0.0/firewallGroups').set('Content-Type', 'application/json').send(VDC_FW_BODY(x))).status,
  'read VDC group firewall group': async (c, x) => (await c.get(`/cloudapi/1.0.0/firewallGroups/${x.fw}`)).status,
  'read associated VMs': async (c, x) => (await c.get(`/cloudapi/1.0.0/firewallGroups/${x.fw}/associatedVMs`)).status,
  'change VDC group firewall group': async (c, x) => (await c.put(`/cloudapi/1.0.0/firewallGroups/${x.fw}`).set('Content-Type', 'application/json').send({ ...VDC_FW_BODY(x), name: 'changed' })).status,
  'delete VDC group firewall group': async (c, x) => (await c.delete(`/cloudapi/1.0.0/firewallGroups/${x.fw}`)).status,
};
const VDC_FW_ALL = {
  'list VDC group firewall groups': 200, 'create dynamic group': 202, 'read VDC group firewall group': 200, 'read associated VMs': 200,
  'change VDC group firewall group': 202, 'delete VDC group firewall group': 202,
};
const VDC_FW_NONE = Object.fromEntries(Object.keys(VDC_FW_OPS).map((op) => [op, 403]));
const VDC_FW_MATRIX: Record<string, Record<string, number>> = {
  'Organization Administrator': VDC_FW_ALL,
  'Catalog Author': VDC_FW_NONE,
  'vApp Author': VDC_FW_NONE,
  'vApp User': VDC_FW_NONE,
  'Console Access Only': VDC_FW_NONE,
  'System Administrator': VDC_FW_ALL,
};

describe.each(Object.keys(VDC_FW_MATRIX))('%s, VDC group firewall groups', (role) => {
  let sim: Simulator;
  let ctx: VdcFwCtx;
  let c: Client;

  beforeEach(async () => {
    sim = await newSim();
    const { store } = sim;
    const group = [...store.all('vdcGroup')].find((g) => g.name === 'acme-group')!;
    const fw = store.insert('firewallGroup', {
      id: store.newId(), orgId: group.orgId, vdcGroupId: group.id, name: 'webs', description: '', type: 'VM_CRITERIA', ipAddresses: [], memberIds: [],
      vmCriteria: [{ rules: [{ attributeType: 'VM_NAME', attributeValue: 'web', operator: 'STARTS_WITH' }] }],
    }).id;
    ctx = { group: `urn:vcloud:vdcGroup:${group.id}`, fw: `urn:vcloud:firewallGroup:${fw}` };
    const [user, org] = role === 'System Administrator' ? ['administrator', 'System'] : [USER_OF[role], 'acme'];
    c = client(sim, await login(sim, user, org), 'application/json;version=38.0');
  });

  it.each(Object.keys(VDC_FW_OPS))('%s', async (op) => {
    expect(await VDC_FW_OPS[op](c, ctx)).toBe(VDC_FW_MATRIX[role][op]);
  });
});
