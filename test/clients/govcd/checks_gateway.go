package main

// Edge gateway services through govcd: application port profiles, firewall groups (IP sets), the gateway's
// firewall rules and NAT rules. They run before the logout checks (withGatewayChecks).

import (
	"fmt"
	"strings"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

// gwState is what the gateway checks share (one run per process).
var gwState struct {
	org     *govcd.Org // acme, as acme-admin
	vdc     *govcd.Vdc // acme-vdc, as acme-admin
	profile *govcd.NsxtAppPortProfile
	egw     *govcd.NsxtEdgeGateway // acme-edge, as acme-admin
	ipSet   *govcd.NsxtFirewallGroup
	ipSet2  *govcd.NsxtFirewallGroup
	dnat    *govcd.NsxtNatRule
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

// natRule is a DNAT rule of acme-edge (external addresses 203.0.113.10-14 are the gateway's).
func natRule(name, external string) *types.NsxtNatRule {
	return &types.NsxtNatRule{Name: name, Enabled: true, Type: "DNAT", ExternalAddresses: external, InternalAddresses: "10.10.10.5", FirewallMatch: "MATCH_INTERNAL_ADDRESS"}
}

func gatewayServiceChecks() []check {
	g := &gwState
	return []check{
		{"gw/edge-gateway", []string{"gw/acme-as-org-admin"}, func(e *env) (err error) {
			g.egw, err = g.org.GetNsxtEdgeGatewayByName("acme-edge")
			return err
		}},

		// ---- firewall groups ----
		{"gw/ip-set-create", []string{"gw/edge-gateway"}, func(e *env) (err error) {
			cfg := &types.NsxtFirewallGroup{
				Name: e.name("web-clients"), Description: "clients", TypeValue: types.FirewallGroupTypeIpSet,
				OwnerRef: &types.OpenApiReference{ID: g.egw.EdgeGateway.ID}, IpAddresses: []string{"192.0.2.1", "198.51.100.0/24", "10.0.0.1-10.0.0.9"},
			}
			if g.ipSet, err = g.egw.CreateNsxtFirewallGroup(cfg); err != nil {
				return err
			}
			p := g.ipSet.NsxtFirewallGroup
			if !strings.HasPrefix(p.ID, "urn:vcloud:firewallGroup:") || len(p.IpAddresses) != 3 || !g.ipSet.IsIpSet() || p.OwnerRef == nil || p.OwnerRef.ID != g.egw.EdgeGateway.ID {
				return fail("created IP set is %+v", p)
			}
			byName, err := g.egw.GetNsxtFirewallGroupByName(cfg.Name, types.FirewallGroupTypeIpSet)
			if err != nil {
				return err
			}
			if byName.NsxtFirewallGroup.ID != p.ID {
				return fail("by name: %s", byName.NsxtFirewallGroup.ID)
			}
			all, err := g.egw.GetAllNsxtFirewallGroups(nil, types.FirewallGroupTypeIpSet)
			if err != nil {
				return err
			}
			if len(all) != 1 {
				return fail("the gateway lists %d IP sets, want 1", len(all))
			}
			cfg2 := *cfg
			cfg2.Name, cfg2.IpAddresses = e.name("admins"), []string{"192.0.2.10"}
			g.ipSet2, err = g.egw.CreateNsxtFirewallGroup(&cfg2)
			return err
		}},
		{"gw/ip-set-update", []string{"gw/ip-set-create"}, func(e *env) error {
			cfg := *g.ipSet.NsxtFirewallGroup
			cfg.IpAddresses = append(cfg.IpAddresses, "203.0.113.200")
			up, err := g.ipSet.Update(&cfg)
			if err != nil {
				return err
			}
			if len(up.NsxtFirewallGroup.IpAddresses) != 4 {
				return fail("updated IP set has %v", up.NsxtFirewallGroup.IpAddresses)
			}
			g.ipSet = up
			return nil
		}},
		{"gw/ip-set-refused", []string{"gw/ip-set-create"}, func(e *env) error {
			bad := &types.NsxtFirewallGroup{Name: e.name("bad"), TypeValue: types.FirewallGroupTypeIpSet, OwnerRef: &types.OpenApiReference{ID: g.egw.EdgeGateway.ID}, IpAddresses: []string{"300.1.1.1"}}
			if err := refused("an IP set with 300.1.1.1", createErr(g.egw.CreateNsxtFirewallGroup(bad))); err != nil {
				return err
			}
			dup := &types.NsxtFirewallGroup{Name: g.ipSet.NsxtFirewallGroup.Name, TypeValue: types.FirewallGroupTypeIpSet, OwnerRef: &types.OpenApiReference{ID: g.egw.EdgeGateway.ID}, IpAddresses: []string{"192.0.2.2"}}
			return refused("a second IP set of the same name", createErr(g.egw.CreateNsxtFirewallGroup(dup)))
		}},

		// ---- firewall rules ----
		{"gw/firewall-update", []string{"gw/ip-set-update", "gw/app-port-profile-update"}, func(e *env) error {
			https, err := g.org.GetNsxtAppPortProfileByName("HTTPS", types.ApplicationPortProfileScopeSystem)
			if err != nil {
				return err
			}
			rules := &types.NsxtFirewallRuleContainer{UserDefinedRules: []*types.NsxtFirewallRule{
				{Name: "allow-web", Action: "ALLOW", Enabled: true, IpProtocol: "IPV4", Direction: "IN",
					SourceFirewallGroups:    []types.OpenApiReference{{ID: g.ipSet.NsxtFirewallGroup.ID}},
					ApplicationPortProfiles: []types.OpenApiReference{{ID: https.NsxtAppPortProfile.ID}, {ID: g.profile.NsxtAppPortProfile.ID}}},
				{Name: "admins-ssh", Action: "ALLOW", Enabled: true, IpProtocol: "IPV4_IPV6", Direction: "IN_OUT", Logging: true,
					SourceFirewallGroups: []types.OpenApiReference{{ID: g.ipSet2.NsxtFirewallGroup.ID}}},
				{Name: "drop-rest", Action: "DROP", Enabled: false, IpProtocol: "IPV4", Direction: "OUT"},
			}}
			fw, err := g.egw.UpdateNsxtFirewall(rules)
			if err != nil {
				return err
			}
			got := fw.NsxtFirewallRuleContainer.UserDefinedRules
			if len(got) != 3 || got[0].Name != "allow-web" || got[2].Name != "drop-rest" || got[0].ID == "" || len(got[0].ApplicationPortProfiles) != 2 || len(got[1].SourceFirewallGroups) != 1 {
				return fail("firewall after update: %d rules %+v", len(got), got)
			}
			// The order is the one sent: reversed, it reads back reversed.
			rules.UserDefinedRules[0], rules.UserDefinedRules[2] = rules.UserDefinedRules[2], rules.UserDefinedRules[0]
			if _, err := g.egw.UpdateNsxtFirewall(rules); err != nil {
				return err
			}
			read, err := g.egw.GetNsxtFirewall()
			if err != nil {
				return err
			}
			got = read.NsxtFirewallRuleContainer.UserDefinedRules
			if len(got) != 3 || got[0].Name != "drop-rest" || got[2].Name != "allow-web" || len(read.NsxtFirewallRuleContainer.DefaultRules) != 1 {
				return fail("firewall as read: %+v", read.NsxtFirewallRuleContainer)
			}
			return nil
		}},
		{"gw/firewall-refused", []string{"gw/firewall-update"}, func(e *env) error {
			missing := &types.NsxtFirewallRuleContainer{UserDefinedRules: []*types.NsxtFirewallRule{
				{Name: "ghost", Action: "ALLOW", Enabled: true, IpProtocol: "IPV4", Direction: "IN",
					SourceFirewallGroups: []types.OpenApiReference{{ID: "urn:vcloud:firewallGroup:00000000-0000-4000-8000-000000000000"}}},
			}}
			if err := refused("a rule referencing a missing firewall group", createErr(g.egw.UpdateNsxtFirewall(missing))); err != nil {
				return err
			}
			badProfile := &types.NsxtFirewallRuleContainer{UserDefinedRules: []*types.NsxtFirewallRule{
				{Name: "ghost", Action: "ALLOW", Enabled: true, IpProtocol: "IPV4", Direction: "IN",
					ApplicationPortProfiles: []types.OpenApiReference{{ID: "urn:vcloud:applicationPortProfile:00000000-0000-4000-8000-000000000000"}}},
			}}
			if err := refused("a rule referencing a missing port profile", createErr(g.egw.UpdateNsxtFirewall(badProfile))); err != nil {
				return err
			}
			// Nothing changed, and a group in use cannot go.
			read, err := g.egw.GetNsxtFirewall()
			if err != nil {
				return err
			}
			if len(read.NsxtFirewallRuleContainer.UserDefinedRules) != 3 {
				return fail("a refused update changed the rules: %d", len(read.NsxtFirewallRuleContainer.UserDefinedRules))
			}
			return refused("deleting an IP set a rule uses", g.ipSet2.Delete())
		}},
		{"gw/firewall-delete-rule", []string{"gw/firewall-refused"}, func(e *env) error {
			fw, err := g.egw.GetNsxtFirewall()
			if err != nil {
				return err
			}
			var id string
			for _, r := range fw.NsxtFirewallRuleContainer.UserDefinedRules {
				if r.Name == "admins-ssh" {
					id = r.ID
				}
			}
			if err := fw.DeleteRuleById(id); err != nil {
				return err
			}
			if err := g.ipSet2.Delete(); err != nil {
				return fail("the IP set no rule uses any more: %s", err)
			}
			if _, err := g.egw.GetNsxtFirewallGroupById(g.ipSet2.NsxtFirewallGroup.ID); err == nil {
				return fail("deleted IP set still readable")
			}
			return nil
		}},

		// ---- NAT rules ----
		{"gw/nat-create", []string{"gw/edge-gateway", "gw/app-port-profile-update"}, func(e *env) (err error) {
			ssh, err := g.org.GetNsxtAppPortProfileByName("SSH", types.ApplicationPortProfileScopeSystem)
			if err != nil {
				return err
			}
			cfg := natRule(e.name("ssh-in"), "203.0.113.11")
			cfg.ApplicationPortProfile = &types.OpenApiReference{ID: ssh.NsxtAppPortProfile.ID}
			cfg.DnatExternalPort = "2222"
			prio := 10
			cfg.Priority = &prio
			if g.dnat, err = g.egw.CreateNatRule(cfg); err != nil {
				return err
			}
			r := g.dnat.NsxtNatRule
			if r.ID == "" || r.Type != "DNAT" || r.ExternalAddresses != "203.0.113.11" || r.Priority == nil || *r.Priority != 10 || r.DnatExternalPort != "2222" {
				return fail("created NAT rule is %+v", r)
			}
			for _, c := range []*types.NsxtNatRule{
				{Name: e.name("snat-out"), Enabled: true, Type: "SNAT", ExternalAddresses: "203.0.113.10", InternalAddresses: "10.10.10.0/24", SnatDestinationAddresses: "8.8.8.8"},
				{Name: e.name("no-snat"), Enabled: true, Type: "NO_SNAT", InternalAddresses: "10.10.10.0/24"},
				{Name: e.name("no-dnat"), Enabled: true, Type: "NO_DNAT", ExternalAddresses: "203.0.113.12"},
				{Name: e.name("reflexive"), Enabled: true, Type: "REFLEXIVE", ExternalAddresses: "203.0.113.13", InternalAddresses: "10.10.10.6"},
			} {
				if _, err := g.egw.CreateNatRule(c); err != nil {
					return fail("%s: %s", c.Type, err)
				}
			}
			if n, err := ownNatRules(e); err != nil || n != 5 {
				return fail("%d NAT rules of this run, want 5 (%v)", n, err)
			}
			byName, err := g.egw.GetNatRuleByName(e.name("reflexive"))
			if err != nil {
				return err
			}
			if byName.NsxtNatRule.Type != "REFLEXIVE" {
				return fail("reflexive rule reads as %s", byName.NsxtNatRule.Type)
			}
			return nil
		}},
		{"gw/nat-update", []string{"gw/nat-create"}, func(e *env) error {
			cfg := *g.dnat.NsxtNatRule
			cfg.ExternalAddresses = "203.0.113.14"
			cfg.Description = "moved"
			up, err := g.dnat.Update(&cfg)
			if err != nil {
				return err
			}
			if up.NsxtNatRule.ExternalAddresses != "203.0.113.14" || up.NsxtNatRule.Description != "moved" {
				return fail("updated NAT rule is %+v", up.NsxtNatRule)
			}
			if up.NsxtNatRule.Version == nil || up.NsxtNatRule.Version.Version == nil || *up.NsxtNatRule.Version.Version != 1 {
				return fail("version after one update: %+v", up.NsxtNatRule.Version)
			}
			g.dnat, _ = g.egw.GetNatRuleById(up.NsxtNatRule.ID)
			return nil
		}},
		{"gw/nat-refused", []string{"gw/nat-create"}, func(e *env) error {
			if err := refused("a DNAT rule on an address not allocated to the gateway", createErr(g.egw.CreateNatRule(natRule(e.name("outside"), "198.51.100.7")))); err != nil {
				return err
			}
			if err := refused("a second NAT rule of the same name", createErr(g.egw.CreateNatRule(natRule(g.dnat.NsxtNatRule.Name, "203.0.113.12")))); err != nil {
				return err
			}
			if err := refused("a NO_SNAT rule with external addresses", createErr(g.egw.CreateNatRule(&types.NsxtNatRule{Name: e.name("x"), Type: "NO_SNAT", ExternalAddresses: "203.0.113.10", InternalAddresses: "10.0.0.1"}))); err != nil {
				return err
			}
			multi := natRule(e.name("multi"), "203.0.113.12")
			multi.ApplicationPortProfile = &types.OpenApiReference{ID: g.profile.NsxtAppPortProfile.ID}
			if err := refused("a NAT rule with a profile of several ports", createErr(g.egw.CreateNatRule(multi))); err != nil {
				return err
			}
			// A profile a NAT rule uses cannot be deleted.
			if n, err := ownNatRules(e); err != nil || n != 5 {
				return fail("refused creates left %d NAT rules of this run, want 5 (%v)", n, err)
			}
			return nil
		}},
		{"gw/busy", []string{"gw/nat-create"}, func(e *env) error {
			// A change applied while another runs on the gateway is refused with VCD's busy error.
			client := &e.acmeAdmin.Client
			url, err := client.OpenApiBuildEndpoint(fmt.Sprintf(types.OpenApiPathVersion1_0_0+types.OpenApiEndpointNsxtNatRules, g.egw.EdgeGateway.ID))
			if err != nil {
				return err
			}
			task, err := client.OpenApiPostItemAsync("37.0", url, nil, natRule(e.name("first"), "203.0.113.12"))
			if err != nil {
				return err
			}
			_, second := g.egw.CreateNatRule(natRule(e.name("second"), "203.0.113.12"))
			if second == nil || !strings.Contains(second.Error(), "is busy completing an operation") {
				return fail("a NAT rule created while another is applied: %v", second)
			}
			if err := task.WaitTaskCompletion(); err != nil {
				return err
			}
			_, err = g.egw.GetNatRuleByName(e.name("first"))
			return err
		}},
		{"gw/nat-delete", []string{"gw/nat-update", "gw/nat-refused", "gw/busy"}, func(e *env) error {
			all, err := g.egw.GetAllNatRules(nil)
			if err != nil {
				return err
			}
			for _, r := range all {
				if err := r.Delete(); err != nil {
					return err
				}
			}
			if all, err = g.egw.GetAllNatRules(nil); err != nil || len(all) != 0 {
				return fail("after deleting every NAT rule: %d left (%v)", len(all), err)
			}
			return nil
		}},
		{"gw/firewall-delete-all", []string{"gw/firewall-delete-rule"}, func(e *env) error {
			fw, err := g.egw.GetNsxtFirewall()
			if err != nil {
				return err
			}
			if err := fw.DeleteAllRules(); err != nil {
				return err
			}
			if fw, err = g.egw.GetNsxtFirewall(); err != nil || len(fw.NsxtFirewallRuleContainer.UserDefinedRules) != 0 {
				return fail("after DeleteAllRules: %v %v", fw, err)
			}
			return g.ipSet.Delete()
		}},
		{"gw/static-routes", []string{"gw/edge-gateway"}, func(e *env) error {
			cfg := &types.NsxtEdgeGatewayStaticRoute{Name: e.name("to-branch"), Description: "branch office", NetworkCidr: "10.50.0.0/16",
				NextHops: []types.NsxtEdgeGatewayStaticRouteNextHops{{IPAddress: "203.0.113.1", AdminDistance: 2}}}
			route, err := g.egw.CreateStaticRoute(cfg)
			if err != nil {
				return err
			}
			r := route.NsxtEdgeGatewayStaticRoute
			if r.ID == "" || r.NetworkCidr != "10.50.0.0/16" || len(r.NextHops) != 1 || r.NextHops[0].AdminDistance != 2 {
				return fail("created static route is %+v", r)
			}
			byCidr, err := g.egw.GetStaticRouteByNetworkCidr("10.50.0.0/16")
			if err != nil {
				return err
			}
			up := *byCidr.NsxtEdgeGatewayStaticRoute
			up.NextHops = append(up.NextHops, types.NsxtEdgeGatewayStaticRouteNextHops{IPAddress: "203.0.113.2", AdminDistance: 5})
			updated, err := byCidr.Update(&up)
			if err != nil {
				return err
			}
			if len(updated.NsxtEdgeGatewayStaticRoute.NextHops) != 2 {
				return fail("updated static route is %+v", updated.NsxtEdgeGatewayStaticRoute)
			}
			bad := &types.NsxtEdgeGatewayStaticRoute{Name: e.name("bad"), NetworkCidr: "10.60.0.0/40", NextHops: []types.NsxtEdgeGatewayStaticRouteNextHops{{IPAddress: "203.0.113.1", AdminDistance: 1}}}
			if err := refused("a static route to 10.60.0.0/40", createErr(g.egw.CreateStaticRoute(bad))); err != nil {
				return err
			}
			if err := updated.Delete(); err != nil {
				return err
			}
			if _, err := g.egw.GetStaticRouteByName(e.name("to-branch")); err == nil {
				return fail("deleted static route still found")
			}
			return nil
		}},
		{"gw/app-port-profile-delete", []string{"gw/app-port-profile-create"}, func(e *env) error {
			if err := g.profile.Delete(); err != nil {
				return err
			}
			if _, err := g.org.GetNsxtAppPortProfileById(g.profile.NsxtAppPortProfile.ID); err == nil {
				return fail("deleted profile still readable")
			}
			return nil
		}},
	}
}

// ownNatRules counts the NAT rules of acme-edge this run made.
func ownNatRules(e *env) (int, error) {
	all, err := gwState.egw.GetAllNatRules(nil)
	n := 0
	for _, r := range all {
		if strings.HasPrefix(r.NsxtNatRule.Name, e.name("")) {
			n++
		}
	}
	return n, err
}

func createErr[T any](_ T, err error) error { return err }
