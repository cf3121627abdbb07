/** Walking the inventory by following Link hrefs only, as a client does, in XML and in JSON. */
import request from 'supertest';
import { newSim, login, client, xml, findLink, XML } from '../support/sim.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await newSim();
});

describe('org → VDC → catalog → item → template, by links', () => {
  it('walks the tenant inventory in XML', async () => {
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const session = xml((await c.get('/api/session')).text).doc;
    const orgList = await c.get(findLink(session, 'down', MT.orgList).href);
    expect(orgList.headers['content-type']).toBe('application/vnd.vmware.vcloud.orgList+xml;version=37.0');
    const orgs = xml(orgList.text).doc.Org;
    expect(orgs.map((o: any) => o.name)).toEqual(['acme']);

    const org = xml((await c.get(orgs[0].href)).text).doc;
    expect(org.FullName).toBe('Acme Corporation');
    expect(org.id).toMatch(/^urn:vcloud:org:/);
    const vdcLink = findLink(org, 'down', MT.vdc, 'acme-vdc');
    const vdcRes = await c.get(vdcLink.href);
    expect(vdcRes.status).toBe(200);
    const vdc = xml(vdcRes.text).doc;
    expect(vdc.AllocationModel).toBe('AllocationVApp');
    expect(vdc.ComputeCapacity.Cpu).toMatchObject({ Units: 'MHz', Limit: '64000', Used: '0' });
    expect(vdc.VmQuota).toBe('40');
    expect(findLink(vdc, 'add', MT.instantiateVAppTemplateParams).href).toBe(`${vdcLink.href}/action/instantiateVAppTemplate`);
    expect(findLink(vdc, 'up', MT.org).href).toBe(orgs[0].href);
    expect(vdc.AvailableNetworks.Network.map((n: any) => n.name).sort()).toEqual(['acme-db', 'acme-web']);
    expect(vdc.VdcStorageProfiles.VdcStorageProfile.map((p: any) => p.name)).toEqual(['Gold', 'Silver']);
    expect(vdc.ResourceEntities.ResourceEntity.map((r: any) => r.name)).toContain('three-tier-app');

    const catalog = xml((await c.get(findLink(org, 'down', MT.catalog, 'acme-catalog').href)).text).doc;
    const items = catalog.CatalogItems.CatalogItem;
    expect(items.map((i: any) => i.name)).toEqual(['ubuntu-22.04', 'rocky-9', 'windows-2022', 'three-tier-app', 'k8s-cluster']);
    const item = xml((await c.get(items.find((i: any) => i.name === 'three-tier-app').href)).text).doc;
    expect(item.Entity.type).toBe(MT.vAppTemplate);

    const templateRes = await c.get(item.Entity.href);
    expect(templateRes.headers['content-type']).toBe('application/vnd.vmware.vcloud.vAppTemplate+xml;version=37.0');
    const template = xml(templateRes.text).doc;
    expect(template.status).toBe('8');
    const vms = template.Children.Vm;
    expect(vms.map((v: any) => v.name)).toEqual(['web', 'app', 'db']);
    const db = vms[2];
    expect(db.type).toBe(MT.vm);
    const items3 = db['ovf:VirtualHardwareSection']['ovf:Item'];
    const cpu = items3.find((i: any) => i['rasd:ResourceType'] === '3');
    const mem = items3.find((i: any) => i['rasd:ResourceType'] === '4');
    const disks = items3.filter((i: any) => i['rasd:ResourceType'] === '17');
    expect(cpu['rasd:VirtualQuantity']).toBe('4');
    expect(mem['rasd:VirtualQuantity']).toBe('16384');
    expect(disks.map((d: any) => d['rasd:HostResource']['vcloud:capacity'])).toEqual(['32768', '204800']);
    expect(template.NetworkConfigSection.NetworkConfig.networkName).toBe('app-network');

    // A template VM's own href answers too.
    expect((await c.get(db.href)).status).toBe(200);
  });

  it('serves the same documents as VCD JSON on request', async () => {
    const c = client(sim, await login(sim, 'alice', 'acme'), 'application/*+json;version=37.0');
    const orgList = await c.get('/api/org');
    expect(orgList.headers['content-type']).toBe('application/vnd.vmware.vcloud.orgList+json;version=37.0');
    const orgRef = orgList.body.org[0];
    expect(orgRef).toMatchObject({ name: 'acme', type: MT.org });
    const org = (await c.get(orgRef.href)).body;
    expect(org.otherAttributes).toEqual({});
    expect(org.fullName).toBe('Acme Corporation');
    const vdcLink = org.link.find((l: any) => l.type === MT.vdc && l.name === 'acme-vdc');
    const vdc = (await c.get(vdcLink.href)).body;
    expect(vdc.computeCapacity.cpu.limit).toBe(64000);
    expect(vdc.vmQuota).toBe(40);
    expect(vdc.resourceEntities.resourceEntity.length).toBeGreaterThan(0);
    const catLink = org.link.find((l: any) => l.type === MT.catalog);
    const catalog = (await c.get(catLink.href)).body;
    const item = (await c.get(catalog.catalogItems.catalogItem[0].href)).body;
    const template = (await c.get(item.entity.href)).body;
    expect(template.children.vm[0].name).toBe('ubuntu');
  });
});

describe('hardware versions, as go-vcloud-director reads them for an empty VM', () => {
  const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

  it('the VDC lists its versions lowest first as references; the highest offers ubuntu64Guest in its family', async () => {
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const org = xml((await c.get(xml((await c.get('/api/org')).text).doc.Org[0].href)).text).doc;
    const vdcHref = findLink(org, 'down', MT.vdc, 'acme-vdc').href;
    const vdc = xml((await c.get(vdcHref)).text).doc;
    // GetHighestHardwareVersion: the last SupportedHardwareVersion's name, then GET {vdc href}/hwv/{name}.
    const versions = list<any>(vdc.Capabilities.SupportedHardwareVersions.SupportedHardwareVersion);
    expect(versions.map((v) => v.name)).toEqual(['vmx-13', 'vmx-14', 'vmx-15', 'vmx-17', 'vmx-18', 'vmx-19']);
    expect(versions.map((v) => v['#text'])).toEqual(versions.map((v) => v.name));
    const highest = versions[versions.length - 1];
    expect(highest).toMatchObject({ href: `${vdcHref}/hwv/vmx-19`, type: MT.virtualHardwareVersion, default: 'true' });

    const res = await c.get(highest.href).set('Accept', `${MT.virtualHardwareVersion};version=37.0`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(`${MT.virtualHardwareVersion};version=37.0`);
    const { root, doc: hw } = xml(res.text);
    expect(root).toBe('VirtualHardwareVersion');
    expect(hw).toMatchObject({ name: 'vmx-19', maxCPUs: '768', maxNICs: '10', supportsHotAdd: 'true' });
    expect(list<any>(hw.HardDiskAdapter).map((a) => a.id)).toEqual(
      ['ide', 'buslogic', 'lsilogic', 'lsilogicsas', 'VirtualSCSI', 'vmware.sata.ahci', 'vmware.nvme.controller']);
    expect(list<any>(hw.HardDiskAdapter).find((a) => a.id === 'VirtualSCSI').UnitNumberRanges.Range).toEqual({ begin: '0', end: '63' });
    // FindOsFromId: every family's OperatingSystem, matched by InternalName.
    const families = list<any>(hw.supportedOperatingSystems.OperatingSystemFamilyInfo);
    const linux = families.find((f) => f.Name === 'Linux');
    expect(linux.OperatingSystemFamilyId).toBe('2');
    const ubuntu = list<any>(linux.OperatingSystem).find((os) => os.InternalName === 'ubuntu64Guest');
    expect(ubuntu).toMatchObject({ Name: 'Ubuntu Linux (64-bit)', Supported: 'true', x64: 'true', cimOsId: '94' });
    expect(ubuntu.DefaultHardDiskAdapterType).toEqual({ ref: 'lsilogic', '#text': '3' });
    expect(list<any>(ubuntu.SupportedHardDiskAdapter).map((a) => a.ref)).toContain('VirtualSCSI');
    const windows = list<any>(families.find((f) => f.Name === 'Microsoft Windows').OperatingSystem);
    expect(windows.map((os) => os.InternalName)).toEqual(['windows2019srv_64Guest', 'windows2019srvNext_64Guest']);
  });

  it('older versions offer fewer guests; JSON has the same document; an unsupported version is a 400', async () => {
    const c = client(sim, await login(sim, 'alice', 'acme'), 'application/*+json;version=37.0');
    const vdc = [...sim.store.all('vdc')].find((v) => v.name === 'acme-vdc')!;
    const hw = (await c.get(`/api/vdc/${vdc.id}/hwv/vmx-13`)).body;
    expect(hw.name).toBe('vmx-13');
    expect(hw.maxCPUs).toBe(128);
    const names = hw.supportedOperatingSystems.operatingSystemFamilyInfo.flatMap((f: any) => f.operatingSystem.map((os: any) => os.internalName));
    expect(names.sort()).toEqual(['other4xLinux64Guest', 'ubuntu64Guest']);
    const bad = await c.get(`/api/vdc/${vdc.id}/hwv/vmx-99`);
    expect(bad.status).toBe(400);
    expect(bad.body.minorErrorCode).toBe('BAD_REQUEST');
  });
});

describe('tenancy', () => {
  it('a tenant sees only its own org; others answer 403 whether they exist or not', async () => {
    const acme = client(sim, await login(sim, 'alice', 'acme'));
    const admin = client(sim, await login(sim, 'administrator', 'System'));
    const orgs = xml((await admin.get('/api/org')).text).doc.Org;
    expect(orgs.map((o: any) => o.name).sort()).toEqual(['System', 'acme', 'globex']);
    const globex = orgs.find((o: any) => o.name === 'globex');
    const globexOrg = xml((await admin.get(globex.href)).text).doc;
    const globexVdc = findLink(globexOrg, 'down', MT.vdc).href;

    for (const href of [globex.href, globexVdc, `${globexVdc.replace(/[0-9a-f-]{36}$/, '00000000-0000-4000-8000-000000000000')}`]) {
      const res = await acme.get(href);
      expect(res.status).toBe(403);
      const err = xml(res.text);
      expect(err.root).toBe('Error');
      expect(err.doc.minorErrorCode).toBe('ACCESS_TO_RESOURCE_IS_FORBIDDEN');
      expect(err.doc.message).not.toMatch(/globex/);
    }
  });

  it('admin views are for administrators only', async () => {
    const bob = client(sim, await login(sim, 'bob', 'acme'));
    expect((await bob.get('/api/admin')).status).toBe(403);
    const orgAdmin = client(sim, await login(sim, 'acme-admin', 'acme'));
    const vcloud = xml((await orgAdmin.get('/api/admin')).text);
    expect(vcloud.root).toBe('VCloud');
    expect(vcloud.doc.OrganizationReferences.OrganizationReference.map((o: any) => o.name)).toEqual(['acme']);
    const adminOrg = xml((await orgAdmin.get(vcloud.doc.OrganizationReferences.OrganizationReference[0].href)).text);
    expect(adminOrg.root).toBe('AdminOrg');
    expect(adminOrg.doc.Users.UserReference.map((u: any) => u.name)).toContain('alice');
    // go-vcloud-director looks roles up here when it creates a user.
    expect(adminOrg.doc.RoleReferences.RoleReference.map((r: any) => r.name)).toContain('vApp Author');
    const sys = client(sim, await login(sim, 'administrator', 'System'));
    const all = xml((await sys.get('/api/admin/orgs')).text).doc;
    expect(all.Org.map((o: any) => o.name).sort()).toEqual(['System', 'acme', 'globex']);
  });
});

describe('the entity resolver', () => {
  it('resolves a URN to the entity href', async () => {
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const org = xml((await c.get(xml((await c.get('/api/org')).text).doc.Org[0].href)).text).doc;
    const res = await c.get(`/api/entity/${org.id}`);
    expect(res.status).toBe(200);
    const entity = xml(res.text).doc;
    expect(findLink(entity, 'alternate', MT.org).href).toBe(org.href);
    expect((await c.get('/api/entity/not-a-urn')).status).toBe(400);
  });
});

describe('wire errors', () => {
  it('unknown paths get 404 with an Error document; known paths with the wrong method 405', async () => {
    const c = client(sim, await login(sim, 'alice', 'acme'));
    const res = await c.get('/api/nothing/here');
    expect(res.status).toBe(404);
    expect(xml(res.text).doc.minorErrorCode).toBe('RESOURCE_NOT_FOUND');
    expect((await c.delete('/api/org')).status).toBe(405);
  });

  it('an unsupported version or media type gets 406', async () => {
    const token = await login(sim, 'alice', 'acme');
    const v = await request(sim.app).get('/api/org').set('Accept', 'application/*+xml;version=12.0').set('Authorization', `Bearer ${token}`);
    expect(v.status).toBe(406);
    expect(xml(v.text).doc.minorErrorCode).toBe('NOT_ACCEPTABLE');
    expect(xml(v.text).doc.message).toMatch(/Supported API versions are: \[38\.1, 38\.0, 37\.3, 37\.2, 37\.1, 37\.0/);
    const t = await request(sim.app).get('/api/org').set('Accept', 'text/plain').set('Authorization', `Bearer ${token}`);
    expect(t.status).toBe(406);
  });

  it('defaults to the newest version without ;version=, and refuses that when strict', async () => {
    const token = await login(sim, 'alice', 'acme');
    const res = await request(sim.app).get('/api/org').set('Authorization', `Bearer ${token}`);
    expect(res.headers['content-type']).toBe('application/vnd.vmware.vcloud.orgList+xml;version=38.1');
    const strict = await newSim({ strictVersion: true });
    const t2 = await login(strict, 'alice', 'acme');
    const r2 = await request(strict.app).get('/api/org').set('Accept', 'application/*+xml').set('Authorization', `Bearer ${t2}`);
    expect(r2.status).toBe(406);
  });

  it('tolerates go-vcloud-director\'s duplicated, malformed Accept header', async () => {
    const token = await login(sim, 'alice', 'acme');
    const res = await request(sim.app).get('/api/org')
      .set('Accept', 'application/*+xml;version=37.0, vnd.vmware.vcloud.org+xml;version=37.0')
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
  });

  it('malformed bodies get 400 Error documents, and the server keeps serving', async () => {
    const token = await login(sim, 'alice', 'acme');
    const bad = await request(sim.app).post('/api/sessions').set('Accept', XML)
      .set('Content-Type', 'application/json').send('{"broken":');
    expect(bad.status).toBe(400);
    expect(xml(bad.text).root).toBe('Error');
    const cloud = await request(sim.app).delete('/cloudapi/1.0.0/sessions').set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json').send('{nope');
    expect(cloud.status).toBe(400);
    expect(cloud.body.minorErrorCode).toBe('BAD_REQUEST');
    expect((await client(sim, token).get('/api/org')).status).toBe(200);
  });
});

describe('the render cache', () => {
  it('serves repeated GETs from cache and never a stale document after a change', async () => {
    const s = await newSim();
    const c = client(s, await login(s, 'acme-admin', 'acme'));
    const orgHref = xml((await c.get('/api/org')).text).doc.Org[0].href;
    const first = await c.get(orgHref);
    const second = await c.get(orgHref);
    expect(second.text).toBe(first.text);
    const org = [...s.store.all('org')].find((o) => o.name === 'acme')!;
    s.store.update('org', org.id, { fullName: 'Acme Renamed' });
    expect(xml((await c.get(orgHref)).text).doc.FullName).toBe('Acme Renamed');
    // Another user of another role gets its own rendering, not the cached one.
    const bob = client(s, await login(s, 'bob', 'acme'));
    expect((await bob.get(orgHref.replace('/api/org/', '/api/admin/org/'))).status).toBe(403);
    expect((await c.get(orgHref.replace('/api/org/', '/api/admin/org/'))).status).toBe(200);
  });
});
