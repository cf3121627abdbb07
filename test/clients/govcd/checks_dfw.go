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
		// Firewall groups the VDC group owns, as vcd_nsxt_ip_set / _security_group / _dynamic_security_group with
		// owner_id the group make them, named by its DFW rules (vcd_nsxt_distributed_firewall); their VMs.
		{"vdcgroup/dfw-groups", []string{"vdcgroup/dfw-rules", "catalog/item-and-template"}, func(e *env) error {
			g := vdcGroupState.group
			owner := &types.OpenApiReference{ID: g.VdcGroup.Id}
			// A VM of acme-dev on the group's routed network, its name the dynamic group's criterion.
			vmName := e.name("dfw-vm")
			nics := &types.NetworkConnectionSection{NetworkConnection: []*types.NetworkConnection{{
				Network: vdcGroupState.routed.OpenApiOrgVdcNetwork.Name, NetworkConnectionIndex: 0, IsConnected: true, IPAddressAllocationMode: types.IPAllocationModePool,
			}}}
			if err := wait(vdcGroupState.devVapp.AddNewVM(vmName, *e.template, nics, true)); err != nil {
				return fail("AddNewVM on the group network: %s", err)
			}
			ipSet, err := g.CreateNsxtFirewallGroup(&types.NsxtFirewallGroup{Name: e.name("grp-ips"), TypeValue: types.FirewallGroupTypeIpSet, OwnerRef: owner, IpAddresses: []string{"192.0.2.0/28"}})
			if err != nil {
				return fail("VdcGroup.CreateNsxtFirewallGroup IP set: %s", err)
			}
			static, err := g.CreateNsxtFirewallGroup(&types.NsxtFirewallGroup{
				Name: e.name("grp-static"), TypeValue: types.FirewallGroupTypeSecurityGroup, OwnerRef: owner,
				Members: []types.OpenApiReference{{ID: vdcGroupState.routed.OpenApiOrgVdcNetwork.ID}},
			})
			if err != nil {
				return fail("VdcGroup.CreateNsxtFirewallGroup security group: %s", err)
			}
			criteria := []types.NsxtFirewallGroupVmCriteria{{VmCriteriaRule: []types.NsxtFirewallGroupVmCriteriaRule{{AttributeType: "VM_NAME", AttributeValue: vmName, Operator: "STARTS_WITH"}}}}
			dynamic, err := g.CreateNsxtFirewallGroup(&types.NsxtFirewallGroup{Name: e.name("grp-dynamic"), TypeValue: types.FirewallGroupTypeVmCriteria, OwnerRef: owner, VmCriteria: criteria})
			if err != nil {
				return fail("VdcGroup.CreateNsxtFirewallGroup dynamic: %s", err)
			}
			if !dynamic.IsDynamicSecurityGroup() || dynamic.NsxtFirewallGroup.OwnerRef == nil || dynamic.NsxtFirewallGroup.OwnerRef.ID != g.VdcGroup.Id || len(dynamic.NsxtFirewallGroup.VmCriteria) != 1 {
				return fail("the dynamic group as created: %+v", dynamic.NsxtFirewallGroup)
			}
			// Found by name and type in the group, and by id.
			byName, err := g.GetNsxtFirewallGroupByName(e.name("grp-dynamic"), types.FirewallGroupTypeVmCriteria)
			if err != nil || byName.NsxtFirewallGroup.ID != dynamic.NsxtFirewallGroup.ID {
				return fail("VdcGroup.GetNsxtFirewallGroupByName: %v", err)
			}
			if byId, err := g.GetNsxtFirewallGroupById(ipSet.NsxtFirewallGroup.ID); err != nil || len(byId.NsxtFirewallGroup.IpAddresses) != 1 || !byId.IsIpSet() {
				return fail("VdcGroup.GetNsxtFirewallGroupById: %v", err)
			}
			if _, err := g.GetNsxtFirewallGroupByName(e.name("grp-ips"), types.FirewallGroupTypeVmCriteria); !govcd.ContainsNotFound(err) {
				return fail("the IP set found as a dynamic group (%v)", err)
			}
			// Their VMs: the one on the member network, the one the criterion names.
			for _, fg := range []*govcd.NsxtFirewallGroup{static, dynamic} {
				vms, err := fg.GetAssociatedVms()
				if err != nil {
					return fail("GetAssociatedVms of %s: %s", fg.NsxtFirewallGroup.Name, err)
				}
				if len(vms) != 1 || vms[0].VmRef == nil || vms[0].VmRef.Name != vmName || vms[0].VappRef == nil || vms[0].VappRef.Name != vdcGroupState.devVapp.VApp.Name || vms[0].VdcRef.Name != "acme-dev" {
					return fail("GetAssociatedVms of %s: %d VMs (%+v)", fg.NsxtFirewallGroup.Name, len(vms), vms)
				}
			}
			// A criterion that matches nothing; VM_NAME EQUALS refused.
			changed := *dynamic.NsxtFirewallGroup
			changed.VmCriteria = []types.NsxtFirewallGroupVmCriteria{{VmCriteriaRule: []types.NsxtFirewallGroupVmCriteriaRule{{AttributeType: "VM_NAME", AttributeValue: "no-such-vm", Operator: "CONTAINS"}}}}
			if dynamic, err = dynamic.Update(&changed); err != nil {
				return fail("NsxtFirewallGroup.Update: %s", err)
			}
			if vms, err := dynamic.GetAssociatedVms(); err != nil || len(vms) != 0 {
				return fail("GetAssociatedVms after the update: %d, %v", len(vms), err)
			}
			changed.VmCriteria[0].VmCriteriaRule[0].Operator = "EQUALS"
			if err := refused("a VM_NAME EQUALS criterion", second(dynamic.Update(&changed))); err != nil {
				return err
			}
			// A DFW rule from the IP set to the dynamic group; neither goes while it is used.
			if g, err = g.ActivateDfw(); err != nil {
				return fail("ActivateDfw: %s", err)
			}
			vdcGroupState.group = g
			_, rule, err := g.CreateDistributedFirewallRule("", &types.DistributedFirewallRule{
				Name: "ips-to-dynamic", ActionValue: "ALLOW", Direction: "IN_OUT", IpProtocol: "IPV4", Enabled: true,
				SourceFirewallGroups: []types.OpenApiReference{{ID: ipSet.NsxtFirewallGroup.ID}}, DestinationFirewallGroups: []types.OpenApiReference{{ID: dynamic.NsxtFirewallGroup.ID}},
			})
			if err != nil {
				return fail("CreateDistributedFirewallRule with the group's firewall groups: %s", err)
			}
			if len(rule.Rule.SourceFirewallGroups) != 1 || rule.Rule.SourceFirewallGroups[0].Name != e.name("grp-ips") || len(rule.Rule.DestinationFirewallGroups) != 1 {
				return fail("the rule's groups: %+v", rule.Rule)
			}
			if err := refused("deleting a dynamic group a DFW rule uses", dynamic.Delete()); err != nil {
				return err
			}
			if err := g.DeleteAllDistributedFirewallRules(); err != nil {
				return fail("DeleteAllDistributedFirewallRules: %s", err)
			}
			for _, fg := range []*govcd.NsxtFirewallGroup{ipSet, static, dynamic} {
				if err := fg.Delete(); err != nil {
					return fail("deleting %s: %s", fg.NsxtFirewallGroup.Name, err)
				}
			}
			if all, err := g.GetNsxtFirewallGroupByName(e.name("grp-static"), ""); !govcd.ContainsNotFound(err) {
				return fail("a deleted group is still found (%v, %v)", all, err)
			}
			if vdcGroupState.group, err = g.DeactivateDfw(); err != nil {
				return fail("DeactivateDfw: %s", err)
			}
			vm, err := vdcGroupState.devVapp.GetVMByName(vmName, true)
			if err != nil {
				return err
			}
			if err := vdcGroupState.devVapp.RemoveVM(*vm); err != nil {
				return fail("RemoveVM: %s", err)
			}
			return nil
		}},
	}
}

func third[T, U any](_ T, _ U, err error) error { return err }
