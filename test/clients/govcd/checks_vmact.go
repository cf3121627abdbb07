package main

// Uploads (OVF, ISO), media insert/eject, snapshots as govcd parses them, and the nested hypervisor toggle.
// go-vcloud-director v2.22.0 has no snapshot, consolidate, upgrade or tools functions: snapshots are taken
// through its client's ExecuteTaskRequest and read back through the VM document it parses (VM.Snapshots).

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

// vmact is what these checks share (kept apart from env, which the other checks own).
var vmact struct {
	vapp  *govcd.VApp
	vm    *govcd.VM
	org   *govcd.Org // acme, as alice
	media string     // name of the uploaded ISO
}

// fixtures is test/clients/fixtures, found from this source file (the checks run from anywhere).
// acmeCatalog is acme-catalog as acme-admin sees it (refresh: read again).
func acmeCatalog(e *env, refresh bool) (*govcd.Catalog, error) {
	org, err := e.acmeAdmin.GetOrgByName("acme")
	if err != nil {
		return nil, err
	}
	return org.GetCatalogByName("acme-catalog", refresh)
}

func fixtures() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "fixtures")
}

// makeIso writes 37 KB with "CD001" at byte 32769, which govcd's UploadMediaImage looks for.
func makeIso(dir string) (string, error) {
	data := make([]byte, 37*1024)
	copy(data[32769:], "CD001")
	path := filepath.Join(dir, "tools.iso")
	return path, os.WriteFile(path, data, 0o644)
}

// createSnapshotParams: govcd v2.22.0 has no type for it.
type createSnapshotParams struct {
	XMLName xml.Name `xml:"CreateSnapshotParams"`
	Xmlns   string   `xml:"xmlns,attr"`
	Memory  bool     `xml:"memory,attr"`
	Quiesce bool     `xml:"quiesce,attr"`
}

// vappNet is the named network of a NetworkConfigSection.
func vappNet(config *types.NetworkConfigSection, name string) *types.VAppNetworkConfiguration {
	for i := range config.NetworkConfig {
		if config.NetworkConfig[i].NetworkName == name {
			return &config.NetworkConfig[i]
		}
	}
	return nil
}

// govcd's RemoveNetwork reads the network's UUID from its href with `^https://…` (GetUuidFromHref): over
// plain HTTP it never finds one, whatever the server answers.
func init() { httpsOnly["vappnet/remove"] = true }

// spliceBefore puts extra checks before the check named `before` (at the end when there is none).
func spliceBefore(checks []check, before string, extra []check) []check {
	for i, c := range checks {
		if c.name == before {
			out := append([]check{}, checks[:i]...)
			out = append(out, extra...)
			return append(out, checks[i:]...)
		}
	}
	return append(checks, extra...)
}

func vmactChecks() []check {
	return []check{
		{"vmact/instantiate", []string{"vdc/by-name", "catalog/item-and-template"}, func(e *env) (err error) {
			if vmact.vapp, err = e.vdc.CreateVappFromTemplate(&types.InstantiateVAppTemplateParams{
				Name: e.name("snap"), PowerOn: false, AllEULAsAccepted: true,
				Source: &types.Reference{HREF: e.template.VAppTemplate.HREF},
			}); err != nil {
				return err
			}
			if vmact.vm, err = vmact.vapp.GetVMByName("ubuntu", false); err != nil {
				return err
			}
			vmact.org, err = e.alice.GetOrgByName("acme")
			return err
		}},
		{"vmact/snapshot", []string{"vmact/instantiate"}, func(e *env) error {
			vm := vmact.vm
			if vm.VM.Snapshots == nil || len(vm.VM.Snapshots.Snapshot) != 0 {
				return fail("a new VM's SnapshotSection: %+v", vm.VM.Snapshots)
			}
			if vm.VM.Link.ForType("application/vnd.vmware.vcloud.createSnapshotParams+xml", types.RelSnapshotCreate) == nil {
				return fail("no %s link on the VM", types.RelSnapshotCreate)
			}
			if vm.VM.Link.ForType("", types.RelSnapshotRevertToCurrent) != nil {
				return fail("a %s link without a snapshot", types.RelSnapshotRevertToCurrent)
			}
			params := &createSnapshotParams{Xmlns: types.XMLNamespaceVCloud}
			if err := wait(e.alice.Client.ExecuteTaskRequest(vm.VM.HREF+"/action/createSnapshot", http.MethodPost,
				"application/vnd.vmware.vcloud.createSnapshotParams+xml", "create snapshot: %s", params)); err != nil {
				return err
			}
			if err := vm.Refresh(); err != nil {
				return err
			}
			if vm.VM.Snapshots == nil || len(vm.VM.Snapshots.Snapshot) != 1 || vm.VM.Snapshots.Snapshot[0].Size <= 0 || vm.VM.Snapshots.Snapshot[0].Created == "" {
				return fail("SnapshotSection after createSnapshot: %+v", vm.VM.Snapshots)
			}
			for _, rel := range []string{types.RelSnapshotRevertToCurrent, types.RelSnapshotRemoveAll} {
				link := vm.VM.Link.ForType("", rel)
				if link == nil {
					return fail("no %s link with a snapshot", rel)
				}
				if err := wait(e.alice.Client.ExecuteTaskRequest(link.HREF, http.MethodPost, "", rel+": %s", nil)); err != nil {
					return err
				}
			}
			if err := vm.Refresh(); err != nil {
				return err
			}
			if len(vm.VM.Snapshots.Snapshot) != 0 {
				return fail("a snapshot left after removeAllSnapshots")
			}
			err := wait(e.alice.Client.ExecuteTaskRequest(vm.VM.HREF+"/action/revertToCurrentSnapshot", http.MethodPost, "", "revert: %s", nil))
			return refused("a revert without a snapshot", err)
		}},
		{"vmact/guest-properties", []string{"vmact/instantiate"}, func(e *env) error {
			// Terraform's guest_properties: SetProductSectionList replaces the properties, as a task, and reads them back.
			props := func(kv ...string) *types.ProductSectionList {
				l := &types.ProductSectionList{ProductSection: &types.ProductSection{Info: "Custom properties"}}
				for i := 0; i < len(kv); i += 2 {
					l.ProductSection.Property = append(l.ProductSection.Property, &types.Property{
						UserConfigurable: true, Type: "string", Key: kv[i], Label: kv[i], Value: &types.Value{Value: kv[i+1]},
					})
				}
				return l
			}
			got, err := vmact.vm.SetProductSectionList(props("guestinfo.hostname", "web-01", "role", "frontend"))
			if err != nil {
				return err
			}
			got.SortByPropertyKeyName()
			if n := len(got.ProductSection.Property); n != 2 || got.ProductSection.Property[0].Value.Value != "web-01" || got.ProductSection.Property[1].Key != "role" {
				return fail("the VM's properties read back: %+v", got.ProductSection.Property)
			}
			if got, err = vmact.vapp.SetProductSectionList(props("owner", "team-a")); err != nil {
				return err
			}
			if len(got.ProductSection.Property) != 1 || got.ProductSection.Property[0].Value.Value != "team-a" {
				return fail("the vApp's properties read back: %+v", got.ProductSection.Property)
			}
			if got, err = vmact.vm.SetProductSectionList(props()); err != nil || len(got.ProductSection.Property) != 0 {
				return fail("clearing the VM's properties: %v %+v", err, got)
			}
			// A key given twice is refused.
			if _, err = vmact.vm.SetProductSectionList(props("a", "1", "a", "2")); err == nil {
				return fail("a key given twice was accepted")
			}
			return nil
		}},
		{"vmact/nested-hypervisor", []string{"vmact/instantiate"}, func(e *env) error {
			vm := vmact.vm
			if err := wait(vm.ToggleHardwareVirtualization(true)); err != nil {
				return err
			}
			if err := vm.Refresh(); err != nil {
				return err
			}
			if !vm.VM.NestedHypervisorEnabled {
				return fail("nestedHypervisorEnabled false after ToggleHardwareVirtualization(true)")
			}
			if err := wait(vm.PowerOn()); err != nil {
				return err
			}
			// govcd refuses on its own while the VM runs; the server does too.
			if err := refused("ToggleHardwareVirtualization on a running VM", wait(vm.ToggleHardwareVirtualization(false))); err != nil {
				return err
			}
			if err := refused("disableNestedHypervisor on a running VM", wait(e.alice.Client.ExecuteTaskRequest(
				vm.VM.HREF+"/action/disableNestedHypervisor", http.MethodPost, "", "disable: %s", nil))); err != nil {
				return err
			}
			if err := wait(vm.PowerOff()); err != nil {
				return err
			}
			if err := wait(vm.ToggleHardwareVirtualization(false)); err != nil {
				return err
			}
			if err := vm.Refresh(); err != nil {
				return err
			}
			if vm.VM.NestedHypervisorEnabled {
				return fail("nestedHypervisorEnabled still true after ToggleHardwareVirtualization(false)")
			}
			return nil
		}},
		{"upload/ovf", []string{"login/acme-admin"}, func(e *env) error {
			return uploadTiny(e, e.name("tiny"), func(catalog *govcd.Catalog) error {
				task, err := catalog.UploadOvf(filepath.Join(fixtures(), "tiny.ovf"), e.name("tiny"), "uploaded by govcd-checks", 1024)
				if err != nil {
					return err
				}
				if err := task.WaitTaskCompletion(); err != nil {
					return err
				}
				return task.GetUploadError()
			})
		}},
		{"upload/ovf-by-link", []string{"login/acme-admin"}, func(e *env) error {
			// Terraform's vcd_catalog_vapp_template with `url`: the simulator downloads the OVF and its disk from a
			// loopback server, as VCD downloads from the given address.
			files := httptest.NewServer(http.FileServer(http.Dir(fixtures())))
			defer files.Close()
			return uploadTiny(e, e.name("by-link"), func(catalog *govcd.Catalog) error {
				task, err := catalog.UploadOvfByLink(files.URL+"/tiny.ovf", e.name("by-link"), "downloaded by the simulator")
				if err != nil {
					return err
				}
				return task.WaitTaskCompletion()
			})
		}},
		{"upload/media-image", []string{"login/acme-admin"}, func(e *env) error {
			catalog, err := acmeCatalog(e, false)
			if err != nil {
				return err
			}
			dir, err := os.MkdirTemp("", "govcd-iso")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			path, err := makeIso(dir)
			if err != nil {
				return err
			}
			vmact.media = e.name("tools.iso")
			task, err := catalog.UploadMediaImage(vmact.media, "uploaded by govcd-checks", path, 1024)
			if err != nil {
				return err
			}
			if err := task.WaitTaskCompletion(); err != nil {
				return err
			}
			// Not an ISO: govcd refuses it before sending anything.
			notIso := filepath.Join(dir, "not.iso")
			if err := os.WriteFile(notIso, []byte(strings.Repeat("x", 40000)), 0o644); err != nil {
				return err
			}
			if _, err := catalog.UploadMediaImage(e.name("not.iso"), "", notIso, 1024); err == nil {
				return fail("UploadMediaImage of a file that is not an ISO succeeded")
			}
			media, err := catalog.GetMediaByName(vmact.media, true)
			if err != nil {
				return err
			}
			if media.Media.Size != 37*1024 {
				return fail("media size %d", media.Media.Size)
			}
			return nil
		}},
		{"vm/insert-eject-media", []string{"upload/media-image", "vmact/instantiate"}, func(e *env) error {
			vm := vmact.vm
			if err := wait(vm.HandleInsertMedia(vmact.org, "acme-catalog", vmact.media)); err != nil {
				return err
			}
			if err := vm.Refresh(); err != nil {
				return err
			}
			inserted := false
			for _, item := range vm.VM.VirtualHardwareSection.Item {
				if item.ResourceType == 15 && item.HostResource != nil && len(item.HostResource) > 0 {
					inserted = true
				}
			}
			if !inserted {
				return fail("no CD-ROM drive holding the media after HandleInsertMedia")
			}
			eject, err := vm.HandleEjectMedia(vmact.org, "acme-catalog", vmact.media)
			if err != nil {
				return err
			}
			return eject.WaitTaskCompletion(true)
		}},
		{"upload/remove-media", []string{"vm/insert-eject-media"}, func(e *env) error {
			adminOrg, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			catalog, err := adminOrg.GetAdminCatalogByName("acme-catalog", false)
			if err != nil {
				return err
			}
			if err := catalog.RemoveMediaIfExists(vmact.media); err != nil {
				return err
			}
			if _, err := catalog.GetMediaByName(vmact.media, true); err == nil {
				return fail("media still found after RemoveMediaIfExists")
			}
			return nil
		}},
		// ---- vApp networks ----
		{"vappnet/create-isolated", []string{"vmact/instantiate"}, func(e *env) error {
			if err := vmact.vapp.Refresh(); err != nil {
				return err
			}
			config, err := vmact.vapp.CreateVappNetwork(&govcd.VappNetworkSettings{
				Name: "iso", Description: "lab", Gateway: "192.168.7.1", NetMask: "255.255.255.0", DNS1: "192.168.7.53",
				StaticIPRanges: []*types.IPRange{{StartAddress: "192.168.7.10", EndAddress: "192.168.7.20"}},
			}, nil)
			if err != nil {
				return err
			}
			n := vappNet(config, "iso")
			if n == nil || n.Configuration.FenceMode != types.FenceModeIsolated || n.Link == nil || n.Description != "lab" {
				return fail("isolated vApp network as read back: %+v", n)
			}
			scope := n.Configuration.IPScopes.IPScope[0]
			if scope.Gateway != "192.168.7.1" || scope.IsInherited || scope.IPRanges == nil || scope.IPRanges.IPRange[0].StartAddress != "192.168.7.10" {
				return fail("isolated vApp network scope: %+v", scope)
			}
			return nil
		}},
		{"vappnet/create-routed", []string{"vappnet/create-isolated", "vdc/networks"}, func(e *env) error {
			if err := vmact.vapp.Refresh(); err != nil {
				return err
			}
			config, err := vmact.vapp.CreateVappNetwork(&govcd.VappNetworkSettings{
				Name: "routed", Gateway: "172.16.5.1", SubnetPrefixLength: "24",
				StaticIPRanges: []*types.IPRange{{StartAddress: "172.16.5.10", EndAddress: "172.16.5.20"}},
			}, e.webNet.OrgVDCNetwork)
			if err != nil {
				return err
			}
			n := vappNet(config, "routed")
			if n == nil || n.Configuration.FenceMode != types.FenceModeNAT || n.Configuration.ParentNetwork == nil || n.Configuration.ParentNetwork.Name != "acme-web" {
				return fail("routed vApp network as read back: %+v", n)
			}
			if scope := n.Configuration.IPScopes.IPScope[0]; scope.Gateway != "172.16.5.1" || scope.IsInherited {
				return fail("routed vApp network scope: %+v", scope)
			}
			// The isolated one is still there.
			if vappNet(config, "iso") == nil {
				return fail("the isolated vApp network went missing")
			}
			return nil
		}},
		{"vappnet/add-org-network-fenced", []string{"vappnet/create-routed"}, func(e *env) error {
			if err := vmact.vapp.Refresh(); err != nil {
				return err
			}
			config, err := vmact.vapp.AddOrgNetwork(&govcd.VappNetworkSettings{}, e.dbNet.OrgVDCNetwork, true)
			if err != nil {
				return err
			}
			n := vappNet(config, e.dbNet.OrgVDCNetwork.Name)
			if n == nil || n.Configuration.FenceMode != types.FenceModeNAT || !n.Configuration.IPScopes.IPScope[0].IsInherited {
				return fail("fenced vApp network as read back: %+v", n)
			}
			return nil
		}},
		{"vappnet/vm-pool-address", []string{"vappnet/create-routed"}, func(e *env) error {
			vm := vmact.vm
			if err := vm.Refresh(); err != nil {
				return err
			}
			for _, network := range []struct{ name, ip string }{{"iso", "192.168.7.10"}, {"routed", "172.16.5.10"}} {
				err := vm.UpdateNetworkConnectionSection(&types.NetworkConnectionSection{
					PrimaryNetworkConnectionIndex: 0,
					NetworkConnection: []*types.NetworkConnection{{
						Network: network.name, NetworkConnectionIndex: 0, IsConnected: true,
						IPAddressAllocationMode: types.IPAllocationModePool, NetworkAdapterType: "VMXNET3",
					}},
				})
				if err != nil {
					return err
				}
				section, err := vm.GetNetworkConnectionSection()
				if err != nil {
					return err
				}
				if got := section.NetworkConnection[0].IPAddress; got != network.ip {
					return fail("POOL address on %s: %q, want %s", network.name, got, network.ip)
				}
			}
			return nil
		}},
		{"vappnet/remove", []string{"vappnet/vm-pool-address"}, func(e *env) error {
			if err := vmact.vapp.Refresh(); err != nil {
				return err
			}
			// The VM uses "routed": refused; "iso" is free again.
			if _, err := vmact.vapp.RemoveNetwork("routed"); err == nil {
				return fail("RemoveNetwork of a network a VM uses succeeded")
			}
			if err := vmact.vapp.Refresh(); err != nil {
				return err
			}
			config, err := vmact.vapp.RemoveNetwork("iso")
			if err != nil {
				return err
			}
			if vappNet(config, "iso") != nil || vappNet(config, "routed") == nil {
				return fail("networks after RemoveNetwork(iso): %+v", config.NetworkConfig)
			}
			return nil
		}},
		{"vmact/delete", []string{"vmact/instantiate"}, func(e *env) error {
			if err := vmact.vapp.Refresh(); err != nil {
				return err
			}
			if vmact.vapp.VApp.Deployed {
				if err := wait(vmact.vapp.Undeploy()); err != nil {
					return err
				}
			}
			return wait(vmact.vapp.Delete())
		}},
	}
}

// uploadTiny has `upload` put ../fixtures/tiny.ovf into acme-catalog as `name` (and wait for it), checks the
// template is usable with the descriptor's one VM, and deletes it.
func uploadTiny(e *env, name string, upload func(*govcd.Catalog) error) error {
	catalog, err := acmeCatalog(e, false)
	if err != nil {
		return err
	}
	if err := upload(catalog); err != nil {
		return err
	}
	if catalog, err = acmeCatalog(e, true); err != nil {
		return err
	}
	template, err := catalog.GetVAppTemplateByName(name)
	if err != nil {
		return err
	}
	if template.VAppTemplate.Status != 8 || template.VAppTemplate.Children == nil || len(template.VAppTemplate.Children.VM) != 1 {
		return fail("uploaded template %s: status %d, children %+v", name, template.VAppTemplate.Status, template.VAppTemplate.Children)
	}
	if got := template.VAppTemplate.Children.VM[0].Name; got != "tiny" {
		return fail("uploaded template %s: VM %q", name, got)
	}
	return template.Delete()
}
