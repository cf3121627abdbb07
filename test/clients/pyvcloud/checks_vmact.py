"""Snapshots, VM maintenance actions, OVF and media uploads through pyvcloud (called from checks.py).

Uploads go as the org administrator (a vApp Author may not upload); the rest as alice, on a vApp of their
own. `Org.upload_ovf` sleeps 5 s before it looks for the disk's upload link: these checks get a longer
deadline, and there are few of them.
"""
import os
import shutil
import tarfile
import tempfile

from pyvcloud.vcd.exceptions import BadRequestException, OperationNotSupportedException
from pyvcloud.vcd.org import Org
from pyvcloud.vcd.vapp import VApp
from pyvcloud.vcd.vm import VM

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures')
CATALOG = 'acme-catalog'


def make_iso(path):
    """37 KB with the ISO 9660 signature where readers (and go-vcloud-director) look for it."""
    data = bytearray(37 * 1024)
    data[32769:32774] = b'CD001'
    with open(path, 'wb') as f:
        f.write(data)


def make_ova(path):
    """The tiny OVF and its disk, packed as an OVA (descriptor first, as the OVF spec asks)."""
    with tarfile.open(path, 'w') as tar:
        for name in ('tiny.ovf', 'tiny-disk1.vmdk'):
            tar.add(os.path.join(FIXTURES, name), arcname=name)


def run(ck, raises):
    s = ck.state
    vdc_of = ck.vdc

    snap_name = ck.name('snap')

    def snap_vm():
        c = s['login.36.0.alice']
        created = vdc_of(c).instantiate_vapp(snap_name, CATALOG, 'ubuntu-22.04', vm_name='snap-1', deploy=True, power_on=True)
        ck.wait_created(c, created)
        vapp = VApp(c, resource=vdc_of(c).get_vapp(snap_name))
        vm = VM(c, resource=vapp.get_vm('snap-1'))
        assert vm.is_powered_on(), f'VM status {vm.get_power_state()} after instantiate with power_on'
        raises(OperationNotSupportedException, lambda: VM(c, href=vm.href).snapshot_revert_to_current(), 'revert without a snapshot')
        task = ck.wait(c, vm.snapshot_create(memory=True, quiesce=False, name='before'))
        assert task.get('operationName') == 'vappCreateSnapshot', f'operationName {task.get("operationName")}'
        vm.reload()
        snap = vm.get_resource().SnapshotSection.Snapshot
        assert snap.get('poweredOn') == 'true' and int(snap.get('size')) > 0, f'Snapshot {snap.attrib}'
        ck.wait(c, vm.power_off())
        vm.reload()
        assert vm.is_powered_off(), f'VM status {vm.get_power_state()} after power_off'
        ck.wait(c, vm.snapshot_revert_to_current())
        vm.reload()
        assert vm.is_powered_on(), f'VM status {vm.get_power_state()} after reverting to a snapshot with memory'
        ck.wait(c, vm.snapshot_remove_all())
        vm.reload()
        assert not hasattr(vm.get_resource().SnapshotSection, 'Snapshot'), 'a Snapshot left after snapshot_remove_all'
        s['snap.vapp'] = vapp.href
    ck.check('snapshot.vm', snap_vm, needs=['login.36.0.alice'])

    def snap_vapp():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['snap.vapp'])
        vapp.reload()  # create_snapshot reads the links of the resource it holds
        ck.wait(c, vapp.create_snapshot(memory=False, quiesce=False))
        vapp.reload()
        assert vapp.get_resource().SnapshotSection.Snapshot.get('poweredOn') == 'true', 'vApp SnapshotSection'
        ck.wait(c, vapp.snapshot_revert_to_current())
        vapp.reload()
        # Without memory, a running VM comes back powered off.
        assert vapp.is_powered_off(), f'vApp status {vapp.get_power_state()} after reverting a snapshot without memory'
        ck.wait(c, vapp.snapshot_remove())
        raises(OperationNotSupportedException, lambda: VApp(c, href=s['snap.vapp']).snapshot_remove(), 'snapshot_remove without a snapshot')
    ck.check('snapshot.vapp', snap_vapp, needs=['snapshot.vm'])

    def vm_actions():
        c = s['login.36.0.alice']
        vm = VM(c, resource=VApp(c, href=s['snap.vapp']).get_vm('snap-1'))
        assert vm.is_powered_off(), f'VM status {vm.get_power_state()}'
        raises(OperationNotSupportedException, lambda: VM(c, href=vm.href).install_vmware_tools(), 'install_vmware_tools on a powered-off VM')
        raises(OperationNotSupportedException, lambda: VM(c, href=vm.href).upgrade_virtual_hardware(), 'upgrade_virtual_hardware at the highest version')
        ck.wait(c, vm.consolidate())
        ck.wait(c, VM(c, href=vm.href).enable_nested_hypervisor())
        vm.reload()
        assert vm.get_resource().get('nestedHypervisorEnabled') == 'true', 'nestedHypervisorEnabled after enable_nested_hypervisor'
        VM(c, href=vm.href).customize_at_next_power_on()
        vm.reload()
        assert vm.get_resource().get('needsCustomization') == 'true', 'needsCustomization after customize_at_next_power_on'
        ck.wait(c, vm.power_on())
        vm.reload()
        raises(BadRequestException, lambda: c.post_resource(vm.href + '/action/enableNestedHypervisor', None, None),
               'nested hypervisor change on a running VM')
        task = ck.wait(c, vm.install_vmware_tools())
        assert task.get('operationName') == 'vappInstallTools', f'operationName {task.get("operationName")}'
    ck.check('vm.maintenance-actions', vm_actions, needs=['snapshot.vapp'])

    tiny = ck.name('tiny')

    def upload_ovf():
        c = s['login.36.0.acme-admin']
        org = Org(c, resource=c.get_org())
        work = tempfile.mkdtemp()
        try:
            ova = os.path.join(work, 'tiny.ova')
            make_ova(ova)
            sent = org.upload_ovf(CATALOG, ova, item_name=tiny, description='pyvcloud upload')
            assert sent > 3000, f'upload_ovf reported {sent} bytes'
        finally:
            shutil.rmtree(work)
        item = Org(c, resource=c.get_org()).get_catalog_item(CATALOG, tiny)
        template = c.get_resource(item.Entity.get('href'))
        assert template.get('status') == '8', f'template status {template.get("status")} after the upload'
        vms = template.Children.Vm
        assert vms[0].get('name') == 'tiny', f'template VM {vms[0].get("name")}'
    ck.check('upload.ovf', upload_ovf, needs=['login.36.0.acme-admin'], timeout=60)

    def upgrade_uploaded():
        c = s['login.36.0.alice']
        name = ck.name('tiny-vapp')
        ck.wait_created(c, vdc_of(c).instantiate_vapp(name, CATALOG, tiny, network='acme-web', ip_allocation_mode='pool',
                                                      deploy=False, power_on=False))
        vapp = VApp(c, resource=vdc_of(c).get_vapp(name))
        vm = VM(c, resource=vapp.get_vm('tiny'))
        assert str(vm.get_resource().VmSpecSection.HardwareVersion) == 'vmx-14', 'hardware version of the uploaded VM'
        task = ck.wait(c, vm.upgrade_virtual_hardware())
        assert task.get('operationName') == 'vappUpgradeHwVersion', f'operationName {task.get("operationName")}'
        vm.reload()
        assert str(vm.get_resource().VmSpecSection.HardwareVersion) == 'vmx-19', 'hardware version after the upgrade'
        ck.wait(c, vdc_of(c).delete_vapp(name))
    ck.check('vm.upgrade-hardware', upgrade_uploaded, needs=['upload.ovf', 'login.36.0.alice'])

    iso = ck.name('tools') + '.iso'

    def upload_media():
        c = s['login.36.0.acme-admin']
        org = Org(c, resource=c.get_org())
        work = tempfile.mkdtemp()
        try:
            path = os.path.join(work, 'tools.iso')
            make_iso(path)
            sent = org.upload_media(CATALOG, path, item_name=iso)
            assert sent == 37 * 1024, f'upload_media reported {sent} bytes'
        finally:
            shutil.rmtree(work)
        media = c.get_resource(Org(c, resource=c.get_org()).get_catalog_item(CATALOG, iso).Entity.get('href'))
        assert media.get('status') == '1', f'media status {media.get("status")}'
        s['media'] = media.get('href')
    ck.check('upload.media', upload_media, needs=['login.36.0.acme-admin'], timeout=30)

    def insert_eject():
        c = s['login.36.0.alice']
        media_id = s['media'].rstrip('/').split('/')[-1]
        vm = VM(c, resource=VApp(c, href=s['snap.vapp']).get_vm('snap-1'))
        ck.wait(c, vm.insert_cd_from_catalog(media_id))
        vm.reload()
        cds = [i for i in vm.get_resource()['{http://schemas.dmtf.org/ovf/envelope/1}VirtualHardwareSection'].Item
               if str(i['{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData}ResourceType']) == '15']
        assert cds and str(cds[0]['{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData}HostResource']) == iso, \
            'the CD-ROM drive does not hold the media'
        admin = s['login.36.0.acme-admin']
        raises(BadRequestException, lambda: admin.delete_resource(s['media']), 'delete of an inserted media')
        ck.wait(c, VM(c, href=vm.href).eject_cd(media_id))
        ck.wait(c, admin.delete_resource(s['media']))
    ck.check('media.insert-eject', insert_eject, needs=['upload.media', 'vm.maintenance-actions'])

    def vapp_networks():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['snap.vapp'])
        ck.wait(c, vapp.create_vapp_network('lab', '192.168.8.1/24', description='lab', primary_dns_ip='192.168.8.53',
                                            ip_ranges=['192.168.8.10-192.168.8.20']))
        vapp.reload()
        ck.wait(c, vapp.connect_org_vdc_network('acme-db'))
        names = sorted(n['name'] for n in VApp(c, href=s['snap.vapp']).get_vapp_network_list())
        assert 'lab' in names and 'acme-db' in names, f'vApp networks {names}'
        vm = VM(c, resource=VApp(c, href=s['snap.vapp']).get_vm('snap-1'))
        ck.wait(c, vm.add_nic('VMXNET3', False, True, 'lab', 'POOL', None))
        vm.reload()
        ips = [n.get('ip_address') for n in vm.list_nics() if n.get('network') == 'lab']
        assert ips == ['192.168.8.10'], f'POOL address on the isolated vApp network: {ips}'
        raises(BadRequestException, lambda: VApp(c, href=s['snap.vapp']).delete_vapp_network('lab'), 'delete of a vApp network a VM uses')
        ck.wait(c, VApp(c, href=s['snap.vapp']).delete_vapp_network('acme-db'))
        names = [n['name'] for n in VApp(c, href=s['snap.vapp']).get_vapp_network_list()]
        assert 'acme-db' not in names, f'vApp networks after delete_vapp_network {names}'
    ck.check('vappnet.create-connect-delete', vapp_networks, needs=['vm.maintenance-actions'])

    def cleanup():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['snap.vapp'])
        if vapp.get_resource().get('deployed') == 'true':
            ck.wait(c, vapp.undeploy('powerOff'))
        ck.wait(c, vdc_of(c).delete_vapp(snap_name))
    ck.check('snapshot.cleanup', cleanup, needs=['snapshot.vm'])
