package main

// Checks of groups and of access control on VDCs: acme's groups read (the LDAP group of the fixture, its
// members' GroupReferences), an LDAP group imported from acme's directory (its member gains the group's
// role: bob, a vApp User, may make a vApp while he is in a vApp Author group), a SAML group by
// name, updated and deleted; a duplicate, a group the directory lacks and a caller without the right to
// manage groups refused. A VDC shared with one user or one group is hidden from the rest of the org
// (by name, by href, and from deploying into it), and a level other than ReadOnly is refused. They log in
// on their own and run last.

import (
	"strings"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

type groupState struct {
	admin, alice, bob *govcd.VCDClient
	acme              *govcd.AdminOrg // acme as acme-admin sees it
	readers           *govcd.OrgGroup // acme-readers, imported from the directory
}

var grp = &groupState{}

func roleRef(ao *govcd.AdminOrg, name string) (*types.Reference, error) {
	return ao.GetRoleReference(name)
}

// vdcAs: acme's VDC `name` as `c` finds it by name.
func vdcAs(c *govcd.VCDClient, name string) (*govcd.Vdc, error) {
	org, err := c.GetOrgByName("acme")
	if err != nil {
		return nil, err
	}
	return org.GetVDCByName(name, true)
}

func groupChecks() []check {
	return []check{
		{"groups/login", nil, func(e *env) (err error) {
			if grp.admin, err = e.login("acme-admin", "acme"); err != nil {
				return err
			}
			if grp.alice, err = e.login("alice", "acme"); err != nil {
				return err
			}
			if grp.bob, err = e.login("bob", "acme"); err != nil {
				return err
			}
			grp.acme, err = grp.admin.GetAdminOrgByName("acme")
			return err
		}},
		{"groups/read", []string{"groups/login"}, func(e *env) error {
			g, err := grp.acme.GetGroupByName("acme-developers", true)
			if err != nil {
				return err
			}
			if g.Group.ProviderType != "INTEGRATED" || g.Group.Role == nil || g.Group.Role.Name != "vApp Author" {
				return fail("acme-developers: provider %q role %+v", g.Group.ProviderType, g.Group.Role)
			}
			var members []string
			if g.Group.UsersList != nil {
				for _, u := range g.Group.UsersList.UserReference {
					members = append(members, u.Name)
				}
			}
			if strings.Join(members, ",") != "alice,carol" {
				return fail("acme-developers members %v, want alice and carol", members)
			}
			if _, err := grp.acme.GetGroupById(g.Group.ID, false); err != nil {
				return fail("GetGroupById: %s", err)
			}
			alice, err := grp.acme.GetUserByName("alice", false)
			if err != nil {
				return err
			}
			if alice.User.GroupReferences == nil || len(alice.User.GroupReferences.GroupReference) != 1 || alice.User.GroupReferences.GroupReference[0].Name != "acme-developers" {
				return fail("alice's GroupReferences: %+v", alice.User.GroupReferences)
			}
			if _, err := grp.acme.GetGroupByName("no-such-group", false); err == nil {
				return fail("an unknown group was found")
			}
			return nil
		}},
		{"groups/import-ldap", []string{"groups/login"}, func(e *env) error {
			author, err := roleRef(grp.acme, "vApp Author")
			if err != nil {
				return err
			}
			bobVdc, err := vdcAs(grp.bob, "acme-vdc")
			if err != nil {
				return err
			}
			if err := refused("a vApp made by bob (vApp User)", second(bobVdc.CreateRawVApp(e.name("bob-app0"), ""))); err != nil {
				return err
			}
			g, err := grp.acme.CreateGroup(&types.Group{Name: "acme-readers", ProviderType: govcd.OrgUserProviderIntegrated, Role: author})
			if err != nil {
				return err
			}
			grp.readers = g
			if g.Group.UsersList == nil || len(g.Group.UsersList.UserReference) != 1 || g.Group.UsersList.UserReference[0].Name != "bob" {
				return fail("acme-readers members: %+v", g.Group.UsersList)
			}
			// bob's session is the same: rights are read on every request.
			app, err := bobVdc.CreateRawVApp(e.name("bob-app"), "made through a group's role")
			if err != nil {
				return fail("bob, in a vApp Author group, cannot make a vApp: %s", err)
			}
			if err := refused("a duplicate group", second(grp.acme.CreateGroup(&types.Group{Name: "acme-readers", ProviderType: govcd.OrgUserProviderIntegrated, Role: author}))); err != nil {
				return err
			}
			if err := refused("an LDAP group the directory lacks", second(grp.acme.CreateGroup(&types.Group{Name: e.name("ldap"), ProviderType: govcd.OrgUserProviderIntegrated, Role: author}))); err != nil {
				return err
			}
			return wait(app.Delete())
		}},
		{"groups/saml-update-delete", []string{"groups/login"}, func(e *env) error {
			user, err := roleRef(grp.acme, "vApp User")
			if err != nil {
				return err
			}
			g, err := grp.acme.CreateGroup(&types.Group{Name: e.name("saml"), ProviderType: govcd.OrgUserProviderSAML, Role: user, Description: "from SAML"})
			if err != nil {
				return err
			}
			got, err := grp.acme.GetGroupByName(e.name("saml"), true)
			if err != nil {
				return err
			}
			if got.Group.ProviderType != "SAML" || got.Group.Role.Name != "vApp User" {
				return fail("SAML group read back: %s %+v", got.Group.ProviderType, got.Group.Role)
			}
			console, err := roleRef(grp.acme, "Console Access Only")
			if err != nil {
				return err
			}
			got.Group.Role = console
			if err := got.Update(); err != nil {
				return err
			}
			again, err := grp.acme.GetGroupByName(e.name("saml"), true)
			if err != nil {
				return err
			}
			if again.Group.Role.Name != "Console Access Only" {
				return fail("role after Update: %s", again.Group.Role.Name)
			}
			if err := g.Delete(); err != nil {
				return err
			}
			if _, err := grp.acme.GetGroupByName(e.name("saml"), true); err == nil {
				return fail("the deleted group is still found")
			}
			return nil
		}},
		{"groups/missing-rights", []string{"groups/login"}, func(e *env) error {
			// alice (vApp Author) holds neither Administrator View nor Group / User: Manage.
			if err := refused("alice reading the AdminOrg", second(grp.alice.GetAdminOrgByName("acme"))); err != nil {
				return err
			}
			ao := govcd.NewAdminOrg(&grp.alice.Client)
			ao.AdminOrg = grp.acme.AdminOrg
			user, err := roleRef(grp.acme, "vApp User")
			if err != nil {
				return err
			}
			if err := refused("a group imported by alice", second(ao.CreateGroup(&types.Group{Name: e.name("alice"), ProviderType: govcd.OrgUserProviderSAML, Role: user}))); err != nil {
				return err
			}
			g, err := grp.acme.GetGroupByName("acme-developers", true)
			if err != nil {
				return err
			}
			if err := refused("alice reading a group", second(ao.GetGroupByHref(g.Group.Href))); err != nil {
				return err
			}
			return nil
		}},
		{"vdc-access/default-everyone", []string{"groups/login"}, func(e *env) error {
			vdc, err := vdcAs(grp.admin, "acme-dev")
			if err != nil {
				return err
			}
			acl, err := vdc.GetControlAccess(true)
			if err != nil {
				return err
			}
			if !acl.IsSharedToEveryone || acl.EveryoneAccessLevel == nil || *acl.EveryoneAccessLevel != "ReadOnly" {
				return fail("acme-dev's default access: %+v", acl)
			}
			if _, err := vdcAs(grp.bob, "acme-dev"); err != nil {
				return fail("bob cannot see acme-dev shared with everyone: %s", err)
			}
			return nil
		}},
		{"vdc-access/one-user", []string{"vdc-access/default-everyone", "groups/import-ldap"}, func(e *env) error {
			vdc, err := vdcAs(grp.admin, "acme-dev")
			if err != nil {
				return err
			}
			alice, err := grp.acme.GetUserByName("alice", false)
			if err != nil {
				return err
			}
			aliceSubject := &types.LocalSubject{HREF: alice.User.Href, Name: alice.User.Name, Type: types.MimeAdminUser}
			acl, err := vdc.SetControlAccess(false, "", []*types.AccessSetting{{Subject: aliceSubject, AccessLevel: types.ControlAccessReadOnly}}, true)
			if err != nil {
				return err
			}
			if acl.IsSharedToEveryone || acl.AccessSettings == nil || len(acl.AccessSettings.AccessSetting) != 1 || acl.AccessSettings.AccessSetting[0].Subject.Name != "alice" {
				return fail("ACL after sharing with alice: %+v", acl)
			}
			if _, err := vdcAs(grp.alice, "acme-dev"); err != nil {
				return fail("alice cannot see acme-dev shared with her: %s", err)
			}
			if err := refused("bob finding acme-dev by name", second(vdcAs(grp.bob, "acme-dev"))); err != nil {
				return err
			}
			bobOrg, err := grp.bob.GetOrgByName("acme")
			if err != nil {
				return err
			}
			if err := refused("bob reading acme-dev by href", second(bobOrg.GetVDCByHref(vdc.Vdc.HREF))); err != nil {
				return err
			}
			if err := refused("Change access on a VDC", second(vdc.SetControlAccess(false, "", []*types.AccessSetting{{Subject: aliceSubject, AccessLevel: types.ControlAccessReadWrite}}, true))); err != nil {
				return err
			}
			if err := refused("FullControl for everyone on a VDC", second(vdc.SetControlAccess(true, types.ControlAccessFullControl, nil, true))); err != nil {
				return err
			}
			return nil
		}},
		{"vdc-access/group", []string{"vdc-access/one-user"}, func(e *env) error {
			vdc, err := vdcAs(grp.admin, "acme-dev")
			if err != nil {
				return err
			}
			g := grp.readers.Group
			if _, err := vdc.SetControlAccess(false, "", []*types.AccessSetting{{Subject: &types.LocalSubject{HREF: g.Href, Name: g.Name, Type: types.MimeAdminGroup}, AccessLevel: types.ControlAccessReadOnly}}, true); err != nil {
				return err
			}
			if _, err := vdcAs(grp.bob, "acme-dev"); err != nil {
				return fail("bob, in acme-readers, cannot see acme-dev shared with the group: %s", err)
			}
			aliceVdc, err := vdcAs(grp.alice, "acme-vdc")
			if err != nil {
				return err
			}
			_ = aliceVdc
			if err := refused("alice finding acme-dev shared with a group she is not in", second(vdcAs(grp.alice, "acme-dev"))); err != nil {
				return err
			}
			return nil
		}},
		{"vdc-access/unshared-no-deploy", []string{"vdc-access/one-user"}, func(e *env) error {
			vdc, err := vdcAs(grp.admin, "acme-dev")
			if err != nil {
				return err
			}
			// alice finds it while shared with everyone, then it is unshared: her Vdc can no longer take vApps.
			if _, err := vdc.SetControlAccess(true, types.ControlAccessReadOnly, nil, true); err != nil {
				return err
			}
			aliceVdc, err := vdcAs(grp.alice, "acme-dev")
			if err != nil {
				return err
			}
			acl, err := vdc.DeleteControlAccess(true)
			if err != nil {
				return err
			}
			if acl.IsSharedToEveryone || (acl.AccessSettings != nil && len(acl.AccessSettings.AccessSetting) > 0) {
				return fail("ACL after DeleteControlAccess: %+v", acl)
			}
			if err := refused("alice making a vApp in the unshared VDC", second(aliceVdc.CreateRawVApp(e.name("hidden"), ""))); err != nil {
				return err
			}
			if _, err := vdcAs(grp.admin, "acme-dev"); err != nil {
				return fail("the org administrator lost the unshared VDC: %s", err)
			}
			return nil
		}},
		{"vdc-access/restore", []string{"groups/login"}, func(e *env) error {
			vdc, err := vdcAs(grp.admin, "acme-dev")
			if err != nil {
				return err
			}
			if _, err := vdc.SetControlAccess(true, types.ControlAccessReadOnly, nil, true); err != nil {
				return err
			}
			if grp.readers != nil {
				if err := grp.readers.Delete(); err != nil {
					return err
				}
				if _, err := grp.acme.GetGroupByName("acme-readers", true); err == nil {
					return fail("acme-readers is still found after Delete")
				}
			}
			_, err = vdcAs(grp.bob, "acme-dev")
			return err
		}},
	}
}
