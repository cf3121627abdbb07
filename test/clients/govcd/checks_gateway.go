package main

// Edge gateway services through govcd: application port profiles, firewall groups (IP sets), the gateway's
// firewall rules and NAT rules. They run before the logout checks (withGatewayChecks).

import (
	"strings"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

// gwState is what the gateway checks share (one run per process).
var gwState struct {
	org     *govcd.Org // acme, as acme-admin
	vdc     *govcd.Vdc // acme-vdc, as acme-admin
	profile *govcd.NsxtAppPortProfile
}

// withGatewayChecks puts the gateway checks before the logout checks.
func withGatewayChecks(checks []check) []check {
	for i, c := range checks {
		if strings.HasPrefix(c.name, "logout/") {
			out := append([]check{}, checks[:i]...)
			out = append(out, gatewayChecks()...)
			return append(out, checks[i:]...)
		}
	}
	return append(checks, gatewayChecks()...)
}

func profileNames(ps []*govcd.NsxtAppPortProfile) map[string]*types.NsxtAppPortProfile {
	m := map[string]*types.NsxtAppPortProfile{}
	for _, p := range ps {
		m[p.NsxtAppPortProfile.Name] = p.NsxtAppPortProfile
	}
	return m
}

func gatewayChecks() []check {
	g := &gwState
	return []check{
		{"gw/acme-as-org-admin", []string{"login/acme-admin"}, func(e *env) (err error) {
			if g.org, err = e.acmeAdmin.GetOrgByName("acme"); err != nil {
				return err
			}
			g.vdc, err = g.org.GetVDCByName("acme-vdc", false)
			return err
		}},

		// ---- application port profiles ----
		{"gw/app-port-profiles-system", []string{"gw/acme-as-org-admin"}, func(e *env) error {
			all, err := g.org.GetAllNsxtAppPortProfiles(nil, types.ApplicationPortProfileScopeSystem)
			if err != nil {
				return err
			}
			byName := profileNames(all)
			for _, want := range []struct{ name, protocol, port string }{{"HTTP", "TCP", "80"}, {"HTTPS", "TCP", "443"}, {"SSH", "TCP", "22"}, {"DNS-UDP", "UDP", "53"}} {
				p := byName[want.name]
				if p == nil {
					return fail("SYSTEM profile %s missing among %d", want.name, len(all))
				}
				if p.Scope != "SYSTEM" || len(p.ApplicationPorts) != 1 || p.ApplicationPorts[0].Protocol != want.protocol ||
					len(p.ApplicationPorts[0].DestinationPorts) != 1 || p.ApplicationPorts[0].DestinationPorts[0] != want.port {
					return fail("SYSTEM profile %s is %+v", want.name, p)
				}
			}
			if len(all) < 40 {
				return fail("only %d SYSTEM profiles (govcd pages through them all)", len(all))
			}
			one, err := g.org.GetNsxtAppPortProfileByName("HTTPS", types.ApplicationPortProfileScopeSystem)
			if err != nil {
				return err
			}
			if one.NsxtAppPortProfile.ID != byName["HTTPS"].ID {
				return fail("HTTPS by name has id %s, the list says %s", one.NsxtAppPortProfile.ID, byName["HTTPS"].ID)
			}
			tenant, err := g.org.GetAllNsxtAppPortProfiles(nil, types.ApplicationPortProfileScopeTenant)
			if err != nil {
				return err
			}
			for _, p := range tenant {
				if p.NsxtAppPortProfile.Scope != "TENANT" {
					return fail("scope==TENANT listed a %s profile", p.NsxtAppPortProfile.Scope)
				}
			}
			return nil
		}},
		{"gw/app-port-profile-create", []string{"gw/acme-as-org-admin"}, func(e *env) (err error) {
			cfg := &types.NsxtAppPortProfile{
				Name: e.name("web"), Description: "web ports", Scope: types.ApplicationPortProfileScopeTenant,
				OrgRef: &types.OpenApiReference{ID: g.org.Org.ID}, ContextEntityId: g.vdc.Vdc.ID,
				ApplicationPorts: []types.NsxtAppPortProfilePort{{Protocol: "TCP", DestinationPorts: []string{"8080"}}},
			}
			if g.profile, err = g.org.CreateNsxtAppPortProfile(cfg); err != nil {
				return err
			}
			p := g.profile.NsxtAppPortProfile
			if !strings.HasPrefix(p.ID, "urn:vcloud:applicationPortProfile:") || p.Name != cfg.Name || p.Scope != "TENANT" || p.ContextEntityId != g.vdc.Vdc.ID {
				return fail("created profile is %+v", p)
			}
			byId, err := g.org.GetNsxtAppPortProfileById(p.ID)
			if err != nil {
				return err
			}
			if byId.NsxtAppPortProfile.Name != cfg.Name {
				return fail("by id: name %q", byId.NsxtAppPortProfile.Name)
			}
			inVdc, err := g.vdc.GetNsxtAppPortProfileByName(cfg.Name, types.ApplicationPortProfileScopeTenant)
			if err != nil {
				return err
			}
			if inVdc.NsxtAppPortProfile.ID != p.ID {
				return fail("VDC lookup found %s", inVdc.NsxtAppPortProfile.ID)
			}
			return nil
		}},
		{"gw/app-port-profile-update", []string{"gw/app-port-profile-create"}, func(e *env) error {
			cfg := *g.profile.NsxtAppPortProfile
			cfg.Description = "web and alt ports"
			cfg.ApplicationPorts = []types.NsxtAppPortProfilePort{{Protocol: "TCP", DestinationPorts: []string{"8080", "8443-8445"}}, {Protocol: "ICMPv4"}}
			up, err := g.profile.Update(&cfg)
			if err != nil {
				return err
			}
			p := up.NsxtAppPortProfile
			if p.Description != cfg.Description || len(p.ApplicationPorts) != 2 || len(p.ApplicationPorts[0].DestinationPorts) != 2 || p.ApplicationPorts[1].Protocol != "ICMPv4" {
				return fail("updated profile is %+v", p)
			}
			g.profile = up
			return nil
		}},
		{"gw/app-port-profile-refused", []string{"gw/app-port-profile-create", "login/alice", "login/system-administrator"}, func(e *env) error {
			base := func(name string) *types.NsxtAppPortProfile {
				return &types.NsxtAppPortProfile{
					Name: name, Scope: types.ApplicationPortProfileScopeTenant, OrgRef: &types.OpenApiReference{ID: g.org.Org.ID},
					ContextEntityId: g.vdc.Vdc.ID, ApplicationPorts: []types.NsxtAppPortProfilePort{{Protocol: "TCP", DestinationPorts: []string{"80"}}},
				}
			}
			dup := base(g.profile.NsxtAppPortProfile.Name)
			if _, err := g.org.CreateNsxtAppPortProfile(dup); err == nil {
				return fail("a second TENANT profile named %s was accepted", dup.Name)
			}
			bad := base(e.name("bad-proto"))
			bad.ApplicationPorts[0].Protocol = "SCTP"
			if err := refused("a profile with protocol SCTP", createErr(g.org.CreateNsxtAppPortProfile(bad))); err != nil {
				return err
			}
			port := base(e.name("bad-port"))
			port.ApplicationPorts[0].DestinationPorts = []string{"70000"}
			if err := refused("a profile with port 70000", createErr(g.org.CreateNsxtAppPortProfile(port))); err != nil {
				return err
			}
			sys := base(e.name("system"))
			sys.Scope = types.ApplicationPortProfileScopeSystem
			if err := refused("a SYSTEM profile", createErr(g.org.CreateNsxtAppPortProfile(sys))); err != nil {
				return err
			}
			// alice (vApp Author) lacks the right to configure gateway services.
			aliceOrg, err := e.alice.GetOrgByName("acme")
			if err != nil {
				return err
			}
			if err := refused("a profile made by a vApp Author", createErr(aliceOrg.CreateNsxtAppPortProfile(base(e.name("alice"))))); err != nil {
				return err
			}
			// Another tenant sees no acme profile, by name or by id.
			globexAdmin, err := e.login("globex-admin", "globex")
			if err != nil {
				return err
			}
			defer globexAdmin.Disconnect()
			globex, err := globexAdmin.GetOrgByName("globex")
			if err != nil {
				return err
			}
			theirs, err := globex.GetAllNsxtAppPortProfiles(nil, types.ApplicationPortProfileScopeTenant)
			if err != nil {
				return err
			}
			if profileNames(theirs)[g.profile.NsxtAppPortProfile.Name] != nil {
				return fail("globex lists acme's profile")
			}
			if _, err := globex.GetNsxtAppPortProfileById(g.profile.NsxtAppPortProfile.ID); err == nil {
				return fail("globex reads acme's profile by id")
			}
			// SYSTEM profiles are read-only, even to the system administrator.
			sysOrg, err := e.sys.GetOrgByName("System")
			if err != nil {
				return err
			}
			https, err := sysOrg.GetNsxtAppPortProfileByName("HTTPS", types.ApplicationPortProfileScopeSystem)
			if err != nil {
				return err
			}
			return refused("deleting the SYSTEM profile HTTPS", https.Delete())
		}},
	}
}

func createErr[T any](_ T, err error) error { return err }
