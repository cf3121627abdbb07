/** The vApp/VM lifecycle on the task engine, driven the way a client does: links, tasks, polling. */
import { newSim, login, client, xml, findLink } from '../support/sim.js';
import { findInventory, getXml, instantiate, instantiateBody, waitTask, type Client } from '../support/vcd.js';
import { MT } from '../../src/wire/media.js';
import type { Simulator } from '../../src/sim.js';

let sim: Simulator;
let c: Client;
beforeEach(async () => {
  sim = await newSim();
  c = client(sim, await login(sim, 'alice', 'acme'));
});

const vmsOf = (vapp: any) => vapp.Children?.Vm ?? [];
const used = (vdc: any) => ({ cpu: Number(vdc.ComputeCapacity.Cpu.Used), mem: Number(vdc.ComputeCapacity.Memory.Used) });

describe('instantiate → power on → reconfigure → power off → undeploy → delete', () => {
  it('walks the full lifecycle through the links of the returned documents', async () => {
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'three-tier-app');
    const net = vdc.AvailableNetworks.Network.find((n: any) => n.name === 'acme-web');

    const created = await instantiate(c, vdc, instantiateBody({ name: 'shop', template, network: net }));
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/vnd.vmware.vcloud.vApp+xml;version=37.0');
    let vapp = xml(created.text).doc;
    expect(vapp.status).toBe('0');
    expect(vapp.deployed).toBe('false');
    expect(vmsOf(vapp).map((v: any) => v.name)).toEqual(['web', 'app', 'db']);
    const task = vapp.Tasks.Task[0];
    expect(task).toMatchObject({ status: 'queued', operationName: 'vdcInstantiateVapp' });
    expect(task.Owner.href).toBe(vapp.href);

    // The VDC lists the new vApp at once.
    const vdcNow = await getXml(c, vdc.href);
    expect(vdcNow.ResourceEntities.ResourceEntity.some((r: any) => r.name === 'shop' && r.type === MT.vApp)).toBe(true);

    // Queued → running with progress → success, on the simulated clock.
    sim.clock.advance(1000);
    const running = await getXml(c, task.href);
    expect(running.status).toBe('running');
    sim.clock.advance(10000);
    const midway = await getXml(c, task.href);
    expect(Number(midway.Progress)).toBeGreaterThan(0);
    expect(Number(midway.Progress)).toBeLessThan(100);
    const done = await waitTask(sim, c, task.href);
    expect(done).toMatchObject({ status: 'success', Progress: '100' });
    expect(done.endTime).toBeDefined();

    vapp = await getXml(c, vapp.href);
    expect(vapp.status).toBe('8');
    expect(vapp.Tasks).toBeUndefined();
    for (const vm of vmsOf(vapp)) {
      const nic = vm.NetworkConnectionSection.NetworkConnection[0];
      expect(nic.IpAddress).toMatch(/^10\.10\.10\.\d+$/);
      expect(nic.MACAddress).toMatch(/^00:50:56:/);
      expect(nic.IpAddressAllocationMode).toBe('POOL');
    }
    expect(new Set(vmsOf(vapp).map((v: any) => v.NetworkConnectionSection.NetworkConnection[0].IpAddress)).size).toBe(3);

    // Power on through the state-dependent link.
    expect(() => findLink(vapp, 'power:powerOff')).toThrow();
    const powerOn = await c.post(findLink(vapp, 'power:powerOn').href);
    expect(powerOn.status).toBe(202);
    expect(powerOn.headers.location).toMatch(/\/api\/task\//);
    const powerTask = xml(powerOn.text).doc;
    expect(powerTask.operationName).toBe('vappDeploy');
    // A second operation on the busy vApp is refused.
    const busy = await c.post(`${vapp.href}/power/action/powerOff`);
    expect(busy.status).toBe(400);
    expect(xml(busy.text).doc.minorErrorCode).toBe('BUSY_ENTITY');
    await waitTask(sim, c, powerTask.href);
    vapp = await getXml(c, vapp.href);
    expect(vapp).toMatchObject({ status: '4', deployed: 'true' });
    const vdcOn = await getXml(c, vdc.href);
    expect(used(vdcOn)).toEqual({ cpu: (2 + 4 + 4) * 2000, mem: 2048 + 8192 + 16384 });

    // A running VM cannot change CPUs without hot add.
    const web = vmsOf(vapp).find((v: any) => v.name === 'web');
    const hot = await c.put(`${web.href}/virtualHardwareSection/cpu`).set('Content-Type', MT.rasdItem)
      .send(`<Item xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>4</rasd:VirtualQuantity></Item>`);
    expect(hot.status).toBe(400);
    expect(xml(hot.text).doc.message).toMatch(/hot add/);

    // Power off (stays deployed), then reconfigure the VM.
    await waitTask(sim, c, xml((await c.post(findLink(vapp, 'power:powerOff').href)).text).doc.href);
    vapp = await getXml(c, vapp.href);
    expect(vapp).toMatchObject({ status: '8', deployed: 'true' });
    const reconf = await c.post(findLink(vmsOf(vapp).find((v: any) => v.name === 'web'), 'reconfigureVm').href)
      .set('Content-Type', MT.vm)
      .send(`<Vm xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" name="web-1">
        <ovf:VirtualHardwareSection><ovf:Info>hw</ovf:Info>
          <ovf:Item><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>4</rasd:VirtualQuantity></ovf:Item>
          <ovf:Item><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>4096</rasd:VirtualQuantity></ovf:Item>
        </ovf:VirtualHardwareSection></Vm>`);
    expect(reconf.status).toBe(202);
    expect(xml(reconf.text).doc.operationName).toBe('vappUpdateVm');
    await waitTask(sim, c, xml(reconf.text).doc.href);
    const cpu = await getXml(c, `${web.href}/virtualHardwareSection/cpu`);
    expect(cpu['rasd:VirtualQuantity']).toBe('4');
    const webVm = await getXml(c, web.href);
    expect(webVm.name).toBe('web-1');

    // Undeploy releases CPU and memory; deleting a deployed vApp is refused first.
    const early = await c.delete(vapp.href);
    expect(early.status).toBe(400);
    expect(xml(early.text).doc.message).toMatch(/Stop the vApp and try again\.$/);
    vapp = await getXml(c, vapp.href);
    const undeploy = await c.post(findLink(vapp, 'undeploy', MT.undeployVAppParams).href).set('Content-Type', MT.undeployVAppParams)
      .send('<UndeployVAppParams xmlns="http://www.vmware.com/vcloud/v1.5"><UndeployPowerAction>powerOff</UndeployPowerAction></UndeployVAppParams>');
    await waitTask(sim, c, xml(undeploy.text).doc.href);
    vapp = await getXml(c, vapp.href);
    expect(vapp).toMatchObject({ status: '8', deployed: 'false' });
    expect(used(await getXml(c, vdc.href))).toEqual({ cpu: 0, mem: 0 });

    const del = await c.delete(`${findLink(vapp, 'remove').href}?force=False&recursive=False`);
    expect(del.status).toBe(202);
    await waitTask(sim, c, xml(del.text).doc.href);
    expect((await c.get(vapp.href)).status).toBe(403);
    const after = await getXml(c, vdc.href);
    expect(after.ResourceEntities.ResourceEntity.some((r: any) => r.name === 'shop')).toBe(false);
    const acmeWeb = [...sim.store.all('network')].find((n) => n.name === 'acme-web')!;
    expect(acmeWeb.allocatedIps).toEqual([]);
  });

  it('works the same in VCD JSON', async () => {
    const j = client(sim, await login(sim, 'alice', 'acme'), 'application/*+json;version=37.0');
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    const res = await j.post(`${vdc.href}/action/instantiateVAppTemplate`)
      .set('Content-Type', 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+json')
      .send({ name: 'json-app', deploy: true, powerOn: true, source: { href: template.href } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe(0);
    const taskHref = res.body.tasks.task[0].href;
    sim.clock.advance(60_000);
    const task = (await j.get(taskHref)).body;
    expect(task.status).toBe('success');
    const vapp = (await j.get(res.body.href)).body;
    expect(vapp).toMatchObject({ status: 4, deployed: true });
    expect(vapp.children.vm[0].name).toBe('ubuntu');
  });
});

describe('tasks', () => {
  it('cancel rolls an instantiate back and leaves nothing behind', async () => {
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'k8s-cluster');
    const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'doomed', template }))).text).doc;
    const task = vapp.Tasks.Task[0];
    sim.clock.advance(2000);
    const cancel = await c.post(findLink(await getXml(c, task.href), 'task:cancel').href);
    expect(cancel.status).toBe(204);
    const ended = await getXml(c, task.href);
    expect(ended).toMatchObject({ status: 'canceled', cancelRequested: 'true' });
    expect((await c.get(vapp.href)).status).toBe(403);
    expect(sim.store.count('vm')).toBe(0);
    // A finished task cannot be canceled again.
    expect((await c.post(`${task.href}/action/cancel`)).status).toBe(400);
  });

  it('lists an org\'s tasks', async () => {
    const { org, vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    await instantiate(c, vdc, instantiateBody({ name: 'listed', template }));
    const list = await getXml(c, findLink(org, 'down', MT.tasksList).href);
    expect(list.Task.map((t: any) => t.operationName)).toContain('vdcInstantiateVapp');
  });

  it('honours "immediate" and "after N polls" progression policies', async () => {
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    sim.tasks.setPolicy('vdcInstantiateVapp', { mode: 'immediate' });
    const fast = xml((await instantiate(c, vdc, instantiateBody({ name: 'fast', template }))).text).doc;
    expect(fast.status).toBe('8');
    // The finished task is still embedded: pyvcloud and go-vcloud-director read Tasks/Task[0] of every 201.
    expect(fast.Tasks.Task[0]).toMatchObject({ status: 'success', operationName: 'vdcInstantiateVapp' });
    sim.tasks.setPolicy('vdcInstantiateVapp', { mode: 'polls', polls: 2 });
    const polled = xml((await instantiate(c, vdc, instantiateBody({ name: 'polled', template }))).text).doc;
    const href = polled.Tasks.Task[0].href;
    expect((await getXml(c, href)).status).toBe('running');
    expect((await getXml(c, href)).status).toBe('success');
  });
});

describe('illegal transitions', () => {
  async function poweredOff(name: string, templateName = 'ubuntu-22.04') {
    const { vdc, template } = await findInventory(c, 'acme-vdc', templateName);
    const vapp = xml((await instantiate(c, vdc, instantiateBody({ name, template }))).text).doc;
    await waitTask(sim, c, vapp.Tasks.Task[0].href);
    return { vdc, template, vapp: await getXml(c, vapp.href) };
  }

  it('refuses a duplicate vApp name in the VDC', async () => {
    const { vdc, template } = await poweredOff('taken');
    const dup = await instantiate(c, vdc, instantiateBody({ name: 'taken', template }));
    expect(dup.status).toBe(400);
    expect(xml(dup.text).doc.minorErrorCode).toBe('DUPLICATE_NAME');
  });

  it('refuses to power off a VM that is off, and to undeploy what is not deployed', async () => {
    const { vapp } = await poweredOff('idle');
    const vm = vmsOf(vapp)[0];
    const off = await c.post(`${vm.href}/power/action/powerOff`);
    expect(off.status).toBe(400);
    expect(xml(off.text).doc.message).toMatch(/since VM "ubuntu" is not powered on\.$/);
    const undeploy = await c.post(`${vapp.href}/action/undeploy`);
    expect(undeploy.status).toBe(400);
  });

  it('refuses to delete a powered-on VM, and to act on a VM whose vApp is busy', async () => {
    const { vapp } = await poweredOff('busy');
    const vm = vmsOf(vapp)[0];
    const on = xml((await c.post(`${vapp.href}/power/action/powerOn`)).text).doc;
    const racing = await c.post(`${vm.href}/power/action/powerOn`);
    expect(racing.status).toBe(400);
    expect(xml(racing.text).doc.minorErrorCode).toBe('BUSY_ENTITY');
    await waitTask(sim, c, on.href);
    const del = await c.delete(vm.href);
    expect(del.status).toBe(400);
    expect(xml(del.text).doc.message).toMatch(/Stop the VM and try again\.$/);
  });

  it('two clients racing on one VM: exactly one wins', async () => {
    const { vapp } = await poweredOff('race');
    const vm = vmsOf(vapp)[0];
    const other = client(sim, await login(sim, 'acme-admin', 'acme'));
    const results = await Promise.all([c.post(`${vm.href}/power/action/powerOn`), other.post(`${vm.href}/power/action/powerOn`)]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 400]);
  });

  it('a vApp User may power on a vApp shared with them but not create or delete', async () => {
    const { vdc, template, vapp } = await poweredOff('shared');
    const bob = client(sim, await login(sim, 'bob', 'acme'));
    expect((await instantiate(bob, vdc, instantiateBody({ name: 'bobs', template }))).status).toBe(403);
    expect((await bob.post(`${vapp.href}/power/action/powerOn`)).status).toBe(403);
    expect((await c.post(`${vapp.href}/action/controlAccess`).set('Content-Type', MT.controlAccess)
      .send('<ControlAccessParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>FullControl</EveryoneAccessLevel></ControlAccessParams>')).status).toBe(200);
    expect((await bob.post(`${vapp.href}/power/action/powerOn`)).status).toBe(202);
    expect((await bob.delete(vapp.href)).status).toBe(403);
  });
});

describe('quotas and capacity', () => {
  it('refuses an instantiate beyond the VM quota upfront, leaving nothing behind', async () => {
    // acme-dev allows 8 VMs; ubuntu-22.04 has one.
    const { vdc, template } = await findInventory(c, 'acme-dev', 'ubuntu-22.04');
    const net = vdc.AvailableNetworks.Network[0];
    const names = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'];
    for (const name of names) expect((await instantiate(c, vdc, instantiateBody({ name, template, network: net }))).status).toBe(201);
    const vmsBefore = sim.store.count('vm');
    const ipsBefore = [...sim.store.all('network')].find((n) => n.name === 'acme-dev-net')!.allocatedIps.length;
    expect(ipsBefore).toBe(8);
    const third = await instantiate(c, vdc, instantiateBody({ name: 't9', template, network: net }));
    expect(third.status).toBe(400);
    const err = xml(third.text).doc;
    expect(err.minorErrorCode).toBe('OPERATION_LIMITS_EXCEEDED');
    expect(err.message).toMatch(/VM quota \(8\) would be exceeded/);
    expect(sim.store.count('vm')).toBe(vmsBefore);
    expect([...sim.store.all('network')].find((n) => n.name === 'acme-dev-net')!.allocatedIps.length).toBe(ipsBefore);
    expect([...sim.store.all('vApp')].map((a) => a.name).sort()).toEqual(names);
  });

  it('concurrent power-ons that would overshoot the CPU limit: exactly the ones that fit succeed', async () => {
    // acme-dev allows 8 VMs; ubuntu-22.04 has one VM with 2 vCPUs (2 000 MHz in acme-dev).
    const { vdc, template } = await findInventory(c, 'acme-dev', 'ubuntu-22.04');
    const vapps = [];
    for (let i = 0; i < 8; i++) {
      vapps.push(xml((await instantiate(c, vdc, instantiateBody({ name: `u${i}`, template }))).text).doc);
    }
    sim.clock.advance(60_000);
    // Shrink the limit with a capacity fault: room for exactly 3 VMs of 2 vCPUs.
    sim.capacityOverrides.set(vdc.id.split(':').pop()!, { cpuMhz: 6000 });
    const started = await Promise.all(vapps.map((a) => c.post(`${a.href}/power/action/powerOn`)));
    expect(started.every((r) => r.status === 202)).toBe(true);
    sim.clock.advance(60_000);
    const outcomes = await Promise.all(started.map((r) => getXml(c, xml(r.text).doc.href)));
    const ok = outcomes.filter((t) => t.status === 'success');
    const failed = outcomes.filter((t) => t.status === 'error');
    expect(ok).toHaveLength(3);
    expect(failed).toHaveLength(5);
    expect(failed[0].Error.minorErrorCode).toBe('OPERATION_LIMITS_EXCEEDED');
    expect(failed[0].Error.message).toMatch(/does not have enough CPU/);
    expect(used(await getXml(c, vdc.href)).cpu).toBe(6000);
  });

  it('refuses storage beyond the storage profile limit', async () => {
    const admin = client(sim, await login(sim, 'acme-admin', 'acme'));
    const { vdc, template } = await findInventory(admin, 'acme-dev', 'rocky-9');
    // rocky-9 has 140 GiB of disk; Standard allows 500 000 MB: three fit, the fourth does not.
    for (const name of ['r1', 'r2', 'r3']) expect((await instantiate(admin, vdc, instantiateBody({ name, template }))).status).toBe(201);
    const fourth = await instantiate(admin, vdc, instantiateBody({ name: 'r4', template }));
    expect(fourth.status).toBe(400);
    expect(xml(fourth.text).doc.message).toMatch(/storage quota/);
  });
});

describe('standalone VMs and VmSpecSection (go-vcloud-director, Terraform vcd_vm)', () => {
  it('creates a standalone VM from a template VM and an empty one, in autoNature vApps', async () => {
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'rocky-9');
    const tvm = template.Children.Vm[0];
    const fromTemplate = await c.post(findLink(vdc, 'add', MT.instantiateVmTemplateParams).href).set('Content-Type', MT.instantiateVmTemplateParams)
      .send(`<InstantiateVmTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="solo" powerOn="true">
        <SourcedVmTemplateItem><Source href="${tvm.href}"/></SourcedVmTemplateItem><AllEULAsAccepted>true</AllEULAsAccepted></InstantiateVmTemplateParams>`);
    // VCD answers 202 with the task; its Owner is the new autoNature vApp, which holds the VM.
    expect(fromTemplate.status).toBe(202);
    const task = xml(fromTemplate.text).doc;
    expect(task.Owner.type).toBe(MT.vApp);
    await waitTask(sim, c, task.href);
    const parent = await getXml(c, task.Owner.href);
    expect(parent.autoNature).toBe('true');
    const on = await getXml(c, vmsOf(parent)[0].href);
    expect(on).toMatchObject({ name: 'solo', status: '4', deployed: 'true' });

    const empty = await c.post(findLink(vdc, 'add', MT.createVmParams).href).set('Content-Type', MT.createVmParams)
      .send(`<CreateVmParams xmlns="http://www.vmware.com/vcloud/v1.5" name="blank" powerOn="false">
        <CreateVm name="blank"><VmSpecSection Modified="true"><ovf:Info xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1">spec</ovf:Info>
          <OsType>ubuntu64Guest</OsType><NumCpus>2</NumCpus><NumCoresPerSocket>1</NumCoresPerSocket>
          <MemoryResourceMb><Configured>2048</Configured></MemoryResourceMb>
          <DiskSection><DiskSettings><SizeMb>10240</SizeMb><UnitNumber>0</UnitNumber><BusNumber>0</BusNumber><AdapterType>5</AdapterType></DiskSettings></DiskSection>
          <HardwareVersion>vmx-19</HardwareVersion></VmSpecSection></CreateVm></CreateVmParams>`);
    expect(empty.status).toBe(202);
    const created = xml(empty.text).doc;
    await waitTask(sim, c, created.href);
    const blank = vmsOf(await getXml(c, created.Owner.href))[0];
    const disks = await getXml(c, `${blank.href}/virtualHardwareSection/disks`);
    expect(disks.Item.filter((i: any) => i['rasd:ResourceType'] === '17').map((i: any) => i['rasd:HostResource']['vcloud:capacity'])).toEqual(['10240']);

    // go's UpdateVmSpecSection: the DiskSection lists every disk; a new one without DiskId is added.
    const spec = await c.post(`${blank.href}/action/reconfigureVm`).set('Content-Type', MT.vm)
      .send(`<Vm xmlns="http://www.vmware.com/vcloud/v1.5" name="blank"><VmSpecSection Modified="true"><NumCpus>4</NumCpus>
        <DiskSection><DiskSettings><DiskId>2000</DiskId><SizeMb>20480</SizeMb><UnitNumber>0</UnitNumber><BusNumber>0</BusNumber></DiskSettings>
        <DiskSettings><SizeMb>5120</SizeMb><UnitNumber>1</UnitNumber><BusNumber>0</BusNumber></DiskSettings></DiskSection></VmSpecSection></Vm>`);
    expect(spec.status).toBe(202);
    await waitTask(sim, c, xml(spec.text).doc.href);
    const after = sim.store.get('vm', blank.id.split(':').pop())!;
    expect(after.cpus).toBe(4);
    expect(after.disks.map((d) => [d.instanceId, d.sizeMB])).toEqual([[2000, 20480], [2001, 5120]]);
  });
});

describe('documents as the SDKs dereference them', () => {
  it('a VM carries VmSpecSection and BootOptions, and an instantiated vApp shows its networks with IP scopes', async () => {
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'spec', template }))).text).doc;
    await waitTask(sim, c, vapp.Tasks.Task[0].href);
    const now = await getXml(c, vapp.href);
    const vm = await getXml(c, vmsOf(now)[0].href);
    expect(vm.VmSpecSection).toMatchObject({ NumCpus: '2', NumCoresPerSocket: expect.any(String), HardwareVersion: expect.stringMatching(/^vmx-/) });
    expect(vm.VmSpecSection.MemoryResourceMb.Configured).toBe('4096');
    expect(vm.VmSpecSection.DiskSection.DiskSettings).toMatchObject({ SizeMb: '20480', AdapterType: expect.any(String) });
    expect(vm.BootOptions).toMatchObject({ BootDelay: '0', EnterBIOSSetup: 'false' });
    // The template's own network comes along as an isolated vApp network, with an IP scope.
    const nicNetwork = vm.NetworkConnectionSection.NetworkConnection[0].network;
    expect(now['ovf:NetworkSection']['ovf:Network']['ovf:name']).toBe(nicNetwork);
    const config = now.NetworkConfigSection.NetworkConfig;
    expect(config).toMatchObject({ networkName: nicNetwork, Configuration: { FenceMode: 'isolated' } });
    expect(config.Configuration.IpScopes.IpScope.Gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('changes CPU and memory through VmSpecSection, as go-vcloud-director\'s ChangeCPU and ChangeMemory post it', async () => {
    const { vdc, template } = await findInventory(c, 'acme-vdc', 'ubuntu-22.04');
    const vapp = xml((await instantiate(c, vdc, instantiateBody({ name: 'resize', template }))).text).doc;
    await waitTask(sim, c, vapp.Tasks.Task[0].href);
    const vm = await getXml(c, vmsOf(await getXml(c, vapp.href))[0].href);
    const body = `<Vm xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" name="${vm.name}">
      <VmSpecSection Modified="true"><ovf:Info></ovf:Info><NumCpus>4</NumCpus><NumCoresPerSocket>2</NumCoresPerSocket>
      <MemoryResourceMb><Configured>8192</Configured></MemoryResourceMb><HardwareVersion>${vm.VmSpecSection.HardwareVersion}</HardwareVersion></VmSpecSection></Vm>`;
    const res = await c.post(findLink(vm, 'reconfigureVm').href).set('Content-Type', `${MT.vm};version=37.1`).send(body);
    expect(res.status).toBe(202);
    await waitTask(sim, c, xml(res.text).doc.href);
    const after = await getXml(c, vm.href);
    expect(after.VmSpecSection).toMatchObject({ NumCpus: '4', NumCoresPerSocket: '2', MemoryResourceMb: { Configured: '8192' } });
  });
});
