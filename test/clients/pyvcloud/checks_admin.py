"""pyvcloud checks of the provider side and of administration, run after those of checks.py.

The provider side read (Platform.list_vcenters, get_vcenter, list_external_networks, list_nsxt_managers,
System.list_provider_vdcs, list_network_pools, get_provider_vdc_storage_profile), then an org made and
administered by the System administrator: System.create_org, Org.update_org, Org.create_role,
Org.create_user, Org.create_org_vdc with each allocation model, Org.update_org_vdc, VDC.enable_vdc,
VDC.delete_vdc, System.delete_org; each with a refused case.
"""
from pyvcloud.vcd.exceptions import AccessForbiddenException, BadRequestException, EntityNotFoundException
from pyvcloud.vcd.org import Org
from pyvcloud.vcd.platform import Platform
from pyvcloud.vcd.system import System
from pyvcloud.vcd.vdc import VDC


def run_admin(ck, raises, names):
    s = ck.state

    def admin_login():
        s['admin.sys'] = ck.login('administrator', 'System')
        s['admin.sys'].get_admin()
    ck.check('provider.login', admin_login)

    def platform():
        c = s['admin.sys']
        p = Platform(c)
        vcs = names(p.list_vcenters())
        assert vcs == ['vc-01'], f'list_vcenters {vcs}'
        vc = p.get_vcenter('vc-01')
        assert str(vc.Url).startswith('https://'), f'vCenter url {vc.Url}'
        exts = names(p.list_external_networks())
        assert exts == ['ext-internet'], f'list_external_networks {exts}'
        ext = p.get_external_network('ext-internet')
        assert ext.find('{http://www.vmware.com/vcloud/v1.5}Configuration') is not None, 'ext-internet has no Configuration'
        mgrs = [r.get('name') for r in p.list_nsxt_managers()]
        assert mgrs == ['nsxt-01'], f'list_nsxt_managers {mgrs}'
    ck.check('provider.platform', platform, needs=['provider.login'])

    def system_lists():
        c = s['admin.sys']
        system = System(c, admin_resource=c.get_admin())
        pvdcs = names(system.list_provider_vdcs())
        assert pvdcs == ['pvdc-gold', 'pvdc-silver'], f'list_provider_vdcs {pvdcs}'
        pools = names(system.list_network_pools())
        assert pools == ['geneve-pool'], f'list_network_pools {pools}'
        sp = system.get_provider_vdc_storage_profile('Gold')
        assert sp.get('href'), 'get_provider_vdc_storage_profile(Gold) has no href'
        raises(EntityNotFoundException, lambda: system.get_provider_vdc('no-such-pvdc'), 'an unknown provider VDC')
    ck.check('provider.system-lists', system_lists, needs=['provider.login'])

    def tenant_refused():
        alice = ck.login('alice', 'acme')
        alice.get_org()
        # pyvcloud itself refuses get_extension to a tenant; the server answers the request as VCD does.
        raises(AccessForbiddenException, lambda: alice.get_resource(f'{ck.url}/api/admin/extension'), 'alice: GET /api/admin/extension')
        pvdc = s['admin.sys'].get_admin().ProviderVdcReferences.ProviderVdcReference[0].get('href')
        raises(AccessForbiddenException, lambda: alice.get_resource(pvdc), 'alice: GET a provider VDC')
    ck.check('provider.tenant-refused', tenant_refused, needs=['provider.login'])

    # -- an org, its roles, users and VDCs ----------------------------------------------------------

    def create_org():
        c = s['admin.sys']
        system = System(c, admin_resource=c.get_admin())
        name = ck.name('org')
        made = system.create_org(name, 'Org made by pyvcloud checks', is_enabled=True)
        assert made.get('name') == name, f'create_org answered {made.get("name")}'
        raises(BadRequestException, lambda: system.create_org(name, 'again', True), 'a duplicate org name')
        org = Org(c, resource=c.get_org_by_name(name))
        s['admin.org'] = org
        org.update_org(is_enabled=False)
        admin = c.get_resource(org.href_admin)
        assert str(admin.IsEnabled).lower() == 'false', f'IsEnabled after update_org {admin.IsEnabled}'
        org.update_org(is_enabled=True)
    ck.check('admin.create-update-org', create_org, needs=['provider.login'])

    def roles_and_users():
        org = s['admin.org']
        role_name = ck.name('viewer')
        role = org.create_role(role_name, 'reads vApps', ('vApp: View VM metrics', 'Organization vDC: View'))
        assert role.get('name') == role_name, f'create_role answered {role.get("name")}'
        raises(BadRequestException, lambda: org.create_role(role_name, 'again', ()), 'a duplicate role name')
        record = org.get_role_record(role_name)
        user = org.create_user(ck.name('user'), 'password', record.get('href'), full_name='Checks User', is_enabled=True)
        assert user.get('name') == ck.name('user'), f'create_user answered {user.get("name")}'
        got = org.get_user(ck.name('user'))
        assert got.Role.get('name') == role_name, f'user role {got.Role.get("name")}'
        raises(BadRequestException, lambda: org.create_user(ck.name('user'), 'password', record.get('href')), 'a duplicate user name')
        # The role is in use: deleting it is refused while the user holds it.
        raises(BadRequestException, lambda: org.delete_role(role_name), 'deleting a role a user holds')
        org.delete_user(ck.name('user'))
        org.delete_role(role_name)
    ck.check('admin.roles-and-users', roles_and_users, needs=['admin.create-update-org'])

    def create_vdcs():
        c = s['admin.sys']
        org = s['admin.org']
        gold = {'name': 'Gold', 'enabled': True, 'units': 'MB', 'limit': 102400, 'default': True}
        for model, cpu, mem in (('AllocationVApp', 0, 0), ('AllocationPool', 4, 8), ('ReservationPool', 2, 4)):
            name = ck.name(model.lower())
            kw = dict(cpu_units='GHz', cpu_allocated=cpu, cpu_limit=cpu or 8, mem_units='GB', mem_allocated=mem, mem_limit=mem or 16)
            made = org.create_org_vdc(name, 'pvdc-gold', description=f'{model} made by pyvcloud', allocation_model=model,
                                      storage_profiles=[gold], vm_quota=10, network_quota=5, network_pool_name='geneve-pool',
                                      resource_guaranteed_memory=0.5 if model == 'AllocationPool' else None, **kw)
            ck.wait_created(c, made)
            org.reload()
            vdc = org.get_vdc(name, is_admin_operation=True)
            assert vdc is not None and str(vdc.AllocationModel) == model, f'{model}: VDC {vdc is not None and vdc.AllocationModel}'
            assert vdc.ProviderVdcReference.get('name') == 'pvdc-gold', f'{model}: provider VDC {vdc.ProviderVdcReference.get("name")}'
        pool = org.get_vdc(ck.name('allocationpool'), is_admin_operation=True)
        assert int(pool.ComputeCapacity.Cpu.Allocated) == 4000, f'allocation pool CPU {pool.ComputeCapacity.Cpu.Allocated} MHz'
        assert int(pool.ComputeCapacity.Memory.Reserved) == 4096, f'allocation pool memory reserved {pool.ComputeCapacity.Memory.Reserved}'
        raises(BadRequestException, lambda: org.create_org_vdc(ck.name('allocationpool'), 'pvdc-gold', storage_profiles=[gold]),
               'a duplicate VDC name')
        raises(BadRequestException, lambda: org.create_org_vdc(ck.name('huge'), 'pvdc-gold', allocation_model='ReservationPool',
                                                               cpu_units='GHz', cpu_allocated=100000, cpu_limit=100000,
                                                               mem_allocated=1024, mem_limit=1024, storage_profiles=[gold]),
               'a reservation beyond the provider VDC')
        raises(BadRequestException, lambda: org.create_org_vdc(ck.name('noprofile'), 'pvdc-gold', storage_profiles=[]),
               'a VDC without a storage profile')
    ck.check('vdc.create-org-vdc', create_vdcs, needs=['admin.create-update-org'])

    def update_vdc():
        c = s['admin.sys']
        org = s['admin.org']
        name = ck.name('allocationpool')
        ck.wait(c, org.update_org_vdc(name, description='updated by pyvcloud', cpu_allocated=6000, cpu_limit=6000, vm_quota=20))
        vdc = org.get_vdc(name, is_admin_operation=True)
        assert str(vdc.Description) == 'updated by pyvcloud', f'description {vdc.Description}'
        assert int(vdc.ComputeCapacity.Cpu.Allocated) == 6000, f'CPU allocated {vdc.ComputeCapacity.Cpu.Allocated}'
        assert int(vdc.VmQuota) == 20, f'VmQuota {vdc.VmQuota}'
        raises(BadRequestException, lambda: org.update_org_vdc(name, allocation_model='ReservationPool'), 'a change of allocation model')
    ck.check('vdc.update-org-vdc', update_vdc, needs=['vdc.create-org-vdc'])

    def enable_delete():
        c = s['admin.sys']
        org = s['admin.org']
        name = ck.name('allocationvapp')
        vdc = VDC(c, resource=org.get_vdc(name))
        raises(BadRequestException, lambda: vdc.delete_vdc(), 'deleting an enabled VDC')
        vdc.enable_vdc(False)
        admin = org.get_vdc(name, is_admin_operation=True)
        assert str(admin.IsEnabled).lower() == 'false', f'IsEnabled after enable_vdc(False) {admin.IsEnabled}'
        vdc = VDC(c, resource=org.get_vdc(name))
        vdc.enable_vdc(True)
        vdc.enable_vdc(False)
        vdc = VDC(c, resource=org.get_vdc(name))
        ck.wait(c, vdc.delete_vdc())
        org.reload()
        assert org.get_vdc(name) is None, 'the deleted VDC is still listed'
    ck.check('vdc.enable-delete', enable_delete, needs=['vdc.create-org-vdc'])

    def delete_org():
        c = s['admin.sys']
        system = System(c, admin_resource=c.get_admin())
        name = ck.name('org')
        raises(BadRequestException, lambda: system.delete_org(name), 'deleting an enabled org that holds VDCs')
        ck.wait(c, system.delete_org(name, force=True, recursive=True))
        raises(Exception, lambda: c.get_org_by_name(name), 'get_org_by_name after delete_org')
    ck.check('admin.delete-org', delete_org, needs=['admin.create-update-org'])

    def logout():
        s['admin.sys'].logout()
    ck.check('provider.logout', logout, needs=['provider.login'])
