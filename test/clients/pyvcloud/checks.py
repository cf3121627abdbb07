#!/usr/bin/env python3
"""Drive a running vcdsim with VMware's own, unmodified pyvcloud SDK.

    PYTHONPATH=<shared>/clients/python /usr/bin/python3 checks.py --url http://127.0.0.1:PORT [--insecure]

Prints one line per check, `ok <name>` or `FAIL <name>: <reason>`, then `N passed, N failed`; the exit
status is 1 when any check failed (2 when pyvcloud cannot be imported). Every check runs under its own
deadline (SIGALRM): pyvcloud's task monitor never times out, so a task that never ends must fail the
check, not hang the run. Run it from a scratch directory: pyvcloud writes its logs into the cwd.

The checks expect the default inventory (fixtures/default.yaml) and a clock fast enough that a task of
a minute of simulated time ends within a few real seconds (vcdsim --speed 20 or more).
"""
import argparse
import os
import re
import signal
import sys
import time
import traceback
import urllib.parse
import warnings

try:
    from lxml import etree
    from pyvcloud.vcd.client import (BasicLoginCredentials, Client, EntityType, MetadataDomain, MetadataValueType,
                                     MetadataVisibility, QueryResultFormat, RelationType, ResourceType, TaskStatus)
    from pyvcloud.vcd.exceptions import (AccessForbiddenException, BadRequestException, EntityNotFoundException,
                                         OperationNotSupportedException, UnauthorizedException)
    from pyvcloud.vcd.org import Org
    from pyvcloud.vcd.system import System
    from pyvcloud.vcd.task import Task
    from pyvcloud.vcd.utils import vapp_to_dict, vdc_to_dict, vm_to_dict
    from pyvcloud.vcd.vapp import VApp
    from pyvcloud.vcd.vdc import VDC
    from pyvcloud.vcd.vm import VM
except ImportError as e:  # pragma: no cover - reported to the caller, which decides to skip or fail
    print(f'cannot import pyvcloud or its dependencies: {e}', file=sys.stderr)
    sys.exit(2)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks_vmact  # noqa: E402
import checks_transfer  # noqa: E402
import checks_vmdisk  # noqa: E402

PASSWORD = 'password'
POLL = 0.05  # seconds between task polls (pyvcloud's default is 5)


class Deadline(Exception):
    pass


class Prerequisite(Exception):
    pass


class Checks:
    def __init__(self, url, verify, timeout, only, tag):
        self.url = url.rstrip('/')
        self.verify = verify
        self.timeout = timeout
        self.only = re.compile(only) if only else None
        self.tag = tag
        self.passed = 0
        self.failed = 0
        self.state = {}  # results of earlier checks that later ones build on
        self.clients = []

    # -- the harness -------------------------------------------------------------------------------

    def check(self, name, fn, needs=(), timeout=None):
        if self.only and not self.only.search(name):
            return
        missing = [n for n in needs if n not in self.state]
        if missing:
            self.fail(name, f'not run: needs {", ".join(missing)}, which failed')
            return

        def on_alarm(signum, frame):
            raise Deadline(f'no answer within {timeout or self.timeout} s')

        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout or self.timeout)
        started = time.monotonic()
        try:
            fn()
        except AssertionError as e:
            self.fail(name, str(e) or 'assertion failed')
        except Deadline as e:
            self.fail(name, str(e))
        except Exception as e:  # noqa: BLE001 - any client error is the check's failure
            self.fail(name, describe(e))
            if os.environ.get('PYVCLOUD_CHECKS_TRACE'):
                traceback.print_exc()
        else:
            self.passed += 1
            self.state.setdefault(name, True)
            print(f'ok {name}', flush=True)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
            print(f'{name}: {time.monotonic() - started:.2f} s', file=sys.stderr, flush=True)

    def fail(self, name, reason):
        self.failed += 1
        reason = ' '.join(str(reason).split())
        print(f'FAIL {name}: {reason[:600]}', flush=True)

    # -- helpers -----------------------------------------------------------------------------------

    def client(self, version=None):
        c = Client(self.url, api_version=version, verify_ssl_certs=self.verify, log_file='vcd_pysdk.log',
                   log_requests=True, log_headers=True, log_bodies=True)
        self.clients.append(c)
        return c

    def vdc(self, client, name='acme-vdc'):
        """A VDC of the client's org, by name."""
        return VDC(client, resource=Org(client, resource=client.get_org()).get_vdc(name))

    def login(self, user, org, version='36.0'):
        c = self.client(version)
        c.set_credentials(BasicLoginCredentials(user, org, PASSWORD))
        return c

    def wait(self, client, task, statuses=(TaskStatus.SUCCESS,)):
        """pyvcloud's own task wait (its timeout never fires: the check's deadline stands in)."""
        return client.get_task_monitor().wait_for_status(
            task, timeout=60, poll_frequency=POLL, expected_target_statuses=list(statuses))

    def wait_created(self, client, entity):
        """A 201 creation carries its task in Tasks, as VCD does: wait on it as vcd-cli does."""
        assert hasattr(entity, 'Tasks') and hasattr(entity.Tasks, 'Task'), \
            f'{entity.tag} {entity.get("name")} came back with no <Tasks><Task> to wait on'
        return self.wait(client, entity.Tasks.Task[0])

    def name(self, base):
        return f'{self.tag}-{base}'

    def logout_all(self):
        for c in self.clients:
            try:
                c.logout()
            except Exception:
                pass

    def summary(self):
        print(f'{self.passed} passed, {self.failed} failed', flush=True)
        return 1 if self.failed else 0


def describe(e):
    text = f'{type(e).__name__}: {e}'
    return text.replace('\n', ' ')


def raises(exc_type, fn, what):
    try:
        result = fn()
    except exc_type as e:
        return e
    except Exception as e:  # noqa: BLE001
        raise AssertionError(f'{what}: expected {exc_type.__name__}, got {describe(e)}')
    raise AssertionError(f'{what}: expected {exc_type.__name__}, but it succeeded ({short(result)})')


def short(x):
    if x is None:
        return 'None'
    if hasattr(x, 'tag'):
        return f'<{etree.QName(x.tag).localname} name={x.get("name")!r} href={x.get("href")!r}>'
    return repr(x)[:200]


def names(items, key='name'):
    return sorted(str(i[key]) if isinstance(i, dict) else str(i.get(key)) for i in items)


def records(query):
    return list(query.execute())


# ==================================================================================================


def run(ck):
    s = ck.state

    # -- versions and logins --------------------------------------------------------------------

    def versions():
        c = ck.client()
        listed = c.get_supported_versions_list()
        for v in ('33.0', '34.0', '35.0', '36.0', '37.0', '38.0', '38.1'):
            assert v in listed, f'{v} missing from /api/versions (non-deprecated: {listed})'
    ck.check('versions.list', versions)

    def negotiate():
        c = ck.client()  # no api_version: pyvcloud negotiates the highest it knows (36.0)
        c.set_credentials(BasicLoginCredentials('alice', 'acme', PASSWORD))
        assert c.get_api_version() == '36.0', f'negotiated {c.get_api_version()}'
        assert c.get_org().get('name') == 'acme', f'logged-in org {c.get_org().get("name")}'
    ck.check('versions.negotiate', negotiate)

    users = [('administrator', 'System'), ('acme-admin', 'acme'), ('alice', 'acme'), ('bob', 'acme')]
    for version in ('32.0', '33.0', '35.0', '36.0'):
        for user, org in users:
            def login(version=version, user=user, org=org):
                c = ck.login(user, org, version)
                assert c.get_api_version() == version, f'client at {c.get_api_version()}'
                session = c.get_vcloud_session()
                assert session.get('user') == user, f'session user {session.get("user")}'
                assert session.get('org') == org, f'session org {session.get("org")}'
                assert c.is_sysadmin() == (org == 'System'), f'is_sysadmin {c.is_sysadmin()}'
                if version == '32.0':
                    assert c.get_xvcloud_authorization_token(), 'no x-vcloud-authorization token (legacy /api/sessions)'
                else:
                    assert c.get_access_token(), 'no x-vmware-vcloud-access-token (cloudapi sessions)'
                got = c.get_org()
                assert got.get('name') == org, f'get_org() is {got.get("name")}'
                s[f'login.{version}.{user}'] = c
            ck.check(f'login.{version}.{user}@{org}', login)

    def bad_password():
        c = ck.client('36.0')
        raises(UnauthorizedException, lambda: c.set_credentials(BasicLoginCredentials('alice', 'acme', 'wrong')),
               'login with a wrong password')
        c2 = ck.client('32.0')
        raises(UnauthorizedException, lambda: c2.set_credentials(BasicLoginCredentials('alice', 'acme', 'wrong')),
               'legacy login with a wrong password')
    ck.check('login.wrong-password', bad_password)

    def logout():
        c = ck.login('alice', 'acme', '36.0')
        c.logout()
        c2 = ck.client('36.0')
        # the token is gone: rehydrating from it must be refused
        raises(UnauthorizedException, lambda: c2.rehydrate_from_token(c.get_access_token() or 'x', True),
               'rehydrate from a logged-out token')
    ck.check('logout.36.0', logout)

    def logout_legacy():
        c = ck.login('alice', 'acme', '32.0')
        token = c.get_xvcloud_authorization_token()
        c.logout()
        c2 = ck.client('32.0')
        raises(UnauthorizedException, lambda: c2.rehydrate_from_token(token), 'rehydrate from a logged-out token')
    ck.check('logout.32.0', logout_legacy)

    def rehydrate():
        c = s['login.36.0.alice']
        c2 = ck.client('36.0')
        session = c2.rehydrate_from_token(c.get_access_token(), is_jwt_token=True)
        assert session.get('user') == 'alice', f'session user {session.get("user")}'
    ck.check('login.rehydrate', rehydrate, needs=['login.36.0.alice'])

    # -- tenant browsing, at each version ---------------------------------------------------------

    for version in ('32.0', '33.0', '35.0', '36.0'):
        key = f'login.{version}.alice'

        def browse(version=version, key=key):
            c = s[key]
            orgs = c.get_org_list()
            assert names(orgs) == ['acme'], f'get_org_list() shows {names(orgs)}'
            org = Org(c, resource=c.get_org())
            assert org.get_name() == 'acme'
            vdcs = org.list_vdcs()
            assert names(vdcs) == ['acme-dev', 'acme-vdc'], f'list_vdcs() {names(vdcs)}'
            cat = org.get_catalog('acme-catalog')
            assert cat.get('name') == 'acme-catalog'
            items = org.list_catalog_items('acme-catalog')
            assert names(items) == ['k8s-cluster', 'rocky-9', 'three-tier-app', 'ubuntu-22.04', 'windows-2022'], \
                f'list_catalog_items() {names(items)}'
            item = org.get_catalog_item('acme-catalog', 'ubuntu-22.04')
            assert item.Entity.get('type') == EntityType.VAPP_TEMPLATE.value, f'Entity type {item.Entity.get("type")}'
            tpl = c.get_resource(item.Entity.get('href'))
            vms = tpl.Children.Vm
            assert [v.get('name') for v in vms] == ['ubuntu'], f'template VMs {[v.get("name") for v in vms]}'
            vdc_res = org.get_vdc('acme-vdc')
            assert vdc_res is not None, 'get_vdc(acme-vdc) found nothing'
            vdc = VDC(c, resource=vdc_res)
            vdc_to_dict(vdc_res)
            nets = [n.get('name') for n in vdc_res.AvailableNetworks.Network]
            assert sorted(nets) == ['acme-db', 'acme-web'], f'AvailableNetworks {nets}'
            profiles = [p.get('name') for p in vdc.get_storage_profiles()]
            assert sorted(profiles) == ['Gold', 'Silver'], f'storage profiles {profiles}'
            vdc.list_resources()
            assert org.get_vdc('globex-vdc') is None, 'get_vdc(globex-vdc) found another tenant\'s VDC'
            raises(EntityNotFoundException, lambda: org.get_catalog('globex-images'), 'get_catalog(globex-images)')
            raises(EntityNotFoundException, lambda: c.get_org_by_name('globex'), 'get_org_by_name(globex)')
        ck.check(f'browse.{version}.alice', browse, needs=[key])

    def template_lookup():
        c = s['login.36.0.alice']
        org = Org(c, resource=c.get_org())
        href = org.get_vapp_template_href('acme-catalog', 'three-tier-app')
        tpl = c.get_resource(href)
        assert [v.get('name') for v in tpl.Children.Vm] == ['web', 'app', 'db'], 'three-tier-app VMs'
        s['tpl.ubuntu'] = c.get_resource(org.get_vapp_template_href('acme-catalog', 'ubuntu-22.04'))
    ck.check('browse.template-href', template_lookup, needs=['login.36.0.alice'])

    def vdc_networks():
        c = s['login.36.0.alice']
        vdc = VDC(c, resource=Org(c, resource=c.get_org()).get_vdc('acme-vdc'))
        recs = vdc.list_orgvdc_network_records()
        assert sorted(r['name'] for r in recs) == ['acme-db', 'acme-web'], f'orgVdcNetwork records {recs}'
    ck.check('browse.vdc-networks', vdc_networks, needs=['login.36.0.alice'])

    # -- System administrator -------------------------------------------------------------------

    def admin_sees_tenants():
        c = s['login.36.0.administrator']
        orgs = names(c.get_org_list())
        assert {'System', 'acme', 'globex'} <= set(orgs), f'get_org_list() {orgs}'
        acme = Org(c, resource=c.get_org_by_name('acme'))
        vdc = acme.get_vdc('acme-vdc')
        assert vdc is not None, "administrator: Org('acme').get_vdc('acme-vdc') found nothing"
        assert names(acme.list_vdcs()) == ['acme-dev', 'acme-vdc'], f'list_vdcs {names(acme.list_vdcs())}'
        cat = acme.get_catalog('acme-catalog')
        assert cat.get('name') == 'acme-catalog'
        globex = Org(c, resource=c.get_org_by_name('globex'))
        assert globex.get_vdc('globex-vdc') is not None, "administrator: Org('globex').get_vdc found nothing"
        s['admin.acme-vdc'] = vdc
    ck.check('admin.tenant-vdcs', admin_sees_tenants, needs=['login.36.0.administrator'])

    def admin_list_catalogs():
        c = s['login.36.0.administrator']
        acme = Org(c, resource=c.get_org_by_name('acme'))
        cats = names(acme.list_catalogs())
        assert 'acme-catalog' in cats, f"administrator: Org('acme').list_catalogs() lists {cats}"
        assert 'globex-images' in cats, f'administrator (adminCatalog query) lists {cats}'
    ck.check('admin.list-catalogs', admin_list_catalogs, needs=['login.36.0.administrator'])

    def admin_admin_views():
        c = s['login.36.0.administrator']
        acme = Org(c, resource=c.get_org_by_name('acme'))
        admin_vdc = acme.get_vdc('acme-vdc', is_admin_operation=True)
        assert admin_vdc.get('type') == EntityType.VDC_ADMIN.value, f'admin vdc type {admin_vdc.get("type")}'
        admin = c.get_admin()
        assert admin is not None
        system = System(c, admin_resource=admin)
        system.list_provider_vdcs()
    ck.check('admin.admin-views', admin_admin_views, needs=['login.36.0.administrator'])

    def admin_user_lookup():
        c = s['login.36.0.administrator']
        acme = c.get_org_by_name('acme')
        user = c.get_user_in_org('alice', acme.get('href'))
        assert user.get('name') == 'alice', f'get_user_in_org() {user.get("name")}'
    ck.check('admin.user-in-org', admin_user_lookup, needs=['login.36.0.administrator'])

    def admin_legacy():
        c = s['login.32.0.administrator']
        acme = Org(c, resource=c.get_org_by_name('acme'))
        assert acme.get_vdc('acme-vdc') is not None, 'administrator at 32.0: get_vdc(acme-vdc) found nothing'
        assert acme.get_catalog('acme-catalog').get('name') == 'acme-catalog'
    ck.check('admin.tenant-vdcs.32.0', admin_legacy, needs=['login.32.0.administrator'])

    # -- isolation between tenants ----------------------------------------------------------------

    def globex_hidden():
        admin = s['login.36.0.administrator']
        globex = Org(admin, resource=admin.get_org_by_name('globex'))
        gvdc = globex.get_vdc('globex-vdc')
        gcat = globex.get_catalog('globex-images')
        for key in ('login.36.0.alice', 'login.36.0.acme-admin', 'login.32.0.bob'):
            c = s[key]
            raises(AccessForbiddenException, lambda: c.get_resource(gvdc.get('href')), f'{key}: GET globex VDC')
            raises(AccessForbiddenException, lambda: c.get_resource(gcat.get('href')), f'{key}: GET globex catalog')
            raises(AccessForbiddenException, lambda: c.get_resource(globex.href), f'{key}: GET globex org')
            cats = names(records(c.get_typed_query(ResourceType.CATALOG.value, QueryResultFormat.RECORDS)))
            assert 'globex-images' not in cats, f'{key}: catalog query shows {cats}'
            tpls = names(records(c.get_typed_query(ResourceType.VAPP_TEMPLATE.value, QueryResultFormat.RECORDS)))
            assert not {'debian-12', 'web-pair'} & set(tpls), f'{key}: vAppTemplate query shows {tpls}'
    ck.check('isolation.other-org', globex_hidden,
             needs=['login.36.0.administrator', 'login.36.0.alice', 'login.36.0.acme-admin', 'login.32.0.bob'])

    # -- vApp lifecycle as alice (vApp Author) ----------------------------------------------------

    vdc_of = ck.vdc

    vapp_name = ck.name('web')

    def instantiate():
        c = s['login.36.0.alice']
        vdc = vdc_of(c)
        created = vdc.instantiate_vapp(vapp_name, 'acme-catalog', 'ubuntu-22.04', description='pyvcloud check',
                                       network='acme-web', fence_mode='bridged', ip_allocation_mode='pool',
                                       deploy=False, power_on=False, vm_name='web-1', hostname='web-1')
        assert created.get('name') == vapp_name, f'created {created.get("name")}'
        task = ck.wait_created(c, created)
        assert task.get('operationName') == 'vdcInstantiateVapp', f'operationName {task.get("operationName")}'
        vdc.reload()
        vapp = VApp(c, resource=vdc.get_vapp(vapp_name))
        assert vapp.is_powered_off(), f'status {vapp.get_power_state()} after instantiate without power on'
        vms = [v.get('name') for v in vapp.get_all_vms()]
        assert vms == ['web-1'], f'VMs {vms}'
        s['vapp'] = vapp.href
    ck.check('vapp.instantiate', instantiate, needs=['login.36.0.alice'])

    def vapp_details():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        res = vapp.get_resource()
        vapp_to_dict(res)
        vm = VM(c, resource=vapp.get_vm('web-1'))
        d = vm_to_dict(vm.get_resource())
        assert d.get('computer-name') == 'web-1', f'vm_to_dict computer-name {d.get("computer-name")}'
        assert d.get('nic-0', {}).get('network') == 'acme-web', f'vm_to_dict nic-0 {d.get("nic-0")}'
        ip = vapp.get_primary_ip('web-1')
        assert ip and ip.startswith('10.10.10.'), f'primary IP {ip} not from acme-web pool'
        nets = [n.get('{http://schemas.dmtf.org/ovf/envelope/1}name') for n in vapp.get_all_networks()]
        assert 'acme-web' in nets, f'vApp NetworkSection networks {nets}'
        lease = vapp.get_lease()
        assert lease is not None
        assert vdc_of(c).get_resource_href(vapp_name) == s['vapp'], 'get_resource_href'
    ck.check('vapp.details', vapp_details, needs=['vapp.instantiate'])

    def vm_query():
        c = s['login.36.0.administrator']  # query_vm_by_name always uses the adminVM query
        vm = VDC(c, resource=s['admin.acme-vdc']).query_vm_by_name('web-1')
        assert vm.get('name') == 'web-1'
    ck.check('vm.query-by-name', vm_query, needs=['vapp.instantiate', 'admin.tenant-vdcs'])

    def power_cycle():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        ck.wait(c, vapp.power_on())
        vapp.reload()
        assert vapp.is_powered_on(), f'status {vapp.get_power_state()} after power_on'
        ck.wait(c, vapp.power_reset())
        vapp.reload()
        assert vapp.is_powered_on(), f'status {vapp.get_power_state()} after power_reset'
        ck.wait(c, vapp.suspend_vapp())
        vapp.reload()
        assert vapp.is_suspended(), f'status {vapp.get_power_state()} after suspend'
        ck.wait(c, vapp.discard_suspended_state_vapp())
        vapp.reload()
        assert vapp.is_powered_off(), f'status {vapp.get_power_state()} after discard suspended state'
        ck.wait(c, vapp.deploy(power_on=True))
        vapp.reload()
        assert vapp.is_powered_on(), f'status {vapp.get_power_state()} after deploy(power_on)'
        ck.wait(c, vapp.power_off())
        vapp.reload()
        assert vapp.is_powered_off(), f'status {vapp.get_power_state()} after power_off'
        ck.wait(c, vapp.power_on())
        ck.wait(c, vapp.undeploy('powerOff'))
        vapp.reload()
        assert vapp.is_powered_off(), f'status {vapp.get_power_state()} after undeploy(powerOff)'
        raises(OperationNotSupportedException, lambda: VApp(c, href=s['vapp']).power_off(),
               'power_off of a stopped vApp (no power:powerOff link)')
        s['vapp.power'] = True
    ck.check('vapp.power', power_cycle, needs=['vapp.instantiate'])

    def vm_power():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        vm = VM(c, resource=vapp.get_vm('web-1'))
        ck.wait(c, vm.power_on())
        vm.reload()
        assert vm.is_powered_on(), f'VM status {vm.get_power_state()} after power_on'
        ck.wait(c, vm.suspend())
        vm.reload()
        assert vm.is_suspended(), f'VM status {vm.get_power_state()} after suspend'
        ck.wait(c, vm.discard_suspended_state())
        vm.reload()
        ck.wait(c, vm.deploy(power_on=True))
        vm.reload()
        assert vm.is_powered_on(), f'VM status {vm.get_power_state()} after deploy'
        ck.wait(c, vm.power_reset())
        ck.wait(c, vm.undeploy('powerOff'))
        vm.reload()
        assert vm.is_powered_off(), f'VM status {vm.get_power_state()} after undeploy'
    ck.check('vm.power', vm_power, needs=['vapp.power'])

    def vm_resize():
        c = s['login.36.0.alice']
        vm = VM(c, resource=VApp(c, href=s['vapp']).get_vm('web-1'))
        ck.wait(c, vm.modify_cpu(4, 2))
        ck.wait(c, vm.modify_memory(8192))
        vm.reload()
        hw = vm.list_virtual_hardware_section(is_cpu=True, is_memory=True, is_disk=True, is_networkCards=True)
        assert int(hw[0]['cpuVirtualQuantity']) == 4, f'virtual hardware cpu {hw[0]}'
        assert int(hw[0]['cpuCoresPerSocket']) == 2, f'virtual hardware cpu {hw[0]}'
        assert int(hw[1]['memoryVirtualQuantityInMb']) == 8192, f'virtual hardware memory {hw[1]}'
        s['resized'] = True
    ck.check('vm.modify-cpu-memory', vm_resize, needs=['vapp.power'])

    def vm_spec():
        c = s['login.36.0.alice']
        vm = VM(c, resource=VApp(c, href=s['vapp']).get_vm('web-1'))
        cpus = vm.get_cpus()  # reads the Vm's VmSpecSection
        assert cpus['num_cpus'] == 4 and cpus['num_cores_per_socket'] == 2, f'get_cpus {cpus}'
        assert vm.get_memory() == 8192, f'get_memory {vm.get_memory()}'
        d = vm_to_dict(vm.get_resource())
        assert d.get('cpu') == '4' and d.get('memory-MB') == '8192', \
            f'vm_to_dict cpu {d.get("cpu")} memory-MB {d.get("memory-MB")}'
        assert d.get('os') == 'ubuntu64Guest', f'vm_to_dict os {d.get("os")}'
    ck.check('vm.get-cpus-memory', vm_spec, needs=['vm.modify-cpu-memory'])

    def vm_disk():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        ck.wait(c, vapp.add_disk_to_vm('web-1', 2048))
        vm = VM(c, resource=VApp(c, href=s['vapp']).get_vm('web-1'))
        disks = [d for d in vm.list_virtual_hardware_section(is_cpu=False, is_memory=False, is_disk=True)]
        sizes = sorted(d['diskVirtualQuantityInBytes'] for d in disks)
        assert sizes == [2048 * 1024 * 1024, 20480 * 1024 * 1024], f'disks after add_disk_to_vm {disks}'
    ck.check('vm.add-disk', vm_disk, needs=['vapp.power'])

    def vm_sections():
        c = s['login.36.0.alice']
        vm = VM(c, resource=VApp(c, href=s['vapp']).get_vm('web-1'))
        vm.list_os_section()
        vm.list_gc_section()
        vm.get_guest_customization_status()
        vm.list_vm_capabilities()
        nics = vm.list_nics()
        assert len(nics) == 1 and nics[0]['network'] == 'acme-web', f'list_nics {nics}'
    ck.check('vm.sections', vm_sections, needs=['vapp.power'])

    def vapp_edits():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        result = vapp.set_lease(deployment_lease=7200, storage_lease=14400)
        if etree.QName(result.tag).localname == 'Task':
            ck.wait(c, result)
        vapp.reload()
        lease = vapp.get_lease()
        assert int(lease['DeploymentLeaseInSeconds']) == 7200 and int(lease['StorageLeaseInSeconds']) == 14400, \
            f'lease after set_lease {lease}'
        ck.wait(c, vapp.edit_name_and_description(vapp_name, 'described by pyvcloud'))
        vapp.reload()
        assert vapp.get_resource().Description.text == 'described by pyvcloud', 'description not changed'
        assert vapp.get_resource().get('name') == vapp_name, 'name changed'
    ck.check('vapp.edit-lease-description', vapp_edits, needs=['vapp.power'])

    def vapp_network():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        vapp.get_resource()
        ck.wait(c, vapp.connect_org_vdc_network('acme-db'))
        vapp.reload()
        nets = [n.get('networkName') for n in vapp.get_resource().NetworkConfigSection.NetworkConfig]
        assert sorted(nets) == ['acme-db', 'acme-web'], f'vApp networks after connect_org_vdc_network {nets}'
        vm = VM(c, resource=vapp.get_vm('web-1'))
        ck.wait(c, vm.add_nic('VMXNET3', False, True, 'acme-db', 'POOL', None))
        vm.reload()
        nics = vm.list_nics()
        assert sorted(n['network'] for n in nics) == ['acme-db', 'acme-web'], f'NICs after add_nic {nics}'
        db = [n for n in nics if n['network'] == 'acme-db'][0]
        assert str(db.get('ip_address', '')).startswith('10.10.20.'), f'acme-db NIC took no pool address: {db}'
        ck.wait(c, vm.update_nic('acme-db', nic_id=db['index'], is_connected=False))
        vm.reload()
        db = [n for n in vm.list_nics() if n['network'] == 'acme-db'][0]
        assert db['connected'] == 'false', f'acme-db NIC after update_nic(is_connected=False): {db}'
    ck.check('vapp.network-nics', vapp_network, needs=['vapp.power'])

    def vm_guest():
        c = s['login.36.0.alice']
        vm = VM(c, resource=VApp(c, href=s['vapp']).get_vm('web-1'))
        ck.wait(c, vm.edit_hostname('web-host'))
        vm.reload()
        assert vm.get_resource().GuestCustomizationSection.ComputerName.text == 'web-host', 'ComputerName'
        ck.wait(c, vm.update_vm_capabilities_section(memory_hot_add_enabled=True, cpu_hot_add_enabled=True))
        caps = vm.list_vm_capabilities()
        assert str(caps.get('MemoryHotAddEnabled')).lower() == 'true' and \
            str(caps.get('CpuHotAddEnabled')).lower() == 'true', f'capabilities {caps}'
    ck.check('vm.guest-capabilities', vm_guest, needs=['vapp.power'])

    def vm_rename():
        c = s['login.36.0.alice']
        vm = VM(c, resource=VApp(c, href=s['vapp']).get_vm('web-1'))
        ck.wait(c, vm.edit_name('web-one'))
        vm.reload()
        assert vm.get_resource().get('name') == 'web-one', f'name after edit_name {vm.get_resource().get("name")}'
    ck.check('vm.edit-name', vm_rename, needs=['vapp.power'])

    def network_resources():
        c = s['login.36.0.acme-admin']
        vdc = vdc_of(c)
        nets = vdc.list_orgvdc_network_resources()
        assert sorted(n.get('name') for n in nets) == ['acme-db', 'acme-web'], 'list_orgvdc_network_resources'
        iso = vdc.list_orgvdc_isolated_networks()
        assert [n.get('name') for n in iso] == ['acme-db'], f'isolated networks {[n.get("name") for n in iso]}'
    ck.check('browse.network-resources', network_resources, needs=['login.36.0.acme-admin'])

    def metadata_read():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        md = vapp.get_metadata()
        assert etree.QName(md.tag).localname == 'Metadata', f'root {md.tag}'
        vm = VM(c, resource=vapp.get_vm(vapp.get_all_vms()[0].get('name')))
        vm.get_metadata()
        vdc_of(c).get_all_metadata()
    ck.check('metadata.read', metadata_read, needs=['vapp.instantiate'])

    def metadata_entries(md):
        return {f'{e.Domain.text}/{e.Key.text}': (e.TypedValue.get('{http://www.w3.org/2001/XMLSchema-instance}type'), e.TypedValue.Value.text)
                for e in getattr(md, 'MetadataEntry', [])}

    def metadata_vapp_write():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        ck.wait(c, vapp.set_metadata('GENERAL', 'READWRITE', 'env', 'prod'))
        vapp.reload()
        ck.wait(c, vapp.set_multiple_metadata({'replicas': '3', 'shards': '2'}, metadata_value_type=MetadataValueType.NUMBER))
        got = metadata_entries(vapp.get_metadata())
        want = {'GENERAL/env': ('MetadataStringValue', 'prod'), 'GENERAL/replicas': ('MetadataNumberValue', '3'),
                'GENERAL/shards': ('MetadataNumberValue', '2')}
        assert all(got.get(k) == v for k, v in want.items()), f'metadata {got}'
        ck.wait(c, vapp.remove_metadata('env'))
        assert 'GENERAL/env' not in metadata_entries(vapp.get_metadata()), 'env still there after remove_metadata'
        raises(AccessForbiddenException, lambda: vapp.remove_metadata('env'), 'remove_metadata of an unknown key')
        raises(AccessForbiddenException, lambda: vapp.set_metadata('SYSTEM', 'READONLY', 'sla', 'gold'),
               'a vApp Author writing a SYSTEM entry')
        raises(BadRequestException, lambda: vapp.set_metadata('GENERAL', 'READWRITE', 'count', 'many',
                                                             metadata_type=MetadataValueType.NUMBER.value),
               'a NUMBER value that is not a number')
    ck.check('metadata.vapp-write', metadata_vapp_write, needs=['metadata.read'])

    def metadata_vm_write():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        vm = VM(c, resource=vapp.get_vm(vapp.get_all_vms()[0].get('name')))
        ck.wait(c, vm.set_metadata('GENERAL', 'READWRITE', 'healthy', 'true', metadata_type=MetadataValueType.BOOLEAN.value))
        vm.reload()
        assert metadata_entries(vm.get_metadata()).get('GENERAL/healthy') == ('MetadataBooleanValue', 'true'), 'VM metadata'
        ck.wait(c, vm.remove_metadata('healthy'))
    ck.check('metadata.vm-write', metadata_vm_write, needs=['metadata.read'])

    def metadata_vdc_and_catalog_item():
        c = s['login.36.0.acme-admin']
        vdc = vdc_of(c)
        ck.wait(c, vdc.set_metadata('cost-center', 'cc-1001'))
        assert metadata_entries(vdc.get_all_metadata()).get('GENERAL/cost-center') == ('MetadataStringValue', 'cc-1001'), \
            'VDC metadata after set_metadata'
        assert vdc.get_metadata_value('cost-center').TypedValue.Value.text == 'cc-1001', 'get_metadata_value'
        ck.wait(c, vdc.remove_metadata('cost-center'))
        org = Org(c, resource=c.get_org())
        ck.wait(c, org.set_metadata_on_catalog_item('acme-catalog', 'ubuntu-22.04', 'checked', 'yes'))
        assert org.get_metadata_value_from_catalog_item('acme-catalog', 'ubuntu-22.04', 'checked').TypedValue.Value.text == 'yes'
        ck.wait(c, org.remove_metadata_from_catalog_item('acme-catalog', 'ubuntu-22.04', 'checked'))
    ck.check('metadata.vdc-catalog-item', metadata_vdc_and_catalog_item, needs=['login.36.0.acme-admin'])

    def metadata_system_domain():
        c = s['login.36.0.administrator']
        vapp = VApp(c, href=s['vapp'])
        ck.wait(c, vapp.set_metadata('SYSTEM', 'READONLY', 'sla', 'gold'))
        alice = VApp(s['login.36.0.alice'], href=s['vapp'])
        assert metadata_entries(alice.get_metadata()).get('SYSTEM/sla') == ('MetadataStringValue', 'gold'), 'tenant reads READONLY'
        # The entry carries no remove link for a tenant: pyvcloud refuses before sending anything.
        raises(OperationNotSupportedException, lambda: alice.remove_metadata('sla', domain=MetadataDomain.SYSTEM),
               'a tenant removing a SYSTEM entry')
        raises(AccessForbiddenException, lambda: alice.set_metadata('SYSTEM', 'READONLY', 'sla', 'tin'), 'a tenant writing a SYSTEM entry')
        ck.wait(c, vapp.remove_metadata('sla', domain=MetadataDomain.SYSTEM))
    ck.check('metadata.system-domain', metadata_system_domain, needs=['metadata.read', 'login.36.0.administrator'])

    # -- compose and recompose --------------------------------------------------------------------

    composed = ck.name('composed')

    def compose():
        c = s['login.36.0.alice']
        vdc = vdc_of(c)
        created = vdc.create_vapp(composed, description='empty vApp', network='acme-web', fence_mode='bridged',
                                  accept_all_eulas=True)
        ck.wait_created(c, created)
        vapp = VApp(c, resource=vdc_of(c).get_vapp(composed))
        assert vapp.get_all_vms() == [], f'VMs {[v.get("name") for v in vapp.get_all_vms()]}'
        s['composed'] = vapp.href
    ck.check('vapp.compose', compose, needs=['login.36.0.alice'])

    def add_vms():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['composed'])
        vapp.get_resource()
        tpl = s['tpl.ubuntu']
        task = vapp.add_vms([
            {'vapp': tpl, 'source_vm_name': 'ubuntu', 'target_vm_name': 'node-a', 'network': 'acme-web',
             'ip_allocation_mode': 'pool', 'hostname': 'node-a'},
            {'vapp': tpl, 'source_vm_name': 'ubuntu', 'target_vm_name': 'node-b'},
        ], deploy=False, power_on=False)
        ck.wait(c, task)
        vapp.reload()
        vms = sorted(v.get('name') for v in vapp.get_all_vms())
        assert vms == ['node-a', 'node-b'], f'VMs after add_vms {vms}'
        ck.wait(c, vapp.delete_vms(['node-b']))
        vapp.reload()
        vms = sorted(v.get('name') for v in vapp.get_all_vms())
        assert vms == ['node-a'], f'VMs after delete_vms {vms}'
    ck.check('vapp.add-delete-vms', add_vms, needs=['vapp.compose', 'browse.template-href'])

    def copy_to():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['composed'])
        vapp.get_resource()
        nm = ck.name('copy')
        dev = vdc_of(c, 'acme-dev')
        ck.wait(c, vapp.copy_to(dev.href, nm, 'a copy'))
        copy = VApp(c, resource=vdc_of(c, 'acme-dev').get_vapp(nm))
        assert [v.get('name') for v in copy.get_all_vms()] == ['node-a'], \
            f'copy VMs {[v.get("name") for v in copy.get_all_vms()]}'
        # CloneVAppParams carries no deploy/powerOn: both default to true (vApp.xsd), so the copy runs
        assert copy.is_powered_on(), f'copy status {copy.get_power_state()}'
        ck.wait(c, copy.undeploy('powerOff'))
        ck.wait(c, vdc_of(c, 'acme-dev').delete_vapp(nm))
    ck.check('vapp.copy-to', copy_to, needs=['vapp.add-delete-vms'])

    def instantiate_custom():
        c = s['login.36.0.alice']
        vdc = vdc_of(c)
        nm = ck.name('custom')
        created = vdc.instantiate_vapp(nm, 'acme-catalog', 'rocky-9', network='acme-web', ip_allocation_mode='pool',
                                       deploy=False, power_on=False, cpu=4, memory=2048, disk_size=51200,
                                       storage_profile='Silver', vm_name='rocky-a')
        ck.wait_created(c, created)
        vapp = VApp(c, resource=vdc_of(c).get_vapp(nm))
        vm = VM(c, resource=vapp.get_vm('rocky-a'))
        hw = vm.list_virtual_hardware_section(is_cpu=True, is_memory=True, is_disk=True)
        assert int(hw[0]['cpuVirtualQuantity']) == 4, f'cpu {hw[0]}'
        assert int(hw[1]['memoryVirtualQuantityInMb']) == 2048, f'memory {hw[1]}'
        sizes = sorted(d['diskVirtualQuantityInBytes'] // (1024 * 1024) for d in hw[2:])
        assert sizes == [51200, 102400], f'disks (MB) {sizes}'
        sp = vm.get_resource().StorageProfile.get('name')
        assert sp == 'Silver', f'storage profile {sp}'
        ck.wait(c, vdc_of(c).delete_vapp(nm))
    ck.check('vapp.instantiate-customized', instantiate_custom, needs=['login.36.0.alice'])

    # -- queries ----------------------------------------------------------------------------------

    def queries():
        c = s['login.36.0.alice']
        q = c.get_typed_query(ResourceType.VAPP.value, QueryResultFormat.RECORDS,
                              qfilter=f'name=={urllib.parse.quote(vapp_name)}')
        got = records(q)
        assert names(got) == [vapp_name], f'vApp query name=={vapp_name}: {names(got)}'
        assert got[0].get('vdcName') == 'acme-vdc', f'vdcName {got[0].get("vdcName")}'
        q = c.get_typed_query(ResourceType.VM.value, QueryResultFormat.RECORDS,
                              qfilter='numberOfCpus=ge=4;isVAppTemplate==false', sort_asc='name')
        got = records(q)
        assert any(r.get('containerName') == vapp_name for r in got), \
            f'vm query numberOfCpus=ge=4 misses the resized VM: {[(r.get("name"), r.get("numberOfCpus")) for r in got]}'
        assert all(int(r.get('numberOfCpus')) >= 4 for r in got), 'vm query filter numberOfCpus=ge=4 not applied'
        q = c.get_typed_query(ResourceType.VM.value, QueryResultFormat.RECORDS, qfilter='isVAppTemplate==true',
                              sort_desc='name')
        tnames = [r.get('name') for r in records(q)]
        assert tnames == sorted(tnames, reverse=True), f'sort_desc=name not sorted: {tnames}'
        assert {'ubuntu', 'web', 'worker-3'} <= set(tnames), f'template VMs {tnames}'
        # equality_filter as vcd-cli uses it, the references format
        q = c.get_typed_query(ResourceType.CATALOG_ITEM.value, QueryResultFormat.REFERENCES,
                              equality_filter=('name', 'rocky-9'))
        ref = q.find_unique()
        assert ref.get('name') == 'rocky-9', f'find_unique {short(ref)}'
        # idrecords
        q = c.get_typed_query(ResourceType.VAPP_TEMPLATE.value, QueryResultFormat.ID_RECORDS,
                              qfilter='name==ubuntu-22.04')
        got = records(q)
        assert len(got) == 1 and got[0].get('id', '').startswith('urn:vcloud:vapptemplate:'), \
            f'idrecords {[(r.get("name"), r.get("id")) for r in got]}'
    ck.check('query.filter-sort', queries, needs=['vm.modify-cpu-memory'])

    def paging():
        c = s['login.36.0.alice']
        all_tpl = records(c.get_typed_query(ResourceType.VM.value, QueryResultFormat.RECORDS,
                                            qfilter='isVAppTemplate==true', sort_asc='name'))
        assert len(all_tpl) == 10, f'{len(all_tpl)} template VMs in acme, expected 10'
        # the generator follows nextPage links
        small = records(c.get_typed_query(ResourceType.VM.value, QueryResultFormat.RECORDS,
                                          qfilter='isVAppTemplate==true', sort_asc='name', page_size=4))
        assert [r.get('name') for r in small] == [r.get('name') for r in all_tpl], \
            'paging through nextPage links does not give the same rows'
        page2 = c.get_typed_query(ResourceType.VM.value, QueryResultFormat.RECORDS, qfilter='isVAppTemplate==true',
                                  sort_asc='name', page=2, page_size=4).execute()
        assert page2['resultTotal'] == 10, f'resultTotal {page2["resultTotal"]}'
        assert page2['nextPageUri'] and page2['previousPageUri'], 'page 2 of 3 without next/previous'
        assert [r.get('name') for r in page2['values']] == [r.get('name') for r in all_tpl][4:8], \
            f'page 2 values {[r.get("name") for r in page2["values"]]}'
    ck.check('query.paging', paging, needs=['login.36.0.alice'])

    def query_legacy():
        c = s['login.32.0.alice']  # below 35.0 pyvcloud double-encodes the filter (filterEncoded=true)
        got = records(c.get_typed_query(ResourceType.CATALOG_ITEM.value, QueryResultFormat.RECORDS,
                                        qfilter='name==' + urllib.parse.quote('three-tier-app')))
        assert names(got) == ['three-tier-app'], f'catalogItem name==three-tier-app at 32.0: {names(got)}'
        got = records(c.get_typed_query(ResourceType.VAPP_TEMPLATE.value, QueryResultFormat.RECORDS,
                                        qfilter='name==k8s*'))
        assert names(got) == ['k8s-cluster'], f'wildcard name==k8s* at 32.0: {names(got)}'
    ck.check('query.32.0-filterEncoded', query_legacy, needs=['login.32.0.alice'])

    def tasks_list():
        c = s['login.36.0.alice']
        done = list(Task(c).list_tasks(filter_status_list=[TaskStatus.SUCCESS.value]))
        ops = {t.get('name') for t in done}  # a TaskRecord's name is the task's operationName
        assert 'vdcInstantiateVapp' in ops, f'finished tasks (TaskRecord name) {sorted(ops, key=str)}'
        assert all(t.get('status') == 'success' for t in done), 'status==success filter not applied'
        starts = [t.get('startDate') for t in done]
        assert starts == sorted(starts, reverse=True), 'list_tasks(newer_first) not sorted by startDate desc'
        assert all(t.get('orgName') == 'acme' for t in done), 'alice sees tasks of other orgs'
    ck.check('task.list', tasks_list, needs=['vapp.instantiate'])

    # -- cancel a running task --------------------------------------------------------------------

    def cancel():
        c = s['login.36.0.alice']
        vdc = vdc_of(c)
        name = ck.name('canceled')
        created = vdc.instantiate_vapp(name, 'acme-catalog', 'k8s-cluster', deploy=False, power_on=False)
        assert hasattr(created, 'Tasks'), 'instantiate answered no Tasks'
        task = created.Tasks.Task[0]
        cancel_link = [l for l in task.findall('{http://www.vmware.com/vcloud/v1.5}Link')
                       if l.get('rel') == RelationType.TASK_CANCEL.value]
        assert cancel_link, 'running task has no task:cancel link'
        c.post_linked_resource(task, RelationType.TASK_CANCEL, None, None)
        final = ck.wait(c, task, statuses=(TaskStatus.CANCELED,))
        assert final.get('status') == 'canceled'
        raises(EntityNotFoundException, lambda: vdc_of(c).get_vapp(name), 'get_vapp of a canceled instantiation')
    ck.check('task.cancel', cancel, needs=['login.36.0.alice'])

    def task_failure_raises():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        # a stopped vApp has no power:powerOff link: pyvcloud refuses before asking
        raises(OperationNotSupportedException, vapp.shutdown, 'shutdown of a stopped vApp')
    ck.check('vapp.refused-by-links', task_failure_raises, needs=['vapp.power'])

    # -- sharing: alice's vApp is hers until she shares it ---------------------------------------

    def vapp_share():
        c = s['login.36.0.alice']
        b = s['login.36.0.bob']
        raises(AccessForbiddenException, lambda: VApp(b, href=s['vapp']).get_resource(), "bob reads alice's unshared vApp")
        acl = VApp(c, href=s['vapp']).get_access_settings()
        assert acl.IsSharedToEveryone.text == 'false', f'a new vApp is shared: {etree.tostring(acl)[:300]}'
        VApp(c, href=s['vapp']).share_with_org_members(everyone_access_level='ReadOnly')
        bobs = VApp(b, href=s['vapp'])
        bobs.get_resource()
        raises(AccessForbiddenException, bobs.power_on, 'bob powers on with ReadOnly access')
        # Full control to the org: from here on only bob's role limits him.
        VApp(c, href=s['vapp']).share_with_org_members(everyone_access_level='FullControl')
        acl = VApp(c, href=s['vapp']).get_access_settings()
        assert acl.EveryoneAccessLevel.text == 'FullControl', f'EveryoneAccessLevel {acl.EveryoneAccessLevel}'
    ck.check('access.vapp-share', vapp_share, needs=['login.36.0.bob', 'vapp.power'])

    def vapp_owner():
        c = s['login.36.0.acme-admin']
        org = Org(c, resource=c.get_org())
        for user in ('bob', 'alice'):
            VApp(c, href=s['vapp']).change_owner(org.get_user(user).get('href'))
            owner = VApp(c, href=s['vapp']).get_resource().Owner.User.get('name')
            assert owner == user, f'owner {owner} after change_owner to {user}'
        raises(AccessForbiddenException, lambda: VApp(s['login.36.0.alice'], href=s['vapp']).change_owner(org.get_user('bob').get('href')),
               'alice (vApp Author) changes the owner')
    ck.check('access.vapp-owner', vapp_owner, needs=['access.vapp-share', 'login.36.0.acme-admin'])

    # -- catalogs (acme-admin) --------------------------------------------------------------------

    def catalog_admin():
        c = s['login.36.0.acme-admin']
        b = s['login.36.0.bob']
        org = Org(c, resource=c.get_org())
        name = ck.name('cat')
        ck.wait_created(c, org.create_catalog(name, 'pyvcloud check'))
        org.reload()
        assert org.get_catalog(name).get('name') == name
        raises(BadRequestException, lambda: org.create_catalog(name, 'again'), 'a second catalog of the same name')
        updated = org.update_catalog(name, name + '-x', 'updated')
        name += '-x'
        assert updated.get('name') == name and str(updated.Description) == 'updated', f'update_catalog gave {updated.get("name")}'
        org.reload()
        org.share_catalog(name)
        assert org.get_catalog(name).IsPublished.text == 'true', 'share_catalog did not publish'
        org.share_catalog(name, share=False)
        bob_org = Org(b, resource=b.get_org())
        raises(EntityNotFoundException, lambda: bob_org.get_catalog(name), 'bob finds a private catalog')
        org.share_catalog_with_org_members(name, everyone_access_level='ReadOnly')
        acl = org.get_catalog_access_settings(name)
        assert acl.IsSharedToEveryone.text == 'true' and acl.EveryoneAccessLevel.text == 'ReadOnly', etree.tostring(acl)[:300]
        Org(b, resource=b.get_org()).get_catalog(name)
        org.unshare_catalog_with_org_members(name)
        org.add_catalog_access_settings(name, [{'type': 'user', 'name': 'bob', 'access_level': 'ReadOnly'}])
        acl = org.get_catalog_access_settings(name)
        subjects = [a.Subject.get('name') for a in acl.AccessSettings.AccessSetting]
        assert subjects == ['bob'], f'access settings {subjects}'
        Org(b, resource=b.get_org()).get_catalog(name)
        org.remove_catalog_access_settings(name, remove_all=True)
        org.change_catalog_owner(name, 'carol')
        owner = org.get_catalog(name, is_admin_operation=True).Owner.User.get('name')
        assert owner == 'carol', f'owner {owner} after change_catalog_owner'
        s['catalog'] = name
    ck.check('catalog.create-update-share', catalog_admin, needs=['login.36.0.acme-admin', 'login.36.0.bob'])

    def catalog_capture():
        c = s['login.36.0.acme-admin']
        org = Org(c, resource=c.get_org())
        name = s['catalog']
        item = ck.name('captured')
        tpl = org.capture_vapp(org.get_catalog(name), s['vapp'], item, 'captured by pyvcloud', customize_on_instantiate=True)
        ck.wait_created(c, tpl)
        assert [i['name'] for i in org.list_catalog_items(name)] == [item], org.list_catalog_items(name)
        captured = c.get_resource(org.get_catalog_item(name, item).Entity.get('href'))
        assert captured.get('status') == '8', f'captured template status {captured.get("status")}'
        vms = [v.get('name') for v in VApp(c, href=s['vapp']).get_all_vms()]
        assert [v.get('name') for v in captured.Children.Vm] == vms, f'captured VMs, want {vms}'
        # Overwrite the item with a new capture.
        ck.wait_created(c, org.capture_vapp(org.get_catalog(name), s['vapp'], item, 'again', overwrite=True))
        assert len(org.list_catalog_items(name)) == 1
        raises(BadRequestException, lambda: org.delete_catalog(name), 'delete_catalog of a catalog holding an item')
        org.delete_catalog_item(name, item)
        assert org.list_catalog_items(name) == []
        org.delete_catalog(name)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                org.reload()
                org.get_catalog(name)
            except (EntityNotFoundException, AccessForbiddenException):  # gone between the Org and the catalog
                return
            time.sleep(POLL)
        raise AssertionError(f'catalog {name} still there after delete_catalog')
    ck.check('catalog.capture-delete', catalog_capture, needs=['catalog.create-update-share', 'access.vapp-owner', 'vapp.power'])

    # -- vApp User (bob) --------------------------------------------------------------------------

    def bob_refused():
        c = s['login.36.0.bob']
        vdc = vdc_of(c)
        raises(AccessForbiddenException,
               lambda: vdc.instantiate_vapp(ck.name('bob'), 'acme-catalog', 'ubuntu-22.04', deploy=False,
                                            power_on=False),
               'bob (vApp User) instantiate_vapp')
        raises(AccessForbiddenException, lambda: vdc.create_vapp(ck.name('bob-compose')), 'bob create_vapp')
        vapp = VApp(c, href=s['vapp'])
        vm = VM(c, href=vapp.get_all_vms()[0].get('href'))
        raises(AccessForbiddenException, lambda: vm.modify_cpu(1), 'bob modify_cpu')
        raises(AccessForbiddenException, lambda: vm.modify_memory(1024), 'bob modify_memory')
        raises(AccessForbiddenException, lambda: c.delete_resource(s['vapp']), 'bob deletes a vApp')
    ck.check('rights.vapp-user-refused', bob_refused, needs=['login.36.0.bob', 'vapp.power', 'access.vapp-share'])

    def bob_allowed():
        c = s['login.36.0.bob']
        vapp = VApp(c, href=s['vapp'])
        ck.wait(c, vapp.power_on())
        vapp.reload()
        assert vapp.is_powered_on(), f'status {vapp.get_power_state()}'
        ck.wait(c, vapp.undeploy('powerOff'))
    ck.check('rights.vapp-user-power', bob_allowed, needs=['login.36.0.bob', 'vm.power', 'vm.sections', 'access.vapp-share',
                                                          'vm.add-disk', 'query.filter-sort'])

    def bob_cancel_refused():
        c = s['login.36.0.alice']
        b = s['login.36.0.bob']
        created = vdc_of(c).instantiate_vapp(ck.name('nocancel'), 'acme-catalog', 'k8s-cluster', deploy=False,
                                             power_on=False)
        task = b.get_resource(created.Tasks.Task[0].get('href'))
        raises(AccessForbiddenException, lambda: b.post_linked_resource(task, RelationType.TASK_CANCEL, None, None)
               if any(l.get('rel') == 'task:cancel' for l in task.findall('{http://www.vmware.com/vcloud/v1.5}Link'))
               else b.post_resource(task.get('href') + '/action/cancel', None, None),
               'bob cancels alice\'s task')
        ck.wait(c, created.Tasks.Task[0])
        s['nocancel'] = vdc_of(c).get_vapp_href(ck.name('nocancel'))
    ck.check('rights.vapp-user-cancel', bob_cancel_refused, needs=['login.36.0.bob', 'login.36.0.alice'])

    # -- independent disks (alice) ----------------------------------------------------------------

    disk_name = ck.name('data')

    def disk_create():
        c = s['login.36.0.alice']
        vdc = vdc_of(c)
        created = vdc.create_disk(disk_name, 1024 * 1024 * 1024, bus_type='6', bus_sub_type='VirtualSCSI',
                                  description='pyvcloud check', storage_profile_name='Gold')
        assert created.get('sizeMb') == '1024', f'created sizeMb {created.get("sizeMb")}'
        task = ck.wait_created(c, created)
        assert task.get('operationName') == 'vdcCreateDisk', f'operationName {task.get("operationName")}'
        disk = vdc_of(c).get_disk(disk_name)
        assert disk.get('status') == '1', f'status {disk.get("status")} after creation'
        assert disk.StorageProfile.get('name') == 'Gold', f'storage profile {disk.StorageProfile.get("name")}'
        s['disk'] = disk.get('href')
    ck.check('disk.create', disk_create, needs=['vapp.instantiate'])

    def disk_update():
        c = s['login.36.0.alice']
        vdc = vdc_of(c)
        ck.wait(c, vdc.update_disk(name=disk_name, new_size=2048 * 1024 * 1024, new_description='grown'))
        disk = vdc_of(c).get_disk(disk_name)
        assert disk.get('sizeMb') == '2048', f'sizeMb after update_disk {disk.get("sizeMb")}'
        assert str(disk.Description) == 'grown', f'description {disk.Description}'
        # Renaming alone keeps the size (update_disk sends the sizeMb it read).
        ck.wait(c, vdc_of(c).update_disk(name=disk_name, new_name=disk_name))
    ck.check('disk.update', disk_update, needs=['disk.create'])

    def disk_quota():
        c = s['login.36.0.alice']
        raises(BadRequestException, lambda: vdc_of(c).create_disk(ck.name('huge'), 3 * 1024 ** 4),
               'a disk larger than the storage profile has left')
        raises(EntityNotFoundException, lambda: vdc_of(c).get_disk(ck.name('huge')), 'get_disk of the refused disk')
    ck.check('disk.quota', disk_quota, needs=['disk.create'])

    def disk_attach():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['vapp'])
        vm_name = vapp.get_all_vms()[0].get('name')  # web-1, unless vm.edit-name renamed it
        ck.wait(c, vapp.attach_disk_to_vm(s['disk'], vm_name))
        [disk] = [d for d in vdc_of(c).get_disks() if d.get('name') == disk_name]
        vms = [r.get('name') for r in disk['attached_vms'].findall('{http://www.vmware.com/vcloud/v1.5}VmReference')]
        assert vms == [vm_name], f'attached_vms {vms}'
        vm = VM(c, resource=VApp(c, href=s['vapp']).get_vm(vm_name))
        sizes = sorted(d['diskVirtualQuantityInBytes'] for d in vm.list_virtual_hardware_section(is_cpu=False, is_memory=False, is_disk=True))
        assert 2048 * 1024 * 1024 in sizes, f'VM disks with the disk attached {sizes}'
        raises(BadRequestException, lambda: vdc_of(c).delete_disk(disk_name), 'delete of an attached disk')
        raises(BadRequestException, lambda: VApp(c, href=s['vapp']).attach_disk_to_vm(s['disk'], vm_name), 'a second attach')
        ck.wait(c, VApp(c, href=s['vapp']).detach_disk_from_vm(s['disk'], vm_name))
        raises(BadRequestException, lambda: VApp(c, href=s['vapp']).detach_disk_from_vm(s['disk'], vm_name), 'detach of a detached disk')
    ck.check('disk.attach-detach', disk_attach, needs=['disk.update', 'vm.sections'])

    def disk_owner_delete():
        admin = s['login.36.0.acme-admin']
        alice = Org(admin, resource=admin.get_org()).get_user('alice')
        vdc = vdc_of(admin)
        vdc.change_disk_owner(alice.get('href'), name=disk_name)
        assert vdc_of(admin).get_disk(disk_name).Owner.User.get('name') == 'alice', 'owner after change_disk_owner'
        c = s['login.36.0.alice']
        ck.wait(c, vdc_of(c).delete_disk(disk_name))
        raises(EntityNotFoundException, lambda: vdc_of(c).get_disk(disk_name), 'get_disk after delete')
    ck.check('disk.owner-delete', disk_owner_delete, needs=['disk.attach-detach', 'login.36.0.acme-admin'])

    # -- administrator on tenant vApps ------------------------------------------------------------

    def admin_vapp():
        c = s['login.36.0.administrator']
        vdc = VDC(c, resource=s['admin.acme-vdc'])
        vapp = vdc.get_vapp(vapp_name)  # adminVApp query with a vdc filter
        assert vapp.get('href') == s['vapp'], f'administrator get_vapp {short(vapp)}'
    ck.check('admin.get-tenant-vapp', admin_vapp, needs=['admin.tenant-vdcs', 'vapp.instantiate'])

    # -- snapshots, VM maintenance actions, OVF and media uploads (checks_vmact.py) ----------------

    checks_vmact.run(ck, raises)
    checks_transfer.run(ck, raises)

    # -- a VM's own disks, compliance and relocation (checks_vmdisk.py) ---------------------------

    checks_vmdisk.run(ck, raises)

    # -- deletes ----------------------------------------------------------------------------------

    def delete_vm():
        c = s['login.36.0.alice']
        vapp = VApp(c, href=s['nocancel'])
        vm = VM(c, resource=vapp.get_vm('worker-3'))
        ck.wait(c, vm.delete())
        vapp.reload()
        assert 'worker-3' not in [v.get('name') for v in vapp.get_all_vms()], 'worker-3 still there after delete'
    ck.check('vm.delete', delete_vm, needs=['rights.vapp-user-cancel'])

    def delete():
        c = s['login.36.0.alice']
        vdc = vdc_of(c)
        for key, nm in (('vapp', vapp_name), ('composed', composed), ('nocancel', ck.name('nocancel'))):
            if key not in s:
                continue
            vapp = VApp(c, href=s[key])
            if vapp.get_resource().get('deployed') == 'true':
                ck.wait(c, vapp.undeploy('powerOff'))
            ck.wait(c, vdc.delete_vapp(nm))
            raises(EntityNotFoundException, lambda: vdc_of(c).get_vapp(nm), f'get_vapp({nm}) after delete')
            raises(AccessForbiddenException, lambda: c.get_resource(s[key]), f'GET {nm} after delete')
    ck.check('vapp.delete', delete, needs=['login.36.0.alice'])

    def delete_running():
        c = s['login.36.0.alice']
        vdc = vdc_of(c)
        nm = ck.name('running')
        ck.wait_created(c, vdc.instantiate_vapp(nm, 'acme-catalog', 'ubuntu-22.04', deploy=True, power_on=True))
        vapp = VApp(c, resource=vdc_of(c).get_vapp(nm))
        assert vapp.is_powered_on(), f'status {vapp.get_power_state()} after instantiate with power_on'
        from pyvcloud.vcd.exceptions import BadRequestException
        raises(BadRequestException, lambda: vdc_of(c).delete_vapp(nm), 'delete of a running vApp')
        ck.wait(c, vdc_of(c).delete_vapp(nm, force=True))
        raises(EntityNotFoundException, lambda: vdc_of(c).get_vapp(nm), 'get_vapp after force delete')
    ck.check('vapp.delete-running', delete_running, needs=['login.36.0.alice'])

    # -- org VDC networks (NSX-T: routed on an edge gateway, isolated) ---------------------------

    def org_networks():
        c = s['login.36.0.acme-admin']
        vdc = VDC(c, resource=Org(c, resource=c.get_org()).get_vdc('acme-vdc'))
        iso, routed = ck.name('iso-net'), ck.name('routed-net')
        ck.wait_created(c, vdc.create_isolated_vdc_network(iso, '10.88.1.1/24', description='made by pyvcloud',
                                                           primary_dns_ip='10.88.1.53', ip_range_start='10.88.1.10',
                                                           ip_range_end='10.88.1.20'))
        net = VDC(c, resource=vdc.get_resource()).get_isolated_orgvdc_network(iso)
        assert str(net.Configuration.FenceMode) == 'isolated', f'fence mode {net.Configuration.FenceMode}'
        assert str(net.Configuration.IpScopes.IpScope.Gateway) == '10.88.1.1'
        gw = vdc.get_gateway('acme-edge')
        assert gw is not None and gw.get('name') == 'acme-edge', 'get_gateway(acme-edge) found nothing'
        ck.wait_created(c, vdc.create_routed_vdc_network(routed, 'acme-edge', '10.88.2.1/24', ip_range_start='10.88.2.10',
                                                         ip_range_end='10.88.2.20'))
        net = VDC(c, resource=vdc.get_resource()).get_routed_orgvdc_network(routed)
        assert net.EdgeGateway.get('name') == 'acme-edge', f'routed network on {net.EdgeGateway.get("name")}'
        # An overlapping subnet and a pool outside the subnet are refused.
        raises(BadRequestException, lambda: vdc.create_isolated_vdc_network(ck.name('overlap'), '10.88.1.129/25'),
               'an isolated network overlapping another')
        raises(BadRequestException, lambda: vdc.create_isolated_vdc_network(ck.name('outside'), '10.88.3.1/24', ip_range_start='10.88.4.10',
                                                                            ip_range_end='10.88.4.20'), 'a pool outside the subnet')
        # The records carry admin hrefs, as on VCD: pyvcloud's deletes go there.
        href = VDC(c, resource=vdc.get_resource()).get_orgvdc_network_admin_href_by_name(iso)
        assert '/api/admin/network/' in href, f'record href {href}'
        ck.wait(c, VDC(c, resource=vdc.get_resource()).delete_isolated_orgvdc_network(iso))
        ck.wait(c, VDC(c, resource=vdc.get_resource()).delete_routed_orgvdc_network(routed))
        left = names(VDC(c, resource=vdc.get_resource()).list_orgvdc_network_records())
        assert iso not in left and routed not in left, f'networks left {left}'
    ck.check('network.create-delete', org_networks, needs=['login.36.0.acme-admin'])

    # -- logout at the end ------------------------------------------------------------------------

    def logout_everyone():
        for key, c in list(s.items()):
            if key.startswith('login.') and isinstance(c, Client):
                c.logout()
    ck.check('logout.all', logout_everyone)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--url', required=True, help='vcdsim base URL, e.g. http://127.0.0.1:8080')
    ap.add_argument('--insecure', action='store_true', help='accept a self-signed certificate (verify_ssl_certs=False)')
    ap.add_argument('--timeout', type=float, default=20, help='deadline of each check, in seconds (default 20)')
    ap.add_argument('--only', help='run only the checks whose name matches this regular expression')
    ap.add_argument('--tag', default=f'py{os.getpid()}', help='prefix of the names of the vApps created')
    args = ap.parse_args()
    if args.insecure:
        warnings.filterwarnings('ignore', message='Unverified HTTPS request')
    ck = Checks(args.url, not args.insecure, args.timeout, args.only, args.tag)
    try:
        run(ck)
        from checks_admin import run_admin
        run_admin(ck, raises, names)
        from checks_groups import run_groups
        run_groups(ck, raises, names)
        from checks_download import run_download
        run_download(ck)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    sys.exit(ck.summary())


if __name__ == '__main__':
    main()
