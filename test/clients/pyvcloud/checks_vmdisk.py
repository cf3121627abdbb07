"""A VM's own disks, its storage policy compliance and its relocation through pyvcloud (called from checks.py).

alice adds and grows disks on a vApp of her own (`VApp.add_disk_to_vm`, `VM.update_vhs_disks`) and checks
compliance (`VM.check_compliance`, `get_compliance_result`); the System administrator relocates the VM
(`VM.relocate`: a datastore id, which vcdsim takes as a storage profile's id), which alice may not.
"""
from pyvcloud.vcd.client import NSMAP
from pyvcloud.vcd.exceptions import AccessForbiddenException, BadRequestException
from pyvcloud.vcd.org import Org
from pyvcloud.vcd.vapp import VApp
from pyvcloud.vcd.vdc import VDC
from pyvcloud.vcd.vm import VM

CATALOG = 'acme-catalog'
RASD = '{' + NSMAP['rasd'] + '}'


def disk_sizes(vm):
    """Disk sizes in MB by DiskId, from the VmSpecSection pyvcloud reads."""
    vm.reload()
    spec = vm.get_resource().VmSpecSection
    return {str(d.DiskId): int(d.SizeMb) for d in spec.DiskSection.DiskSettings}


def run(ck, raises):
    s = ck.state

    vdc_of = ck.vdc

    name = ck.name('disks')

    def add_and_grow():
        c = s['login.36.0.alice']
        created = vdc_of(c).instantiate_vapp(name, CATALOG, 'ubuntu-22.04', vm_name='disk-1', deploy=False, power_on=False)
        ck.wait_created(c, created)
        vapp = VApp(c, resource=vdc_of(c).get_vapp(name))
        before = disk_sizes(VM(c, resource=vapp.get_vm('disk-1')))
        assert list(before.values()) == [20480], f'disks after instantiate: {before}'
        # A 1 GB disk on a new LSI Logic controller (pyvcloud adds the controller item itself).
        ck.wait(c, vapp.add_disk_to_vm('disk-1', 1024))
        vm = VM(c, resource=VApp(c, href=vapp.href).get_vm('disk-1'))
        after = disk_sizes(vm)
        assert sorted(after.values()) == [1024, 20480], f'disks after add_disk_to_vm: {after}'
        items = vm.client.get_resource(vm.href + '/virtualHardwareSection/disks').Item
        controllers = sorted(str(i[RASD + 'ResourceSubType']) for i in items if int(i[RASD + 'ResourceType']) == 6)
        assert controllers == ['VirtualSCSI', 'lsilogic'], f'SCSI controllers: {controllers}'
        # Grow it through the RASD list (pyvcloud changes VirtualQuantity only).
        ck.wait(c, vm.update_vhs_disks('Hard disk 2', 2048 * 1024 * 1024))
        assert sorted(disk_sizes(vm).values()) == [2048, 20480], f'disks after update_vhs_disks: {disk_sizes(vm)}'
        # VCD refuses to shrink a disk, and a disk beyond the storage quota.
        raises(BadRequestException, lambda: vm.update_vhs_disks('Hard disk 2', 1024 * 1024 * 1024), 'shrinking a disk')
        raises(BadRequestException, lambda: VApp(c, href=vapp.href).add_disk_to_vm('disk-1', 3_000_000, 'VirtualSCSI'), 'a disk beyond the storage quota')
        assert sorted(disk_sizes(vm).values()) == [2048, 20480], f'disks after the refusals: {disk_sizes(vm)}'
        assert vm.list_storage_profile() == [{'name': 'Gold'}, {'name': 'Gold'}], f'list_storage_profile {vm.list_storage_profile()}'
        s['vmdisk.vapp'] = vapp.href
        s['vmdisk.vm'] = vm.href
    ck.check('vmdisk.add-grow', add_and_grow, needs=['login.36.0.alice'])

    def compliance():
        c = s['login.36.0.alice']
        vm = VM(c, href=s['vmdisk.vm'])
        assert str(vm.get_compliance_result().ComplianceStatus) == 'UNKNOWN_COMPLIANCE', 'compliance before any check'
        task = ck.wait(c, vm.check_compliance())
        result = vm.get_compliance_result()
        assert str(result.ComplianceStatus) == 'COMPLIANT', f'ComplianceStatus {result.ComplianceStatus}'
        assert hasattr(result, 'ComplianceCheckTime'), 'no ComplianceCheckTime after a check'
        assert task.get('operationName') == 'vappCheckCompliance', f'operationName {task.get("operationName")}'
    ck.check('vmdisk.compliance', compliance, needs=['vmdisk.add-grow'])

    def relocate():
        c = s['login.36.0.alice']
        admin = s['login.36.0.administrator']
        vdc = VDC(admin, resource=Org(admin, resource=admin.get_org_by_name('acme')).get_vdc('acme-vdc'))
        silver = vdc.get_storage_profile('Silver').get('href').rstrip('/').split('/')[-1]
        raises(AccessForbiddenException, lambda: VM(c, href=s['vmdisk.vm']).relocate(silver), 'relocate by a tenant')
        vm = VM(admin, href=s['vmdisk.vm'])
        ck.wait(admin, vm.relocate(silver))
        vm.reload()
        assert vm.get_resource().StorageProfile.get('name') == 'Silver', f'storage profile {vm.get_resource().StorageProfile.get("name")}'
        assert vm.list_storage_profile() == [{'name': 'Silver'}, {'name': 'Silver'}], f'list_storage_profile {vm.list_storage_profile()}'
        raises(BadRequestException, lambda: vm.relocate('00000000-0000-0000-0000-000000000000'), 'relocate to a datastore that does not exist')
    ck.check('vmdisk.relocate', relocate, needs=['vmdisk.compliance', 'login.36.0.administrator'])

    def delete():
        c = s['login.36.0.alice']
        ck.wait(c, vdc_of(c).delete_vapp(name, force=True))
    ck.check('vmdisk.delete', delete, needs=['vmdisk.add-grow'])
