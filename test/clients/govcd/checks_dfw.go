package main

// Distributed firewall rules of a VDC group, as Terraform's vcd_nsxt_distributed_firewall and
// vcd_nsxt_distributed_firewall_rule drive them: the whole list replaced, rules added (at the end and above
// another), read by name and id, changed and deleted; runs on the group vdcgroup/networks moved a gateway into.

import (
	"strings"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

func dfwChecks() []check {
	return []check{
		{"vdcgroup/dfw-rules", []string{"vdcgroup/networks", "login/acme-admin"}, func(e *env) error {
			g := vdcGroupState.group
			if err := refused("GetDistributedFirewall while the DFW is off", second(g.GetDistributedFirewall())); err != nil {
				return err
			}
			g, err := g.ActivateDfw()
			if err != nil {
				return fail("ActivateDfw: %s", err)
			}
			vdcGroupState.group = g
			// VCD's allow-all default rule comes with the DFW.
			dfw, err := g.GetDistributedFirewall()
			if err != nil {
				return fail("GetDistributedFirewall: %s", err)
			}
			if v := dfw.DistributedFirewallRuleContainer.Values; len(v) != 1 || v[0].Name != "Default_VdcGroup_"+g.VdcGroup.Name || v[0].ActionValue != "ALLOW" {
				return fail("the rules after ActivateDfw: %+v", v)
			}
			ipSet, err := vdcGroupState.edge.CreateNsxtFirewallGroup(&types.NsxtFirewallGroup{
				Name: e.name("dfw-web"), TypeValue: types.FirewallGroupTypeIpSet, OwnerRef: &types.OpenApiReference{ID: vdcGroupState.edge.EdgeGateway.ID},
				IpAddresses: []string{"10.78.1.0/24"},
			})
			if err != nil {
				return fail("CreateNsxtFirewallGroup on the group's gateway: %s", err)
			}
			ssh, err := g.GetNsxtAppPortProfileByName("SSH", types.ApplicationPortProfileScopeSystem)
			if err != nil {
				return fail("VdcGroup.GetNsxtAppPortProfileByName: %s", err)
			}
			web := types.OpenApiReference{ID: ipSet.NsxtFirewallGroup.ID}
			sshRef := types.OpenApiReference{ID: ssh.NsxtAppPortProfile.ID}
			// UpdateDistributedFirewall: the list replaced, in order (vcd_nsxt_distributed_firewall).
			dfw, err = g.UpdateDistributedFirewall(&types.DistributedFirewallRules{Values: []*types.DistributedFirewallRule{
				{Name: "web-in", ActionValue: "ALLOW", Direction: "IN", IpProtocol: "IPV4", Enabled: true, SourceFirewallGroups: []types.OpenApiReference{web}, ApplicationPortProfiles: []types.OpenApiReference{sshRef}, Comments: "ssh from the web tier"},
				{Name: "drop-out", ActionValue: "DROP", Direction: "OUT", IpProtocol: "IPV4_IPV6", Enabled: true, Logging: true},
			}})
			if err != nil {
				return fail("UpdateDistributedFirewall: %s", err)
			}
			v := dfw.DistributedFirewallRuleContainer.Values
			if len(v) != 2 || v[0].Name != "web-in" || v[1].Name != "drop-out" || len(v[0].SourceFirewallGroups) != 1 || v[0].SourceFirewallGroups[0].Name != e.name("dfw-web") ||
				len(v[0].ApplicationPortProfiles) != 1 || v[0].ApplicationPortProfiles[0].Name != "SSH" || v[0].Comments != "ssh from the web tier" || !v[1].Logging || v[0].ID == "" {
				return fail("UpdateDistributedFirewall answered %+v", v)
			}
			// CreateDistributedFirewallRule: at the end, then above the first rule (vcd_nsxt_distributed_firewall_rule).
			_, last, err := g.CreateDistributedFirewallRule("", &types.DistributedFirewallRule{Name: "reject-all", ActionValue: "REJECT", Direction: "IN_OUT", IpProtocol: "IPV4_IPV6", Enabled: true})
			if err != nil || last.Rule.Name != "reject-all" || last.Rule.ActionValue != "REJECT" || last.Rule.Action != "DROP" {
				return fail("CreateDistributedFirewallRule at the end: %v (%+v)", err, last)
			}
			all, top, err := g.CreateDistributedFirewallRule(v[0].ID, &types.DistributedFirewallRule{Name: "top", ActionValue: "ALLOW", Direction: "IN", IpProtocol: "IPV6", Enabled: false})
			if err != nil || top.Rule.Name != "top" {
				return fail("CreateDistributedFirewallRule above web-in: %v", err)
			}
			var order []string
			for _, r := range all.DistributedFirewallRuleContainer.Values {
				order = append(order, r.Name)
			}
			if strings.Join(order, ",") != "top,web-in,drop-out,reject-all" {
				return fail("rules in order %v", order)
			}
			// By name and id; Update keeps its place.
			byName, err := g.GetDistributedFirewallRuleByName("drop-out")
			if err != nil {
				return fail("GetDistributedFirewallRuleByName: %s", err)
			}
			byId, err := g.GetDistributedFirewallRuleById(byName.Rule.ID)
			if err != nil || byId.Rule.Name != "drop-out" || byId.Rule.Direction != "OUT" {
				return fail("GetDistributedFirewallRuleById: %v", err)
			}
			changed := *byId.Rule
			changed.ActionValue, changed.Action, changed.Comments, changed.DestinationFirewallGroups = "REJECT", "", "now rejected", []types.OpenApiReference{web}
			up, err := byId.Update(&changed)
			if err != nil || up.Rule.ActionValue != "REJECT" || up.Rule.Comments != "now rejected" || len(up.Rule.DestinationFirewallGroups) != 1 || up.Rule.Version == nil || up.Rule.Version.Version != 1 {
				return fail("DistributedFirewallRule.Update: %v (%+v, version %+v)", err, up.Rule, up.Rule.Version)
			}
			// Refused: an action VCD does not know, a firewall group that does not exist; nothing changes.
			if err := refused("a rule with action PERMIT", third(g.CreateDistributedFirewallRule("", &types.DistributedFirewallRule{Name: "bad", ActionValue: "PERMIT", Direction: "IN", IpProtocol: "IPV4"}))); err != nil {
				return err
			}
			unknown := types.OpenApiReference{ID: "urn:vcloud:firewallGroup:00000000-0000-4000-8000-000000000000"}
			if err := refused("a rule with an unknown firewall group", third(g.CreateDistributedFirewallRule("", &types.DistributedFirewallRule{Name: "bad", ActionValue: "ALLOW", Direction: "IN", IpProtocol: "IPV4", SourceFirewallGroups: []types.OpenApiReference{unknown}}))); err != nil {
				return err
			}
			if err := refused("deleting a firewall group DFW rules use", ipSet.Delete()); err != nil {
				return err
			}
			// acme's administrator reads them (View Rules) through his own view of the group.
			acmeAdmin, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			mine, err := acmeAdmin.GetVdcGroupById(g.VdcGroup.Id)
			if err != nil {
				return err
			}
			if theirs, err := mine.GetDistributedFirewall(); err != nil || len(theirs.DistributedFirewallRuleContainer.Values) != 4 {
				return fail("acme-admin GetDistributedFirewall: %v", err)
			}
			// Delete one, then all (DeleteAllDistributedFirewallRules); the firewall group may go then.
			if err := top.Delete(); err != nil {
				return fail("DistributedFirewallRule.Delete: %s", err)
			}
			if _, err := g.GetDistributedFirewallRuleByName("top"); !govcd.ContainsNotFound(err) {
				return fail("the deleted rule is still found (%v)", err)
			}
			if err := g.DeleteAllDistributedFirewallRules(); err != nil {
				return fail("DeleteAllDistributedFirewallRules: %s", err)
			}
			if dfw, err = g.GetDistributedFirewall(); err != nil || len(dfw.DistributedFirewallRuleContainer.Values) != 0 {
				return fail("rules left after DeleteAllDistributedFirewallRules: %v", err)
			}
			if err := ipSet.Delete(); err != nil {
				return fail("deleting the unused firewall group: %s", err)
			}
			if vdcGroupState.group, err = g.DeactivateDfw(); err != nil {
				return fail("DeactivateDfw: %s", err)
			}
			return nil
		}},
	}
}

func third[T, U any](_ T, _ U, err error) error { return err }
