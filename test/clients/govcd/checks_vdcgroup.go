package main

// VDC group checks: NSX-T VDC groups, their distributed firewall, group networks routed through a group's
// edge gateway and used from every participating VDC, and imported (OPAQUE) networks of NSX-T segments.

import (
	"strings"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

var vdcGroupState struct {
	devVdc   *govcd.Vdc // acme-dev, as the system administrator sees it
	group    *govcd.VdcGroup
	edge     *govcd.NsxtEdgeGateway // moved into the group
	routed   *govcd.OpenApiOrgVdcNetwork
	isolated *govcd.OpenApiOrgVdcNetwork
	devVapp  *govcd.VApp // a vApp of acme-dev on the group's network
}

func vdcGroupChecks() []check {
	return []check{
		{"vdcgroup/create", []string{"net/edge-create", "login/acme-admin", "org/globex-as-system"}, func(e *env) (err error) {
			if vdcGroupState.devVdc, err = e.sysAcmeAdmin.GetVDCByName("acme-dev", false); err != nil {
				return err
			}
			vdcID, devID := netState.sysVdc.Vdc.ID, vdcGroupState.devVdc.Vdc.ID
			g, err := e.sysAcmeAdmin.CreateNsxtVdcGroup(e.name("group"), "made by govcd-checks", vdcID, []string{vdcID, devID})
			if err != nil {
				return fail("CreateNsxtVdcGroup: %s", err)
			}
			vdcGroupState.group = g
			v := g.VdcGroup
			if v.Name != e.name("group") || v.Status != "REALIZED" || v.NetworkProviderType != "NSX_T" || v.Type != "LOCAL" || len(v.ParticipatingOrgVdcs) != 2 {
				return fail("created %q status %q provider %q type %q with %d VDCs", v.Name, v.Status, v.NetworkProviderType, v.Type, len(v.ParticipatingOrgVdcs))
			}
			if !strings.HasPrefix(v.Id, "urn:vcloud:vdcGroup:") || v.ParticipatingOrgVdcs[1].VdcRef.Name != "acme-dev" {
				return fail("id %q, second VDC %v", v.Id, v.ParticipatingOrgVdcs[1].VdcRef)
			}
			byName, err := e.sysAcmeAdmin.GetVdcGroupByName(e.name("group"))
			if err != nil || byName.VdcGroup.Id != v.Id {
				return fail("GetVdcGroupByName: %v", err)
			}
			if _, err := e.sysAcmeAdmin.GetVdcGroupById(v.Id); err != nil {
				return fail("GetVdcGroupById: %s", err)
			}
			// acme's administrator sees it; another org's VDC is no candidate for it, and naming one anyway is refused.
			acmeAdmin, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			if _, err := acmeAdmin.GetVdcGroupById(v.Id); err != nil {
				return fail("acme-admin GetVdcGroupById: %s", err)
			}
			globex := uuidOf(e.globexVdc)
			if err := refused("a group with globex-vdc (candidates)", second(acmeAdmin.CreateNsxtVdcGroup(e.name("cross"), "", vdcID, []string{vdcID, "urn:vcloud:vdc:" + globex}))); err != nil {
				return err
			}
			_, err = acmeAdmin.CreateVdcGroup(&types.VdcGroup{
				Name: e.name("cross"), OrgId: acmeAdmin.AdminOrg.ID, NetworkProviderType: "NSX_T", Type: "LOCAL",
				ParticipatingOrgVdcs: []types.ParticipatingOrgVdcs{{VdcRef: types.OpenApiReference{ID: vdcID}}, {VdcRef: types.OpenApiReference{ID: "urn:vcloud:vdc:" + globex}}},
			})
			if err := refused("acme-admin's group with globex-vdc", err); err != nil {
				return err
			}
			if _, err := e.sysAcmeAdmin.GetVdcGroupByName(e.name("cross")); !govcd.ContainsNotFound(err) {
				return fail("a refused group was left behind (%v)", err)
			}
			// Update: name and description, the same VDCs.
			g, err = g.Update(e.name("group"), "renamed description", []string{vdcID, devID})
			if err != nil || g.VdcGroup.Description != "renamed description" {
				return fail("VdcGroup.Update: %v", err)
			}
			vdcGroupState.group = g
			return nil
		}},
		{"vdcgroup/dfw", []string{"vdcgroup/create", "login/acme-admin"}, func(e *env) error {
			acmeAdmin, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			mine, err := acmeAdmin.GetVdcGroupById(vdcGroupState.group.VdcGroup.Id)
			if err != nil {
				return err
			}
			if err := refused("acme-admin activating the DFW", second(mine.ActivateDfw())); err != nil {
				return err
			}
			g, err := vdcGroupState.group.ActivateDfw()
			if err != nil {
				return fail("ActivateDfw: %s", err)
			}
			if !g.VdcGroup.DfwEnabled {
				return fail("dfwEnabled false after ActivateDfw")
			}
			p, err := g.GetDfwPolicies()
			if err != nil || !p.Enabled || p.DefaultPolicy == nil || p.DefaultPolicy.Name == "" {
				return fail("GetDfwPolicies: %+v, %v", p, err)
			}
			if g, err = g.DeactivateDfw(); err != nil || g.VdcGroup.DfwEnabled {
				return fail("DeactivateDfw: %v", err)
			}
			vdcGroupState.group = g
			return nil
		}},
		{"vdcgroup/networks", []string{"vdcgroup/create"}, func(e *env) (err error) {
			g := vdcGroupState.group
			// A gateway of acme-vdc moves into the group and routes the group's network.
			egw, err := e.sysAcmeAdmin.CreateNsxtEdgeGateway(edgeConfig(e, e.name("group-edge"), "203.0.113.40", [2]string{"203.0.113.40", "203.0.113.41"}))
			if err != nil {
				return fail("CreateNsxtEdgeGateway: %s", err)
			}
			if egw, err = egw.MoveToVdcOrVdcGroup(g.VdcGroup.Id); err != nil {
				return fail("MoveToVdcOrVdcGroup: %s", err)
			}
			vdcGroupState.edge = egw
			if egw.EdgeGateway.OwnerRef.ID != g.VdcGroup.Id {
				return fail("gateway owner %v after the move", egw.EdgeGateway.OwnerRef)
			}
			if found, err := g.GetNsxtEdgeGatewayByName(e.name("group-edge")); err != nil || found.EdgeGateway.ID != egw.EdgeGateway.ID {
				return fail("VdcGroup.GetNsxtEdgeGatewayByName: %v", err)
			}
			cfg := orgNetConfig(g.VdcGroup.Id, e.name("group-routed"), egw.EdgeGateway.ID, "10.78.1.1", [2]string{"10.78.1.10", "10.78.1.20"})
			if vdcGroupState.routed, err = g.CreateOpenApiOrgVdcNetwork(cfg); err != nil {
				return fail("VdcGroup.CreateOpenApiOrgVdcNetwork routed: %s", err)
			}
			n := vdcGroupState.routed.OpenApiOrgVdcNetwork
			if n.OwnerRef.ID != g.VdcGroup.Id || n.Connection == nil || n.Connection.RouterRef.ID != egw.EdgeGateway.ID {
				return fail("group network owner %v connection %v", n.OwnerRef, n.Connection)
			}
			// A gateway that stayed in its VDC does not route group networks.
			bad := orgNetConfig(g.VdcGroup.Id, e.name("group-bad"), netState.acmeEdge.EdgeGateway.ID, "10.78.2.1", [2]string{"10.78.2.10", "10.78.2.20"})
			if err := refused("a group network on acme-edge", second(g.CreateOpenApiOrgVdcNetwork(bad))); err != nil {
				return err
			}
			if vdcGroupState.isolated, err = g.CreateOpenApiOrgVdcNetwork(orgNetConfig(g.VdcGroup.Id, e.name("group-isolated"), "", "10.78.3.1", [2]string{"10.78.3.10", "10.78.3.20"})); err != nil {
				return fail("VdcGroup.CreateOpenApiOrgVdcNetwork isolated: %s", err)
			}
			if all, err := g.GetAllOpenApiOrgVdcNetworks(nil); err != nil || len(all) != 2 {
				return fail("VdcGroup.GetAllOpenApiOrgVdcNetworks: %d, %v", len(all), err)
			}
			// acme-dev's vApps may use the group's network.
			if err := vdcGroupState.devVdc.Refresh(); err != nil {
				return err
			}
			orgNet, err := vdcGroupState.devVdc.GetOrgVdcNetworkByName(e.name("group-routed"), true)
			if err != nil {
				return fail("acme-dev does not list the group network: %s", err)
			}
			if vdcGroupState.devVapp, err = vdcGroupState.devVdc.CreateRawVApp(e.name("dev-vapp"), "on a group network"); err != nil {
				return fail("CreateRawVApp in acme-dev: %s", err)
			}
			if err := wait(vdcGroupState.devVapp.AddRAWNetworkConfig([]*types.OrgVDCNetwork{orgNet.OrgVDCNetwork})); err != nil {
				return fail("AddRAWNetworkConfig with the group network: %s", err)
			}
			// acme-dev may not leave while its vApp uses the group network, the group is not deleted with networks.
			if err := refused("acme-dev leaving the group", second(g.Update(g.VdcGroup.Name, g.VdcGroup.Description, []string{netState.sysVdc.Vdc.ID}))); err != nil {
				return err
			}
			if err := refused("deleting a group with networks", g.Delete()); err != nil {
				return err
			}
			return nil
		}},
		{"vdcgroup/cleanup", []string{"vdcgroup/networks"}, func(e *env) error {
			g := vdcGroupState.group
			if err := wait(vdcGroupState.devVapp.Delete()); err != nil {
				return fail("deleting the acme-dev vApp: %s", err)
			}
			for _, n := range []*govcd.OpenApiOrgVdcNetwork{vdcGroupState.routed, vdcGroupState.isolated} {
				if err := n.Delete(); err != nil {
					return fail("deleting %s: %s", n.OpenApiOrgVdcNetwork.Name, err)
				}
			}
			// With the networks gone, acme-dev may leave; the gateway moves back to its VDC and goes.
			g, err := g.Update(g.VdcGroup.Name, g.VdcGroup.Description, []string{netState.sysVdc.Vdc.ID})
			if err != nil || len(g.VdcGroup.ParticipatingOrgVdcs) != 1 {
				return fail("acme-dev leaving the empty group: %v", err)
			}
			if err := refused("deleting a group with an edge gateway", g.Delete()); err != nil {
				return err
			}
			egw, err := vdcGroupState.edge.MoveToVdcOrVdcGroup(netState.sysVdc.Vdc.ID)
			if err != nil || egw.EdgeGateway.OwnerRef.ID != netState.sysVdc.Vdc.ID {
				return fail("moving the gateway back: %v", err)
			}
			if err := egw.Delete(); err != nil {
				return fail("deleting the gateway: %s", err)
			}
			if err := g.Delete(); err != nil {
				return fail("VdcGroup.Delete: %s", err)
			}
			if _, err := e.sysAcmeAdmin.GetVdcGroupByName(g.VdcGroup.Name); !govcd.ContainsNotFound(err) {
				return fail("the group is still there (%v)", err)
			}
			return nil
		}},
		{"vdcgroup/import-segment", []string{"net/edge-create"}, func(e *env) error {
			vdc := netState.sysVdc
			all, err := vdc.GetAllNsxtImportableSwitches()
			if err != nil || len(all) == 0 {
				return fail("GetAllNsxtImportableSwitches: %d, %v", len(all), err)
			}
			seg, err := vdc.GetNsxtImportableSwitchByName("seg-backup")
			if err != nil {
				return fail("GetNsxtImportableSwitchByName: %s", err)
			}
			cfg := orgNetConfig(vdc.Vdc.ID, e.name("imported"), "", "10.79.1.1", [2]string{"10.79.1.10", "10.79.1.20"})
			cfg.NetworkType = types.OrgVdcNetworkTypeOpaque
			cfg.BackingNetworkId = seg.NsxtImportableSwitch.ID
			net, err := vdc.CreateOpenApiOrgVdcNetwork(cfg)
			if err != nil {
				return fail("CreateOpenApiOrgVdcNetwork OPAQUE: %s", err)
			}
			n := net.OpenApiOrgVdcNetwork
			if !net.IsImported() || n.BackingNetworkId != seg.NsxtImportableSwitch.ID {
				return fail("imported network type %q backing %q", n.NetworkType, n.BackingNetworkId)
			}
			// A segment is imported once: it is no longer offered, and importing it again is refused.
			if _, err := vdc.GetNsxtImportableSwitchByName("seg-backup"); !govcd.ContainsNotFound(err) {
				return fail("seg-backup still importable (%v)", err)
			}
			again := orgNetConfig(vdc.Vdc.ID, e.name("imported-again"), "", "10.79.2.1", [2]string{"10.79.2.10", "10.79.2.20"})
			again.NetworkType = types.OrgVdcNetworkTypeOpaque
			again.BackingNetworkId = seg.NsxtImportableSwitch.ID
			if err := refused("importing seg-backup twice", second(vdc.CreateOpenApiOrgVdcNetwork(again))); err != nil {
				return err
			}
			if err := net.Delete(); err != nil {
				return fail("deleting the imported network: %s", err)
			}
			if _, err := vdc.GetNsxtImportableSwitchByName("seg-backup"); err != nil {
				return fail("seg-backup not importable again after the delete: %s", err)
			}
			return nil
		}},
	}
}
