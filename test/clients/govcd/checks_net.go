package main

// Networking checks: NSX-T edge gateways, external networks and org VDC networks through govcd's own functions.

import (
	"strings"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

// netState is what the networking checks share (kept apart from env so the areas stay separate).
var netState struct {
	sysVdc   *govcd.Vdc // acme-vdc, as the system administrator sees it
	ext      *govcd.ExternalNetworkV2
	cluster  string // the NSX-T id of an edge cluster acme-vdc may use
	acmeEdge *govcd.NsxtEdgeGateway
	edge     *govcd.NsxtEdgeGateway      // made by net/edge-create
	newExt   *govcd.ExternalNetworkV2    // made by net/external-create
	routed   *govcd.OpenApiOrgVdcNetwork // made by net/orgnet-create-routed
	isolated *govcd.OpenApiOrgVdcNetwork // made by net/orgnet-create-isolated
}

// orgNetConfig is an org VDC network of acme-vdc (routed when edgeId is set) on 10.77.<third>.0/24.
func orgNetConfig(vdcID, name, edgeID, gateway string, ranges ...[2]string) *types.OpenApiOrgVdcNetwork {
	values := []types.ExternalNetworkV2IPRange{}
	for _, r := range ranges {
		values = append(values, types.ExternalNetworkV2IPRange{StartAddress: r[0], EndAddress: r[1]})
	}
	cfg := &types.OpenApiOrgVdcNetwork{
		Name: name, Description: "made by govcd-checks", OwnerRef: &types.OpenApiReference{ID: vdcID}, NetworkType: types.OrgVdcNetworkTypeIsolated,
		Subnets: types.OrgVdcNetworkSubnets{Values: []types.OrgVdcNetworkSubnetValues{{
			Gateway: gateway, PrefixLength: 24, DNSServer1: "10.77.0.53", DNSSuffix: "govcd.test",
			IPRanges: types.OrgVdcNetworkSubnetIPRanges{Values: values},
		}}},
	}
	if edgeID != "" {
		cfg.NetworkType = types.OrgVdcNetworkTypeRouted
		cfg.Connection = &types.Connection{RouterRef: types.OpenApiReference{ID: edgeID}, ConnectionType: "INTERNAL"}
	}
	return cfg
}

// beforeLogout puts checks before the logout checks (which end every session).
func beforeLogout(all, more []check) []check {
	for i, c := range all {
		if strings.HasPrefix(c.name, "logout/") {
			out := append([]check{}, all[:i]...)
			out = append(out, more...)
			return append(out, all[i:]...)
		}
	}
	return append(all, more...)
}

// edgeConfig is a gateway of acme-vdc on ext-internet with a primary IP and the given ranges.
func edgeConfig(e *env, name, primary string, ranges ...[2]string) *types.OpenAPIEdgeGateway {
	values := []types.ExternalNetworkV2IPRange{}
	for _, r := range ranges {
		values = append(values, types.ExternalNetworkV2IPRange{StartAddress: r[0], EndAddress: r[1]})
	}
	return &types.OpenAPIEdgeGateway{
		Name:        name,
		Description: "made by govcd-checks",
		OwnerRef:    &types.OpenApiReference{ID: netState.sysVdc.Vdc.ID},
		EdgeGatewayUplinks: []types.EdgeGatewayUplinks{{
			UplinkID: netState.ext.ExternalNetwork.ID,
			Subnets: types.OpenAPIEdgeGatewaySubnets{Values: []types.OpenAPIEdgeGatewaySubnetValue{{
				Gateway: "203.0.113.1", PrefixLength: 24, Enabled: true, PrimaryIP: primary,
				IPRanges: &types.OpenApiIPRanges{Values: values},
			}}},
			Connected: true,
		}},
		EdgeClusterConfig: &types.OpenAPIEdgeGatewayEdgeClusterConfig{
			PrimaryEdgeCluster: types.OpenAPIEdgeGatewayEdgeCluster{BackingID: netState.cluster},
		},
	}
}

func netChecks() []check {
	return []check{
		// ---- edge gateways ----
		{"net/edge-lookups", []string{"org/admin-by-name", "vdc/by-name"}, func(e *env) (err error) {
			if netState.acmeEdge, err = e.sysAcmeAdmin.GetNsxtEdgeGatewayByName("acme-edge"); err != nil {
				return err
			}
			egw := netState.acmeEdge.EdgeGateway
			if egw.OwnerRef == nil || egw.OwnerRef.Name != "acme-vdc" || len(egw.EdgeGatewayUplinks) != 1 {
				return fail("acme-edge: owner %v, %d uplinks", egw.OwnerRef, len(egw.EdgeGatewayUplinks))
			}
			sub := egw.EdgeGatewayUplinks[0].Subnets.Values[0]
			if sub.PrimaryIP != "203.0.113.10" || sub.TotalIPCount == nil || *sub.TotalIPCount != 5 {
				return fail("acme-edge subnet: primary %q total %v", sub.PrimaryIP, sub.TotalIPCount)
			}
			// A tenant finds it in its org and its VDC; globex's is not there.
			mine, err := e.org.GetNsxtEdgeGatewayByName("acme-edge")
			if err != nil {
				return fail("Org.GetNsxtEdgeGatewayByName: %s", err)
			}
			if _, err := e.vdc.GetNsxtEdgeGatewayByName("acme-edge"); err != nil {
				return fail("Vdc.GetNsxtEdgeGatewayByName: %s", err)
			}
			if _, err := e.vdc.GetNsxtEdgeGatewayById(mine.EdgeGateway.ID); err != nil {
				return fail("Vdc.GetNsxtEdgeGatewayById: %s", err)
			}
			if _, err := e.org.GetNsxtEdgeGatewayByName("globex-edge"); err == nil || !govcd.ContainsNotFound(err) {
				return fail("alice found globex-edge (err %v)", err)
			}
			all, err := e.sys.GetAllNsxtEdgeGateways(nil)
			if err != nil || len(all) < 2 {
				return fail("GetAllNsxtEdgeGateways: %d, %v", len(all), err)
			}
			return nil
		}},
		{"net/edge-create", []string{"net/edge-lookups"}, func(e *env) (err error) {
			if netState.sysVdc, err = e.sysAcmeAdmin.GetVDCByName("acme-vdc", false); err != nil {
				return err
			}
			if netState.ext, err = govcd.GetExternalNetworkV2ByName(e.sys, "ext-internet"); err != nil {
				return err
			}
			clusters, err := netState.sysVdc.GetAllNsxtEdgeClusters(nil)
			if err != nil || len(clusters) == 0 {
				return fail("edge clusters of acme-vdc: %d, %v", len(clusters), err)
			}
			netState.cluster = clusters[len(clusters)-1].NsxtEdgeCluster.ID
			egw, err := e.sysAcmeAdmin.CreateNsxtEdgeGateway(edgeConfig(e, e.name("edge"), "203.0.113.30", [2]string{"203.0.113.30", "203.0.113.33"}))
			if err != nil {
				return err
			}
			netState.edge = egw
			got := egw.EdgeGateway
			if got.Name != e.name("edge") || got.Status != "REALIZED" || got.OwnerRef.ID != netState.sysVdc.Vdc.ID {
				return fail("created %q status %q owner %v", got.Name, got.Status, got.OwnerRef)
			}
			if got.EdgeClusterConfig == nil || got.EdgeClusterConfig.PrimaryEdgeCluster.BackingID != netState.cluster {
				return fail("edge cluster %v, want %s", got.EdgeClusterConfig, netState.cluster)
			}
			sub := got.EdgeGatewayUplinks[0].Subnets.Values[0]
			if sub.PrimaryIP != "203.0.113.30" || *sub.TotalIPCount != 4 {
				return fail("subnet: primary %q total %d", sub.PrimaryIP, *sub.TotalIPCount)
			}
			// The external network counts the addresses as used.
			ext, err := govcd.GetExternalNetworkV2ByName(e.sys, "ext-internet")
			if err != nil {
				return err
			}
			if used := ext.ExternalNetwork.Subnets.Values[0].UsedIPCount; used != netState.ext.ExternalNetwork.Subnets.Values[0].UsedIPCount+4 {
				return fail("external network used IPs %d after the gateway took 4", used)
			}
			return nil
		}},
		{"net/edge-ip-outside-range-refused", []string{"net/edge-create"}, func(e *env) error {
			_, err := e.sysAcmeAdmin.CreateNsxtEdgeGateway(edgeConfig(e, e.name("edge-out"), "203.0.113.250"))
			return refused("a primary IP outside the external network's pool", err)
		}},
		{"net/edge-ip-used-twice-refused", []string{"net/edge-create"}, func(e *env) error {
			_, err := e.sysAcmeAdmin.CreateNsxtEdgeGateway(edgeConfig(e, e.name("edge-twice"), "203.0.113.40", [2]string{"203.0.113.32", "203.0.113.40"}))
			if err := refused("addresses another gateway holds", err); err != nil {
				return err
			}
			if _, err := e.sysAcmeAdmin.GetNsxtEdgeGatewayByName(e.name("edge-twice")); err == nil {
				return fail("the refused gateway exists")
			}
			return nil
		}},
		{"net/edge-update", []string{"net/edge-create"}, func(e *env) error {
			cfg := netState.edge.EdgeGateway
			cfg.Description = "updated"
			cfg.EdgeGatewayUplinks[0].Subnets.Values[0].IPRanges.Values = append(cfg.EdgeGatewayUplinks[0].Subnets.Values[0].IPRanges.Values,
				types.ExternalNetworkV2IPRange{StartAddress: "203.0.113.50", EndAddress: "203.0.113.51"})
			updated, err := netState.edge.Update(cfg)
			if err != nil {
				return err
			}
			if updated.EdgeGateway.Description != "updated" || *updated.EdgeGateway.EdgeGatewayUplinks[0].Subnets.Values[0].TotalIPCount != 6 {
				return fail("after Update: %q, %d addresses", updated.EdgeGateway.Description, *updated.EdgeGateway.EdgeGatewayUplinks[0].Subnets.Values[0].TotalIPCount)
			}
			netState.edge = updated
			// Taking acme-edge's addresses is refused.
			bad := *updated.EdgeGateway
			bad.EdgeGatewayUplinks = []types.EdgeGatewayUplinks{updated.EdgeGateway.EdgeGatewayUplinks[0]}
			bad.EdgeGatewayUplinks[0].Subnets.Values = []types.OpenAPIEdgeGatewaySubnetValue{updated.EdgeGateway.EdgeGatewayUplinks[0].Subnets.Values[0]}
			bad.EdgeGatewayUplinks[0].Subnets.Values[0].IPRanges = &types.OpenApiIPRanges{Values: []types.ExternalNetworkV2IPRange{{StartAddress: "203.0.113.12", EndAddress: "203.0.113.12"}}}
			_, err = updated.Update(&bad)
			return refused("an update taking another gateway's address", err)
		}},
		{"net/edge-delete-refused-while-networks-connected", []string{"net/edge-lookups"}, func(e *env) error {
			err := netState.acmeEdge.Delete()
			if err := refused("deleting acme-edge with acme-web routed through it", err); err != nil {
				return err
			}
			if _, err := e.sysAcmeAdmin.GetNsxtEdgeGatewayByName("acme-edge"); err != nil {
				return fail("acme-edge gone after a refused delete: %s", err)
			}
			return nil
		}},
		{"net/edge-delete", []string{"net/edge-update"}, func(e *env) error {
			if err := netState.edge.Delete(); err != nil {
				return err
			}
			if _, err := e.sysAcmeAdmin.GetNsxtEdgeGatewayByName(e.name("edge")); err == nil || !govcd.ContainsNotFound(err) {
				return fail("the gateway is still there after Delete (%v)", err)
			}
			return nil
		}},
		// ---- external networks ----
		{"net/external-create", []string{"login/system-administrator"}, func(e *env) error {
			mgrs, err := e.sys.QueryNsxtManagerByName("nsxt-01")
			if err != nil || len(mgrs) != 1 {
				return fail("QueryNsxtManagerByName: %d, %v", len(mgrs), err)
			}
			mgrID := "urn:vcloud:nsxtmanager:" + uuidOf(mgrs[0].HREF)
			t0s, err := e.sys.GetAllImportableNsxtTier0Routers(mgrID, nil)
			if err != nil || len(t0s) == 0 {
				return fail("importable tier-0 routers: %d, %v", len(t0s), err)
			}
			cfg := &types.ExternalNetworkV2{
				Name: e.name("ext"), Description: "made by govcd-checks",
				Subnets: types.ExternalNetworkV2Subnets{Values: []types.ExternalNetworkV2Subnet{{
					Gateway: "198.18.0.1", PrefixLength: 24, DNSServer1: "198.18.0.53", Enabled: true,
					IPRanges: types.ExternalNetworkV2IPRanges{Values: []types.ExternalNetworkV2IPRange{{StartAddress: "198.18.0.10", EndAddress: "198.18.0.20"}}},
				}}},
				NetworkBackings: types.ExternalNetworkV2Backings{Values: []types.ExternalNetworkV2Backing{{
					BackingID: t0s[0].NsxtTier0Router.ID, BackingType: types.ExternalNetworkBackingTypeNsxtTier0Router,
					NetworkProvider: types.NetworkProvider{ID: mgrID},
				}}},
			}
			ext, err := govcd.CreateExternalNetworkV2(e.sys, cfg)
			if err != nil {
				return err
			}
			netState.newExt = ext
			if ext.ExternalNetwork.Name != e.name("ext") || ext.ExternalNetwork.Subnets.Values[0].TotalIPCount != 11 {
				return fail("created %q with %d addresses", ext.ExternalNetwork.Name, ext.ExternalNetwork.Subnets.Values[0].TotalIPCount)
			}
			// The router is no longer importable; a second network on it is refused.
			if _, err := govcd.CreateExternalNetworkV2(e.sys, &types.ExternalNetworkV2{Name: e.name("ext-2"), Subnets: cfg.Subnets, NetworkBackings: cfg.NetworkBackings}); err == nil {
				return fail("a second external network on the same tier-0 router was created")
			}
			// Overlapping subnets are refused.
			bad := *cfg
			bad.Name = e.name("ext-overlap")
			bad.Subnets = types.ExternalNetworkV2Subnets{Values: append(cfg.Subnets.Values, types.ExternalNetworkV2Subnet{Gateway: "198.18.0.129", PrefixLength: 25, Enabled: true})}
			if _, err := govcd.CreateExternalNetworkV2(e.sys, &bad); err == nil {
				return fail("overlapping subnets accepted")
			}
			return nil
		}},
		{"net/external-update", []string{"net/external-create"}, func(e *env) error {
			ext := netState.newExt
			ext.ExternalNetwork.Description = "updated"
			ext.ExternalNetwork.Subnets.Values[0].IPRanges.Values = append(ext.ExternalNetwork.Subnets.Values[0].IPRanges.Values,
				types.ExternalNetworkV2IPRange{StartAddress: "198.18.0.100", EndAddress: "198.18.0.109"})
			updated, err := ext.Update()
			if err != nil {
				return err
			}
			if updated.ExternalNetwork.Description != "updated" || *updated.ExternalNetwork.TotalIpCount != 21 {
				return fail("after Update: %q, %v addresses", updated.ExternalNetwork.Description, updated.ExternalNetwork.TotalIpCount)
			}
			netState.newExt = updated
			return nil
		}},
		{"net/external-delete-refused-while-used", []string{"net/edge-lookups", "login/system-administrator"}, func(e *env) error {
			ext, err := govcd.GetExternalNetworkV2ByName(e.sys, "ext-internet")
			if err != nil {
				return err
			}
			return refused("deleting ext-internet while edge gateways use it", ext.Delete())
		}},
		{"net/external-delete", []string{"net/external-update"}, func(e *env) error {
			if err := netState.newExt.Delete(); err != nil {
				return err
			}
			if _, err := govcd.GetExternalNetworkV2ByName(e.sys, e.name("ext")); err == nil || !govcd.ContainsNotFound(err) {
				return fail("the external network is still there (%v)", err)
			}
			return nil
		}},
		// ---- org VDC networks (CloudAPI) ----
		{"net/orgnet-create-routed", []string{"net/edge-lookups", "vdc/by-name", "login/acme-admin"}, func(e *env) error {
			org, err := e.acmeAdmin.GetOrgByName("acme")
			if err != nil {
				return err
			}
			vdc, err := org.GetVDCByName("acme-vdc", false)
			if err != nil {
				return err
			}
			net, err := vdc.CreateOpenApiOrgVdcNetwork(orgNetConfig(vdc.Vdc.ID, e.name("routed"), netState.acmeEdge.EdgeGateway.ID, "10.77.1.1", [2]string{"10.77.1.10", "10.77.1.12"}))
			if err != nil {
				return err
			}
			netState.routed = net
			got := net.OpenApiOrgVdcNetwork
			if !net.IsRouted() || !net.IsNsxt() || got.Connection == nil || got.Connection.RouterRef.ID != netState.acmeEdge.EdgeGateway.ID {
				return fail("created %q: type %q, NSX-T %v, connection %v", got.Name, got.NetworkType, net.IsNsxt(), got.Connection)
			}
			if got.TotalIpCount == nil || *got.TotalIpCount != 3 || got.Status != "REALIZED" {
				return fail("created: total %v, status %q", got.TotalIpCount, got.Status)
			}
			if _, err := vdc.GetOpenApiOrgVdcNetworkByName(e.name("routed")); err != nil {
				return fail("GetOpenApiOrgVdcNetworkByName: %s", err)
			}
			// The legacy view finds it too (as Terraform's data sources do).
			if _, err := vdc.GetOrgVdcNetworkByName(e.name("routed"), true); err != nil {
				return fail("GetOrgVdcNetworkByName: %s", err)
			}
			return nil
		}},
		{"net/orgnet-create-isolated", []string{"net/orgnet-create-routed"}, func(e *env) error {
			vdcID := netState.routed.OpenApiOrgVdcNetwork.OwnerRef.ID
			org, _ := e.acmeAdmin.GetOrgByName("acme")
			vdc, err := org.GetVDCByName("acme-vdc", false)
			if err != nil {
				return err
			}
			net, err := vdc.CreateOpenApiOrgVdcNetwork(orgNetConfig(vdcID, e.name("isolated"), "", "10.77.2.1", [2]string{"10.77.2.10", "10.77.2.20"}))
			if err != nil {
				return err
			}
			netState.isolated = net
			if !net.IsIsolated() || net.OpenApiOrgVdcNetwork.Connection != nil {
				return fail("isolated network: type %q connection %v", net.OpenApiOrgVdcNetwork.NetworkType, net.OpenApiOrgVdcNetwork.Connection)
			}
			return nil
		}},
		{"net/orgnet-overlapping-subnet-refused", []string{"net/orgnet-create-isolated"}, func(e *env) error {
			org, _ := e.acmeAdmin.GetOrgByName("acme")
			vdc, err := org.GetVDCByName("acme-vdc", false)
			if err != nil {
				return err
			}
			_, err = vdc.CreateOpenApiOrgVdcNetwork(orgNetConfig(vdc.Vdc.ID, e.name("overlap"), "", "10.77.2.129", [2]string{"10.77.2.130", "10.77.2.140"}))
			if err := refused("a subnet overlapping another network of the VDC", err); err != nil {
				return err
			}
			_, err = vdc.CreateOpenApiOrgVdcNetwork(orgNetConfig(vdc.Vdc.ID, e.name("outside"), "", "10.77.3.1", [2]string{"10.77.4.10", "10.77.4.20"}))
			return refused("a static pool outside its subnet", err)
		}},
		{"net/orgnet-update", []string{"net/orgnet-create-routed"}, func(e *env) error {
			cfg := netState.routed.OpenApiOrgVdcNetwork
			cfg.Description = "updated"
			cfg.Subnets.Values[0].IPRanges.Values = append(cfg.Subnets.Values[0].IPRanges.Values, types.ExternalNetworkV2IPRange{StartAddress: "10.77.1.100", EndAddress: "10.77.1.101"})
			updated, err := netState.routed.Update(cfg)
			if err != nil {
				return err
			}
			if updated.OpenApiOrgVdcNetwork.Description != "updated" || *updated.OpenApiOrgVdcNetwork.TotalIpCount != 5 {
				return fail("after Update: %q, %d addresses", updated.OpenApiOrgVdcNetwork.Description, *updated.OpenApiOrgVdcNetwork.TotalIpCount)
			}
			netState.routed = updated
			return nil
		}},
		{"net/orgnet-edge-delete-refused", []string{"net/orgnet-create-routed"}, func(e *env) error {
			// acme-edge now has two routed networks; it still cannot go.
			return refused("deleting an edge gateway with routed networks", netState.acmeEdge.Delete())
		}},
		{"net/orgnet-delete", []string{"net/orgnet-update", "net/orgnet-create-isolated"}, func(e *env) error {
			for _, n := range []*govcd.OpenApiOrgVdcNetwork{netState.routed, netState.isolated} {
				if err := n.Delete(); err != nil {
					return err
				}
			}
			org, _ := e.acmeAdmin.GetOrgByName("acme")
			vdc, err := org.GetVDCByName("acme-vdc", false)
			if err != nil {
				return err
			}
			if _, err := vdc.GetOpenApiOrgVdcNetworkByName(e.name("routed")); err == nil || !govcd.ContainsNotFound(err) {
				return fail("the routed network is still there (%v)", err)
			}
			return nil
		}},
	}
}
