/**
 * A client session that exercises every documented operation — discovery, logins, the inventory, admin
 * views, a vApp's and a VM's whole lifecycle, sections read and written back, errors, the document
 * itself — in one format (XML or VCD's JSON), and checks every answer against the OpenAPI document.
 * It reads documents only through their JSON form as the checker reads them (XML through the `xml`
 * keywords), so one walk serves both formats. The transport is pluggable: in-process or over HTTP.
 */
import type { CheckResult, ResponseChecker } from '../../src/contract/responses.js';
import { startSimulator } from '../../src/index.js';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}
/** `firstChunk`: the answer never ends (server-sent events), so take what comes first and hang up. */
export type Send = (method: string, url: string, headers: Record<string, string>, body?: string, firstChunk?: boolean) => Promise<Reply>;

export interface Recorded {
  method: string;
  url: string;
  status: number;
  contentType?: string;
  body: Buffer;
  result: CheckResult;
}

type Doc = Record<string, any>;
type Format = 'xml' | 'json';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"';
/** A one-VM OVF descriptor with one disk file of `diskBytes`. */
const ovfText = (diskBytes: number) => `<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
  xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
  <References><File ovf:href="disk1.vmdk" ovf:id="file1" ovf:size="${diskBytes}"/></References>
  <DiskSection><Info>disks</Info><Disk ovf:capacity="1" ovf:capacityAllocationUnits="byte * 2^30" ovf:diskId="vmdisk1" ovf:fileRef="file1"/></DiskSection>
  <VirtualSystem ovf:id="tour"><Info>vm</Info><Name>tour</Name><VirtualHardwareSection><Info>hw</Info>
    <Item><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
    <Item><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>256</rasd:VirtualQuantity></Item>
    <Item><rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType></Item>
  </VirtualHardwareSection></VirtualSystem></Envelope>`;
const basic = (user: string, password = 'password') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const T = (name: string) => `application/vnd.vmware.vcloud.${name}+xml`;

export class Tour {
  readonly records: Recorded[] = [];
  private token = '';

  constructor(
    private readonly send: Send,
    private readonly checker: ResponseChecker,
    readonly format: Format,
    /** Lets simulated time pass between task polls (advance the clock, or sleep). */
    private readonly tick: () => Promise<void>,
  ) {}

  private get accept() {
    return `application/*+${this.format};version=37.0`;
  }

  /** One exchange, checked and recorded; `expect` fails the tour on another status. */
  async call(method: string, url: string, o: { token?: string | null; accept?: string; type?: string; body?: string | Doc; auth?: string; expect?: number; firstChunk?: boolean; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { accept: o.accept ?? this.accept, ...o.headers };
    const token = o.token === undefined ? this.token : o.token;
    if (o.auth) headers.authorization = o.auth;
    else if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] = o.type!;
    }
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    const reply = await this.send(method, path, headers, body, o.firstChunk);
    const contentType = reply.headers['content-type'];
    const result = this.checker.check({ method, path: path.split('?')[0], status: reply.status, contentType, body: reply.body });
    this.records.push({ method, url: path, status: reply.status, contentType, body: reply.body, result });
    if (o.expect !== undefined && reply.status !== o.expect) {
      const text = reply.body.toString('utf8');
      throw new Error(`${method} ${path} → ${reply.status}, expected ${o.expect}: ${/message="([^"]*)"/.exec(text)?.[1] ?? text.slice(0, 500)}`);
    }
    return { reply, doc: (result.value ?? {}) as Doc };
  }

  get = async (url: string) => (await this.call('GET', url, { expect: 200 })).doc;

  /** A request body in the tour's format: the XML text, or the JSON form. */
  private body(xml: string, json: Doc, type: string) {
    return this.format === 'xml' ? { body: xml, type: T(type) } : { body: json, type: T(type).replace(/\+xml$/, '+json') };
  }

  /**
   * Metadata through an entity href: merge (POST), set one key with and without the domain in the path,
   * read the document and each key, delete them. `readHref` (a tenant href that only reads) is read after.
   */
  private async metadataWalk(href: string, readHref?: string) {
    const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
    const merge = this.body(
      `<Metadata ${NS} ${XSI}><MetadataEntry><Domain visibility="READWRITE">GENERAL</Domain><Key>tour-merged</Key><TypedValue xsi:type="MetadataNumberValue"><Value>7</Value></TypedValue></MetadataEntry></Metadata>`,
      { metadataEntry: [{ domain: { value: 'GENERAL', visibility: 'READWRITE' }, key: 'tour-merged', typedValue: { _type: 'MetadataNumberValue', value: '7' } }] },
      'metadata',
    );
    const value = (type: string, v: string) => this.body(
      `<MetadataValue ${NS} ${XSI}><Domain visibility="READWRITE">GENERAL</Domain><TypedValue xsi:type="${type}"><Value>${v}</Value></TypedValue></MetadataValue>`,
      { domain: { value: 'GENERAL', visibility: 'READWRITE' }, typedValue: { _type: type, value: v } },
      'metadata.value',
    );
    await this.waitFor(await this.call('POST', `${href}/metadata`, { ...merge, expect: 202 }));
    await this.waitFor(await this.call('PUT', `${href}/metadata/tour-key`, { ...value('MetadataStringValue', 'a tour'), expect: 202 }));
    await this.waitFor(await this.call('PUT', `${href}/metadata/GENERAL/tour-flag`, { ...value('MetadataBooleanValue', 'true'), expect: 202 }));
    await this.call('PUT', `${href}/metadata/tour-bad`, { ...value('MetadataNumberValue', 'seven'), expect: 400 });
    await this.get(`${href}/metadata`);
    await this.get(`${href}/metadata/tour-key`);
    await this.get(`${href}/metadata/GENERAL/tour-flag`);
    if (readHref) {
      await this.get(`${readHref}/metadata`);
      await this.get(`${readHref}/metadata/tour-key`);
      await this.get(`${readHref}/metadata/GENERAL/tour-flag`);
    }
    await this.call('GET', `${href}/metadata/no-such-key`, { expect: 403 });
    await this.waitFor(await this.call('DELETE', `${href}/metadata/tour-key`, { expect: 202 }));
    await this.waitFor(await this.call('DELETE', `${href}/metadata/GENERAL/tour-flag`, { expect: 202 }));
  }

  /** GET a section and PUT it back unchanged (in the format it came in), as clients edit them. */
  private async roundTrip(url: string) {
    const { reply } = await this.call('GET', url, { expect: 200 });
    const type = reply.headers['content-type'].split(';')[0];
    await this.waitFor(await this.call('PUT', url, { body: reply.body.toString('utf8'), type, expect: 202 }));
  }

  async waitFor(started: { doc: Doc }, outcome = 'success'): Promise<Doc> {
    const href = started.doc.href && /\/api\/task\//.test(started.doc.href) ? started.doc.href : started.doc.tasks?.task?.[0]?.href;
    if (!href) throw new Error(`no task in ${JSON.stringify(started.doc).slice(0, 300)}`);
    for (let i = 0; i < 600; i++) {
      const task = await this.get(href);
      if (!['queued', 'preRunning', 'running'].includes(task.status)) {
        if (task.status !== outcome) throw new Error(`task ${href} ended ${task.status}: ${JSON.stringify(task.error ?? task.details)}`);
        return task;
      }
      await this.tick();
    }
    throw new Error(`task ${href} did not finish`);
  }

  private async act(url: string, body?: { body: string | Doc; type: string }) {
    return this.waitFor(await this.call('POST', url, { ...body, expect: 202 }));
  }

  /** Product sections (guest properties) of a VM and of its vApp: set as a task, read back, cleared. */
  private async productSections(vappHref: string, vmHref: string) {
    const section = (props: string) => `<ProductSectionList ${NS}><ovf:ProductSection><ovf:Info>Guest properties</ovf:Info>${props}</ovf:ProductSection></ProductSectionList>`;
    const prop = '<ovf:Property ovf:userConfigurable="true" ovf:type="string" ovf:key="guestinfo.role" ovf:value=""><ovf:Value ovf:value="web"/></ovf:Property>';
    for (const href of [vmHref, vappHref]) {
      await this.waitFor(await this.call('PUT', `${href}/productSections`, { body: section(prop), type: T('productSections'), expect: 202 }));
      await this.get(`${href}/productSections`);
      await this.waitFor(await this.call('PUT', `${href}/productSections`, { body: section(''), type: T('productSections'), expect: 202 }));
    }
  }

  /**
   * Snapshots of a powered-off VM and of its vApp (taken, read, reverted, removed; a revert without one is
   * refused), the VM actions, and a hardware upgrade of a composed vmx-14 VM.
   */
  private async snapshots(vdc: Doc, vappHref: string, vmHref: string) {
    const params = this.body(`<CreateSnapshotParams ${NS} memory="false" quiesce="false"/>`, { memory: false, quiesce: false }, 'createSnapshotParams');
    for (const href of [vmHref, vappHref]) {
      await this.act(`${href}/action/createSnapshot`, params);
      await this.get(`${href}/snapshotSection`);
      await this.act(`${href}/action/revertToCurrentSnapshot`);
      await this.act(`${href}/action/removeAllSnapshots`);
      await this.call('POST', `${href}/action/revertToCurrentSnapshot`, { expect: 400 });
    }
    for (const a of ['consolidate', 'enableNestedHypervisor', 'disableNestedHypervisor']) await this.act(`${vmHref}/action/${a}`);
    await this.call('POST', `${vmHref}/action/installVMwareTools`, { expect: 400 });
    await this.call('POST', `${vmHref}/action/customizeAtNextPowerOn`, { expect: 204 });
    await this.act(`${vmHref}/power/action/powerOn`);
    await this.act(`${vmHref}/action/installVMwareTools`);
    await this.call('POST', `${vmHref}/action/upgradeHardwareVersion`, { expect: 400 });
    await this.act(`${vmHref}/action/undeploy`);
    const old = await this.call('POST', this.link(vdc, 'add', T('composeVAppParams')), {
      ...this.body(`<ComposeVAppParams ${NS} name="old-hw-${this.format}" deploy="false" powerOn="false"><CreateItem name="old"><VmSpecSection Modified="true"><ovf:Info/><OsType>otherLinux64Guest</OsType><HardwareVersion>vmx-14</HardwareVersion></VmSpecSection></CreateItem></ComposeVAppParams>`,
        { name: `old-hw-${this.format}`, deploy: false, powerOn: false, createItem: [{ name: 'old', vmSpecSection: { modified: true, osType: 'otherLinux64Guest', hardwareVersion: 'vmx-14' } }] }, 'composeVAppParams'),
      expect: 201,
    });
    await this.waitFor(old);
    const oldVm = (await this.get(old.doc.href)).children.vm[0];
    await this.act(this.link(oldVm, 'upgrade'));
    await this.waitFor(await this.call('DELETE', old.doc.href, { expect: 202 }));
  }

  /**
   * vApp networks on an empty vApp: an isolated one and a routed one (to an org VDC network, with firewall
   * and NAT kept as given), read back, the isolated one repaired and removed by its own href.
   */
  private async vappNetworks(vdc: Doc, orgNetHref: string) {
    const name = `nets-${this.format}`;
    const composed = await this.call('POST', this.link(vdc, 'add', T('composeVAppParams')), {
      ...this.body(`<ComposeVAppParams ${NS} name="${name}" deploy="false" powerOn="false"/>`, { name, deploy: false, powerOn: false }, 'composeVAppParams'),
      expect: 201,
    });
    await this.waitFor(composed);
    const href = composed.doc.href as string;
    const scope = (gw: string, start: string, end: string) => `<IpScopes><IpScope><IsInherited>false</IsInherited><Gateway>${gw}</Gateway><Netmask>255.255.255.0</Netmask><IsEnabled>true</IsEnabled><IpRanges><IpRange><StartAddress>${start}</StartAddress><EndAddress>${end}</EndAddress></IpRange></IpRanges></IpScope></IpScopes>`;
    const jsonScope = (gw: string, start: string, end: string) => ({ ipScope: [{ isInherited: false, gateway: gw, netmask: '255.255.255.0', isEnabled: true, ipRanges: { ipRange: [{ startAddress: start, endAddress: end }] } }] });
    const features = '<Features><FirewallService><IsEnabled>true</IsEnabled><DefaultAction>drop</DefaultAction><LogDefaultAction>false</LogDefaultAction>'
      + '<FirewallRule><IsEnabled>true</IsEnabled><Description>ssh</Description><Policy>allow</Policy><Protocols><Tcp>true</Tcp></Protocols><Port>22</Port><DestinationIp>Any</DestinationIp><SourcePort>-1</SourcePort><SourceIp>Any</SourceIp></FirewallRule></FirewallService>'
      + '<NatService><IsEnabled>true</IsEnabled><NatType>ipTranslation</NatType><Policy>allowTraffic</Policy></NatService></Features>';
    const jsonFeatures = {
      firewallService: { isEnabled: true, defaultAction: 'drop', logDefaultAction: false, firewallRule: [{ isEnabled: true, description: 'ssh', policy: 'allow', protocols: { tcp: true }, port: 22, destinationIp: 'Any', sourcePort: -1, sourceIp: 'Any' }] },
      natService: { isEnabled: true, natType: 'ipTranslation', policy: 'allowTraffic' },
    };
    const section = `${href}/networkConfigSection/`;
    await this.waitFor(await this.call('PUT', section, {
      ...this.body(
        `<NetworkConfigSection ${NS} href="${section}" type="${T('networkConfigSection')}"><ovf:Info>networks</ovf:Info>`
          + `<NetworkConfig networkName="iso"><Description>lab</Description><Configuration>${scope('192.168.7.1', '192.168.7.10', '192.168.7.20')}<FenceMode>isolated</FenceMode></Configuration></NetworkConfig>`
          + `<NetworkConfig networkName="routed"><Configuration>${scope('172.16.5.1', '172.16.5.10', '172.16.5.20')}<ParentNetwork href="${orgNetHref}"/><FenceMode>natRouted</FenceMode>${features}</Configuration></NetworkConfig></NetworkConfigSection>`,
        {
          href: section, type: T('networkConfigSection'), info: 'networks',
          networkConfig: [
            { networkName: 'iso', description: 'lab', configuration: { ipScopes: jsonScope('192.168.7.1', '192.168.7.10', '192.168.7.20'), fenceMode: 'isolated' } },
            { networkName: 'routed', configuration: { ipScopes: jsonScope('172.16.5.1', '172.16.5.10', '172.16.5.20'), parentNetwork: { href: orgNetHref }, fenceMode: 'natRouted', features: jsonFeatures } },
          ],
        },
        'networkConfigSection'),
      expect: 202,
    }));
    const nets = (await this.get(section)).networkConfig as Doc[];
    const iso = nets.find((n) => n.networkName === 'iso')!;
    if (!nets.find((n) => n.networkName === 'routed')?.configuration?.features) throw new Error('the routed vApp network lost its features');
    await this.get(iso.href);
    await this.act(this.link(iso, 'repair'));
    await this.waitFor(await this.call('DELETE', iso.href, { expect: 202 }));
    await this.call('DELETE', iso.href, { expect: 403 });
    await this.waitFor(await this.call('DELETE', href, { expect: 202 }));
  }

  private link(doc: Doc, rel: string, type?: string, name?: string): string {
    const l = (doc.link ?? []).find((x: Doc) => x.rel === rel && (!type || x.type === type) && (!name || x.name === name));
    if (!l) throw new Error(`no link ${rel} ${type ?? ''} ${name ?? ''} in ${doc.href}`);
    return l.href;
  }

  /** Org VDCs made from a provider VDC, edited, enabled and disabled, deleted; VDC compute policies and their assignment. */
  /** Groups imported, read, updated, queried and removed; a VDC's access control read and set (ReadOnly only). */
  private async groupsAndVdcAccess(provider: string): Promise<void> {
    const f = this.format;
    const sys = { token: provider };
    const legacyJson = { token: provider, accept: 'application/*+json;version=37.0', expect: 200 };
    const first = async (type: string, filter = '') => (await this.call('GET', `/api/query?type=${type}&format=records${filter}`, legacyJson)).doc.record[0].href as string;
    const orgHref = (await first('organization', '&filter=name==acme')).replace('/api/org/', '/api/admin/org/');
    const role = (await first('adminRole', '&filter=name==vApp%20User'));
    const G = 'application/vnd.vmware.admin.group+xml';
    const group = (name: string, roleHref: string) => ({
      body: f === 'xml' ? `<Group ${NS} name="${name}"><ProviderType>SAML</ProviderType><Role href="${roleHref}"/></Group>` : { name, providerType: 'SAML', role: { href: roleHref } },
      type: f === 'xml' ? G : G.replace(/\+xml$/, '+json'),
    });
    const org = (await this.call('GET', orgHref, { ...sys, expect: 200 })).doc;
    const made = await this.call('POST', this.link(org, 'add', G), { ...sys, ...group(`tour-group-${f}`, role), expect: 201 });
    await this.call('POST', `${orgHref}/groups`, { ...sys, ...group(`tour-group-${f}`, role), expect: 400 });
    await this.call('GET', made.doc.href, { ...sys, expect: 200 });
    await this.call('PUT', made.doc.href, { ...sys, ...group(`tour-group-${f}`, role), expect: 200 });
    for (const t of ['group', 'adminGroup']) await this.call('GET', `/api/query?type=${t}&format=records`, { ...sys, expect: 200 });
    await this.call('DELETE', made.doc.href, { ...sys, expect: 204 });
    await this.call('GET', made.doc.href, { ...sys, expect: 403 });

    const vdcHref = (await first('adminOrgVdc', '&filter=name==acme-dev')).replace('/api/admin/vdc/', '/api/vdc/');
    const acl = (level: string) => ({
      body: f === 'xml' ? `<ControlAccessParams ${NS}><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>${level}</EveryoneAccessLevel></ControlAccessParams>`
        : { isSharedToEveryone: true, everyoneAccessLevel: level },
      type: f === 'xml' ? T('controlAccess') : T('controlAccess').replace(/\+xml$/, '+json'),
    });
    await this.call('GET', `${vdcHref}/controlAccess`, { ...sys, expect: 200 });
    await this.call('PUT', `${vdcHref}/action/controlAccess`, { ...sys, ...acl('ReadOnly'), expect: 200 });
    await this.call('PUT', `${vdcHref}/action/controlAccess`, { ...sys, ...acl('Change'), expect: 400 });
  }

  private async vdcAdministration(provider: string): Promise<void> {
    const status = (want: number) => (r: { reply: Reply }) => {
      if (r.reply.status !== want) throw new Error(`expected ${want}, got ${r.reply.status}: ${r.reply.body.toString('utf8').slice(0, 300)}`);
    };
    const [expect200, expect400] = [status(200), status(400)];
    const f = this.format;
    const sys = { token: provider };
    const legacyJson = { token: provider, accept: 'application/*+json;version=37.0', expect: 200 };
    const cloud = { token: provider, accept: 'application/json;version=37.0' };
    const json = { ...cloud, type: 'application/json' };
    const first = async (type: string, filter = '') => (await this.call('GET', `/api/query?type=${type}&format=records${filter}`, legacyJson)).doc.record[0].href as string;
    const orgHref = (await first('organization', '&filter=name==acme')).replace('/api/org/', '/api/admin/org/');
    const pvdcHref = await first('providerVdc', '&filter=name==pvdc-gold');
    const spHref = await first('providerVdcStorageProfile', '&filter=name==Gold');
    const params = (name: string) => this.body(
      `<CreateVdcParams ${NS} name="${name}"><AllocationModel>AllocationPool</AllocationModel><ComputeCapacity><Cpu><Units>GHz</Units><Allocated>2</Allocated></Cpu>
        <Memory><Units>GB</Units><Allocated>4</Allocated></Memory></ComputeCapacity><VmQuota>5</VmQuota><VdcStorageProfile><Enabled>true</Enabled><Units>MB</Units>
        <Limit>10240</Limit><Default>true</Default><ProviderVdcStorageProfile href="${spHref}"/></VdcStorageProfile><ResourceGuaranteedMemory>0.5</ResourceGuaranteedMemory>
        <ProviderVdcReference href="${pvdcHref}"/></CreateVdcParams>`,
      {
        name, allocationModel: 'AllocationPool', computeCapacity: { cpu: { units: 'GHz', allocated: 2 }, memory: { units: 'GB', allocated: 4 } }, vmQuota: 5,
        vdcStorageProfile: [{ enabled: true, units: 'MB', limit: 10240, default: true, providerVdcStorageProfile: { href: spHref } }],
        resourceGuaranteedMemory: 0.5, providerVdcReference: { href: pvdcHref },
      },
      'createVdcParams',
    );
    const A = (doc: { body: string | Doc; type: string }) => ({ ...doc, type: doc.type.replace('vnd.vmware.vcloud.createVdcParams', 'vnd.vmware.admin.createVdcParams') });
    const name = `tour-vdc-${f}`;
    const made = await this.call('POST', `${orgHref}/vdcsparams`, { ...sys, ...A(params(name)), expect: 201 });
    await this.waitFor(made);
    await this.call('POST', `${orgHref}/vdcsparams`, { ...sys, ...A(params(name)), expect: 400 });
    const vdc = (await this.call('GET', made.doc.href, { ...sys, expect: 200 })).doc;
    const adminVdc = (type: string) => `application/vnd.vmware.admin.vdc+${type}`;
    await this.waitFor(await this.call('PUT', vdc.href, { ...sys, type: adminVdc(f), expect: 202,
      body: f === 'xml' ? `<AdminVdc ${NS} name="${name}"><Description>edited</Description><VmQuota>6</VmQuota></AdminVdc>` : { name, description: 'edited', vmQuota: 6 } }));
    await this.call('POST', `${vdc.href}/action/disable`, { ...sys, expect: 204 });
    await this.call('POST', `${vdc.href}/action/enable`, { ...sys, expect: 204 });
    // Storage profiles: edit one, add another of the provider VDC, disable and remove it.
    const spType = `application/vnd.vmware.admin.vdcStorageProfile+${f}`;
    const editSp = (href: string, spName: string, enabled: boolean, isDefault: boolean) => this.call('PUT', href, { ...sys, type: spType, body: f === 'xml'
      ? `<AdminVdcStorageProfile ${NS} name="${spName}"><Enabled>${enabled}</Enabled><Units>MB</Units><Limit>20480</Limit><Default>${isDefault}</Default></AdminVdcStorageProfile>`
      : { name: spName, enabled, units: 'MB', limit: 20480, default: isDefault } });
    const goldAdmin = vdc.vdcStorageProfiles.vdcStorageProfile[0].href.replace('/api/', '/api/admin/');
    expect200(await editSp(goldAdmin, 'Gold', true, true));
    expect400(await editSp(goldAdmin, 'Gold', false, true));
    const upType = `application/vnd.vmware.admin.updateVdcStorageProfiles+${f}`;
    const addSp = (href: string) => this.call('POST', `${vdc.href}/vdcStorageProfiles`, { ...sys, type: upType, body: f === 'xml'
      ? `<UpdateVdcStorageProfiles ${NS} name="sp"><AddStorageProfile><Enabled>true</Enabled><Units>MB</Units><Limit>1024</Limit><Default>false</Default><ProviderVdcStorageProfile href="${href}"/></AddStorageProfile></UpdateVdcStorageProfiles>`
      : { name: 'sp', addStorageProfile: { enabled: true, units: 'MB', limit: 1024, default: false, providerVdcStorageProfile: { href } } } });
    expect400(await addSp(spHref));
    await this.waitFor(await addSp(await first('providerVdcStorageProfile', '&filter=name==Performance')));
    const perf = (await this.call('GET', vdc.href, { ...sys, expect: 200 })).doc.vdcStorageProfiles.vdcStorageProfile.find((p: Doc) => p.name === 'Performance');
    expect200(await editSp(perf.href.replace('/api/', '/api/admin/'), 'Performance', false, false));
    await this.waitFor(await this.call('POST', `${vdc.href}/vdcStorageProfiles`, { ...sys, type: upType, expect: 202, body: f === 'xml'
      ? `<UpdateVdcStorageProfiles ${NS} name="Performance"><RemoveStorageProfile href="${perf.href}"/></UpdateVdcStorageProfiles>`
      : { name: 'Performance', removeStorageProfile: { href: perf.href } } }));

    // Compute policies (CloudAPI), assigned through the legacy references (VMware's API 30.0 schemas predate them).
    const small = (await this.call('GET', '/cloudapi/2.0.0/vdcComputePolicies?filter=name==small', { ...cloud, expect: 200 })).doc.values[0];
    await this.call('GET', '/cloudapi/1.0.0/vdcComputePolicies', { ...cloud, expect: 200 });
    await this.call('GET', `/cloudapi/1.0.0/vdcComputePolicies/${small.id}`, { ...cloud, expect: 200 });
    const policy = (await this.call('POST', '/cloudapi/2.0.0/vdcComputePolicies', { ...json, body: { name: `tour-${f}`, cpuCount: 2, memory: 2048, policyType: 'VdcVmPolicy' }, expect: 201 })).doc;
    await this.call('POST', '/cloudapi/1.0.0/vdcComputePolicies', { ...json, body: { name: `tour-${f}`, cpuCount: 2 }, expect: 400 });
    await this.call('PUT', `/cloudapi/2.0.0/vdcComputePolicies/${policy.id}`, { ...json, body: { ...policy, memory: 4096 }, expect: 200 });
    await this.call('GET', `/cloudapi/2.0.0/vdcComputePolicies/${policy.id}`, { ...cloud, expect: 200 });
    const v1 = (await this.call('POST', '/cloudapi/1.0.0/vdcComputePolicies', { ...json, body: { name: `tour-v1-${f}`, memory: 1024 }, expect: 201 })).doc;
    await this.call('PUT', `/cloudapi/1.0.0/vdcComputePolicies/${v1.id}`, { ...json, body: { name: `tour-v1-${f}`, memory: 512 }, expect: 200 });
    const refsHref = `${vdc.href}/computePolicies`;
    await this.call('GET', refsHref, { ...sys, expect: 200 });
    const refsType = `application/vnd.vmware.vcloud.vdcComputePolicyReferences+${f}`;
    const policyHref = (p: Doc) => `/cloudapi/2.0.0/vdcComputePolicies/${p.id}`;
    // The VDC's default, "System Default" (every new VDC has it), stays assigned.
    const sd = (await this.call('GET', '/cloudapi/2.0.0/vdcComputePolicies?filter=name==System Default', { ...cloud, expect: 200 })).doc.values[0];
    await this.call('PUT', refsHref, { ...sys, type: refsType, expect: 200,
      body: f === 'xml'
        ? `<VdcComputePolicyReferences ${NS}><VdcComputePolicyReference href="${policyHref(policy)}"/><VdcComputePolicyReference href="${policyHref(small)}"/><VdcComputePolicyReference href="${policyHref(sd)}"/></VdcComputePolicyReferences>`
        : { vdcComputePolicyReference: [{ href: policyHref(policy) }, { href: policyHref(small) }, { href: policyHref(sd) }] } });
    const vdcUrn = `urn:vcloud:vdc:${vdc.href.split('/').pop()}`;
    for (const v of ['1.0.0', '2.0.0']) await this.call('GET', `/cloudapi/${v}/vdcs/${vdcUrn}/computePolicies`, { ...cloud, expect: 200 });
    await this.call('GET', `/cloudapi/1.0.0/vdcs/${vdcUrn}/capabilities`, { ...cloud, expect: 200 });
    await this.call('DELETE', `/cloudapi/2.0.0/vdcComputePolicies/${policy.id}`, { ...cloud, expect: 400 });
    await this.call('PUT', refsHref, { ...sys, type: refsType, expect: 400, body: f === 'xml' ? `<VdcComputePolicyReferences ${NS}/>` : {} });
    await this.call('PUT', refsHref, { ...sys, type: refsType, expect: 200,
      body: f === 'xml' ? `<VdcComputePolicyReferences ${NS}><VdcComputePolicyReference href="${policyHref(sd)}"/></VdcComputePolicyReferences>` : { vdcComputePolicyReference: [{ href: policyHref(sd) }] } });
    await this.call('DELETE', `/cloudapi/2.0.0/vdcComputePolicies/${policy.id}`, { ...cloud, expect: 204 });
    await this.call('DELETE', `/cloudapi/1.0.0/vdcComputePolicies/${v1.id}`, { ...cloud, expect: 204 });

    // VM placement: the provider's VM groups (query vmGroups), a logical VM group, a placement policy on them, vGPU profiles.
    const pvdcUrn = `urn:vcloud:providervdc:${pvdcHref.split('/').pop()}`;
    const group = (await this.call('GET', '/api/query?type=vmGroups&format=records&filter=vmGroupName==licensed-hosts', legacyJson)).doc.record[0];
    await this.call('GET', '/api/query?type=vmGroups&format=idrecords', legacyJson);
    await this.call('GET', '/api/query?type=vmGroups&format=references', legacyJson);
    const named = [{ id: `urn:vcloud:namedVmGroup:${group.namedVmGroupId}`, name: group.vmGroupName }];
    const logical = (await this.call('POST', '/cloudapi/1.0.0/logicalVmGroups', { ...json, expect: 201, body: { name: `tour-lvg-${f}`, pvdcId: pvdcUrn, namedVmGroupReferences: named } })).doc;
    await this.call('POST', '/cloudapi/1.0.0/logicalVmGroups', { ...json, expect: 400, body: { name: `tour-lvg-${f}`, pvdcId: pvdcUrn, namedVmGroupReferences: named } });
    await this.call('GET', '/cloudapi/1.0.0/logicalVmGroups', { ...cloud, expect: 200 });
    await this.call('GET', `/cloudapi/1.0.0/logicalVmGroups/${logical.id}`, { ...cloud, expect: 200 });
    await this.call('PUT', `/cloudapi/1.0.0/logicalVmGroups/${logical.id}`, { ...json, expect: 200, body: { ...logical, description: 'edited' } });
    const placement = (await this.call('POST', '/cloudapi/2.0.0/vdcComputePolicies', { ...json, expect: 201, body: {
      name: `tour-placement-${f}`, policyType: 'VdcVmPolicy',
      pvdcNamedVmGroupsMap: [{ pvdc: { id: pvdcUrn }, namedVmGroups: [named] }],
      pvdcLogicalVmGroupsMap: [{ pvdc: { id: pvdcUrn }, logicalVmGroups: [{ id: logical.id }] }],
    } })).doc;
    await this.call('GET', `/cloudapi/1.0.0/vdcComputePolicies/${placement.id}`, { ...cloud, expect: 200 });
    await this.call('DELETE', `/cloudapi/1.0.0/logicalVmGroups/${logical.id}`, { ...cloud, expect: 400 });
    await this.call('DELETE', `/cloudapi/2.0.0/vdcComputePolicies/${placement.id}`, { ...cloud, expect: 204 });
    await this.call('DELETE', `/cloudapi/1.0.0/logicalVmGroups/${logical.id}`, { ...cloud, expect: 204 });
    await this.call('GET', '/cloudapi/1.0.0/vgpuProfiles', { ...cloud, expect: 200 });

    // Delete: refused while enabled, then through the admin href; a second VDC through its tenant href (forced).
    await this.call('DELETE', vdc.href, { ...sys, expect: 400 });
    await this.call('POST', `${vdc.href}/action/disable`, { ...sys, expect: 204 });
    await this.waitFor(await this.call('DELETE', vdc.href, { ...sys, expect: 202 }));
    const other = await this.call('POST', `${orgHref}/vdcsparams`, { ...sys, ...A(params(`${name}-2`)), expect: 201 });
    await this.waitFor(other);
    await this.waitFor(await this.call('DELETE', `${other.doc.href.replace('/api/admin/vdc/', '/api/vdc/')}?force=true&recursive=true`, { ...sys, expect: 202 }));
  }

  /** Orgs, users, roles and rights: legacy and CloudAPI, as the provider and as the org's administrator. */
  private async administration(provider: string): Promise<void> {
    const f = this.format;
    const A = (name: string) => `application/vnd.vmware.admin.${name}+${f}`;
    const sys = { token: provider };
    const cloud = { accept: 'application/json;version=37.0' };
    const json = { ...cloud, type: 'application/json' };
    const name = `tour-${f}`;
    const admin = (await this.call('GET', '/api/admin', { ...sys, expect: 200 })).doc;
    const org = (await this.call('POST', this.link(admin, 'add', 'application/vnd.vmware.admin.organization+xml'), {
      ...sys, type: A('organization'), expect: 201,
      body: f === 'xml' ? `<AdminOrg ${NS} name="${name}"><FullName>Tour</FullName><IsEnabled>true</IsEnabled><Settings/></AdminOrg>` : { name, fullName: 'Tour', isEnabled: true, settings: {} },
    })).doc;
    await this.call('PUT', org.href, { ...sys, type: A('organization'), expect: 200,
      body: f === 'xml' ? `<AdminOrg ${NS} name="${name}"><FullName>Tour 2</FullName></AdminOrg>` : { name, fullName: 'Tour 2' } });
    await this.call('GET', `${org.href}/settings`, { ...sys, expect: 200 });
    for (const [part, type, element] of [['general', 'organizationGeneralSettings', 'OrgGeneralSettings'], ['vAppLeaseSettings', 'vAppLeaseSettings', 'VAppLeaseSettings'],
      ['vAppTemplateLeaseSettings', 'vAppTemplateLeaseSettings', 'VAppTemplateLeaseSettings'], ['passwordPolicy', 'organizationPasswordPolicySettings', 'OrgPasswordPolicySettings'],
      ['email', 'organizationEmailSettings', 'OrgEmailSettings']]) {
      // VMware's schemas declare no global OrgGeneralSettings or VAppTemplateLeaseSettings element, so the XSD check
      // cannot read them alone: the XML walk reads those two inside the AdminOrg and Settings only.
      if (f === 'xml' && (part === 'general' || part === 'vAppTemplateLeaseSettings')) continue;
      await this.call('GET', `${org.href}/settings/${part}`, { ...sys, expect: 200 });
      await this.call('PUT', `${org.href}/settings/${part}`, { ...sys, type: A(type), expect: 200, body: f === 'xml' ? `<${element} ${NS}/>` : {} });
    }
    const roleRef = (await this.call('GET', org.href, { ...sys, expect: 200 })).doc.roleReferences.roleReference.find((r: Doc) => r.name === 'vApp User').href;
    const right = (await this.call('GET', '/api/query?type=right&format=records&pageSize=1', { ...sys, expect: 200 })).doc;
    const rightHref = (right.RightRecord ?? right.record)[0].href;
    await this.call('GET', rightHref, { ...sys, expect: 200 });
    await this.call('GET', '/api/query?type=role&format=records', { expect: 200 });
    await this.call('GET', '/api/query?type=adminRole&format=records', { ...sys, expect: 200 });
    const role = (await this.call('POST', `${org.href}/roles`, { ...sys, type: A('role'), expect: 201,
      body: f === 'xml' ? `<Role ${NS} name="tour-role"><RightReferences><RightReference href="${rightHref}"/></RightReferences></Role>` : { name: 'tour-role', rightReferences: { rightReference: [{ href: rightHref }] } } })).doc;
    await this.call('PUT', role.href, { ...sys, type: A('role'), expect: 200, body: f === 'xml' ? `<Role ${NS} name="tour-role-2"/>` : { name: 'tour-role-2' } });
    const user = (await this.call('POST', `${org.href}/users`, { ...sys, type: A('user'), expect: 201,
      body: f === 'xml' ? `<User ${NS} name="tour-user"><IsEnabled>true</IsEnabled><Role href="${roleRef}"/><Password>secret-pw</Password></User>` : { name: 'tour-user', isEnabled: true, role: { href: roleRef }, password: 'secret-pw' } })).doc;
    await this.call('PUT', user.href, { ...sys, type: A('user'), expect: 200, body: f === 'xml' ? `<User ${NS} name="tour-user"><FullName>T</FullName></User>` : { name: 'tour-user', fullName: 'T' } });
    await this.call('POST', `${user.href}/action/unlock`, { ...sys, expect: 204 });
    await this.call('DELETE', user.href, { ...sys, expect: 204 });
    await this.call('DELETE', role.href, { ...sys, expect: 204 });
    await this.call('POST', `${org.href}/action/disable`, { ...sys, expect: 204 });
    await this.call('POST', `${org.href}/action/enable`, { ...sys, expect: 204 });
    await this.call('POST', `${org.href}/action/disable`, { ...sys, expect: 204 });
    const deleting = (await this.call('DELETE', org.href, { ...sys, expect: 202 })).doc;
    for (let i = 0; i < 600 && ['queued', 'preRunning', 'running'].includes((await this.call('GET', deleting.href, { ...sys, expect: 200 })).doc.status); i++) await this.tick();

    // CloudAPI.
    const corg = (await this.call('POST', '/cloudapi/1.0.0/orgs', { ...sys, ...json, body: { name: `${name}-c`, displayName: 'C', isEnabled: false }, expect: 201 })).doc;
    await this.call('PUT', `/cloudapi/1.0.0/orgs/${corg.id}`, { ...sys, ...json, body: { name: `${name}-c`, displayName: 'C2' }, expect: 200 });
    const crole = (await this.call('POST', '/cloudapi/1.0.0/roles', { ...json, body: { name: `${name}-role` }, expect: 201 })).doc;
    await this.call('PUT', `/cloudapi/1.0.0/roles/${crole.id}`, { ...json, body: { name: `${name}-role`, description: 'd' }, expect: 200 });
    const rights = (await this.call('GET', '/cloudapi/1.0.0/rights?pageSize=1', { ...cloud, expect: 200 })).doc.values;
    await this.call('POST', `/cloudapi/1.0.0/roles/${crole.id}/rights`, { ...json, body: { values: rights }, expect: 200 });
    await this.call('PUT', `/cloudapi/1.0.0/roles/${crole.id}/rights`, { ...json, body: { values: [] }, expect: 200 });
    await this.call('GET', `/cloudapi/1.0.0/roles/${crole.id}/rights`, { ...cloud, expect: 200 });
    const cuser = (await this.call('POST', '/cloudapi/1.0.0/users', { ...json, body: { username: `${name}-user`, password: 'secret-pw', enabled: true, roleEntityRefs: [{ id: crole.id }] }, expect: 201 })).doc;
    await this.call('PUT', `/cloudapi/1.0.0/users/${cuser.id}`, { ...json, body: { fullName: 'U' }, expect: 200 });
    await this.call('DELETE', `/cloudapi/1.0.0/users/${cuser.id}`, { ...cloud, expect: 204 });
    await this.call('DELETE', `/cloudapi/1.0.0/roles/${crole.id}`, { ...cloud, expect: 204 });
    const groles = (await this.call('GET', '/cloudapi/1.0.0/globalRoles', { ...sys, ...cloud, expect: 200 })).doc.values;
    await this.call('GET', `/cloudapi/1.0.0/globalRoles/${groles[0].id}`, { ...sys, ...cloud, expect: 200 });
    const grole = (await this.call('POST', '/cloudapi/1.0.0/globalRoles', { ...sys, ...json, body: { name: `${name}-global` }, expect: 201 })).doc;
    await this.call('PUT', `/cloudapi/1.0.0/globalRoles/${grole.id}`, { ...sys, ...json, body: { name: `${name}-global`, description: 'g' }, expect: 200 });
    await this.call('POST', `/cloudapi/1.0.0/globalRoles/${grole.id}/rights`, { ...sys, ...json, body: { values: rights }, expect: 200 });
    await this.call('PUT', `/cloudapi/1.0.0/globalRoles/${grole.id}/rights`, { ...sys, ...json, body: { values: [] }, expect: 200 });
    await this.call('GET', `/cloudapi/1.0.0/globalRoles/${grole.id}/rights`, { ...sys, ...cloud, expect: 200 });
    await this.call('DELETE', `/cloudapi/1.0.0/globalRoles/${grole.id}`, { ...sys, ...cloud, expect: 204 });
    const bundles = (await this.call('GET', '/cloudapi/1.0.0/rightsBundles', { ...sys, ...cloud, expect: 200 })).doc.values;
    await this.call('GET', `/cloudapi/1.0.0/rightsBundles/${bundles[0].id}`, { ...sys, ...cloud, expect: 200 });
    await this.call('GET', `/cloudapi/1.0.0/rightsBundles/${bundles[0].id}/rights`, { ...sys, ...cloud, expect: 200 });
    const cats = (await this.call('GET', '/cloudapi/1.0.0/rightsCategories', { ...cloud, expect: 200 })).doc.values;
    await this.call('GET', `/cloudapi/1.0.0/rightsCategories/${cats[0].id}`, { ...cloud, expect: 200 });
    await this.call('DELETE', `/cloudapi/1.0.0/orgs/${corg.id}`, { ...sys, ...cloud, expect: 202 });
  }

  /** A CloudAPI change answered 202: waits for the task in Location. */
  private async settle(reply: Reply): Promise<Doc> {
    const href = reply.headers.location;
    if (!href) throw new Error('no task in Location');
    for (let i = 0; i < 600; i++) {
      const task = await this.get(href);
      if (!['queued', 'preRunning', 'running'].includes(task.status)) return task;
      await this.tick();
    }
    throw new Error(`task ${href} did not finish`);
  }

  /** Edge gateway services: application port profiles (SYSTEM and TENANT), firewall groups, firewall and NAT rules. */
  private async edgeServices(vdcUrn: string): Promise<void> {
    const cloud = { accept: 'application/json;version=38.0' };
    const json = { ...cloud, type: 'application/json' };
    const name = `tour-${this.format}`;
    const API = '/cloudapi/1.0.0';
    const system = (await this.call('GET', `${API}/applicationPortProfiles?filter=scope==SYSTEM`, { ...cloud, expect: 200 })).doc.values;
    await this.call('GET', `${API}/applicationPortProfiles/${system[0].id}`, { ...cloud, expect: 200 });
    const profile = { name: `${name}-ports`, scope: 'TENANT', contextEntityId: vdcUrn, applicationPorts: [{ protocol: 'TCP', destinationPorts: ['8080'] }] };
    const made = await this.settle((await this.call('POST', `${API}/applicationPortProfiles`, { ...json, body: profile, expect: 202 })).reply);
    const profileUrn = made.owner.id;
    await this.call('GET', `${API}/applicationPortProfiles/${profileUrn}`, { ...cloud, expect: 200 });
    await this.settle((await this.call('PUT', `${API}/applicationPortProfiles/${profileUrn}`, { ...json, body: { ...profile, description: 'd' }, expect: 202 })).reply);
    await this.call('POST', `${API}/applicationPortProfiles`, { ...json, body: { ...profile, applicationPorts: [] }, expect: 400 });
    const gws = (await this.call('GET', `${API}/edgeGateways?filter=name==acme-edge`, { ...cloud, expect: 200 })).doc.values;
    const GW = `${API}/edgeGateways/${gws[0].id}`;
    const group = { name: `${name}-ipset`, typeValue: 'IP_SET', ownerRef: { id: gws[0].id }, ipAddresses: ['192.0.2.1'] };
    const groupUrn = (await this.settle((await this.call('POST', `${API}/firewallGroups`, { ...json, body: group, expect: 202 })).reply)).owner.id;
    await this.call('GET', `${API}/firewallGroups/summaries?filter=_context==${gws[0].id}`, { ...cloud, expect: 200 });
    await this.call('GET', `${API}/firewallGroups/${groupUrn}`, { ...cloud, expect: 200 });
    await this.settle((await this.call('PUT', `${API}/firewallGroups/${groupUrn}`, { ...json, body: { ...group, ipAddresses: ['192.0.2.2'] }, expect: 202 })).reply);
    const rules = { userDefinedRules: [{ name: 'r', action: 'ALLOW', enabled: true, ipProtocol: 'IPV4', direction: 'IN', sourceFirewallGroups: [{ id: groupUrn }], applicationPortProfiles: [{ id: profileUrn }] }] };
    await this.settle((await this.call('PUT', `${GW}/firewall/rules`, { ...json, body: rules, expect: 202 })).reply);
    const fw = (await this.call('GET', `${GW}/firewall/rules`, { ...cloud, expect: 200 })).doc;
    await this.call('GET', `${GW}/firewall/rules/${fw.userDefinedRules[0].id}`, { ...cloud, expect: 200 });
    await this.call('DELETE', `${API}/applicationPortProfiles/${profileUrn}`, { ...cloud, expect: 400 });
    await this.call('DELETE', `${API}/firewallGroups/${groupUrn}`, { ...cloud, expect: 400 });
    await this.settle((await this.call('DELETE', `${GW}/firewall/rules/${fw.userDefinedRules[0].id}`, { ...cloud, expect: 202 })).reply);
    await this.settle((await this.call('DELETE', `${GW}/firewall/rules`, { ...cloud, expect: 202 })).reply);
    const rule = { name: `${name}-dnat`, type: 'DNAT', externalAddresses: '203.0.113.11', internalAddresses: '10.10.10.5' };
    await this.settle((await this.call('POST', `${GW}/nat/rules`, { ...json, body: rule, expect: 202 })).reply);
    await this.call('POST', `${GW}/nat/rules`, { ...json, body: { ...rule, name: 'outside', externalAddresses: '198.51.100.1' }, expect: 400 });
    const nat = (await this.call('GET', `${GW}/nat/rules?filter=name==${name}-dnat`, { ...cloud, expect: 200 })).doc.values[0];
    await this.call('GET', `${GW}/nat/rules/${nat.id}`, { ...cloud, expect: 200 });
    await this.settle((await this.call('PUT', `${GW}/nat/rules/${nat.id}`, { ...json, body: { ...nat, description: 'd' }, expect: 202 })).reply);
    await this.settle((await this.call('DELETE', `${GW}/nat/rules/${nat.id}`, { ...cloud, expect: 202 })).reply);
    const route = { name: `${name}-route`, networkCidr: '10.50.0.0/16', nextHops: [{ ipAddress: '203.0.113.1', adminDistance: 1 }] };
    const routeId = (await this.settle((await this.call('POST', `${GW}/routing/staticRoutes`, { ...json, body: route, expect: 202 })).reply)).details;
    await this.call('GET', `${GW}/routing/staticRoutes`, { ...cloud, expect: 200 });
    await this.call('GET', `${GW}/routing/staticRoutes/${routeId}`, { ...cloud, expect: 200 });
    await this.settle((await this.call('PUT', `${GW}/routing/staticRoutes/${routeId}`, { ...json, body: { ...route, description: 'd' }, expect: 202 })).reply);
    await this.call('POST', `${GW}/routing/staticRoutes`, { ...json, body: { ...route, networkCidr: 'nowhere' }, expect: 400 });
    await this.settle((await this.call('DELETE', `${GW}/routing/staticRoutes/${routeId}`, { ...cloud, expect: 202 })).reply);
    await this.settle((await this.call('DELETE', `${API}/firewallGroups/${groupUrn}`, { ...cloud, expect: 202 })).reply);
    await this.settle((await this.call('DELETE', `${API}/applicationPortProfiles/${profileUrn}`, { ...cloud, expect: 202 })).reply);
  }

  /** DHCP on an org VDC network and its bindings; the DNS forwarder, IPsec VPN tunnels and used addresses of a gateway. */
  private async gatewayServices(): Promise<void> {
    const cloud = { accept: 'application/json;version=38.0' };
    const json = { ...cloud, type: 'application/json' };
    const API = '/cloudapi/1.0.0';
    const net = (await this.call('GET', `${API}/orgVdcNetworks?filter=name==acme-web`, { ...cloud, expect: 200 })).doc.values[0];
    const DHCP = `${API}/orgVdcNetworks/${net.id}/dhcp`;
    await this.call('GET', DHCP, { ...cloud, expect: 200 });
    const dhcp = { enabled: true, mode: 'EDGE', dhcpPools: [{ enabled: true, ipRange: { startAddress: '10.10.10.210', endAddress: '10.10.10.220' } }] };
    await this.settle((await this.call('PUT', DHCP, { ...json, body: dhcp, expect: 202 })).reply);
    await this.call('PUT', DHCP, { ...json, body: { ...dhcp, dhcpPools: [{ ipRange: { startAddress: '10.10.10.20', endAddress: '10.10.10.30' } }] }, expect: 400 });
    const binding = { name: 'tour-binding', bindingType: 'IPV4', macAddress: '00:50:56:aa:bb:cc', ipAddress: '10.10.10.240' };
    const bindingId = (await this.settle((await this.call('POST', `${DHCP}/bindings`, { ...json, body: binding, expect: 202 })).reply)).details;
    await this.call('GET', `${DHCP}/bindings`, { ...cloud, expect: 200 });
    await this.call('GET', `${DHCP}/bindings/${bindingId}`, { ...cloud, expect: 200 });
    await this.call('POST', `${DHCP}/bindings`, { ...json, body: { ...binding, name: 'outside', ipAddress: '10.10.11.1' }, expect: 400 });
    await this.settle((await this.call('PUT', `${DHCP}/bindings/${bindingId}`, { ...json, body: { ...binding, description: 'd', version: { version: 0 } }, expect: 202 })).reply);
    await this.settle((await this.call('DELETE', `${DHCP}/bindings/${bindingId}`, { ...cloud, expect: 202 })).reply);
    await this.settle((await this.call('DELETE', DHCP, { ...cloud, expect: 202 })).reply);
    const gws = (await this.call('GET', `${API}/edgeGateways?filter=name==acme-edge`, { ...cloud, expect: 200 })).doc.values;
    const GW = `${API}/edgeGateways/${gws[0].id}`;
    await this.call('GET', `${GW}/dns`, { ...cloud, expect: 200 });
    await this.settle((await this.call('PUT', `${GW}/dns`, { ...json, body: { enabled: true, defaultForwarderZone: { displayName: 'p', upstreamServers: ['1.1.1.1'] } }, expect: 202 })).reply);
    await this.call('PUT', `${GW}/dns`, { ...json, body: { enabled: true }, expect: 400 });
    await this.settle((await this.call('DELETE', `${GW}/dns`, { ...cloud, expect: 202 })).reply);
    const tunnel = { name: 'tour-tunnel', enabled: true, preSharedKey: 'k', localEndpoint: { localAddress: '203.0.113.13', localNetworks: ['10.10.10.0/24'] }, remoteEndpoint: { remoteAddress: '198.51.100.7' } };
    const tunnelId = (await this.settle((await this.call('POST', `${GW}/ipsec/tunnels`, { ...json, body: tunnel, expect: 202 })).reply)).details;
    await this.call('GET', `${GW}/ipsec/tunnels`, { ...cloud, expect: 200 });
    await this.call('GET', `${GW}/ipsec/tunnels/${tunnelId}`, { ...cloud, expect: 200 });
    await this.call('GET', `${GW}/ipsec/tunnels/${tunnelId}/status`, { ...cloud, expect: 200 });
    await this.call('GET', `${GW}/ipsec/tunnels/${tunnelId}/connectionProperties`, { ...cloud, expect: 200 });
    await this.settle((await this.call('PUT', `${GW}/ipsec/tunnels/${tunnelId}/connectionProperties`, { ...json, body: { securityType: 'CUSTOM', dpdConfiguration: { probeInterval: 30 } }, expect: 202 })).reply);
    await this.call('PUT', `${GW}/ipsec/tunnels/${tunnelId}/connectionProperties`, { ...json, body: { dpdConfiguration: { probeInterval: 1 } }, expect: 400 });
    await this.call('GET', `${GW}/usedIpAddresses`, { ...cloud, expect: 200 });
    await this.call('POST', `${GW}/ipsec/tunnels`, { ...json, body: { ...tunnel, name: 'x', localEndpoint: { localAddress: '198.51.100.1', localNetworks: ['10.10.10.0/24'] } }, expect: 400 });
    await this.settle((await this.call('PUT', `${GW}/ipsec/tunnels/${tunnelId}`, { ...json, body: { ...tunnel, description: 'd' }, expect: 202 })).reply);
    await this.settle((await this.call('DELETE', `${GW}/ipsec/tunnels/${tunnelId}`, { ...cloud, expect: 202 })).reply);
  }

  async run(): Promise<void> {
    const f = this.format;
    // Discovery and logins.
    await this.call('GET', '/api/versions', { token: null, expect: 200 });
    const legacy = (await this.call('POST', '/api/sessions', { auth: basic('acme-admin@acme'), expect: 200 })).reply.headers['x-vcloud-authorization'];
    const cloudLogin = async (path: string, user: string) =>
      (await this.call('POST', path, { auth: basic(user), accept: 'application/json;version=37.0', expect: 200 })).reply.headers['x-vmware-vcloud-access-token'];
    this.token = await cloudLogin('/cloudapi/1.0.0/sessions', 'acme-admin@acme');
    const provider = await cloudLogin('/cloudapi/1.0.0/sessions/provider', 'administrator@System');
    const current = (await this.call('GET', '/cloudapi/1.0.0/sessions/current', { accept: 'application/json;version=37.0', expect: 200 })).doc;
    await this.call('GET', `/cloudapi/1.0.0/sessions/${current.id}`, { accept: 'application/json;version=37.0', expect: 200 });

    // The inventory, by links.
    const session = await this.get('/api/session');
    await this.get(this.link(session, 'down', T('orgList')));
    const org = await this.get(this.link(session, 'down', T('org')));
    const vdc = await this.get(this.link(org, 'down', T('vdc'), 'acme-vdc'));
    await this.get(vdc.vdcStorageProfiles.vdcStorageProfile[0].href);
    const hwvs = vdc.capabilities.supportedHardwareVersions.supportedHardwareVersion;
    await this.get(hwvs[hwvs.length - 1].href);
    const net = vdc.availableNetworks.network.find((n: Doc) => n.name === 'acme-web');
    const network = await this.get(net.href);
    const catalog = await this.get(this.link(org, 'down', T('catalog')));
    const itemRef = catalog.catalogItems.catalogItem.find((i: Doc) => i.name === 'three-tier-app');
    const item = await this.get(itemRef.href);
    const template = await this.get(item.entity.href);
    await this.get(this.link(template, 'down', T('owner')));
    await this.get(this.link(template, 'down', T('leaseSettingsSection')));
    await this.get(this.link(template, 'down', T('networkConfigSection')));
    const tvm = template.children.vm[0];
    await this.get(tvm.href);
    for (const s of ['networkConnectionSection', 'guestCustomizationSection', 'virtualHardwareSection', 'operatingSystemSection']) await this.get(`${tvm.href}/${s}/`);
    for (const d of [org, vdc, catalog, item, template, network]) await this.get(this.link(d, 'down', T('metadata')));
    await this.get(this.link(org, 'down', T('tasksList')));
    await this.get(`/api/entity/${vdc.id}`);

    // Admin views (an organization administrator may read them).
    const admin = await this.get(this.link(session, 'down', 'application/vnd.vmware.admin.vcloud+xml'));
    const adminOrgs = await this.get(this.link(admin, 'down', T('orgList')));
    const adminOrg = await this.get(adminOrgs.org[0].href);
    await this.get(this.link(vdc, 'alternate', 'application/vnd.vmware.admin.vdc+xml'));
    await this.get(this.link(catalog, 'alternate', 'application/vnd.vmware.admin.catalog+xml'));
    await this.get(adminOrg.networks.network[0].href);
    const user = await this.get(catalog.owner.user.href);
    await this.get(user.role.href);

    // The provider side (System administrators; tenants get 403), found through its query types.
    const asProvider = { token: provider, expect: 200 };
    const json = { token: provider, accept: 'application/json;version=37.0', expect: 200 };
    const legacyJson = { token: provider, accept: 'application/*+json;version=37.0', expect: 200 };
    const first = async (type: string) => (await this.call('GET', `/api/query?type=${type}&format=records`, legacyJson)).doc.record[0].href as string;
    await this.call('GET', '/api/admin/extension', { expect: 403 });
    await this.call('GET', '/api/admin/extension', asProvider);
    for (const list of ['vimServerReferences', 'providerVdcReferences', 'networkPoolReferences', 'externalNetworkReferences']) {
      await this.call('GET', `/api/admin/extension/${list}`, asProvider);
    }
    await this.call('GET', await first('virtualCenter'), asProvider);
    const pvdcHref = await first('providerVdc');
    await this.call('GET', pvdcHref, asProvider);
    await this.call('GET', pvdcHref.replace('/api/admin/providervdc/', '/api/admin/extension/providervdc/'), asProvider);
    const pvdcSp = await first('providerVdcStorageProfile');
    await this.call('GET', pvdcSp, asProvider);
    await this.call('GET', pvdcSp.replace('/api/admin/', '/api/admin/extension/'), asProvider);
    await this.call('GET', await first('networkPool'), asProvider);
    await this.call('GET', await first('externalNetwork'), asProvider);
    for (const t of ['resourcePool', 'portgroup']) await this.call('GET', `/api/query?type=${t}&format=records`, asProvider);
    await this.call('GET', vdc.vdcStorageProfiles.vdcStorageProfile[0].href.replace('/api/', '/api/admin/'), asProvider);
    const managerHref = await first('nsxTManager');
    const manager = (await this.call('GET', managerHref, legacyJson)).doc;
    const vcs = (await this.call('GET', '/cloudapi/1.0.0/virtualCenters', json)).doc;
    await this.call('GET', `/cloudapi/1.0.0/virtualCenters/${vcs.values[0].vcId}`, json);
    const extNets = (await this.call('GET', '/cloudapi/1.0.0/externalNetworks', json)).doc;
    await this.call('GET', `/cloudapi/1.0.0/externalNetworks/${extNets.values[0].id}`, json);
    const poolSummaries = (await this.call('GET', '/cloudapi/1.0.0/networkPools/networkPoolSummaries', json)).doc;
    await this.call('GET', `/cloudapi/1.0.0/networkPools/${poolSummaries.values[0].id}`, json);
    const tier0s = (await this.call('GET', `/cloudapi/1.0.0/nsxTResources/importableTier0Routers?filter=${encodeURIComponent(`_context==${manager.id}`)}`, json)).doc;
    const pvdcUrn = `urn:vcloud:providervdc:${pvdcHref.split('/').pop()}`;
    await this.call('GET', `/cloudapi/1.0.0/nsxTResources/edgeClusters?filter=${encodeURIComponent(`pvdcId==${pvdcUrn}`)}`, json);
    await this.call('GET', '/cloudapi/1.0.0/nsxTResources/edgeClusters', { ...json, expect: 400 });
    // An edge gateway made, changed and deleted by the provider (each a task in Location), and its legacy view.
    const settle = async (started: { reply: { headers: Record<string, string> } }) => {
      for (let i = 0; i < 600; i++) {
        const task = (await this.call('GET', started.reply.headers.location, legacyJson)).doc;
        if (!['queued', 'preRunning', 'running'].includes(task.status)) return task;
        await this.tick();
      }
      throw new Error('edge gateway task did not finish');
    };
    const extSubnet = extNets.values[0].subnets.values[0];
    const egwName = `tour-edge-${this.format}`;
    const egwBody = {
      name: egwName, ownerRef: { id: `urn:vcloud:vdc:${vdc.href.split('/').pop()}` },
      edgeGatewayUplinks: [{ uplinkId: extNets.values[0].id, subnets: { values: [{ gateway: extSubnet.gateway, prefixLength: extSubnet.prefixLength, enabled: true, autoAllocateIpRanges: true, totalIpCount: 2 }] } }],
    };
    const egwJson = { ...json, type: 'application/json', expect: 202 };
    await settle(await this.call('POST', '/cloudapi/1.0.0/edgeGateways', { ...egwJson, body: egwBody }));
    const egw = (await this.call('GET', `/cloudapi/1.0.0/edgeGateways?filter=name==${egwName}`, json)).doc.values[0];
    await this.call('GET', `/api/admin/edgeGateway/${egw.id.split(':').pop()}`, asProvider);
    await settle(await this.call('PUT', `/cloudapi/1.0.0/edgeGateways/${egw.id}`, { ...egwJson, body: { ...egw, description: 'changed' } }));
    await this.call('POST', '/cloudapi/1.0.0/edgeGateways', { ...egwJson, body: { ...egwBody, edgeGatewayUplinks: [] }, expect: 400 });
    await settle(await this.call('DELETE', `/cloudapi/1.0.0/edgeGateways/${egw.id}`, { ...json, expect: 202 }));
    // An external network made on a free tier-0 router, changed and deleted (tasks).
    const extName = `tour-ext-${this.format}`;
    const extBody = {
      name: extName, subnets: { values: [{ gateway: '198.18.0.1', prefixLength: 24, enabled: true, ipRanges: { values: [{ startAddress: '198.18.0.10', endAddress: '198.18.0.20' }] } }] },
      networkBackings: { values: [{ backingId: tier0s.values[0].id, backingType: 'NSXT_TIER0', networkProvider: { id: manager.id } }] },
    };
    await settle(await this.call('POST', '/cloudapi/1.0.0/externalNetworks', { ...egwJson, body: extBody }));
    const ext = (await this.call('GET', `/cloudapi/1.0.0/externalNetworks?filter=name==${extName}`, json)).doc.values[0];
    await settle(await this.call('PUT', `/cloudapi/1.0.0/externalNetworks/${ext.id}`, { ...egwJson, body: { ...ext, description: 'changed' } }));
    await this.call('POST', '/cloudapi/1.0.0/externalNetworks', { ...egwJson, body: { ...extBody, subnets: { values: [] } }, expect: 400 });
    await settle(await this.call('DELETE', `/cloudapi/1.0.0/externalNetworks/${ext.id}`, { ...json, expect: 202 }));
    // An isolated org VDC network made, changed and deleted (tasks), and a refused overlap.
    const netName = `tour-net-${this.format}`;
    const netBody = {
      name: netName, ownerRef: egwBody.ownerRef, networkType: 'ISOLATED',
      subnets: { values: [{ gateway: '10.98.0.1', prefixLength: 24, ipRanges: { values: [{ startAddress: '10.98.0.10', endAddress: '10.98.0.20' }] } }] },
    };
    await settle(await this.call('POST', '/cloudapi/1.0.0/orgVdcNetworks', { ...egwJson, body: netBody }));
    const orgNet = (await this.call('GET', `/cloudapi/1.0.0/orgVdcNetworks?filter=name==${netName}`, json)).doc.values[0];
    await settle(await this.call('PUT', `/cloudapi/1.0.0/orgVdcNetworks/${orgNet.id}`, { ...egwJson, body: { ...orgNet, description: 'changed' } }));
    await this.call('GET', `/cloudapi/1.0.0/orgVdcNetworks/${orgNet.id}/allocatedIpAddresses`, json);
    await this.call('POST', '/cloudapi/1.0.0/orgVdcNetworks', { ...egwJson, body: { ...netBody, name: `${netName}-2` }, expect: 400 });
    await settle(await this.call('DELETE', `/cloudapi/1.0.0/orgVdcNetworks/${orgNet.id}`, { ...json, expect: 202 }));
    // The same through the legacy API: POST to the VDC's networks (201 with its task), PUT and DELETE (tasks).
    const legacyNet = (description: string) => this.body(
      `<OrgVdcNetwork ${NS} name="${netName}-legacy"><Description>${description}</Description><Configuration><IpScopes><IpScope>
        <IsInherited>false</IsInherited><Gateway>10.97.0.1</Gateway><Netmask>255.255.255.0</Netmask><IpRanges><IpRange><StartAddress>10.97.0.10</StartAddress>
        <EndAddress>10.97.0.20</EndAddress></IpRange></IpRanges></IpScope></IpScopes><FenceMode>isolated</FenceMode></Configuration></OrgVdcNetwork>`,
      { name: `${netName}-legacy`, description, configuration: { ipScopes: { ipScope: [{ isInherited: false, gateway: '10.97.0.1', netmask: '255.255.255.0',
        ipRanges: { ipRange: [{ startAddress: '10.97.0.10', endAddress: '10.97.0.20' }] } }] }, fenceMode: 'isolated' } },
      'orgVdcNetwork');
    const made = await this.call('POST', `${vdc.href.replace('/api/vdc/', '/api/admin/vdc/')}/networks`, { ...legacyNet('made'), token: provider, expect: 201 });
    await this.waitFor(made);
    await this.waitFor(await this.call('PUT', made.doc.href, { ...legacyNet('changed'), token: provider, expect: 202 }));
    await this.waitFor(await this.call('DELETE', made.doc.href, { token: provider, expect: 202 }));
    // A VDC group (tasks), its candidates, its DFW, a network it owns; an imported segment network (CloudAPI: walked once).
    if (this.format === 'json') {
      const vdcUrn = egwBody.ownerRef.id;
      const candidates = `/cloudapi/1.0.0/vdcGroups/networkingCandidateVdcs?filter=${encodeURIComponent(`_context==LOCAL;_context==${vdcUrn}`)}`;
      await this.call('GET', candidates, json);
      await this.call('GET', '/cloudapi/1.0.0/vdcGroups/networkingCandidateVdcs', { ...json, expect: 400 });
      const groupName = `tour-group-${this.format}`;
      const groupBody = { name: groupName, networkProviderType: 'NSX_T', type: 'LOCAL', participatingOrgVdcs: [{ vdcRef: { id: vdcUrn } }] };
      await settle(await this.call('POST', '/cloudapi/1.0.0/vdcGroups', { ...egwJson, body: groupBody }));
      await this.call('POST', '/cloudapi/1.0.0/vdcGroups', { ...egwJson, body: { ...groupBody, participatingOrgVdcs: [] }, expect: 400 });
      const group = (await this.call('GET', `/cloudapi/1.0.0/vdcGroups?filter=name==${groupName}`, json)).doc.values[0];
      await this.call('GET', `/cloudapi/1.0.0/vdcGroups/${group.id}`, json);
      await settle(await this.call('PUT', `/cloudapi/1.0.0/vdcGroups/${group.id}`, { ...egwJson, body: { ...group, description: 'changed' } }));
      await this.call('GET', `/cloudapi/1.0.0/vdcGroups/${group.id}/dfwPolicies`, json);
      await this.call('GET', `/cloudapi/1.0.0/vdcGroups/${group.id}/dfwPolicies/default`, { ...json, expect: 400 });
      await settle(await this.call('PUT', `/cloudapi/1.0.0/vdcGroups/${group.id}/dfwPolicies`, { ...egwJson, body: { enabled: true } }));
      const policy = (await this.call('GET', `/cloudapi/1.0.0/vdcGroups/${group.id}/dfwPolicies/default`, json)).doc;
      await settle(await this.call('PUT', `/cloudapi/1.0.0/vdcGroups/${group.id}/dfwPolicies/default`, { ...egwJson, body: { ...policy, enabled: false } }));
      // Its DFW rules: the list (VCD's default rule), replaced, one added, read, changed and deleted; bad ones refused.
      const rulesUrl = `/cloudapi/1.0.0/vdcGroups/${group.id}/dfwPolicies/default/rules`;
      const dfw = (await this.call('GET', rulesUrl, json)).doc;
      await settle(await this.call('PUT', rulesUrl, { ...egwJson, body: { values: [...dfw.values, { name: 'tour-drop', actionValue: 'DROP' }] } }));
      await this.call('PUT', rulesUrl, { ...egwJson, body: { values: [{ name: 'bad' }] }, expect: 400 });
      await settle(await this.call('POST', rulesUrl, { ...egwJson, body: { name: 'tour-added', actionValue: 'ALLOW', direction: 'IN' } }));
      await this.call('POST', rulesUrl, { ...egwJson, body: { name: 'bad', actionValue: 'PERMIT' }, expect: 400 });
      const added = (await this.call('GET', rulesUrl, json)).doc.values.find((r: Doc) => r.name === 'tour-added');
      await this.call('GET', `${rulesUrl}/${added.id}`, json);
      await settle(await this.call('PUT', `${rulesUrl}/${added.id}`, { ...egwJson, body: { ...added, actionValue: 'REJECT' } }));
      await settle(await this.call('DELETE', `${rulesUrl}/${added.id}`, { ...json, expect: 202 }));
      // Firewall groups the VDC group owns: an IP set and a dynamic group, listed, read, used by a DFW rule, their VMs.
      const fwGroups = '/cloudapi/1.0.0/firewallGroups';
      const groupIpSet = (await settle(await this.call('POST', fwGroups, { ...egwJson, body: { name: 'tour-group-ips', typeValue: 'IP_SET', ownerRef: { id: group.id }, ipAddresses: ['192.0.2.7'] } }))).owner.id;
      const dynBody = { name: 'tour-dynamic', typeValue: 'VM_CRITERIA', ownerRef: { id: group.id }, vmCriteria: [{ rules: [{ attributeType: 'VM_NAME', attributeValue: 'tour', operator: 'STARTS_WITH' }] }] };
      const dynamic = (await settle(await this.call('POST', fwGroups, { ...egwJson, body: dynBody }))).owner.id;
      await this.call('POST', fwGroups, { ...egwJson, body: { ...dynBody, name: 'bad', vmCriteria: [] }, expect: 400 });
      await this.call('GET', `${fwGroups}/summaries?filter=${encodeURIComponent(`ownerRef.id==${group.id}`)}`, json);
      await this.call('GET', `${fwGroups}/${dynamic}`, json);
      await this.call('GET', `${fwGroups}/${dynamic}/associatedVMs`, json);
      await this.call('GET', `${fwGroups}/${groupIpSet}/associatedVMs`, { ...json, expect: 400 });
      await settle(await this.call('PUT', `${fwGroups}/${dynamic}`, { ...egwJson, body: { ...dynBody, description: 'changed' } }));
      await settle(await this.call('POST', rulesUrl, { ...egwJson, body: { name: 'tour-groups', actionValue: 'ALLOW', sourceFirewallGroups: [{ id: groupIpSet }], destinationFirewallGroups: [{ id: dynamic }] } }));
      await this.call('DELETE', `${fwGroups}/${dynamic}`, { ...json, expect: 400 });
      await settle(await this.call('PUT', rulesUrl, { ...egwJson, body: { values: [] } }));
      await settle(await this.call('DELETE', `${fwGroups}/${dynamic}`, { ...json, expect: 202 }));
      const groupNet = { ...netBody, name: `${netName}-group`, ownerRef: { id: group.id } };
      const madeGroupNet = await settle(await this.call('POST', '/cloudapi/1.0.0/orgVdcNetworks', { ...egwJson, body: groupNet }));
      await this.call('DELETE', `/cloudapi/1.0.0/vdcGroups/${group.id}`, { ...json, expect: 400 });
      await settle(await this.call('DELETE', `/cloudapi/1.0.0/orgVdcNetworks/${madeGroupNet.owner.id}`, { ...json, expect: 202 }));
      await settle(await this.call('DELETE', `/cloudapi/1.0.0/vdcGroups/${group.id}`, { ...json, expect: 202 }));
      const segments = (await this.call('GET', `/cloudapi/1.0.0/nsxTResources/importableSegments?filter=${encodeURIComponent(`orgVdcId==${vdcUrn}`)}`, json)).doc;
      await this.call('GET', `/network/orgvdcnetworks/importableswitches?orgVdc=${vdcUrn.split(':').pop()}`, json);
      const importedBody = { ...netBody, name: `${netName}-imported`, networkType: 'OPAQUE', backingNetworkId: segments.values[0].switchId };
      const imported = await settle(await this.call('POST', '/cloudapi/1.0.0/orgVdcNetworks', { ...egwJson, body: importedBody }));
      await this.call('POST', '/cloudapi/1.0.0/orgVdcNetworks', { ...egwJson, body: { ...importedBody, name: `${netName}-again` }, expect: 400 });
      await settle(await this.call('DELETE', `/cloudapi/1.0.0/orgVdcNetworks/${imported.owner.id}`, { ...json, expect: 202 }));
    }
    // Metadata: written through the admin hrefs of orgs, VDCs, catalogs and networks (their tenant hrefs
    // read), and through their own hrefs for catalog items and templates.
    const adminHref = (h: string) => h.replace('/api/', '/api/admin/');
    for (const d of [org, vdc, catalog, network]) await this.metadataWalk(adminHref(d.href), d.href);
    for (const d of [item, template]) await this.metadataWalk(d.href);

    // The query service: the QueryList, a typed query in every format and across pages, packaged queries.
    const Q = (format: string) => `application/vnd.vmware.vcloud.query.${format}+xml`;
    const queryList = await this.get('/api/query');
    const vms = await this.get(`${this.link(queryList, 'down', Q('records'), 'vm')}&pageSize=1&links=true&sortDesc=memoryMB`);
    await this.get(this.link(vms, 'nextPage', Q('records')));
    for (const format of ['idrecords', 'references']) await this.get(this.link(vms, 'alternate', Q(format)));
    await this.get(`/api/query?type=vApp&filter=${encodeURIComponent('name==*;isDeployed==false')}&fields=name,status`);
    for (const p of ['vApps', 'vms', 'catalogs', 'vAppTemplates', 'mediaList']) await this.get(`/api/${p}/query?format=records`);
    for (const p of ['vdcs', 'orgs', 'users']) await this.call('GET', `/api/admin/${p}/query`, { token: provider, expect: 200 });
    await this.call('GET', '/api/query?type=virtualMachine', { expect: 400 });
    await this.call('GET', '/api/query?type=adminVM', { expect: 403 });

    // CloudAPI lists, a page of one, and each first item by its URN.
    const cloud = { accept: 'application/json;version=37.0', expect: 200 };
    for (const list of ['orgs', 'vdcs', 'orgVdcNetworks', 'users', 'roles', 'rights', 'edgeGateways']) {
      const page = (await this.call('GET', `/cloudapi/1.0.0/${list}?page=1&pageSize=1`, cloud)).doc;
      await this.call('GET', `/cloudapi/1.0.0/${list}/${page.values[0].id}`, cloud);
    }
    await this.call('GET', '/cloudapi/1.0.0/vdcs?filter=(name==x', { ...cloud, expect: 400 });

    // A vApp from the template, on the acme-web network; every step on a task.
    const templateNet = template.networkConfigSection.networkConfig[0].networkName;
    const name = `tour-${f}`;
    const instantiate = this.body(
      `<InstantiateVAppTemplateParams ${NS} name="${name}" deploy="false" powerOn="false"><Description>a tour</Description>
        <InstantiationParams><NetworkConfigSection><ovf:Info>networks</ovf:Info><NetworkConfig networkName="${templateNet}">
          <Configuration><ParentNetwork href="${net.href}"/><FenceMode>bridged</FenceMode></Configuration></NetworkConfig></NetworkConfigSection></InstantiationParams>
        <Source href="${template.href}"/><AllEULAsAccepted>true</AllEULAsAccepted></InstantiateVAppTemplateParams>`,
      {
        name, deploy: false, powerOn: false, description: 'a tour', source: { href: template.href }, allEULAsAccepted: true,
        instantiationParams: { networkConfigSection: { networkConfig: [{ networkName: templateNet, configuration: { parentNetwork: { href: net.href }, fenceMode: 'bridged' } }] } },
      },
      'instantiateVAppTemplateParams',
    );
    const created = await this.call('POST', this.link(vdc, 'add', T('instantiateVAppTemplateParams')), { ...instantiate, expect: 201 });
    await this.waitFor(created);
    let vapp = await this.get(created.doc.href);
    await this.get(this.link(vapp, 'down', T('owner')));
    await this.get(this.link(vapp, 'down', T('metadata')));
    await this.metadataWalk(vapp.href);
    await this.roundTrip(this.link(vapp, 'down', T('leaseSettingsSection')));
    await this.roundTrip(this.link(vapp, 'down', T('networkConfigSection')));
    await this.waitFor(await this.call('PUT', vapp.href, { ...this.body(`<VApp ${NS} name="${name}"><Description>renamed</Description></VApp>`, { name, description: 'renamed' }, 'vApp'), expect: 202 }));

    const undeploy = this.body(`<UndeployVAppParams ${NS}><UndeployPowerAction>powerOff</UndeployPowerAction></UndeployVAppParams>`, { undeployPowerAction: 'powerOff' }, 'undeployVAppParams');
    const deploy = this.body(`<DeployVAppParams ${NS} powerOn="true"/>`, { powerOn: true }, 'deployVAppParams');
    const powerCycle = async (href: string) => {
      for (const a of ['powerOn', 'powerOff', 'powerOn', 'reset', 'reboot', 'suspend']) await this.act(`${href}/power/action/${a}`);
      await this.act(`${href}/action/discardSuspendedState`);
      await this.act(`${href}/action/undeploy`, undeploy);
      await this.act(`${href}/action/deploy`, deploy);
      await this.act(`${href}/power/action/shutdown`);
      await this.act(`${href}/action/undeploy`);
    };
    await powerCycle(vapp.href);
    // A task canceled while it runs (a rename: runs that test over HTTP make it slow enough to catch).
    const renaming = await this.call('PUT', vapp.href, { ...this.body(`<VApp ${NS} name="${name}-2"/>`, { name: `${name}-2` }, 'vApp'), expect: 202 });
    await this.call('POST', `${renaming.doc.href}/action/cancel`, { expect: 204 });
    await this.waitFor(renaming, 'canceled');

    // One VM: its sections, edits and power.
    vapp = await this.get(vapp.href);
    const vm = await this.get(vapp.children.vm[0].href);
    await this.get(this.link(vm, 'down', T('metadata')));
    await this.metadataWalk(vm.href);
    for (const s of ['virtualHardwareSection/', 'virtualHardwareSection/cpu', 'virtualHardwareSection/memory', 'virtualHardwareSection/networkCards',
      'operatingSystemSection/', 'vmCapabilities/', 'guestcustomizationstatus/']) await this.get(`${vm.href}/${s}`);
    const rasd = (type: number, quantity: number) => this.body(
      `<Item ${NS}><rasd:ResourceType>${type}</rasd:ResourceType><rasd:VirtualQuantity>${quantity}</rasd:VirtualQuantity></Item>`,
      { resourceType: type, virtualQuantity: quantity }, 'rasdItem');
    await this.waitFor(await this.call('PUT', `${vm.href}/virtualHardwareSection/cpu`, { ...rasd(3, 2), expect: 202 }));
    await this.waitFor(await this.call('PUT', `${vm.href}/virtualHardwareSection/memory`, { ...rasd(4, 2048), expect: 202 }));
    for (const s of ['virtualHardwareSection/disks', 'virtualHardwareSection/', 'networkConnectionSection/', 'guestCustomizationSection/']) await this.roundTrip(`${vm.href}/${s}`);
    await this.waitFor(await this.call('PUT', `${vm.href}/vmCapabilities/`, {
      ...this.body(`<VmCapabilities ${NS}><MemoryHotAddEnabled>true</MemoryHotAddEnabled><CpuHotAddEnabled>true</CpuHotAddEnabled></VmCapabilities>`,
        { memoryHotAddEnabled: true, cpuHotAddEnabled: true }, 'vmCapabilitiesSection'),
      expect: 202,
    }));
    await this.waitFor(await this.call('PUT', vm.href, { ...this.body(`<Vm ${NS} name="${vm.name}"><Description>edited</Description></Vm>`, { name: vm.name, description: 'edited' }, 'vm'), expect: 202 }));
    await this.waitFor(await this.call('POST', this.link(vm, 'reconfigureVm'), {
      ...this.body(`<Vm ${NS} name="${vm.name}"><Description>reconfigured</Description></Vm>`, { name: vm.name, description: 'reconfigured' }, 'vm'),
      expect: 202,
    }));
    await powerCycle(vm.href);
    await this.disks(vdc, vm.href, provider);
    await this.vmStorage(vdc, vm.href, provider);
    await this.productSections(vapp.href, vm.href);
    await this.snapshots(vdc, vapp.href, vm.href);
    await this.vappNetworks(vdc, net.href);
    await this.catalogs(org, vapp.href);

    // Uploads: an OVF template (descriptor, then its disk in two chunks) and an ISO, inserted into the VM and
    // ejected, then both deleted; a bad descriptor fails the import.
    const uploadLink = (e: Doc, i: number) => e.files.file[i].link.find((l: Doc) => l.rel === 'upload:default').href as string;
    const put = (url: string, body: string, type: string, range?: string, expect = 200) =>
      this.call('PUT', url, { body, type, headers: range ? { 'content-range': range } : {}, expect });
    const disk = 'x'.repeat(3000);
    const ovf = ovfText(disk.length);
    const upItem = await this.call('POST', this.link(catalog, 'add', T('uploadVAppTemplateParams')), {
      ...this.body(`<UploadVAppTemplateParams ${NS} name="${name}-ovf"><Description>up</Description></UploadVAppTemplateParams>`,
        { name: `${name}-ovf`, description: 'up' }, 'uploadVAppTemplateParams'),
      expect: 201,
    });
    let up = await this.get(upItem.doc.entity.href);
    await put(uploadLink(up, 0), ovf, 'text/xml');
    up = await this.get(up.href);
    await put(uploadLink(up, 1), disk.slice(0, 2000), 'application/octet-stream', `bytes 0-1999/${disk.length}`);
    await put(uploadLink(up, 1), disk.slice(2000), 'application/octet-stream', `bytes 2000-${disk.length - 1}/${disk.length}`);
    up = await this.get(up.href);
    if (up.status !== 8) throw new Error(`uploaded template in status ${up.status}`);
    // Its download: enabled (a task), the descriptor and the disk through their download links, then disabled.
    await this.waitFor(await this.call('POST', `${up.href}/action/enableDownload`, { expect: 202 }));
    up = await this.get(up.href);
    const downloadLink = (e: Doc, i: number) => e.files.file[i].link.find((l: Doc) => l.rel === 'download:default').href as string;
    await this.call('GET', downloadLink(up, 0), { expect: 200 });
    await this.call('GET', downloadLink(up, 1), { expect: 200 });
    await this.call('GET', downloadLink(up, 1), { headers: { range: 'bytes=100-' }, expect: 206 });
    await this.call('GET', downloadLink(up, 0), { headers: { range: 'bytes=-10' }, expect: 206 });
    await this.call('POST', `${up.href}/action/disableDownload`, { expect: 204 });
    const isoItem = await this.call('POST', this.link(catalog, 'add', T('media')), {
      ...this.body(`<Media ${NS} name="${name}.iso" imageType="iso" size="1000"/>`, { name: `${name}.iso`, imageType: 'iso', size: 1000 }, 'media'),
      expect: 201,
    });
    let iso = await this.get(isoItem.doc.entity.href);
    await put(uploadLink(iso, 0), 'y'.repeat(1000), 'application/octet-stream', 'bytes 0-999/1000');
    iso = await this.get(iso.href);
    await this.get(`${iso.href}/owner`);
    // The media's download: enabled (a task), its file whole, a range of it, and a range beyond it.
    await this.waitFor(await this.call('POST', `${iso.href}/action/enableDownload`, { expect: 202 }));
    iso = await this.get(iso.href);
    await this.call('GET', downloadLink(iso, 0), { expect: 200 });
    await this.call('GET', downloadLink(iso, 0), { headers: { range: 'bytes=0-99' }, expect: 206 });
    await this.call('GET', downloadLink(iso, 0), { headers: { range: 'bytes=1000-' }, expect: 416 });
    const insert = this.body(`<MediaInsertOrEjectParams ${NS}><Media href="${iso.href}"/></MediaInsertOrEjectParams>`, { media: { href: iso.href } }, 'mediaInsertOrEjectParams');
    await this.act(`${vm.href}/media/action/insertMedia`, insert);
    await this.get(`${vm.href}/virtualHardwareSection/media`);
    await this.get(`${vm.href}/virtualHardwareSection/`);
    await this.call('GET', `${vm.href}/question`, { expect: 403 });
    await this.call('DELETE', iso.href, { expect: 400 });
    await this.act(`${vm.href}/media/action/ejectMedia`, insert);
    for (const q of ['media', 'adminMedia']) await this.call('GET', `/api/query?type=${q}&format=records`, { token: q === 'adminMedia' ? provider : undefined, expect: 200 });
    await this.waitFor(await this.call('DELETE', iso.href, { expect: 202 }));
    await this.waitFor(await this.call('DELETE', up.href, { expect: 202 }));
    const vdcMedia = await this.call('POST', this.link(vdc, 'add', T('media')), {
      ...this.body(`<Media ${NS} name="${name}.flp" imageType="floppy" size="10"/>`, { name: `${name}.flp`, imageType: 'floppy', size: 10 }, 'media'),
      expect: 201,
    });
    const bad = await this.call('POST', this.link(catalog, 'add', T('uploadVAppTemplateParams')), {
      ...this.body(`<UploadVAppTemplateParams ${NS} name="${name}-bad"/>`, { name: `${name}-bad` }, 'uploadVAppTemplateParams'),
      expect: 201,
    });
    const badT = await this.get(bad.doc.entity.href);
    await put(uploadLink(badT, 0), '<NotOvf/>', 'text/xml', undefined, 400);
    for (const href of [badT.href, vdcMedia.doc.href]) await this.waitFor(await this.call('DELETE', href, { expect: 202 }));

    // Compose from a template VM, clone the result, recompose it, then delete a VM and every vApp.
    const composed = await this.call('POST', this.link(vdc, 'add', T('composeVAppParams')), {
      ...this.body(`<ComposeVAppParams ${NS} name="${name}-composed" deploy="false" powerOn="false"><SourcedItem><Source href="${tvm.href}"/></SourcedItem></ComposeVAppParams>`,
        { name: `${name}-composed`, deploy: false, powerOn: false, sourcedItem: [{ source: { href: tvm.href } }] }, 'composeVAppParams'),
      expect: 201,
    });
    await this.waitFor(composed);
    const clone = await this.call('POST', this.link(vdc, 'add', T('cloneVAppParams')), {
      ...this.body(`<CloneVAppParams ${NS} name="${name}-clone" deploy="false" powerOn="false"><Source href="${composed.doc.href}"/></CloneVAppParams>`,
        { name: `${name}-clone`, deploy: false, powerOn: false, source: { href: composed.doc.href } }, 'cloneVAppParams'),
      expect: 201,
    });
    await this.waitFor(clone);
    const composedVm = composed.doc.children.vm[0].href;
    await this.waitFor(await this.call('POST', `${composed.doc.href}/action/recomposeVApp`, {
      ...this.body(`<RecomposeVAppParams ${NS}><CreateItem name="blank"><Description>empty</Description></CreateItem><DeleteItem href="${composedVm}"/></RecomposeVAppParams>`,
        { createItem: [{ name: 'blank', description: 'empty' }], deleteItem: [{ href: composedVm }] }, 'recomposeVAppParams'),
      expect: 202,
    }));
    await this.waitFor(await this.call('DELETE', vapp.children.vm[1].href, { expect: 202 }));
    for (const href of [`${vapp.href}?force=False&recursive=False`, composed.doc.href, clone.doc.href]) {
      await this.waitFor(await this.call('DELETE', href, { expect: 202 }));
    }

    // Standalone VMs, each in an autoNature vApp of its own that goes with it.
    const standalone = [
      await this.call('POST', this.link(vdc, 'add', T('instantiateVmTemplateParams')), {
        ...this.body(`<InstantiateVmTemplateParams ${NS} name="${name}-solo"><SourcedVmTemplateItem><Source href="${tvm.href}"/></SourcedVmTemplateItem>
          <AllEULAsAccepted>true</AllEULAsAccepted></InstantiateVmTemplateParams>`,
        { name: `${name}-solo`, sourcedVmTemplateItem: { source: { href: tvm.href } }, allEULAsAccepted: true }, 'instantiateVmTemplateParams'),
        expect: 202,
      }),
      await this.call('POST', this.link(vdc, 'add', T('CreateVmParams')), {
        ...this.body(`<CreateVmParams ${NS} name="${name}-blank"><CreateVm name="${name}-blank"><VmSpecSection Modified="true"><ovf:Info>spec</ovf:Info>
          <NumCpus>1</NumCpus><MemoryResourceMb><Configured>512</Configured></MemoryResourceMb></VmSpecSection></CreateVm></CreateVmParams>`,
        { name: `${name}-blank`, createVm: { name: `${name}-blank`, vmSpecSection: { numCpus: 1, memoryResourceMb: { configured: 512 } } } }, 'CreateVmParams'),
        expect: 202,
      }),
    ];
    for (const created of standalone) {
      await this.waitFor(created);
      await this.waitFor(await this.call('DELETE', `${created.doc.owner.href}?force=true`, { expect: 202 }));
    }

    // Errors come back as documented Error documents.
    await this.call('GET', '/api/vdc/00000000-0000-4000-8000-000000000000', { expect: 403 });
    await this.call('GET', `${vdc.href}/hwv/vmx-99`, { expect: 400 });
    await this.call('GET', '/api/org', { token: null, expect: 401 });
    await this.call('GET', '/api/org', { accept: 'text/plain', expect: 406 });
    await this.call('GET', `${template.href}/snapshotSection`, { expect: 400 });
    await this.call('DELETE', `${vapp.href}?force=perhaps`, { expect: 400 });
    await this.call('POST', this.link(vdc, 'add', T('instantiateVAppTemplateParams')), { body: 'name=x', type: 'text/plain', expect: 415 });
    await this.call('POST', this.link(vdc, 'add', T('composeVAppParams')), { ...this.body(`<VApp ${NS} name="x"/>`, { deploy: 'soon' }, 'composeVAppParams'), expect: 400 });
    await this.call('GET', '/cloudapi/1.0.0/sessions/urn:vcloud:session:00000000-0000-4000-8000-000000000000', { accept: 'application/json', expect: 403 });
    await this.call('POST', '/cloudapi/1.0.0/sessions', { auth: basic('acme-admin@acme', 'wrong'), accept: 'application/json', expect: 401 });

    await this.administration(provider);
    // CloudAPI JSON whatever the tour's format: walked once.
    if (f === 'json') await this.edgeServices(vdc.id);
    if (f === 'json') await this.gatewayServices();
    await this.vdcAdministration(provider);
    await this.groupsAndVdcAccess(provider);

    // The document and its page.
    for (const p of ['/_vcdsim/openapi.yaml', '/_vcdsim/openapi.json', '/_vcdsim/api', '/_vcdsim/api/swagger-ui.css']) await this.call('GET', p, { token: null, expect: 200 });

    // Every way to log out.
    const doomed = await cloudLogin('/cloudapi/1.0.0/sessions', 'acme-admin@acme');
    const doomedId = (await this.call('GET', '/cloudapi/1.0.0/sessions/current', { token: doomed, accept: 'application/json', expect: 200 })).doc.id;
    await this.call('DELETE', `/cloudapi/1.0.0/sessions/${doomedId}`, { token: doomed, accept: 'application/json', expect: 204 });
    await this.call('DELETE', '/cloudapi/1.0.0/sessions/provider', { token: provider, accept: 'application/json', expect: 204 });
    await this.call('DELETE', '/cloudapi/1.0.0/sessions', { accept: 'application/json', expect: 204 });
    await this.call('DELETE', '/api/session', { token: legacy, expect: 204 });

    // The simulator's own routes, which need no session: the control API (leaving the simulator as it
    // found it, then reset), metrics and the dashboard.
    const ctl = (method: string, path: string, body?: Doc, expect = 200) =>
      this.call(method, `/_vcdsim${path}`, { token: null, accept: 'application/json', ...(body === undefined ? {} : { body, type: 'application/json' }), expect });
    await ctl('GET', '/health');
    const rule = { id: `tour-${f}`, match: { path: '/api/tour/**' }, action: 'reset' };
    await ctl('POST', '/faults', rule, 201);
    await ctl('GET', '/faults');
    await ctl('GET', `/faults/${rule.id}`);
    await ctl('DELETE', `/faults/${rule.id}`, undefined, 204);
    await ctl('POST', '/faults', [rule], 201);
    await ctl('DELETE', '/faults');
    const run = (await ctl('POST', '/scenarios', { scenario: { name: `tour-${f}`, timeline: [{ at: '1h', note: 'not reached' }] } }, 201)).doc;
    await ctl('GET', '/scenarios');
    await ctl('GET', `/scenarios/${run.id}`);
    await ctl('DELETE', `/scenarios/${run.id}`);
    await ctl('POST', '/clock/speed', { speed: (await ctl('GET', '/clock')).doc.speed });
    await ctl('POST', '/clock/advance', { by: '1s' });
    await ctl('GET', '/tasks/policies');
    await ctl('PUT', '/tasks/policies/tourOperation', { mode: 'polls', polls: 2 });
    await ctl('GET', '/latency');
    await ctl('PUT', '/latency/tourOperation', { baseMs: 1000 });
    await ctl('GET', '/log/requests?since=0&limit=5');
    await ctl('GET', '/log/faults');
    await ctl('POST', '/snapshot', (await ctl('GET', '/snapshot')).doc, 204);
    await ctl('GET', '/diff');
    await ctl('POST', '/diff', { ignore: ['task'] });
    if (f === 'json') await this.twin(ctl);
    await ctl('POST', '/reset', undefined, 204);
    for (const p of ['/metrics', '/ui', '/ui/state']) await ctl('GET', p);
    await this.call('GET', '/_vcdsim/ui/events', { token: null, firstChunk: true, expect: 200 });
  }

  /** The digital twin over the control API: a what-if, a verify of an (empty) recording, a capture of another vcdsim on loopback. */
  private async twin(ctl: (method: string, path: string, body?: Doc, expect?: number) => Promise<{ doc: Doc }>) {
    const yaml = 'name: tour-whatif\ntimeline:\n  - at: 0s\n    change: true\n    do:\n      - instantiate: { org: acme, vdc: acme-vdc, template: ubuntu-22.04, network: acme-web, name: tour-w, count: 1 }\n';
    await ctl('POST', '/whatif', { yaml });
    const header = JSON.stringify({ type: 'recording', base: 'http://127.0.0.1:1', started: new Date(0).toISOString() });
    await ctl('POST', '/verify', { jsonl: `${header}\n`, user: 'acme-admin', org: 'acme', password: 'password' });
    const source = await startSimulator();
    try {
      // A tenant's capture: what one org sees is a short crawl.
      const job = (await ctl('POST', '/captures', { from: source.url, user: 'globex-admin', org: 'globex', password: 'password', rps: 1000 }, 202)).doc;
      let now = job;
      while (now.status === 'running') {
        await new Promise((r) => setTimeout(r, 50));
        now = (await ctl('GET', `/captures/${job.id}`)).doc;
      }
      await ctl('GET', '/captures');
      await ctl('GET', `/captures/${job.id}/fixture`);
      await ctl('DELETE', `/captures/${job.id}`, undefined, 204);
    } finally {
      await source.stop();
    }
  }

  /**
   * Catalogs and access control: create, update, publish, share and own a catalog; share and own a vApp;
   * capture it, update the template and its download, copy, move, rename and delete items, delete the catalog.
   */
  private async catalogs(org: Doc, vappHref: string) {
    const f = this.format;
    const A = (n: string) => `application/vnd.vmware.admin.${n}+xml`;
    const body = (xml: string, json: Doc, type: string) => ({ body: f === 'xml' ? xml : json, type: f === 'xml' ? type : type.replace(/\+xml$/, '+json') });
    const name = `tour-cat-${f}`;
    const created = await this.call('POST', this.link(org, 'add', A('catalog')), {
      ...body(`<AdminCatalog ${NS} name="${name}"><Description>a tour</Description></AdminCatalog>`, { name, description: 'a tour' }, A('catalog')), expect: 201,
    });
    await this.waitFor(created);
    const acat = await this.get(created.doc.href);
    const cat = await this.get(this.link(acat, 'alternate', T('catalog')));
    await this.call('PUT', this.link(acat, 'edit', A('catalog')), {
      ...body(`<AdminCatalog ${NS} name="${name}"><Description>edited</Description></AdminCatalog>`, { name, description: 'edited' }, A('catalog')), expect: 200,
    });
    for (const [on, href] of [[true, this.link(cat, 'publish', A('publishCatalogParams'))], [false, `${acat.href}/action/publish`]] as const) {
      await this.call('POST', href, {
        ...body(`<PublishCatalogParams ${NS}><IsPublished>${on}</IsPublished></PublishCatalogParams>`, { isPublished: on }, A('publishCatalogParams')), expect: 204,
      });
    }
    // Published outside the site: the VCSP library behind its password; a catalog that is not subscribed has nothing to sync.
    const external = (on: boolean) => body(
      `<PublishExternalCatalogParams ${NS}><IsPublishedExternally>${on}</IsPublishedExternally><Password>tour-pw</Password><IsCacheEnabled>false</IsCacheEnabled><PreserveIdentityInfoFlag>false</PreserveIdentityInfoFlag></PublishExternalCatalogParams>`,
      { isPublishedExternally: on, password: 'tour-pw', isCacheEnabled: false, preserveIdentityInfoFlag: false }, A('publishExternalCatalogParams'));
    await this.call('POST', this.link(cat, 'publishToExternalOrganizations', A('publishExternalCatalogParams')), { ...external(true), expect: 204 });
    const lib = (await this.get(acat.href)).publishExternalCatalogParams.catalogPublishedUrl as string;
    const vcsp = `Basic ${Buffer.from('vcsp:tour-pw').toString('base64')}`;
    await this.call('GET', lib, { token: null, accept: 'application/json', expect: 401 });
    for (const file of ['', 'lib.json', 'items.json']) await this.call('GET', `${lib}${file}`, { token: null, accept: 'application/json', auth: vcsp, expect: 200 });
    await this.call('POST', `${cat.href}/action/sync`, { expect: 400 });
    // Subscribed from the same site (read in place), synced, removed with its items.
    const sub = (password: string) => body(
      `<AdminCatalog ${NS} name="${name}-mirror"><ExternalCatalogSubscriptionParams><SubscribeToExternalFeeds>true</SubscribeToExternalFeeds><Location>${lib}</Location><Password>${password}</Password><LocalCopy>false</LocalCopy></ExternalCatalogSubscriptionParams></AdminCatalog>`,
      { name: `${name}-mirror`, externalCatalogSubscriptionParams: { subscribeToExternalFeeds: true, location: lib, password, localCopy: false } }, A('catalog'));
    await this.call('POST', this.link(org, 'add', A('catalog')), { ...sub('wrong'), expect: 400 });
    const mirror = await this.call('POST', this.link(org, 'add', A('catalog')), { ...sub('tour-pw'), expect: 201 });
    await this.waitFor(mirror);
    const mirrorCat = await this.get(this.link(await this.get(mirror.doc.href), 'alternate', T('catalog')));
    await this.waitFor(await this.call('POST', this.link(mirrorCat, 'sync'), { expect: 202 }));
    await this.waitFor(await this.call('DELETE', `${mirror.doc.href}?recursive=true&force=true`, { expect: 202 }));
    await this.call('POST', `${acat.href}/action/publishToExternalOrganizations`, { ...external(false), expect: 204 });
    await this.call('POST', this.link(org, 'add', A('catalog')), { expect: 400, ...body(
      `<AdminCatalog ${NS} name="${name}-sub"><ExternalCatalogSubscriptionParams><SubscribeToExternalFeeds>true</SubscribeToExternalFeeds><Location>https://192.0.2.1/vcsp/lib/x/</Location><Password>p</Password></ExternalCatalogSubscriptionParams></AdminCatalog>`,
      { name: `${name}-sub`, externalCatalogSubscriptionParams: { subscribeToExternalFeeds: true, location: 'https://192.0.2.1/vcsp/lib/x/', password: 'p' } }, A('catalog')) });
    const acl = (everyone: boolean) => body(
      `<ControlAccessParams ${NS}><IsSharedToEveryone>${everyone}</IsSharedToEveryone>${everyone ? '<EveryoneAccessLevel>ReadOnly</EveryoneAccessLevel>' : ''}</ControlAccessParams>`,
      everyone ? { isSharedToEveryone: true, everyoneAccessLevel: 'ReadOnly' } : { isSharedToEveryone: false }, T('controlAccess'));
    const vapp = await this.get(vappHref);
    for (const e of [cat, vapp]) {
      await this.get(this.link(e, 'down', T('controlAccess')));
      await this.call('POST', this.link(e, 'controlAccess', T('controlAccess')), { ...acl(true), expect: 200 });
      await this.call('POST', this.link(e, 'controlAccess', T('controlAccess')), { ...acl(false), expect: 200 });
    }
    const owner = (href: string) => body(`<Owner ${NS}><User href="${href}"/></Owner>`, { user: { href } }, T('owner'));
    await this.get(`${cat.href}/owner`);
    const catOwner = await this.get(this.link(acat, 'down', T('owner')));
    await this.call('PUT', this.link(acat, 'down', T('owner')), { ...owner(catOwner.user.href), expect: 204 });
    await this.call('PUT', `${vapp.href}/owner`, { ...owner(vapp.owner.user.href), expect: 204 });

    const captured = await this.call('POST', this.link(cat, 'add', T('captureVAppParams')), {
      ...body(`<CaptureVAppParams ${NS} name="${name}-image"><Description>captured</Description><Source href="${vapp.href}"/></CaptureVAppParams>`,
        { name: `${name}-image`, description: 'captured', source: { href: vapp.href } }, T('captureVAppParams')),
      expect: 201,
    });
    await this.waitFor(captured);
    let template = await this.get(captured.doc.href);
    await this.waitFor(await this.call('PUT', this.link(template, 'edit', T('vAppTemplate')), {
      ...body(`<VAppTemplate ${NS} name="${name}-image"><Description>updated</Description></VAppTemplate>`, { name: `${name}-image`, description: 'updated' }, T('vAppTemplate')),
      expect: 202,
    }));
    await this.waitFor(await this.call('POST', this.link(await this.get(template.href), 'enable'), { expect: 202 }));
    template = await this.get(template.href);
    await this.call('POST', this.link(template, 'disable'), { expect: 204 });
    const itemHref = this.link(template, 'catalogItem', T('catalogItem'));
    const copyOrMove = (action: string, n: string, source: string) => this.call('POST', this.link(cat, action, T('copyOrMoveCatalogItemParams')), {
      ...body(`<CopyOrMoveCatalogItemParams ${NS} name="${n}"><Source href="${source}"/></CopyOrMoveCatalogItemParams>`, { name: n, source: { href: source } }, T('copyOrMoveCatalogItemParams')),
      expect: 202,
    });
    await this.waitFor(await copyOrMove('copy', `${name}-copy`, itemHref));
    await this.waitFor(await copyOrMove('move', `${name}-moved`, itemHref));
    await this.call('PUT', itemHref, {
      ...body(`<CatalogItem ${NS} name="${name}-item"><Description>renamed</Description></CatalogItem>`, { name: `${name}-item`, description: 'renamed' }, T('catalogItem')),
      expect: 200,
    });
    await this.call('DELETE', itemHref, { expect: 204 });
    await this.call('DELETE', this.link(acat, 'remove'), { expect: 400 });
    await this.waitFor(await this.call('DELETE', `${this.link(acat, 'remove')}?recursive=true&force=true`, { expect: 202 }));
  }

  /** Independent disks: create, read, update, owner, attach/detach on a VM, the refusals, queries, delete. */
  /**
   * A VM's own disks through VmSpecSection (one added on a storage profile of its own, a shrink refused, the
   * disk removed), the compliance check and its result, and relocation (by the provider; a tenant is refused).
   */
  private async vmStorage(vdc: Doc, vmHref: string, provider: string) {
    const vm = await this.get(vmHref);
    const first = [].concat(vm.vmSpecSection.diskSection.diskSettings).find((d: Doc) => !d.disk) as unknown as Doc;
    const silver = [].concat(vdc.vdcStorageProfiles.vdcStorageProfile).find((p: Doc) => p.name === 'Silver') as unknown as Doc;
    const spec = (disks: { id?: string; size: number; unit: number; profile?: Doc }[]) => this.body(
      `<Vm ${NS} name="${vm.name}"><VmSpecSection Modified="true"><ovf:Info>spec</ovf:Info><DiskSection>${disks.map((d) => `<DiskSettings>${d.id ? `<DiskId>${d.id}</DiskId>` : ''}<SizeMb>${d.size}</SizeMb><UnitNumber>${d.unit}</UnitNumber><BusNumber>0</BusNumber><AdapterType>5</AdapterType>${d.profile ? `<StorageProfile href="${d.profile.href}"/><overrideVmDefault>true</overrideVmDefault>` : ''}</DiskSettings>`).join('')}</DiskSection></VmSpecSection></Vm>`,
      { name: vm.name, vmSpecSection: { modified: true, diskSection: { diskSettings: disks.map((d) => ({ ...(d.id ? { diskId: d.id } : {}), sizeMb: d.size, unitNumber: d.unit, busNumber: 0, adapterType: '5', ...(d.profile ? { storageProfile: { href: d.profile.href }, overrideVmDefault: true } : {}) })) } } },
      'vm');
    const own = { id: first.diskId, size: Number(first.sizeMb), unit: Number(first.unitNumber) };
    await this.waitFor(await this.call('POST', `${vmHref}/action/reconfigureVm`, { ...spec([own, { size: 64, unit: own.unit + 1, profile: silver }]), expect: 202 }));
    await this.call('POST', `${vmHref}/action/reconfigureVm`, { ...spec([{ ...own, size: own.size - 1 }]), expect: 400 });
    await this.get(`${vmHref}/complianceResult`);
    await this.act(`${vmHref}/action/checkCompliance`);
    await this.get(`${vmHref}/complianceResult`);
    const relocate = this.body(`<RelocateParams ${NS}><Datastore href="/api/admin/extension/datastore/${String(silver.href).split('/').pop()}"/></RelocateParams>`,
      { datastore: { href: `/api/admin/extension/datastore/${String(silver.href).split('/').pop()}` } }, 'relocateVmParams');
    await this.call('POST', `${vmHref}/action/relocate`, { ...relocate, expect: 403 });
    await this.waitFor(await this.call('POST', `${vmHref}/action/relocate`, { ...relocate, token: provider, expect: 202 }));
    await this.waitFor(await this.call('POST', `${vmHref}/action/reconfigureVm`, { ...spec([own]), expect: 202 }));
  }

  private async disks(vdc: Doc, vmHref: string, provider: string) {
    // VMware's schemas are API 30.0's: Disk documents in XML are read at a version that still had `size`
    // (from 33.0 on, VCD answers `sizeMb` instead, which that schema does not know).
    const accept = this.format === 'xml' ? 'application/*+xml;version=32.0' : this.accept;
    const created = await this.call('POST', this.link(vdc, 'add', T('diskCreateParams')), {
      ...this.body(`<DiskCreateParams ${NS}><Disk name="tour-disk-${this.format}" sizeMb="512" busType="6" busSubType="VirtualSCSI"><Description>a tour</Description></Disk></DiskCreateParams>`,
        { disk: { name: `tour-disk-${this.format}`, sizeMb: 512, busType: '6', busSubType: 'VirtualSCSI', description: 'a tour' } }, 'diskCreateParams'),
      accept,
      expect: 201,
    });
    await this.waitFor(created);
    const getDisk = async () => (await this.call('GET', created.doc.href, { accept, expect: 200 })).doc;
    let disk = await getDisk();
    await this.get(this.link(disk, 'down', T('vms')));
    const owner = await this.get(this.link(disk, 'down', T('owner')));
    await this.call('PUT', this.link(disk, 'down', T('owner')), {
      ...this.body(`<Owner ${NS}><User href="${owner.user.href}"/></Owner>`, { user: { href: owner.user.href } }, 'owner'), expect: 204,
    });
    await this.waitFor(await this.call('PUT', this.link(disk, 'edit', T('disk')), {
      ...this.body(`<Disk ${NS} name="${disk.name}" sizeMb="1024"><Description>grown</Description></Disk>`, { name: disk.name, sizeMb: 1024, description: 'grown' }, 'disk'),
      expect: 202,
    }));
    const vm = await this.get(vmHref);
    const params = this.body(`<DiskAttachOrDetachParams ${NS}><Disk href="${disk.href}"/></DiskAttachOrDetachParams>`, { disk: { href: disk.href } }, 'diskAttachOrDetachParams');
    await this.waitFor(await this.call('POST', this.link(vm, 'disk:attach', T('diskAttachOrDetachParams')), { ...params, expect: 202 }));
    for (const s of ['virtualHardwareSection/', 'virtualHardwareSection/disks']) await this.get(`${vmHref}/${s}`);
    await this.get(vmHref);
    await this.call('DELETE', disk.href, { expect: 400 });
    await this.call('POST', this.link(vm, 'disk:attach', T('diskAttachOrDetachParams')), { ...params, expect: 400 });
    await this.get(`/api/query?type=disk&format=records&filter=${encodeURIComponent(`vdc==${vdc.id}`)}`);
    await this.call('GET', '/api/query?type=adminDisk&format=records', { token: provider, expect: 200 });
    await this.waitFor(await this.call('POST', this.link(vm, 'disk:detach', T('diskAttachOrDetachParams')), { ...params, expect: 202 }));
    disk = await getDisk();
    await this.waitFor(await this.call('DELETE', this.link(disk, 'remove'), { expect: 202 }));
  }
}


/**
 * Which documented operations the records exercised successfully, per format of their success
 * response, and which they did not: `METHOD /path xml|json|other|none`.
 */
export function coverage(checker: ResponseChecker, records: Recorded[]): { missing: string[] } {
  const seen = new Set(records.filter((r) => r.status < 300 && !r.result.problems.length).map((r) => `${r.result.operation} ${r.result.format}`));
  const missing = checker.successFormats().filter((k) => !seen.has(k));
  return { missing };
}
