package main

// More gateway and network services through govcd: DHCP on an org VDC network (and its bindings), the DNS
// forwarder and IPsec VPN tunnels of acme-edge, and the addresses the gateway uses. They run after the
// other gateway checks, as acme-admin.

import (
	"net/netip"
	"strings"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

var svcState struct {
	web     *govcd.OpenApiOrgVdcNetwork // acme-web, routed through acme-edge
	binding *govcd.OpenApiOrgVdcNetworkDhcpBinding
	tunnel  *govcd.NsxtIpSecVpnTunnel
}

func gatewayMoreServiceChecks() []check {
	g, s := &gwState, &svcState
	yes := true
	dhcpPool := func(start, end string) []types.OpenApiOrgVdcNetworkDhcpPools {
		return []types.OpenApiOrgVdcNetworkDhcpPools{{Enabled: &yes, IPRange: types.OpenApiOrgVdcNetworkDhcpIpRange{StartAddress: start, EndAddress: end}}}
	}
	return []check{
		// ---- DHCP on an org VDC network ----
		{"gwsvc/dhcp", []string{"gw/acme-as-org-admin"}, func(e *env) (err error) {
			if s.web, err = g.vdc.GetOpenApiOrgVdcNetworkByName("acme-web"); err != nil {
				return err
			}
			lease := 7200
			up, err := s.web.UpdateDhcp(&types.OpenApiOrgVdcNetworkDhcp{Enabled: &yes, LeaseTime: &lease, DhcpPools: dhcpPool("10.10.10.210", "10.10.10.220"), DnsServers: []string{"10.10.0.53"}})
			if err != nil {
				return err
			}
			d := up.OpenApiOrgVdcNetworkDhcp
			if d.Mode != "EDGE" || d.LeaseTime == nil || *d.LeaseTime != 7200 || len(d.DhcpPools) != 1 || d.DhcpPools[0].IPRange.EndAddress != "10.10.10.220" {
				return fail("DHCP after UpdateDhcp is %+v", d)
			}
			again, err := s.web.GetOpenApiOrgVdcNetworkDhcp()
			if err != nil {
				return err
			}
			byVdc, err := g.vdc.GetOpenApiOrgVdcNetworkDhcp(s.web.OpenApiOrgVdcNetwork.ID)
			if err != nil {
				return err
			}
			if len(again.OpenApiOrgVdcNetworkDhcp.DnsServers) != 1 || len(byVdc.OpenApiOrgVdcNetworkDhcp.DhcpPools) != 1 {
				return fail("DHCP read back is %+v / %+v", again.OpenApiOrgVdcNetworkDhcp, byVdc.OpenApiOrgVdcNetworkDhcp)
			}
			return nil
		}},
		{"gwsvc/dhcp-refused", []string{"gwsvc/dhcp"}, func(e *env) error {
			if err := refused("a DHCP pool overlapping the static pool", createErr(s.web.UpdateDhcp(&types.OpenApiOrgVdcNetworkDhcp{Enabled: &yes, DhcpPools: dhcpPool("10.10.10.190", "10.10.10.205")}))); err != nil {
				return err
			}
			if err := refused("a DHCP pool outside the subnet", createErr(s.web.UpdateDhcp(&types.OpenApiOrgVdcNetworkDhcp{Enabled: &yes, DhcpPools: dhcpPool("10.10.99.10", "10.10.99.20")}))); err != nil {
				return err
			}
			return refused("a change of DHCP mode", createErr(s.web.UpdateDhcp(&types.OpenApiOrgVdcNetworkDhcp{Enabled: &yes, Mode: "NETWORK", IPAddress: "10.10.10.250", DhcpPools: dhcpPool("10.10.10.210", "10.10.10.220")})))
		}},
		{"gwsvc/dhcp-bindings", []string{"gwsvc/dhcp"}, func(e *env) (err error) {
			cfg := &types.OpenApiOrgVdcNetworkDhcpBinding{Name: e.name("printer"), BindingType: types.NsxtDhcpBindingTypeIpv4, MacAddress: "00:50:56:0a:0b:0c",
				IpAddress: "10.10.10.240", DnsServers: []string{"10.10.0.53"}, DhcpV4BindingConfig: &types.DhcpV4BindingConfig{HostName: "printer"}}
			if s.binding, err = s.web.CreateOpenApiOrgVdcNetworkDhcpBinding(cfg); err != nil {
				return err
			}
			b := s.binding.OpenApiOrgVdcNetworkDhcpBinding
			if b.ID == "" || b.IpAddress != "10.10.10.240" || b.DhcpV4BindingConfig == nil || b.DhcpV4BindingConfig.HostName != "printer" {
				return fail("created binding is %+v", b)
			}
			byName, err := s.web.GetOpenApiOrgVdcNetworkDhcpBindingByName(cfg.Name)
			if err != nil {
				return err
			}
			up := *byName.OpenApiOrgVdcNetworkDhcpBinding
			up.IpAddress = "10.10.10.241"
			updated, err := byName.Update(&up)
			if err != nil {
				return err
			}
			if updated.OpenApiOrgVdcNetworkDhcpBinding.IpAddress != "10.10.10.241" || updated.OpenApiOrgVdcNetworkDhcpBinding.Version.Version != 1 {
				return fail("updated binding is %+v", updated.OpenApiOrgVdcNetworkDhcpBinding)
			}
			s.binding = updated
			all, err := s.web.GetAllOpenApiOrgVdcNetworkDhcpBindings(nil)
			if err != nil || len(all) != 1 {
				return fail("the network lists %d bindings (%v), want 1", len(all), err)
			}
			return nil
		}},
		{"gwsvc/dhcp-bindings-refused", []string{"gwsvc/dhcp-bindings"}, func(e *env) error {
			outside := &types.OpenApiOrgVdcNetworkDhcpBinding{Name: e.name("outside"), BindingType: types.NsxtDhcpBindingTypeIpv4, MacAddress: "00:50:56:0a:0b:0d", IpAddress: "10.10.11.5"}
			if err := refused("a binding outside the subnet", createErr(s.web.CreateOpenApiOrgVdcNetworkDhcpBinding(outside))); err != nil {
				return err
			}
			inPool := &types.OpenApiOrgVdcNetworkDhcpBinding{Name: e.name("in-pool"), BindingType: types.NsxtDhcpBindingTypeIpv4, MacAddress: "00:50:56:0a:0b:0d", IpAddress: "10.10.10.20"}
			if err := refused("a binding in the static pool", createErr(s.web.CreateOpenApiOrgVdcNetworkDhcpBinding(inPool))); err != nil {
				return err
			}
			sameMac := &types.OpenApiOrgVdcNetworkDhcpBinding{Name: e.name("same-mac"), BindingType: types.NsxtDhcpBindingTypeIpv4, MacAddress: "00:50:56:0a:0b:0c", IpAddress: "10.10.10.245"}
			if err := refused("a second binding for one MAC address", createErr(s.web.CreateOpenApiOrgVdcNetworkDhcpBinding(sameMac))); err != nil {
				return err
			}
			return refused("DHCP deleted while it has bindings", s.web.DeletNetworkDhcp())
		}},
		{"gwsvc/dhcp-delete", []string{"gwsvc/dhcp-bindings-refused", "gwsvc/dhcp-refused"}, func(e *env) error {
			if err := s.binding.Delete(); err != nil {
				return err
			}
			if _, err := s.web.GetOpenApiOrgVdcNetworkDhcpBindingByName(e.name("printer")); err == nil {
				return fail("deleted binding still found")
			}
			if err := s.web.DeletNetworkDhcp(); err != nil {
				return err
			}
			d, err := s.web.GetOpenApiOrgVdcNetworkDhcp()
			if err != nil {
				return err
			}
			if len(d.OpenApiOrgVdcNetworkDhcp.DhcpPools) != 0 || (d.OpenApiOrgVdcNetworkDhcp.Enabled != nil && *d.OpenApiOrgVdcNetworkDhcp.Enabled) {
				return fail("DHCP after DeletNetworkDhcp is %+v", d.OpenApiOrgVdcNetworkDhcp)
			}
			return nil
		}},

		// ---- DNS forwarder ----
		{"gwsvc/dns", []string{"gw/edge-gateway"}, func(e *env) error {
			dns, err := g.egw.GetDnsConfig()
			if err != nil {
				return err
			}
			if dns.NsxtEdgeGatewayDns.Enabled || dns.NsxtEdgeGatewayDns.ListenerIp == "" {
				return fail("DNS forwarder before any change is %+v", dns.NsxtEdgeGatewayDns)
			}
			cfg := &types.NsxtEdgeGatewayDns{Enabled: true,
				DefaultForwarderZone:      &types.NsxtDnsForwarderZoneConfig{DisplayName: "public", UpstreamServers: []string{"1.1.1.1", "8.8.8.8"}},
				ConditionalForwarderZones: []*types.NsxtDnsForwarderZoneConfig{{DisplayName: "corp", UpstreamServers: []string{"10.0.0.53"}, DnsDomainNames: []string{"corp.example.com"}}}}
			up, err := g.egw.UpdateDnsConfig(cfg)
			if err != nil {
				return err
			}
			d := up.NsxtEdgeGatewayDns
			if !d.Enabled || d.DefaultForwarderZone == nil || d.DefaultForwarderZone.ID == "" || len(d.ConditionalForwarderZones) != 1 || d.ConditionalForwarderZones[0].DnsDomainNames[0] != "corp.example.com" {
				return fail("DNS forwarder after UpdateDnsConfig is %+v", d)
			}
			if err := refused("an enabled DNS forwarder without a default zone", createErr(g.egw.UpdateDnsConfig(&types.NsxtEdgeGatewayDns{Enabled: true}))); err != nil {
				return err
			}
			if err := refused("a DNS upstream server that is not an address", createErr(g.egw.UpdateDnsConfig(&types.NsxtEdgeGatewayDns{Enabled: true,
				DefaultForwarderZone: &types.NsxtDnsForwarderZoneConfig{DisplayName: "p", UpstreamServers: []string{"dns.google"}}}))); err != nil {
				return err
			}
			if err := up.Delete(); err != nil {
				return err
			}
			if err := up.Refresh(); err != nil {
				return err
			}
			if up.NsxtEdgeGatewayDns.Enabled || up.NsxtEdgeGatewayDns.DefaultForwarderZone != nil {
				return fail("DNS forwarder after Delete is %+v", up.NsxtEdgeGatewayDns)
			}
			return nil
		}},

		// ---- IPsec VPN tunnels and used addresses ----
		{"gwsvc/ipsec", []string{"gw/edge-gateway", "gw/nat-delete"}, func(e *env) (err error) {
			cfg := &types.NsxtIpSecVpnTunnel{Name: e.name("to-branch"), Enabled: true, PreSharedKey: "s3cret",
				LocalEndpoint:  types.NsxtIpSecVpnTunnelLocalEndpoint{LocalAddress: "203.0.113.13", LocalNetworks: []string{"10.10.10.0/24"}},
				RemoteEndpoint: types.NsxtIpSecVpnTunnelRemoteEndpoint{RemoteAddress: "198.51.100.7", RemoteNetworks: []string{"192.168.0.0/16"}}}
			if s.tunnel, err = g.egw.CreateIpSecVpnTunnel(cfg); err != nil {
				return err
			}
			t := s.tunnel.NsxtIpSecVpn
			if t.ID == "" || t.PreSharedKey != "s3cret" || t.LocalEndpoint.LocalId != "203.0.113.13" || t.RemoteEndpoint.RemoteId != "198.51.100.7" || t.SecurityType != "DEFAULT" {
				return fail("created tunnel is %+v", t)
			}
			byName, err := g.egw.GetIpSecVpnTunnelByName(cfg.Name)
			if err != nil {
				return err
			}
			status, err := byName.GetStatus()
			if err != nil {
				return err
			}
			if status.TunnelStatus != "UP" || status.IkeStatus.IkeServiceStatus != "UP" {
				return fail("tunnel status is %+v", status)
			}
			up := *byName.NsxtIpSecVpn
			up.Enabled = false
			up.RemoteEndpoint.RemoteNetworks = append(up.RemoteEndpoint.RemoteNetworks, "172.16.0.0/12")
			updated, err := byName.Update(&up)
			if err != nil {
				return err
			}
			if updated.NsxtIpSecVpn.Enabled || len(updated.NsxtIpSecVpn.RemoteEndpoint.RemoteNetworks) != 2 {
				return fail("updated tunnel is %+v", updated.NsxtIpSecVpn)
			}
			if status, err = updated.GetStatus(); err != nil || status.TunnelStatus != "DOWN" {
				return fail("a disabled tunnel's status is %+v (%v)", status, err)
			}
			s.tunnel = updated
			return nil
		}},
		{"gwsvc/ipsec-connection-properties", []string{"gwsvc/ipsec"}, func(e *env) error {
			props, err := s.tunnel.GetTunnelConnectionProperties()
			if err != nil {
				return err
			}
			if props.SecurityType != "DEFAULT" || props.IkeConfiguration.IkeVersion != "IKE_V2" || props.DpdConfiguration.ProbeInterval != 60 {
				return fail("default connection properties are %+v", props)
			}
			life := 28800
			custom := &types.NsxtIpSecVpnTunnelSecurityProfile{SecurityType: "CUSTOM",
				IkeConfiguration: types.NsxtIpSecVpnTunnelProfileIkeConfiguration{IkeVersion: "IKE_V1", EncryptionAlgorithms: []string{"AES_256"},
					DigestAlgorithms: []string{"SHA2_512"}, DhGroups: []string{"GROUP19"}, SaLifeTime: &life},
				TunnelConfiguration: types.NsxtIpSecVpnTunnelProfileTunnelConfiguration{PerfectForwardSecrecyEnabled: true, DfPolicy: "COPY",
					EncryptionAlgorithms: []string{"AES_GCM_256"}, DhGroups: []string{"GROUP19"}},
				DpdConfiguration: types.NsxtIpSecVpnTunnelProfileDpdConfiguration{ProbeInterval: 10}}
			set, err := s.tunnel.UpdateTunnelConnectionProperties(custom)
			if err != nil {
				return err
			}
			if set.SecurityType != "CUSTOM" || set.IkeConfiguration.IkeVersion != "IKE_V1" || set.DpdConfiguration.ProbeInterval != 10 || *set.IkeConfiguration.SaLifeTime != 28800 {
				return fail("connection properties after the update are %+v", set)
			}
			bad := *custom
			bad.DpdConfiguration.ProbeInterval = 1
			if err := refused("a dead peer detection interval of 1 s", createErr(s.tunnel.UpdateTunnelConnectionProperties(&bad))); err != nil {
				return err
			}
			t, err := g.egw.GetIpSecVpnTunnelById(s.tunnel.NsxtIpSecVpn.ID)
			if err != nil {
				return err
			}
			if t.NsxtIpSecVpn.SecurityType != "CUSTOM" {
				return fail("the tunnel's security type is %s after custom connection properties", t.NsxtIpSecVpn.SecurityType)
			}
			s.tunnel = t
			return nil
		}},
		{"gwsvc/ipsec-refused", []string{"gwsvc/ipsec"}, func(e *env) error {
			tunnel := func(name, local string) *types.NsxtIpSecVpnTunnel {
				return &types.NsxtIpSecVpnTunnel{Name: name, Enabled: true, PreSharedKey: "k",
					LocalEndpoint:  types.NsxtIpSecVpnTunnelLocalEndpoint{LocalAddress: local, LocalNetworks: []string{"10.10.10.0/24"}},
					RemoteEndpoint: types.NsxtIpSecVpnTunnelRemoteEndpoint{RemoteAddress: "198.51.100.8"}}
			}
			if err := refused("a tunnel of a name the gateway has", createErr(g.egw.CreateIpSecVpnTunnel(tunnel(s.tunnel.NsxtIpSecVpn.Name, "203.0.113.14")))); err != nil {
				return err
			}
			// 203.0.113.20 is globex-edge's: acme-edge does not own it.
			_, err := g.egw.CreateIpSecVpnTunnel(tunnel(e.name("not-mine"), "203.0.113.20"))
			if err == nil || !strings.Contains(err.Error(), "not an IP address allocated to edge gateway") {
				return fail("a tunnel on an address the gateway does not own: %v", err)
			}
			return nil
		}},
		{"gwsvc/used-ips", []string{"gwsvc/ipsec"}, func(e *env) error {
			used, err := g.egw.GetUsedIpAddresses(nil)
			if err != nil {
				return err
			}
			seen := map[string]string{}
			for _, u := range used {
				seen[u.IPAddress] = u.Category
			}
			if seen["203.0.113.10"] != "PRIMARY_IP" || seen["203.0.113.13"] != "IPsec_VPN" {
				return fail("used addresses are %v", seen)
			}
			free, err := g.egw.GetUnusedExternalIPAddresses(1, netip.Prefix{}, true)
			if err != nil {
				return err
			}
			if len(free) != 1 || seen[free[0].String()] != "" {
				return fail("an unused address %v is in use (%v)", free, seen)
			}
			return nil
		}},
		{"gwsvc/ipsec-delete", []string{"gwsvc/ipsec-refused", "gwsvc/used-ips", "gwsvc/ipsec-connection-properties"}, func(e *env) error {
			if err := s.tunnel.Delete(); err != nil {
				return err
			}
			if _, err := g.egw.GetIpSecVpnTunnelByName(s.tunnel.NsxtIpSecVpn.Name); err == nil {
				return fail("deleted tunnel still found")
			}
			return nil
		}},
	}
}
