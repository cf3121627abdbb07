"""pyvcloud checks of access control on VDCs and of groups, run last.

pyvcloud has no group functions: groups are read through the documents it fetches (the AdminOrg's Groups,
a user's GroupReferences) and the `group` query. VDC access control through VDC.get_access_settings,
unshare_from_org_members, add_access_settings (a user; a level other than ReadOnly refused),
remove_access_settings and share_with_org_members: a VDC shared with one user is hidden from the rest of
the org (Org.get_vdc finds nothing, its href is refused) and its own ACL is the org administrator's to read.
"""
from pyvcloud.vcd.client import QueryResultFormat, ResourceType
from pyvcloud.vcd.exceptions import AccessForbiddenException, BadRequestException
from pyvcloud.vcd.org import Org
from pyvcloud.vcd.vdc import VDC


def run_groups(ck, raises, names):
    s = ck.state

    def login():
        s['groups.admin'] = ck.login('acme-admin', 'acme')
        s['groups.alice'] = ck.login('alice', 'acme')
        s['groups.bob'] = ck.login('bob', 'acme')
    ck.check('groups.login', login)

    def groups_read():
        c = s['groups.admin']
        admin_org = c.get_resource(c.get_org().get('href').replace('/api/org/', '/api/admin/org/'))
        groups = sorted(g.get('name') for g in admin_org.Groups.GroupReference)
        assert groups == ['acme-console', 'acme-developers'], f'AdminOrg Groups {groups}'
        alice = c.get_resource(Org(c, resource=c.get_org()).get_user('alice').get('href'))
        refs = [g.get('name') for g in alice.GroupReferences.GroupReference]
        assert refs == ['acme-developers'], f"alice's GroupReferences {refs}"
        q = c.get_typed_query(ResourceType.GROUP.value, query_result_format=QueryResultFormat.RECORDS)
        recs = sorted((r.get('name'), r.get('roleName')) for r in q.execute())
        assert recs == [('acme-console', 'Console Access Only'), ('acme-developers', 'vApp Author')], f'group query {recs}'
        # A vApp Author reads neither the AdminOrg nor a group.
        a = s['groups.alice']
        href = admin_org.Groups.GroupReference[0].get('href')
        raises(AccessForbiddenException, lambda: a.get_resource(href), 'alice: GET a group')
    ck.check('groups.read', groups_read, needs=['groups.login'])

    def find(c, name='acme-dev'):
        return Org(c, resource=c.get_org()).get_vdc(name)

    def vdc_of(c, name='acme-dev'):
        return VDC(c, resource=find(c, name))

    def hidden(c, who):
        # Org.get_vdc answers None for a VDC the org's query does not list.
        assert find(c) is None, f'{who} finds acme-dev'

    def vdc_access():
        c, a, b = s['groups.admin'], s['groups.alice'], s['groups.bob']
        vdc = vdc_of(c)
        href = vdc.href
        acl = vdc.get_access_settings()
        assert acl.IsSharedToEveryone.text == 'true' and acl.EveryoneAccessLevel.text == 'ReadOnly', 'acme-dev is not shared with everyone by default'
        vdc_of(b)
        vdc.unshare_from_org_members()
        hidden(a, 'alice (unshared)')
        vdc = vdc_of(c)
        raises(BadRequestException, lambda: vdc.add_access_settings([{'type': 'user', 'name': 'alice', 'access_level': 'Change'}]),
               'Change access on a VDC')
        vdc.add_access_settings([{'type': 'user', 'name': 'alice', 'access_level': 'ReadOnly'}])
        acl = vdc_of(c).get_access_settings()
        subjects = [x.Subject.get('name') for x in acl.AccessSettings.AccessSetting]
        assert acl.IsSharedToEveryone.text == 'false' and subjects == ['alice'], f'ACL {acl.IsSharedToEveryone} {subjects}'
        vdc_of(a)
        hidden(b, 'bob (shared with alice only)')
        raises(AccessForbiddenException, lambda: b.get_resource(href), 'bob: GET acme-dev')
        # Reading the ACL is the org administrator's (Organization vDC: View ACL).
        raises(AccessForbiddenException, lambda: a.get_resource(f'{href}/controlAccess'), 'alice reads the VDC ACL')
        vdc = vdc_of(c)
        vdc.remove_access_settings(remove_all=True)
        hidden(a, 'alice (after remove_access_settings)')
        vdc_of(c).share_with_org_members()
        vdc_of(a)
        vdc_of(b)
        raises(BadRequestException, lambda: vdc_of(c).share_with_org_members(everyone_access_level='FullControl'),
               'FullControl for everyone on a VDC')
    ck.check('vdc-access.share-unshare', vdc_access, needs=['groups.login'])
