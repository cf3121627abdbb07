package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

// env is what the checks share: clients, and what earlier checks found or made.
type env struct {
	base     url.URL
	insecure bool
	run      string // makes this run's names unique, so runs against one simulator do not collide

	sys, acmeAdmin, alice, bob *govcd.VCDClient

	sysAcme      *govcd.Org      // acme as the system administrator sees it
	sysAcmeAdmin *govcd.AdminOrg // acme's AdminOrg, as the system administrator sees it
	globexVdc    string          // href of globex-vdc (from the system administrator)
	globexTplVm  string          // href of a VM inside a globex template

	org      *govcd.Org // acme, as alice
	vdc      *govcd.Vdc // acme-vdc, as alice
	catalog  *govcd.Catalog
	template *govcd.VAppTemplate // ubuntu-22.04
	webNet   *govcd.OrgVDCNetwork
	dbNet    *govcd.OrgVDCNetwork
	silver   types.Reference // the Silver storage profile of acme-vdc

	vapp    *govcd.VApp // instantiated from ubuntu-22.04
	vm      *govcd.VM   // its VM
	rawVapp *govcd.VApp // composed empty, then recomposed
	alone   *govcd.VM   // standalone VM from a template
	empty   *govcd.VM   // standalone VM made from nothing

	bobVapp *govcd.VApp // alice's vApp, as bob sees it

	adminCatalog *govcd.AdminCatalog // a catalog acme-admin creates

	disk *govcd.Disk // an independent disk in acme-vdc
}

func (e *env) name(s string) string { return "govcd-" + e.run + "-" + s }

func (e *env) newClient() *govcd.VCDClient {
	return govcd.NewVCDClient(e.base, e.insecure, govcd.WithAPIVersion("37.0"),
		govcd.WithHttpTimeout(30), govcd.WithMaxRetryTimeout(20))
}

func (e *env) login(user, org string) (*govcd.VCDClient, error) {
	c := e.newClient()
	if err := c.Authenticate(user, "password", org); err != nil {
		return nil, err
	}
	return c, nil
}

func fail(format string, a ...interface{}) error { return fmt.Errorf(format, a...) }

// refused: the operation must have failed (a tenant crossing into another org, a right the role lacks).
func refused(what string, err error) error {
	if err == nil {
		return fail("%s succeeded; it must be refused", what)
	}
	return nil
}

func wait(task govcd.Task, err error) error {
	if err != nil {
		return err
	}
	return task.WaitTaskCompletion()
}

func vappStatus(v *govcd.VApp, want string) error {
	got, err := v.GetStatus()
	if err != nil {
		return err
	}
	if got != want {
		return fail("vApp %s status %s, want %s", v.VApp.Name, got, want)
	}
	return nil
}

func vmStatus(v *govcd.VM, want string) error {
	got, err := v.GetStatus()
	if err != nil {
		return err
	}
	if got != want {
		return fail("VM %s status %s, want %s", v.VM.Name, got, want)
	}
	return nil
}

func vmNames(v *govcd.VApp) []string {
	var names []string
	if v.VApp.Children != nil {
		for _, vm := range v.VApp.Children.VM {
			names = append(names, vm.Name)
		}
	}
	sort.Strings(names)
	return names
}

// uuidOf is the last part of a URN or an href.
func uuidOf(id string) string {
	if i := strings.LastIndexAny(id, ":/"); i >= 0 {
		return id[i+1:]
	}
	return id
}

func allChecks() []check {
	return []check{
		// ---- discovery and login ----
		{"versions/supported", nil, func(e *env) error {
			c := e.newClient()
			if !c.Client.APIVCDMaxVersionIs(">= 37.0") {
				max, err := c.Client.MaxSupportedVersion()
				return fail("highest version %q (%v) is not 37.0 or above", max, err)
			}
			return nil
		}},
		{"versions/login-at-newer-versions", []string{"versions/supported"}, func(e *env) error {
			// govcd sends ;version=37.1 for some calls when the server lists 37.1 or above.
			for _, v := range []string{"37.1", "37.2", "37.3", "38.0"} {
				c := govcd.NewVCDClient(e.base, e.insecure, govcd.WithAPIVersion(v), govcd.WithHttpTimeout(30), govcd.WithMaxRetryTimeout(5))
				if err := c.Authenticate("alice", "password", "acme"); err != nil {
					return fail("API %s: %s", v, err)
				}
				if _, err := c.GetOrgByName("acme"); err != nil {
					return fail("API %s: %s", v, err)
				}
			}
			return nil
		}},
		{"tls/self-signed-refused-when-verifying", []string{"versions/supported"}, func(e *env) error {
			c := govcd.NewVCDClient(e.base, false, govcd.WithAPIVersion("37.0"), govcd.WithHttpTimeout(30), govcd.WithMaxRetryTimeout(5))
			return refused("login over TLS with certificate verification, to a self-signed certificate", c.Authenticate("alice", "password", "acme"))
		}},
		{"login/system-administrator", []string{"versions/supported"}, func(e *env) (err error) {
			if e.sys, err = e.login("administrator", "System"); err != nil {
				return err
			}
			if !e.sys.Client.IsSysAdmin {
				return fail("govcd does not consider the session a system administrator's")
			}
			return nil
		}},
		{"login/acme-admin", []string{"versions/supported"}, func(e *env) (err error) {
			e.acmeAdmin, err = e.login("acme-admin", "acme")
			return err
		}},
		{"login/alice", []string{"versions/supported"}, func(e *env) (err error) {
			e.alice, err = e.login("alice", "acme")
			return err
		}},
		{"login/bob", []string{"versions/supported"}, func(e *env) (err error) {
			e.bob, err = e.login("bob", "acme")
			return err
		}},
		{"login/token", []string{"login/alice"}, func(e *env) error {
			// Terraform's token authentication: a bearer token from an earlier login, checked with GET /api/org.
			c := e.newClient()
			if err := c.SetToken("acme", govcd.BearerTokenHeader, e.alice.Client.VCDToken); err != nil {
				return err
			}
			_, err := c.GetOrgByName("acme")
			return err
		}},
		{"login/wrong-password-refused", []string{"versions/supported"}, func(e *env) error {
			c := e.newClient()
			return refused("login with a wrong password", c.Authenticate("alice", "wrong", "acme"))
		}},
		{"login/wrong-org-refused", []string{"versions/supported"}, func(e *env) error {
			c := e.newClient()
			return refused("login of alice into org globex", c.Authenticate("alice", "password", "globex"))
		}},
		{"session/info", []string{"login/alice", "login/system-administrator"}, func(e *env) error {
			for _, s := range []struct {
				c         *govcd.VCDClient
				user, org string
			}{{e.alice, "alice", "acme"}, {e.sys, "administrator", "System"}} {
				info, err := s.c.Client.GetSessionInfo()
				if err != nil {
					return err
				}
				if info.User.Name != s.user || info.Org.Name != s.org {
					return fail("session of %s@%s says user %q org %q", s.user, s.org, info.User.Name, info.Org.Name)
				}
			}
			return nil
		}},
		{"system/vcd-version", []string{"login/system-administrator"}, func(e *env) error {
			v, err := e.sys.Client.GetVcdFullVersion()
			if err != nil {
				return err
			}
			if seg := v.Version.Segments(); seg[0] != 10 || seg[1] != 5 {
				return fail("VCD version %s, want 10.5.x", v.Version)
			}
			return nil
		}},

		// ---- organizations (system administrator) ----
		{"org/list-as-system", []string{"login/system-administrator"}, func(e *env) error {
			list, err := e.sys.GetOrgList()
			if err != nil {
				return err
			}
			names := map[string]bool{}
			for _, o := range list.Org {
				names[o.Name] = true
			}
			for _, n := range []string{"System", "acme", "globex"} {
				if !names[n] {
					return fail("org %s missing from the org list (%v)", n, names)
				}
			}
			return nil
		}},
		{"org/by-name", []string{"login/system-administrator"}, func(e *env) (err error) {
			if e.sysAcme, err = e.sys.GetOrgByName("acme"); err != nil {
				return err
			}
			if e.sysAcme.Org.Name != "acme" || e.sysAcme.Org.ID == "" {
				return fail("got org %q id %q", e.sysAcme.Org.Name, e.sysAcme.Org.ID)
			}
			return nil
		}},
		{"org/admin-by-name", []string{"login/system-administrator"}, func(e *env) (err error) {
			if e.sysAcmeAdmin, err = e.sys.GetAdminOrgByName("acme"); err != nil {
				return err
			}
			if e.sysAcmeAdmin.AdminOrg.Name != "acme" || e.sysAcmeAdmin.AdminOrg.OrgSettings == nil {
				return fail("AdminOrg %q without OrgSettings", e.sysAcmeAdmin.AdminOrg.Name)
			}
			return nil
		}},
		{"org/by-id", []string{"org/by-name"}, func(e *env) error {
			o, err := e.sys.GetOrgById(e.sysAcme.Org.ID)
			if err != nil {
				return err
			}
			if o.Org.Name != "acme" {
				return fail("GetOrgById(%s) gave %q", e.sysAcme.Org.ID, o.Org.Name)
			}
			return nil
		}},
		{"org/admin-by-id", []string{"org/by-name"}, func(e *env) error {
			o, err := e.sys.GetAdminOrgById(e.sysAcme.Org.ID)
			if err != nil {
				return err
			}
			if o.AdminOrg.Name != "acme" {
				return fail("GetAdminOrgById(%s) gave %q", e.sysAcme.Org.ID, o.AdminOrg.Name)
			}
			return nil
		}},
		{"org/admin-vdc-by-name", []string{"org/admin-by-name"}, func(e *env) error {
			vdc, err := e.sysAcmeAdmin.GetAdminVDCByName("acme-vdc", false)
			if err != nil {
				return err
			}
			if vdc.AdminVdc.Name != "acme-vdc" || vdc.AdminVdc.AllocationModel != "AllocationVApp" {
				return fail("AdminVdc %q allocation %q", vdc.AdminVdc.Name, vdc.AdminVdc.AllocationModel)
			}
			return nil
		}},
		{"org/admin-org-contents", []string{"org/admin-by-name"}, func(e *env) error {
			// What Terraform's vcd_org and vcd_org_vdc read from the AdminOrg.
			ao := e.sysAcmeAdmin
			g := ao.AdminOrg.OrgSettings.OrgGeneralSettings
			if g == nil || ao.AdminOrg.OrgSettings.OrgVAppLeaseSettings == nil || ao.AdminOrg.OrgSettings.OrgVAppTemplateSettings == nil {
				return fail("OrgSettings lacks OrgGeneralSettings, OrgVAppLeaseSettings or OrgVAppTemplateLeaseSettings")
			}
			vdcs, err := ao.GetAllVDCs(false)
			if err != nil {
				return fail("GetAllVDCs: %s", err)
			}
			if len(vdcs) != 2 {
				return fail("GetAllVDCs: %d VDCs, want 2", len(vdcs))
			}
			profiles, err := ao.GetAllStorageProfileReferences(false)
			if err != nil {
				return fail("GetAllStorageProfileReferences: %s", err)
			}
			if len(profiles) != 3 {
				return fail("GetAllStorageProfileReferences: %d, want 3 (Gold, Silver, Standard)", len(profiles))
			}
			if _, err := ao.GetAdminCatalogByName("acme-catalog", false); err != nil {
				return fail("GetAdminCatalogByName: %s", err)
			}
			return nil
		}},
		{"org/users-and-roles", []string{"login/acme-admin"}, func(e *env) error {
			ao, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			u, err := ao.GetUserByName("alice", false)
			if err != nil {
				return fail("GetUserByName: %s", err)
			}
			if u.User.Role == nil || u.User.Role.Name != "vApp Author" {
				return fail("alice's role reference is %+v", u.User.Role)
			}
			role, err := ao.GetRoleByName("vApp User")
			if err != nil {
				return fail("GetRoleByName: %s", err)
			}
			if role.Role.Name != "vApp User" {
				return fail("GetRoleByName gave %q", role.Role.Name)
			}
			return nil
		}},
		{"org/globex-as-system", []string{"login/system-administrator"}, func(e *env) error {
			g, err := e.sys.GetOrgByName("globex")
			if err != nil {
				return err
			}
			vdc, err := g.GetVDCByName("globex-vdc", false)
			if err != nil {
				return err
			}
			e.globexVdc = vdc.Vdc.HREF
			cat, err := g.GetCatalogByName("globex-images", false)
			if err != nil {
				return err
			}
			tpl, err := cat.GetVAppTemplateByName("debian-12")
			if err != nil {
				return err
			}
			if tpl.VAppTemplate.Children == nil || len(tpl.VAppTemplate.Children.VM) != 1 {
				return fail("debian-12 template without its VM")
			}
			e.globexTplVm = tpl.VAppTemplate.Children.VM[0].HREF
			return nil
		}},

		// ---- a tenant's view ----
		{"tenant/org-by-name", []string{"login/alice"}, func(e *env) (err error) {
			e.org, err = e.alice.GetOrgByName("acme")
			return err
		}},
		{"tenant/org-list-own-only", []string{"login/alice"}, func(e *env) error {
			list, err := e.alice.GetOrgList()
			if err != nil {
				return err
			}
			if len(list.Org) != 1 || list.Org[0].Name != "acme" {
				var names []string
				for _, o := range list.Org {
					names = append(names, o.Name)
				}
				return fail("alice's org list is %v, want [acme]", names)
			}
			return nil
		}},
		{"tenant/other-org-hidden", []string{"login/alice"}, func(e *env) error {
			if _, err := e.alice.GetOrgByName("globex"); err == nil {
				return fail("alice found org globex")
			}
			return refused("alice's GetAdminOrgByName(globex)", func() error { _, err := e.alice.GetAdminOrgByName("globex"); return err }())
		}},
		{"tenant/other-org-vdc-refused", []string{"tenant/org-by-name", "org/globex-as-system"}, func(e *env) error {
			_, err := e.org.GetVDCByHref(e.globexVdc)
			return refused("alice's GetVDCByHref(globex-vdc)", err)
		}},
		{"tenant/other-org-vm-refused", []string{"login/alice", "org/globex-as-system"}, func(e *env) error {
			_, err := e.alice.Client.GetVMByHref(e.globexTplVm)
			if err == nil {
				return fail("alice read a VM of globex's template")
			}
			return nil
		}},
		{"tenant/other-org-catalog-hidden", []string{"tenant/org-by-name"}, func(e *env) error {
			_, err := e.org.GetCatalogByName("globex-images", false)
			return refused("alice's GetCatalogByName(globex-images)", err)
		}},
		{"tenant/org-admin-reads-admin-org", []string{"login/acme-admin"}, func(e *env) error {
			ao, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			if ao.AdminOrg.Name != "acme" {
				return fail("got AdminOrg %q", ao.AdminOrg.Name)
			}
			return refused("acme-admin's GetAdminOrgByName(globex)", func() error { _, err := e.acmeAdmin.GetAdminOrgByName("globex"); return err }())
		}},
		{"tenant/vapp-author-admin-org-refused", []string{"login/alice"}, func(e *env) error {
			_, err := e.alice.GetAdminOrgByName("acme")
			return refused("alice's (vApp Author) GetAdminOrgByName(acme)", err)
		}},

		// ---- VDC, networks, catalog (alice) ----
		{"vdc/by-name", []string{"tenant/org-by-name"}, func(e *env) (err error) {
			if e.vdc, err = e.org.GetVDCByName("acme-vdc", false); err != nil {
				return err
			}
			for _, sp := range e.vdc.Vdc.VdcStorageProfiles.VdcStorageProfile {
				if sp.Name == "Silver" {
					e.silver = types.Reference{HREF: sp.HREF, Name: sp.Name, ID: sp.ID, Type: sp.Type}
				}
			}
			if e.silver.HREF == "" {
				return fail("acme-vdc lists no Silver storage profile")
			}
			return nil
		}},
		{"vdc/by-id", []string{"vdc/by-name"}, func(e *env) error {
			v, err := e.org.GetVDCById(e.vdc.Vdc.ID, false)
			if err != nil {
				return err
			}
			if v.Vdc.Name != "acme-vdc" {
				return fail("GetVDCById gave %q", v.Vdc.Name)
			}
			return nil
		}},
		{"vdc/hardware-version", []string{"vdc/by-name"}, func(e *env) error {
			// What Terraform reads to choose an OS for an empty VM.
			hw, err := e.vdc.GetHighestHardwareVersion()
			if err != nil {
				return err
			}
			if _, err := e.vdc.FindOsFromId(hw, "ubuntu64Guest"); err != nil {
				return fail("hardware version %s: %s", hw.Name, err)
			}
			return nil
		}},
		{"vdc/other-org-by-name-hidden", []string{"tenant/org-by-name"}, func(e *env) error {
			_, err := e.org.GetVDCByName("globex-vdc", false)
			return refused("alice's GetVDCByName(globex-vdc)", err)
		}},
		{"vdc/networks", []string{"vdc/by-name"}, func(e *env) (err error) {
			if e.webNet, err = e.vdc.GetOrgVdcNetworkByName("acme-web", false); err != nil {
				return err
			}
			if e.dbNet, err = e.vdc.GetOrgVdcNetworkByName("acme-db", false); err != nil {
				return err
			}
			cfg := e.webNet.OrgVDCNetwork.Configuration
			if cfg == nil || cfg.IPScopes == nil || len(cfg.IPScopes.IPScope) == 0 || cfg.IPScopes.IPScope[0].Gateway != "10.10.10.1" {
				return fail("acme-web has no IpScope with gateway 10.10.10.1")
			}
			return nil
		}},
		{"vdc/openapi-network", []string{"vdc/by-name"}, func(e *env) error {
			n, err := e.vdc.GetOpenApiOrgVdcNetworkByName("acme-web")
			if err != nil {
				return err
			}
			if n.OpenApiOrgVdcNetwork.Name != "acme-web" || len(n.OpenApiOrgVdcNetwork.Subnets.Values) == 0 ||
				n.OpenApiOrgVdcNetwork.Subnets.Values[0].Gateway != "10.10.10.1" {
				return fail("CloudAPI network %+v", n.OpenApiOrgVdcNetwork)
			}
			return nil
		}},
		{"catalog/by-name", []string{"tenant/org-by-name"}, func(e *env) (err error) {
			e.catalog, err = e.org.GetCatalogByName("acme-catalog", false)
			return err
		}},
		{"catalog/item-and-template", []string{"catalog/by-name"}, func(e *env) error {
			item, err := e.catalog.GetCatalogItemByName("ubuntu-22.04", false)
			if err != nil {
				return err
			}
			tpl, err := item.GetVAppTemplate()
			if err != nil {
				return err
			}
			if tpl.VAppTemplate.Name != "ubuntu-22.04" {
				return fail("catalog item's template is %q", tpl.VAppTemplate.Name)
			}
			e.template = &tpl
			return nil
		}},
		{"catalog/template-by-name", []string{"catalog/by-name"}, func(e *env) error {
			tpl, err := e.catalog.GetVAppTemplateByName("three-tier-app")
			if err != nil {
				return err
			}
			if tpl.VAppTemplate.Status != 8 || tpl.VAppTemplate.Children == nil || len(tpl.VAppTemplate.Children.VM) != 3 {
				return fail("three-tier-app: status %d, want 8 with 3 VMs", tpl.VAppTemplate.Status)
			}
			return nil
		}},
		{"catalog/template-lists", []string{"catalog/by-name", "vdc/by-name"}, func(e *env) error {
			list, err := e.catalog.QueryVappTemplateList()
			if err != nil {
				return err
			}
			if len(list) != 5 {
				return fail("acme-catalog lists %d vApp templates, want 5", len(list))
			}
			items, err := e.vdc.QueryCatalogItemList()
			if err != nil {
				return err
			}
			if len(items) != 5 {
				return fail("acme-vdc lists %d catalog items, want 5", len(items))
			}
			cats, err := e.org.QueryCatalogList()
			if err != nil {
				return err
			}
			if len(cats) != 1 || cats[0].Name != "acme-catalog" {
				return fail("alice's catalog list has %d entries", len(cats))
			}
			vdcs, err := e.org.QueryOrgVdcList()
			if err != nil {
				return err
			}
			if len(vdcs) != 2 {
				return fail("alice's VDC list has %d entries, want 2", len(vdcs))
			}
			return nil
		}},
		{"vdc/template-by-name", []string{"vdc/by-name"}, func(e *env) error {
			tpl, err := e.vdc.GetVAppTemplateByName("rocky-9")
			if err != nil {
				return err
			}
			if tpl.VAppTemplate.Name != "rocky-9" {
				return fail("got %q", tpl.VAppTemplate.Name)
			}
			return nil
		}},
		{"vdc/query-vapp-vm-template", []string{"vdc/by-name"}, func(e *env) error {
			rec, err := e.vdc.QueryVappVmTemplate("acme-catalog", "ubuntu-22.04", "ubuntu")
			if err != nil {
				return err
			}
			if rec.Name != "ubuntu" || !rec.VAppTemplate || rec.ContainerName != "ubuntu-22.04" {
				return fail("record %q container %q isVAppTemplate %v", rec.Name, rec.ContainerName, rec.VAppTemplate)
			}
			return nil
		}},
		{"metadata/read", []string{"vdc/by-name", "catalog/by-name"}, func(e *env) error {
			if _, err := e.vdc.GetMetadata(); err != nil {
				return fail("VDC metadata: %s", err)
			}
			if _, err := e.catalog.GetMetadata(); err != nil {
				return fail("catalog metadata: %s", err)
			}
			return nil
		}},

		// ---- a vApp from a template (alice, vApp Author) ----
		{"vapp/instantiate", []string{"vdc/by-name", "catalog/item-and-template", "vdc/networks"}, func(e *env) (err error) {
			e.vapp, err = e.vdc.CreateVappFromTemplate(&types.InstantiateVAppTemplateParams{
				Name:             e.name("web"),
				Description:      "made by govcd-checks",
				PowerOn:          false,
				Source:           &types.Reference{HREF: e.template.VAppTemplate.HREF},
				AllEULAsAccepted: true,
			})
			if err != nil {
				return err
			}
			if got := vmNames(e.vapp); len(got) != 1 || got[0] != "ubuntu" {
				return fail("vApp VMs %v, want [ubuntu]", got)
			}
			if e.vm, err = e.vapp.GetVMByName("ubuntu", false); err != nil {
				return err
			}
			return vappStatus(e.vapp, "POWERED_OFF")
		}},
		{"vapp/lookups", []string{"vapp/instantiate"}, func(e *env) error {
			byName, err := e.vdc.GetVAppByName(e.name("web"), true)
			if err != nil {
				return fail("GetVAppByName: %s", err)
			}
			byID, err := e.vdc.GetVAppById(e.vapp.VApp.ID, true)
			if err != nil {
				return fail("GetVAppById: %s", err)
			}
			if byName.VApp.HREF != e.vapp.VApp.HREF || byID.VApp.HREF != e.vapp.VApp.HREF {
				return fail("lookups found %s and %s, want %s", byName.VApp.HREF, byID.VApp.HREF, e.vapp.VApp.HREF)
			}
			vm, err := e.vapp.GetVMById(e.vm.VM.ID, true)
			if err != nil {
				return fail("GetVMById: %s", err)
			}
			if vm.VM.Name != "ubuntu" {
				return fail("GetVMById gave %q", vm.VM.Name)
			}
			if _, err := e.alice.Client.GetVMByHref(e.vm.VM.HREF); err != nil {
				return fail("GetVMByHref: %s", err)
			}
			parent, err := e.vm.GetParentVApp()
			if err != nil {
				return fail("GetParentVApp: %s", err)
			}
			if parent.VApp.HREF != e.vapp.VApp.HREF {
				return fail("VM's parent is %s", parent.VApp.HREF)
			}
			if _, err := e.vm.GetParentVdc(); err != nil {
				return fail("GetParentVdc: %s", err)
			}
			return nil
		}},
		{"vapp/sections", []string{"vapp/instantiate"}, func(e *env) error {
			if _, err := e.vapp.GetNetworkConfig(); err != nil {
				return fail("network config: %s", err)
			}
			lease, err := e.vapp.GetLease()
			if err != nil {
				return fail("lease: %s", err)
			}
			if lease.DeploymentLeaseInSeconds < 0 {
				return fail("negative deployment lease")
			}
			if _, err := e.vm.GetNetworkConnectionSection(); err != nil {
				return fail("VM network connection section: %s", err)
			}
			hw, err := e.vm.GetVirtualHardwareSection()
			if err != nil {
				return fail("VM virtual hardware section: %s", err)
			}
			if len(hw.Item) == 0 {
				return fail("VM virtual hardware section without items")
			}
			if _, err := e.vm.GetGuestCustomizationSection(); err != nil {
				return fail("VM guest customization section: %s", err)
			}
			return nil
		}},
		{"vapp/document", []string{"vapp/instantiate"}, func(e *env) error {
			// What govcd's types.VApp reads and Terraform's vcd_vapp relies on.
			v := e.vapp.VApp
			var missing []string
			if v.DateCreated == "" {
				missing = append(missing, "DateCreated")
			}
			if v.Owner == nil || v.Owner.User == nil || v.Owner.User.Name != "alice" {
				missing = append(missing, "Owner/User (alice)")
			}
			if v.LeaseSettingsSection == nil {
				missing = append(missing, "LeaseSettingsSection")
			}
			if v.NetworkConfigSection == nil {
				missing = append(missing, "NetworkConfigSection")
			}
			if v.Children == nil || len(v.Children.VM) != 1 {
				missing = append(missing, "Children/Vm")
			} else if v.Children.VM[0].VmSpecSection == nil || v.Children.VM[0].NetworkConnectionSection == nil {
				missing = append(missing, "Children/Vm as a full Vm (VmSpecSection, NetworkConnectionSection)")
			}
			if len(missing) > 0 {
				return fail("the VApp document lacks %s", strings.Join(missing, ", "))
			}
			return nil
		}},
		{"vm/document", []string{"vapp/instantiate"}, func(e *env) error {
			// What govcd's types.Vm reads and Terraform's vcd_vapp_vm relies on.
			v := e.vm.VM
			var missing []string
			if v.DateCreated == "" {
				missing = append(missing, "DateCreated")
			}
			if v.VAppScopedLocalID == "" {
				missing = append(missing, "VAppScopedLocalId")
			}
			if v.StorageProfile == nil || v.StorageProfile.Name == "" {
				missing = append(missing, "StorageProfile")
			}
			if v.NetworkConnectionSection == nil {
				missing = append(missing, "NetworkConnectionSection")
			}
			if v.GuestCustomizationSection == nil || v.GuestCustomizationSection.ComputerName == "" {
				missing = append(missing, "GuestCustomizationSection/ComputerName")
			}
			if v.VMCapabilities == nil {
				missing = append(missing, "VmCapabilities")
			}
			if v.VirtualHardwareSection == nil || len(v.VirtualHardwareSection.Item) == 0 {
				missing = append(missing, "ovf:VirtualHardwareSection")
			}
			if s := v.VmSpecSection; s != nil {
				if s.OsType == "" {
					missing = append(missing, "VmSpecSection/OsType")
				}
				if s.HardwareVersion == nil || s.HardwareVersion.Value == "" {
					missing = append(missing, "VmSpecSection/HardwareVersion")
				}
				if s.DiskSection == nil || len(s.DiskSection.DiskSettings) == 0 || s.DiskSection.DiskSettings[0].DiskId == "" ||
					s.DiskSection.DiskSettings[0].AdapterType == "" || s.DiskSection.DiskSettings[0].StorageProfile == nil {
					missing = append(missing, "VmSpecSection/DiskSection/DiskSettings (DiskId, AdapterType, StorageProfile)")
				}
			}
			if len(missing) > 0 {
				return fail("the Vm document lacks %s", strings.Join(missing, ", "))
			}
			return nil
		}},
		{"vm/spec-section", []string{"vapp/instantiate"}, func(e *env) error {
			s := e.vm.VM.VmSpecSection
			if s == nil {
				return fail("the Vm document has no VmSpecSection (govcd's ChangeCPU/ChangeMemory dereference it)")
			}
			if s.NumCpus == nil || *s.NumCpus != 2 || s.MemoryResourceMb == nil || s.MemoryResourceMb.Configured != 4096 {
				return fail("VmSpecSection does not say 2 CPUs and 4096 MB")
			}
			return nil
		}},
		{"metadata/vapp-vm-read", []string{"vapp/instantiate"}, func(e *env) error {
			if _, err := e.vapp.GetMetadata(); err != nil {
				return fail("vApp metadata: %s", err)
			}
			if _, err := e.vm.GetMetadata(); err != nil {
				return fail("VM metadata: %s", err)
			}
			return nil
		}},
		{"metadata/vapp-write", []string{"vapp/instantiate"}, func(e *env) error {
			if err := e.vapp.AddMetadataEntryWithVisibility("env", "prod", types.MetadataStringValue, types.MetadataReadWriteVisibility, false); err != nil {
				return fail("AddMetadataEntryWithVisibility: %s", err)
			}
			if err := e.vapp.MergeMetadataWithMetadataValues(map[string]types.MetadataValue{
				"replicas": {TypedValue: &types.MetadataTypedValue{XsiType: types.MetadataNumberValue, Value: "3"}},
				"critical": {TypedValue: &types.MetadataTypedValue{XsiType: types.MetadataBooleanValue, Value: "true"}},
				"env":      {TypedValue: &types.MetadataTypedValue{XsiType: types.MetadataStringValue, Value: "staging"}},
			}); err != nil {
				return fail("MergeMetadataWithMetadataValues: %s", err)
			}
			md, err := e.vapp.GetMetadata()
			if err != nil {
				return fail("GetMetadata: %s", err)
			}
			got := map[string]string{}
			for _, m := range md.MetadataEntry {
				got[m.Key] = m.TypedValue.XsiType + "=" + m.TypedValue.Value
			}
			want := map[string]string{"env": "MetadataStringValue=staging", "replicas": "MetadataNumberValue=3", "critical": "MetadataBooleanValue=true"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fail("metadata %v, want %v", got, want)
			}
			v, err := e.vapp.GetMetadataByKey("replicas", false)
			if err != nil || v.TypedValue.Value != "3" || v.Domain == nil || v.Domain.Domain != "GENERAL" {
				return fail("GetMetadataByKey(replicas): %v %v", v, err)
			}
			if err := e.vapp.DeleteMetadataEntryWithDomain("env", false); err != nil {
				return fail("DeleteMetadataEntryWithDomain: %s", err)
			}
			if _, err := e.vapp.GetMetadataByKey("env", false); err == nil {
				return fail("the deleted key env is still there")
			}
			if err := e.vapp.DeleteMetadataEntryWithDomain("env", false); err == nil || !strings.Contains(err.Error(), "403") {
				return fail("deleting an unknown key: want VCD's 403, got %v", err)
			}
			if err := e.vapp.AddMetadataEntryWithVisibility("count", "many", types.MetadataNumberValue, types.MetadataReadWriteVisibility, false); err == nil || !strings.Contains(err.Error(), "400") {
				return fail("a NUMBER value that is not a number: want 400, got %v", err)
			}
			return nil
		}},
		{"metadata/vm-write", []string{"vapp/instantiate"}, func(e *env) error {
			if err := e.vm.AddMetadataEntryWithVisibility("since", "2024-01-15T10:00:00Z", types.MetadataDateTimeValue, types.MetadataReadWriteVisibility, false); err != nil {
				return fail("AddMetadataEntryWithVisibility: %s", err)
			}
			v, err := e.vm.GetMetadataByKey("since", false)
			if err != nil || v.TypedValue.XsiType != types.MetadataDateTimeValue || !strings.HasPrefix(v.TypedValue.Value, "2024-01-15T10:00:00") {
				return fail("GetMetadataByKey(since): %v %v", v, err)
			}
			if err := e.vm.MergeMetadataWithMetadataValues(map[string]types.MetadataValue{"role": {TypedValue: &types.MetadataTypedValue{XsiType: types.MetadataStringValue, Value: "web"}}}); err != nil {
				return fail("MergeMetadataWithMetadataValues: %s", err)
			}
			if err := e.vm.DeleteMetadataEntryWithDomain("since", false); err != nil {
				return fail("DeleteMetadataEntryWithDomain: %s", err)
			}
			md, err := e.vm.GetMetadata()
			if err != nil || len(md.MetadataEntry) != 1 || md.MetadataEntry[0].Key != "role" {
				return fail("GetMetadata after the delete: %v %v", md, err)
			}
			return nil
		}},
		{"metadata/system-domain", []string{"metadata/vapp-write", "org/by-name"}, func(e *env) error {
			vdc, err := e.sysAcme.GetVDCByName("acme-vdc", false)
			if err != nil {
				return err
			}
			sysVapp, err := vdc.GetVAppByHref(e.vapp.VApp.HREF)
			if err != nil {
				return err
			}
			if err := sysVapp.AddMetadataEntryWithVisibility("sla", "gold", types.MetadataStringValue, types.MetadataReadOnlyVisibility, true); err != nil {
				return fail("system administrator's SYSTEM entry: %s", err)
			}
			if err := sysVapp.AddMetadataEntryWithVisibility("secret", "42", types.MetadataNumberValue, types.MetadataHiddenVisibility, true); err != nil {
				return fail("system administrator's PRIVATE entry: %s", err)
			}
			if err := sysVapp.AddMetadataEntryWithVisibility("bad", "x", types.MetadataStringValue, types.MetadataReadWriteVisibility, true); err == nil || !strings.Contains(err.Error(), "visibility") {
				return fail("a READWRITE SYSTEM entry: want the visibility error, got %v", err)
			}
			if v, err := e.vapp.GetMetadataByKey("sla", true); err != nil || v.Domain.Visibility != types.MetadataReadOnlyVisibility {
				return fail("alice reading the READONLY SYSTEM entry: %v %v", v, err)
			}
			if _, err := e.vapp.GetMetadataByKey("secret", true); err == nil {
				return fail("alice reads a PRIVATE entry")
			}
			if err := e.vapp.AddMetadataEntryWithVisibility("sla", "tin", types.MetadataStringValue, types.MetadataReadOnlyVisibility, true); err == nil || !strings.Contains(err.Error(), "403") {
				return fail("alice writing a SYSTEM entry: want 403, got %v", err)
			}
			if err := e.vapp.DeleteMetadataEntryWithDomain("sla", true); err == nil || !strings.Contains(err.Error(), "403") {
				return fail("alice deleting a SYSTEM entry: want 403, got %v", err)
			}
			for _, k := range []string{"sla", "secret"} {
				if err := sysVapp.DeleteMetadataEntryWithDomain(k, true); err != nil {
					return fail("system administrator deleting %s: %s", k, err)
				}
			}
			return nil
		}},
		{"metadata/admin-vdc-catalog-org", []string{"login/acme-admin", "vdc/by-name", "catalog/by-name"}, func(e *env) error {
			ao, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			avdc, err := ao.GetAdminVDCByName("acme-vdc", false)
			if err != nil {
				return err
			}
			acat, err := ao.GetAdminCatalogByName("acme-catalog", false)
			if err != nil {
				return err
			}
			key := e.name("cost")
			if err := avdc.AddMetadataEntryWithVisibility(key, "1001", types.MetadataNumberValue, types.MetadataReadWriteVisibility, false); err != nil {
				return fail("AdminVdc.AddMetadataEntryWithVisibility: %s", err)
			}
			if err := acat.MergeMetadataWithMetadataValues(map[string]types.MetadataValue{key: {TypedValue: &types.MetadataTypedValue{XsiType: types.MetadataStringValue, Value: "golden"}}}); err != nil {
				return fail("AdminCatalog.MergeMetadataWithMetadataValues: %s", err)
			}
			if err := ao.AddMetadataEntryWithVisibility(key, "true", types.MetadataBooleanValue, types.MetadataReadWriteVisibility, false); err != nil {
				return fail("AdminOrg.AddMetadataEntryWithVisibility: %s", err)
			}
			// alice reads them through the tenant hrefs.
			if v, err := e.vdc.GetMetadataByKey(key, false); err != nil || v.TypedValue.Value != "1001" {
				return fail("Vdc.GetMetadataByKey: %v %v", v, err)
			}
			if md, err := e.catalog.GetMetadata(); err != nil || len(md.MetadataEntry) == 0 {
				return fail("Catalog.GetMetadata: %v %v", md, err)
			}
			if v, err := e.org.GetMetadataByKey(key, false); err != nil || v.TypedValue.Value != "true" {
				return fail("Org.GetMetadataByKey: %v %v", v, err)
			}
			for name, del := range map[string]func(string, bool) error{"AdminVdc": avdc.DeleteMetadataEntryWithDomain, "AdminCatalog": acat.DeleteMetadataEntryWithDomain, "AdminOrg": ao.DeleteMetadataEntryWithDomain} {
				if err := del(key, false); err != nil {
					return fail("%s.DeleteMetadataEntryWithDomain: %s", name, err)
				}
			}
			return nil
		}},
		{"vapp/power-on", []string{"vapp/instantiate"}, func(e *env) error {
			if err := wait(e.vapp.PowerOn()); err != nil {
				return err
			}
			if err := vappStatus(e.vapp, "POWERED_ON"); err != nil {
				return err
			}
			return vmStatus(e.vm, "POWERED_ON")
		}},
		{"vapp/delete-refused-while-on", []string{"vapp/power-on"}, func(e *env) error {
			_, err := e.vapp.Delete()
			return refused("DELETE of a powered-on vApp", err)
		}},
		{"vm/cpu-change-refused-while-on", []string{"vapp/power-on", "vm/spec-section"}, func(e *env) error {
			if err := e.vm.Refresh(); err != nil {
				return err
			}
			if e.vm.VM.VMCapabilities != nil && e.vm.VM.VMCapabilities.CPUHotAddEnabled {
				return nil // hot add on: allowed
			}
			return refused("ChangeCPU on a running VM without CPU hot add", e.vm.ChangeCPU(4, 2))
		}},
		{"vapp/reset", []string{"vapp/power-on"}, func(e *env) error {
			if err := wait(e.vapp.Reset()); err != nil {
				return err
			}
			return vappStatus(e.vapp, "POWERED_ON")
		}},
		{"vapp/reboot", []string{"vapp/power-on"}, func(e *env) error {
			if err := wait(e.vapp.Reboot()); err != nil {
				return err
			}
			return vappStatus(e.vapp, "POWERED_ON")
		}},
		{"vapp/suspend-and-discard", []string{"vapp/power-on"}, func(e *env) error {
			if err := wait(e.vapp.Suspend()); err != nil {
				return err
			}
			if err := vappStatus(e.vapp, "SUSPENDED"); err != nil {
				return err
			}
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			if err := e.vapp.DiscardSuspendedState(); err != nil {
				return err
			}
			return vappStatus(e.vapp, "POWERED_OFF")
		}},
		{"vm/power-on-off", []string{"vapp/suspend-and-discard"}, func(e *env) error {
			if err := wait(e.vm.PowerOn()); err != nil {
				return fail("power on: %s", err)
			}
			if err := vmStatus(e.vm, "POWERED_ON"); err != nil {
				return err
			}
			if err := wait(e.vm.PowerOff()); err != nil {
				return fail("power off: %s", err)
			}
			if err := vmStatus(e.vm, "POWERED_OFF"); err != nil {
				return err
			}
			deployed, err := e.vm.IsDeployed()
			if err != nil {
				return err
			}
			if !deployed {
				return fail("a VM powered off (not undeployed) says deployed=false")
			}
			return nil
		}},
		{"vm/undeploy", []string{"vm/power-on-off"}, func(e *env) error {
			if err := wait(e.vm.Undeploy()); err != nil {
				return err
			}
			deployed, err := e.vm.IsDeployed()
			if err != nil {
				return err
			}
			if deployed {
				return fail("VM still deployed after undeploy")
			}
			return vmStatus(e.vm, "POWERED_OFF")
		}},
		{"vm/change-cpu", []string{"vm/undeploy", "vm/spec-section"}, func(e *env) error {
			if err := e.vm.Refresh(); err != nil {
				return err
			}
			if err := e.vm.ChangeCPU(4, 2); err != nil {
				return err
			}
			if err := e.vm.Refresh(); err != nil {
				return err
			}
			s := e.vm.VM.VmSpecSection
			if *s.NumCpus != 4 || s.NumCoresPerSocket == nil || *s.NumCoresPerSocket != 2 {
				return fail("after ChangeCPU(4, 2): %d CPUs, %v cores per socket", *s.NumCpus, s.NumCoresPerSocket)
			}
			return nil
		}},
		{"vm/change-memory", []string{"vm/undeploy", "vm/spec-section"}, func(e *env) error {
			if err := e.vm.Refresh(); err != nil {
				return err
			}
			if err := e.vm.ChangeMemory(6144); err != nil {
				return err
			}
			if err := e.vm.Refresh(); err != nil {
				return err
			}
			if got := e.vm.VM.VmSpecSection.MemoryResourceMb.Configured; got != 6144 {
				return fail("after ChangeMemory(6144): %d MB", got)
			}
			return nil
		}},
		{"vm/update-vm-spec-section", []string{"vm/undeploy", "vm/spec-section"}, func(e *env) error {
			if err := e.vm.Refresh(); err != nil {
				return err
			}
			spec := e.vm.VM.VmSpecSection
			spec.DiskSection = nil
			cpus, cores := 2, 1
			spec.NumCpus, spec.NumCoresPerSocket = &cpus, &cores
			spec.MemoryResourceMb.Configured = 2048
			vm, err := e.vm.UpdateVmSpecSection(spec, "resized by govcd-checks")
			if err != nil {
				return err
			}
			s := vm.VM.VmSpecSection
			if *s.NumCpus != 2 || s.MemoryResourceMb.Configured != 2048 || vm.VM.Description != "resized by govcd-checks" {
				return fail("after UpdateVmSpecSection: %d CPUs, %d MB, description %q", *s.NumCpus, s.MemoryResourceMb.Configured, vm.VM.Description)
			}
			return nil
		}},
		{"vm/change-cpu-count-and-memory-size", []string{"vm/undeploy"}, func(e *env) error {
			// The older functions, through virtualHardwareSection/cpu and /memory.
			if err := wait(e.vm.ChangeCPUCount(3)); err != nil {
				return fail("ChangeCPUCount: %s", err)
			}
			if err := wait(e.vm.ChangeMemorySize(3072)); err != nil {
				return fail("ChangeMemorySize: %s", err)
			}
			hw, err := e.vm.GetVirtualHardwareSection()
			if err != nil {
				return err
			}
			var cpus, mem int64
			for _, it := range hw.Item {
				switch it.ResourceType {
				case types.ResourceTypeProcessor:
					cpus = it.VirtualQuantity
				case types.ResourceTypeMemory:
					mem = it.VirtualQuantity
				}
			}
			if cpus != 3 || mem != 3072 {
				return fail("virtual hardware says %d CPUs and %d MB, want 3 and 3072", cpus, mem)
			}
			return nil
		}},
		{"vm/hot-add-capabilities", []string{"vm/undeploy"}, func(e *env) error {
			vm, err := e.vm.UpdateVmCpuAndMemoryHotAdd(true, true)
			if err != nil {
				return err
			}
			c := vm.VM.VMCapabilities
			if c == nil || !c.CPUHotAddEnabled || !c.MemoryHotAddEnabled {
				return fail("VmCapabilities after enabling hot add: %+v", c)
			}
			_, err = vm.UpdateVmCpuAndMemoryHotAdd(false, false)
			return err
		}},
		{"vm/storage-profile", []string{"vm/undeploy", "vdc/by-name"}, func(e *env) error {
			vm, err := e.vm.UpdateStorageProfile(e.silver.HREF)
			if err != nil {
				return err
			}
			if vm.VM.StorageProfile == nil || vm.VM.StorageProfile.Name != "Silver" {
				return fail("storage profile after UpdateStorageProfile: %+v", vm.VM.StorageProfile)
			}
			return nil
		}},
		{"vm/internal-disk", []string{"vm/undeploy", "vm/spec-section", "vdc/by-name"}, func(e *env) error {
			if err := e.vm.Refresh(); err != nil {
				return err
			}
			ds := e.vm.VM.VmSpecSection.DiskSection
			if ds == nil || len(ds.DiskSettings) == 0 {
				return fail("VmSpecSection lists no disks")
			}
			first := ds.DiskSettings[0]
			id, err := e.vm.AddInternalDisk(&types.DiskSettings{
				SizeMb: 2048, BusNumber: first.BusNumber, UnitNumber: first.UnitNumber + 1, AdapterType: first.AdapterType,
				ThinProvisioned: takeBool(true), StorageProfile: &e.silver, OverrideVmDefault: true,
			})
			if err != nil {
				return fail("AddInternalDisk: %s", err)
			}
			disk, err := e.vm.GetInternalDiskById(id, true)
			if err != nil {
				return fail("GetInternalDiskById(%s): %s", id, err)
			}
			if disk.SizeMb != 2048 {
				return fail("new disk is %d MB, want 2048", disk.SizeMb)
			}
			if err := e.vm.DeleteInternalDisk(id); err != nil {
				return fail("DeleteInternalDisk: %s", err)
			}
			if _, err := e.vm.GetInternalDiskById(id, true); err == nil {
				return fail("disk %s still there after DeleteInternalDisk", id)
			}
			return nil
		}},
		{"vapp/add-org-network", []string{"vapp/instantiate", "vdc/networks"}, func(e *env) error {
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			cfg, err := e.vapp.AddOrgNetwork(&govcd.VappNetworkSettings{}, e.webNet.OrgVDCNetwork, false)
			if err != nil {
				return err
			}
			for _, n := range cfg.NetworkConfig {
				if n.NetworkName == "acme-web" {
					return nil
				}
			}
			return fail("acme-web missing from the vApp's networks after AddOrgNetwork")
		}},
		{"vm/network-connection", []string{"vm/undeploy", "vapp/add-org-network"}, func(e *env) error {
			err := e.vm.UpdateNetworkConnectionSection(&types.NetworkConnectionSection{
				PrimaryNetworkConnectionIndex: 0,
				NetworkConnection: []*types.NetworkConnection{{
					Network: "acme-web", NetworkConnectionIndex: 0, IsConnected: true,
					IPAddressAllocationMode: types.IPAllocationModePool, NetworkAdapterType: "VMXNET3",
				}},
			})
			if err != nil {
				return err
			}
			conn, err := e.vm.GetNetworkConnectionSection()
			if err != nil {
				return err
			}
			if len(conn.NetworkConnection) != 1 || conn.NetworkConnection[0].Network != "acme-web" ||
				!strings.HasPrefix(conn.NetworkConnection[0].IPAddress, "10.10.10.") || conn.NetworkConnection[0].MACAddress == "" {
				return fail("NIC after the update: %+v", conn.NetworkConnection)
			}
			return nil
		}},
		{"vm/guest-customization", []string{"vm/undeploy"}, func(e *env) error {
			gc, err := e.vm.GetGuestCustomizationSection()
			if err != nil {
				return err
			}
			gc.ComputerName = "govcd-" + e.run
			gc.Enabled = takeBool(true)
			got, err := e.vm.SetGuestCustomizationSection(gc)
			if err != nil {
				return err
			}
			if got.ComputerName != "govcd-"+e.run {
				return fail("computer name after the update: %q", got.ComputerName)
			}
			return nil
		}},
		{"vm/power-on-force-customization", []string{"vm/undeploy"}, func(e *env) error {
			if err := e.vm.Refresh(); err != nil {
				return err
			}
			if err := e.vm.PowerOnAndForceCustomization(); err != nil {
				return err
			}
			if err := vmStatus(e.vm, "POWERED_ON"); err != nil {
				return err
			}
			status, err := e.vm.GetGuestCustomizationStatus()
			if err != nil {
				return fail("GetGuestCustomizationStatus: %s", err)
			}
			switch status {
			case "GC_PENDING", "REBOOT_PENDING", "GC_FAILED", "POST_GC_PENDING", "GC_COMPLETE":
			default:
				return fail("guest customization status %q is none of VCD's", status)
			}
			return wait(e.vm.Undeploy())
		}},
		{"vapp/lease", []string{"vapp/instantiate"}, func(e *env) error {
			if err := e.vapp.RenewLease(7*24*3600, 30*24*3600); err != nil {
				return err
			}
			lease, err := e.vapp.GetLease()
			if err != nil {
				return err
			}
			if lease.DeploymentLeaseInSeconds != 7*24*3600 || lease.StorageLeaseInSeconds != 30*24*3600 {
				return fail("lease after RenewLease: %d/%d s", lease.DeploymentLeaseInSeconds, lease.StorageLeaseInSeconds)
			}
			return nil
		}},
		{"vapp/power-off-and-undeploy", []string{"vapp/suspend-and-discard"}, func(e *env) error {
			if err := wait(e.vapp.PowerOn()); err != nil {
				return fail("power on: %s", err)
			}
			if err := wait(e.vapp.PowerOff()); err != nil {
				return fail("power off: %s", err)
			}
			if err := vappStatus(e.vapp, "POWERED_OFF"); err != nil {
				return err
			}
			if err := wait(e.vapp.Undeploy()); err != nil {
				return fail("undeploy: %s", err)
			}
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			if e.vapp.VApp.Deployed {
				return fail("vApp still deployed after undeploy")
			}
			return nil
		}},
		{"vapp/rename", []string{"vapp/instantiate"}, func(e *env) error {
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			if err := e.vapp.UpdateNameDescription(e.name("web-renamed"), "renamed by govcd-checks"); err != nil {
				return err
			}
			if e.vapp.VApp.Name != e.name("web-renamed") || e.vapp.VApp.Description != "renamed by govcd-checks" {
				return fail("after rename: %q %q", e.vapp.VApp.Name, e.vapp.VApp.Description)
			}
			return nil
		}},
		{"vapp/recompose-add-vm", []string{"vapp/instantiate", "vdc/networks"}, func(e *env) error {
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			nics := &types.NetworkConnectionSection{
				PrimaryNetworkConnectionIndex: 0,
				NetworkConnection: []*types.NetworkConnection{{
					Network: "none", NetworkConnectionIndex: 0, IsConnected: false, IPAddressAllocationMode: types.IPAllocationModeNone,
				}},
			}
			if err := wait(e.vapp.AddNewVM("extra", *e.template, nics, true)); err != nil {
				return err
			}
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			if got := vmNames(e.vapp); len(got) != 2 || got[0] != "extra" {
				return fail("vApp VMs %v, want [extra ubuntu]", got)
			}
			return nil
		}},
		{"vapp/recompose-with-storage-profile", []string{"vapp/recompose-add-vm"}, func(e *env) error {
			if err := wait(e.vapp.AddNewVMWithStorageProfile("silver", *e.template, nil, &e.silver, true)); err != nil {
				return err
			}
			vm, err := e.vapp.GetVMByName("silver", true)
			if err != nil {
				return err
			}
			if vm.VM.StorageProfile == nil || vm.VM.StorageProfile.Name != "Silver" {
				return fail("VM silver's storage profile is %+v, want Silver", vm.VM.StorageProfile)
			}
			return nil
		}},
		{"vapp/add-raw-network", []string{"vapp/instantiate", "vdc/networks"}, func(e *env) error {
			if err := wait(e.vapp.AddRAWNetworkConfig([]*types.OrgVDCNetwork{e.dbNet.OrgVDCNetwork})); err != nil {
				return err
			}
			cfg, err := e.vapp.GetNetworkConfig()
			if err != nil {
				return err
			}
			for _, n := range cfg.NetworkConfig {
				if n.NetworkName == "acme-db" {
					return nil
				}
			}
			return fail("acme-db missing from the vApp's networks after AddRAWNetworkConfig")
		}},
		{"vapp/remove-vm", []string{"vapp/recompose-add-vm"}, func(e *env) error {
			vm, err := e.vapp.GetVMByName("extra", true)
			if err != nil {
				return err
			}
			if err := e.vapp.RemoveVM(*vm); err != nil {
				return err
			}
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			for _, n := range vmNames(e.vapp) {
				if n == "extra" {
					return fail("VM extra still in the vApp after RemoveVM")
				}
			}
			return nil
		}},
		{"vm/delete-in-vapp", []string{"vapp/recompose-with-storage-profile"}, func(e *env) error {
			vm, err := e.vapp.GetVMByName("silver", true)
			if err != nil {
				return err
			}
			if err := vm.Delete(); err != nil {
				return err
			}
			if _, err := e.vapp.GetVMByName("silver", true); err == nil {
				return fail("VM silver still in the vApp after Delete")
			}
			return nil
		}},
		{"vapp/duplicate-name-refused", []string{"vapp/instantiate"}, func(e *env) error {
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			_, err := e.vdc.CreateVappFromTemplate(&types.InstantiateVAppTemplateParams{
				Name: e.vapp.VApp.Name, Source: &types.Reference{HREF: e.template.VAppTemplate.HREF}, AllEULAsAccepted: true,
			})
			return refused("a second vApp named "+e.vapp.VApp.Name, err)
		}},
		{"vdc/query-vm", []string{"vapp/instantiate"}, func(e *env) error {
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			rec, err := e.vdc.QueryVM(e.vapp.VApp.Name, "ubuntu")
			if err != nil {
				return err
			}
			if rec.VM.HREF != e.vm.VM.HREF {
				return fail("QueryVM found %s, want %s", rec.VM.HREF, e.vm.VM.HREF)
			}
			return nil
		}},
		{"task/inspect-progress", []string{"vapp/power-off-and-undeploy"}, func(e *env) error {
			// A guest shutdown, watched every 50 ms: the test suite leaves this operation on the clock
			// (a few simulated seconds), so the task is seen queued or running before it succeeds.
			if err := wait(e.vapp.PowerOn()); err != nil {
				return fail("power on: %s", err)
			}
			task, err := e.vapp.Shutdown()
			if err != nil {
				return err
			}
			if task.Task.HREF == "" || task.Task.Owner == nil || task.Task.Owner.HREF != e.vapp.VApp.HREF || task.Task.OperationName == "" {
				return fail("shutdown answered a Task with href %q, owner %+v, operationName %q", task.Task.HREF, task.Task.Owner, task.Task.OperationName)
			}
			var statuses []string
			var last *types.Task
			err = task.WaitInspectTaskCompletion(func(t *types.Task, _ int, _ time.Duration, _, _ bool) {
				if len(statuses) == 0 || statuses[len(statuses)-1] != t.Status {
					statuses = append(statuses, t.Status)
				}
				last = t
			}, 50*time.Millisecond)
			if err != nil {
				return err
			}
			if last == nil || last.Status != "success" || last.EndTime == "" {
				return fail("the task ended as %+v", last)
			}
			if len(statuses) < 2 {
				return fail("the task went through %v: never seen before its end", statuses)
			}
			if err := vappStatus(e.vapp, "POWERED_OFF"); err != nil {
				return err
			}
			return wait(e.vapp.Undeploy())
		}},
		{"task/cancel-power-on", []string{"vapp/instantiate"}, func(e *env) error {
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			if err := vappStatus(e.vapp, "POWERED_OFF"); err != nil {
				return fail("before: %s", err)
			}
			task, err := e.vapp.PowerOn()
			if err != nil {
				return err
			}
			if err := task.CancelTask(); err != nil {
				return fail("CancelTask: %s", err)
			}
			if err := task.WaitTaskCompletion(); err != nil {
				return err
			}
			if task.Task.Status != "canceled" {
				return fail("task status %q after cancel, want canceled", task.Task.Status)
			}
			return vappStatus(e.vapp, "POWERED_OFF")
		}},
		{"task/cancel-recompose", []string{"vapp/instantiate"}, func(e *env) error {
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			before := vmNames(e.vapp)
			task, err := e.vapp.AddNewVM("canceled", *e.template, nil, true)
			if err != nil {
				return err
			}
			if err := task.CancelTask(); err != nil {
				return fail("CancelTask: %s", err)
			}
			if err := task.WaitTaskCompletion(); err != nil {
				return err
			}
			if task.Task.Status != "canceled" {
				return fail("task status %q after cancel, want canceled", task.Task.Status)
			}
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			if after := vmNames(e.vapp); strings.Join(after, ",") != strings.Join(before, ",") {
				return fail("VMs %v after a canceled recompose, want %v", after, before)
			}
			return nil
		}},
		{"task/org-task-list", []string{"tenant/org-by-name", "vapp/power-on"}, func(e *env) error {
			list, err := e.org.GetTaskList()
			if err != nil {
				return err
			}
			if len(list.Task) == 0 {
				return fail("acme's task list is empty after alice's work")
			}
			return nil
		}},

		{"vapp/clone", []string{"vapp/instantiate"}, func(e *env) error {
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			clone, err := e.vdc.CloneVapp(&types.CloneVAppParams{
				Name: e.name("clone"), PowerOn: false, Source: &types.Reference{HREF: e.vapp.VApp.HREF}, IsSourceDelete: takeBool(false),
			})
			if err != nil {
				return err
			}
			if got, want := strings.Join(vmNames(clone), ","), strings.Join(vmNames(e.vapp), ","); got != want {
				return fail("clone has VMs %s, source %s", got, want)
			}
			if err := clone.Refresh(); err != nil {
				return err
			}
			if clone.VApp.Deployed {
				if err := wait(clone.Undeploy()); err != nil {
					return fail("undeploy of the clone: %s", err)
				}
			}
			return wait(clone.Delete())
		}},
		{"system/vapp-in-tenant-vdc", []string{"org/by-name", "catalog/item-and-template"}, func(e *env) error {
			// Terraform often runs as the system administrator against a tenant's VDC.
			vdc, err := e.sysAcme.GetVDCByName("acme-vdc", false)
			if err != nil {
				return fail("GetVDCByName as system: %s", err)
			}
			cat, err := e.sysAcme.GetCatalogByName("acme-catalog", false)
			if err != nil {
				return fail("GetCatalogByName as system: %s", err)
			}
			tpl, err := cat.GetVAppTemplateByName("ubuntu-22.04")
			if err != nil {
				return fail("GetVAppTemplateByName as system: %s", err)
			}
			vapp, err := vdc.CreateVappFromTemplate(&types.InstantiateVAppTemplateParams{
				Name: e.name("sys"), Source: &types.Reference{HREF: tpl.VAppTemplate.HREF}, AllEULAsAccepted: true,
			})
			if err != nil {
				return fail("CreateVappFromTemplate as system: %s", err)
			}
			// The administrator owns it: alice sees it once it is shared with her org (as Terraform's vcd_vapp_access_control does).
			if _, err := e.vdc.GetVAppByName(e.name("sys"), true); err == nil {
				return fail("alice sees a vApp the administrator made and did not share")
			}
			if err := vapp.SetAccessControl(&types.ControlAccessParams{IsSharedToEveryone: true, EveryoneAccessLevel: addrOf(types.ControlAccessReadOnly)}, true); err != nil {
				return fail("SetAccessControl as system: %s", err)
			}
			if _, err := e.vdc.GetVAppByName(e.name("sys"), true); err != nil {
				return fail("alice does not see the vApp the administrator shared with her org: %s", err)
			}
			if _, err := vdc.QueryVmList(types.VmQueryFilterOnlyDeployed); err != nil {
				return fail("vdc.QueryVmList as system: %s", err)
			}
			if err := vapp.Refresh(); err != nil {
				return err
			}
			if vapp.VApp.Deployed {
				if err := wait(vapp.Undeploy()); err != nil {
					return fail("undeploy: %s", err)
				}
			}
			return wait(vapp.Delete())
		}},

		// ---- a raw vApp, recomposed ----
		{"vapp/create-raw", []string{"vdc/by-name"}, func(e *env) (err error) {
			if e.rawVapp, err = e.vdc.CreateRawVApp(e.name("raw"), "empty, then recomposed"); err != nil {
				return err
			}
			if n := vmNames(e.rawVapp); len(n) != 0 {
				return fail("a raw vApp has VMs %v", n)
			}
			return nil
		}},
		{"vapp/raw-add-vm", []string{"vapp/create-raw", "catalog/item-and-template", "vdc/networks"}, func(e *env) error {
			if err := wait(e.rawVapp.AddRAWNetworkConfig([]*types.OrgVDCNetwork{e.webNet.OrgVDCNetwork})); err != nil {
				return fail("AddRAWNetworkConfig: %s", err)
			}
			nics := &types.NetworkConnectionSection{
				PrimaryNetworkConnectionIndex: 0,
				NetworkConnection: []*types.NetworkConnection{{
					Network: "acme-web", NetworkConnectionIndex: 0, IsConnected: true, IPAddressAllocationMode: types.IPAllocationModePool,
				}},
			}
			if err := wait(e.rawVapp.AddNewVM("node", *e.template, nics, true)); err != nil {
				return fail("AddNewVM: %s", err)
			}
			vm, err := e.rawVapp.GetVMByName("node", true)
			if err != nil {
				return err
			}
			conn, err := vm.GetNetworkConnectionSection()
			if err != nil {
				return err
			}
			if len(conn.NetworkConnection) != 1 || conn.NetworkConnection[0].Network != "acme-web" || !strings.HasPrefix(conn.NetworkConnection[0].IPAddress, "10.10.10.") {
				return fail("VM node's NICs: %+v", conn.NetworkConnection)
			}
			return nil
		}},

		// ---- standalone VMs ----
		{"vm/standalone-from-template", []string{"vdc/by-name", "catalog/item-and-template"}, func(e *env) (err error) {
			src := e.template.VAppTemplate.Children.VM[0]
			e.alone, err = e.vdc.CreateStandaloneVMFromTemplate(&types.InstantiateVmTemplateParams{
				Xmlns:            types.XMLNamespaceVCloud,
				Name:             e.name("alone"),
				PowerOn:          false,
				AllEULAsAccepted: true,
				SourcedVmTemplateItem: &types.SourcedVmTemplateParams{
					Source:          &types.Reference{HREF: src.HREF, Name: src.Name},
					VmGeneralParams: &types.VMGeneralParams{Name: e.name("alone"), Description: "standalone"},
				},
			})
			if err != nil {
				return err
			}
			if e.alone.VM.Name != e.name("alone") {
				return fail("standalone VM is named %q", e.alone.VM.Name)
			}
			return nil
		}},
		{"vm/standalone-empty", []string{"vdc/by-name"}, func(e *env) (err error) {
			cpus, cores := 1, 1
			e.empty, err = e.vdc.CreateStandaloneVm(&types.CreateVmParams{
				Xmlns: types.XMLNamespaceVCloud,
				Name:  e.name("empty"),
				CreateVm: &types.Vm{
					Name: e.name("empty"),
					VmSpecSection: &types.VmSpecSection{
						Modified:          takeBool(true),
						Info:              "Virtual Machine specification",
						OsType:            "debian10_64Guest",
						NumCpus:           &cpus,
						NumCoresPerSocket: &cores,
						MemoryResourceMb:  &types.MemoryResourceMb{Configured: 1024},
						HardwareVersion:   &types.HardwareVersion{Value: "vmx-19"},
					},
				},
			})
			if err != nil {
				return err
			}
			if e.empty.VM.Name != e.name("empty") {
				return fail("standalone VM is named %q", e.empty.VM.Name)
			}
			return nil
		}},
		{"vm/query-by-name-and-id", []string{"vm/standalone-from-template"}, func(e *env) error {
			vm, err := e.vdc.QueryVmByName(e.name("alone"))
			if err != nil {
				return fail("QueryVmByName: %s", err)
			}
			if vm.VM.HREF != e.alone.VM.HREF {
				return fail("QueryVmByName found %s", vm.VM.HREF)
			}
			vm, err = e.vdc.QueryVmById(e.alone.VM.ID)
			if err != nil {
				return fail("QueryVmById: %s", err)
			}
			if vm.VM.HREF != e.alone.VM.HREF {
				return fail("QueryVmById found %s", vm.VM.HREF)
			}
			return nil
		}},

		// ---- typed queries ----
		{"query/vapp-list", []string{"vapp/instantiate", "vapp/create-raw"}, func(e *env) error {
			list, err := e.alice.Client.QueryVappList()
			if err != nil {
				return err
			}
			found := map[string]bool{}
			for _, r := range list {
				found[r.HREF] = true
				if r.VdcName == "globex-vdc" {
					return fail("alice's vApp list shows globex's vApp %s", r.Name)
				}
			}
			if !found[e.vapp.VApp.HREF] || !found[e.rawVapp.VApp.HREF] {
				return fail("alice's vApp list lacks the vApps she made (%d records)", len(list))
			}
			return nil
		}},
		{"query/vm-list", []string{"vapp/instantiate"}, func(e *env) error {
			deployed, err := e.vdc.QueryVmList(types.VmQueryFilterOnlyDeployed)
			if err != nil {
				return fail("vdc.QueryVmList: %s", err)
			}
			seen := false
			for _, r := range deployed {
				if r.VAppTemplate {
					return fail("VmQueryFilterOnlyDeployed returned template VM %s", r.Name)
				}
				if r.VdcHREF != "" && uuidOf(r.VdcHREF) != uuidOf(e.vdc.Vdc.ID) {
					return fail("vdc.QueryVmList returned VM %s of VDC %s", r.Name, r.VdcHREF)
				}
				if r.HREF == e.vm.VM.HREF {
					seen = true
				}
			}
			if !seen {
				return fail("vdc.QueryVmList lacks VM ubuntu of the vApp (%d records)", len(deployed))
			}
			templates, err := e.org.QueryVmList(types.VmQueryFilterOnlyTemplates)
			if err != nil {
				return fail("org.QueryVmList: %s", err)
			}
			// For a tenant, govcd's org.QueryVmList drops the filter (it only sends one with a parent):
			// every VM of the org comes back.
			n := 0
			for _, r := range templates {
				if r.VAppTemplate {
					n++
				}
			}
			if n != 10 {
				return fail("org.QueryVmList gave %d template VMs, want acme's 10", n)
			}
			return nil
		}},
		{"query/filter-sort-page", []string{"login/alice"}, func(e *env) error {
			var all []string
			total := -1
			for page := 1; page < 10; page++ {
				res, err := e.alice.Client.QueryWithNotEncodedParams(nil, map[string]string{
					"type": "vm", "filter": "isVAppTemplate==true", "sortAsc": "name", "pageSize": "4", "page": strconv.Itoa(page),
				})
				if err != nil {
					return fail("page %d: %s", page, err)
				}
				r := res.Results
				if total < 0 {
					total = int(r.Total)
				}
				if r.PageSize != 4 || r.Page != page {
					return fail("page %d answered page %d of size %d", page, r.Page, r.PageSize)
				}
				for _, vm := range r.VMRecord {
					all = append(all, vm.Name)
				}
				if len(all) >= total {
					break
				}
			}
			if total != 10 || len(all) != 10 {
				return fail("paged through %d of total %d template VMs, want 10", len(all), total)
			}
			if !sort.StringsAreSorted(all) {
				return fail("sortAsc=name gave %v", all)
			}
			return nil
		}},
		{"query/sort-desc-and-filter", []string{"login/alice"}, func(e *env) error {
			res, err := e.alice.Client.QueryWithNotEncodedParams(nil, map[string]string{
				"type": "vm", "filter": "isVAppTemplate==true;memoryMB=ge=8192", "sortDesc": "memoryMB",
			})
			if err != nil {
				return err
			}
			var mem []int
			for _, r := range res.Results.VMRecord {
				mem = append(mem, r.MemoryMB)
			}
			if len(mem) != 7 || !sort.SliceIsSorted(mem, func(i, j int) bool { return mem[i] > mem[j] }) || mem[len(mem)-1] < 8192 {
				return fail("memoryMB>=8192 sorted descending gave %v, want 7 values from 16384 down", mem)
			}
			return nil
		}},
		{"query/encoded-filter", []string{"login/alice"}, func(e *env) error {
			// The way govcd's own lookups send values: url.QueryEscape'd, with filterEncoded=true.
			res, err := e.alice.Client.QueryWithNotEncodedParams(nil, map[string]string{
				"type": "vAppTemplate", "filter": "name==" + url.QueryEscape("ubuntu-22.04") + ",name==" + url.QueryEscape("k8s cluster"), "filterEncoded": "true",
			})
			if err != nil {
				return err
			}
			if n := len(res.Results.VappTemplateRecord); n != 1 {
				return fail("%d records, want 1", n)
			}
			return nil
		}},
		{"query/system-sees-all-orgs", []string{"org/globex-as-system"}, func(e *env) error {
			list, err := e.sys.Client.QueryVmList(types.VmQueryFilterOnlyTemplates)
			if err != nil {
				return err
			}
			globex := 0
			for _, r := range list {
				if uuidOf(r.VdcHREF) == uuidOf(e.globexVdc) {
					globex++
				}
			}
			if globex != 3 || len(list) != 13 {
				return fail("system administrator's template VMs: %d, %d of them globex's; want 13 and 3", len(list), globex)
			}
			return nil
		}},
		{"query/tenant-sees-own-org-only", []string{"login/acme-admin", "org/globex-as-system"}, func(e *env) error {
			list, err := e.acmeAdmin.Client.QueryVmList(types.VmQueryFilterAll)
			if err != nil {
				return err
			}
			for _, r := range list {
				if uuidOf(r.VdcHREF) == uuidOf(e.globexVdc) {
					return fail("acme-admin's VM query shows globex's %s", r.Name)
				}
			}
			if len(list) == 0 {
				return fail("acme-admin's VM query is empty")
			}
			return nil
		}},

		{"query/task-list-paged", []string{"vapp/power-off-and-undeploy"}, func(e *env) error {
			// By now alice has run more tasks than fit in one page (25): govcd pages through them.
			list, err := e.alice.Client.QueryTaskList(map[string]string{"status": "success"})
			if err != nil {
				return err
			}
			seen := map[string]bool{}
			for _, t := range list {
				if seen[t.HREF] {
					return fail("task %s twice in the paged list", t.HREF)
				}
				seen[t.HREF] = true
				if t.Status != "success" {
					return fail("status filter let through a %s task", t.Status)
				}
			}
			if len(list) <= 25 {
				return fail("only %d successful tasks: want more than one page", len(list))
			}
			return nil
		}},

		// ---- a vApp User's refused operations ----
		// ---- access control on vApps (alice's vApp, bob a vApp User of the same org) ----
		{"access/vapp-private-to-owner", []string{"login/bob", "vapp/instantiate"}, func(e *env) error {
			if _, err := bobsVApp(e); err == nil {
				return fail("bob reads alice's vApp before it is shared with him")
			}
			acl, err := e.vapp.GetAccessControl(false)
			if err != nil {
				return err
			}
			if acl.IsSharedToEveryone || acl.AccessSettings != nil {
				return fail("a new vApp is shared: %+v", acl)
			}
			return nil
		}},
		{"access/vapp-share-read-only", []string{"access/vapp-private-to-owner", "org/admin-by-name"}, func(e *env) error {
			bobHref := e.bob.Client.VCDHREF.String() + "/admin/user/" + bobUserId(e)
			err := e.vapp.SetAccessControl(&types.ControlAccessParams{AccessSettings: &types.AccessSettingList{AccessSetting: []*types.AccessSetting{{
				Subject: &types.LocalSubject{HREF: bobHref, Type: types.MimeAdminUser}, AccessLevel: types.ControlAccessReadOnly,
			}}}}, true)
			if err != nil {
				return err
			}
			acl, err := e.vapp.GetAccessControl(true)
			if err != nil {
				return err
			}
			if acl.AccessSettings == nil || len(acl.AccessSettings.AccessSetting) != 1 || acl.AccessSettings.AccessSetting[0].Subject.Name != "bob" {
				return fail("GetAccessControl after sharing with bob: %+v", acl)
			}
			if shared, err := e.vapp.IsShared(false); err != nil || !shared {
				return fail("IsShared: %v %v", shared, err)
			}
			bobs, err := bobsVApp(e)
			if err != nil {
				return fail("bob cannot read the vApp shared with him: %s", err)
			}
			return refused("bob's PowerOn with ReadOnly access", wait(bobs.PowerOn()))
		}},
		{"access/vapp-share-full-control", []string{"access/vapp-share-read-only"}, func(e *env) error {
			// Full control to bob: from now on only his role's rights limit him (the rights/ checks).
			bobHref := e.bob.Client.VCDHREF.String() + "/admin/user/" + bobUserId(e)
			return e.vapp.SetAccessControl(&types.ControlAccessParams{AccessSettings: &types.AccessSettingList{AccessSetting: []*types.AccessSetting{{
				Subject: &types.LocalSubject{HREF: bobHref, Type: types.MimeAdminUser}, AccessLevel: types.ControlAccessFullControl,
			}}}}, false)
		}},
		{"rights/vapp-user-sees-vapp", []string{"login/bob", "vapp/instantiate", "access/vapp-share-full-control"}, func(e *env) error {
			org, err := e.bob.GetOrgByName("acme")
			if err != nil {
				return err
			}
			vdc, err := org.GetVDCByName("acme-vdc", false)
			if err != nil {
				return err
			}
			e.bobVapp, err = vdc.GetVAppByHref(e.vapp.VApp.HREF)
			return err
		}},
		{"rights/vapp-user-cannot-instantiate", []string{"rights/vapp-user-sees-vapp", "catalog/item-and-template"}, func(e *env) error {
			org, err := e.bob.GetOrgByName("acme")
			if err != nil {
				return err
			}
			vdc, err := org.GetVDCByName("acme-vdc", false)
			if err != nil {
				return err
			}
			_, err = vdc.CreateVappFromTemplate(&types.InstantiateVAppTemplateParams{
				Name: e.name("bob"), Source: &types.Reference{HREF: e.template.VAppTemplate.HREF}, AllEULAsAccepted: true,
			})
			return refused("bob's (vApp User) CreateVappFromTemplate", err)
		}},
		{"rights/vapp-user-cannot-change-memory", []string{"rights/vapp-user-sees-vapp"}, func(e *env) error {
			vm, err := e.bobVapp.GetVMByName("ubuntu", true)
			if err != nil {
				return err
			}
			return refused("bob's (vApp User) ChangeMemorySize", wait(vm.ChangeMemorySize(8192)))
		}},
		{"rights/vapp-user-cannot-delete", []string{"rights/vapp-user-sees-vapp"}, func(e *env) error {
			return refused("bob's (vApp User) vApp Delete", wait(e.bobVapp.Delete()))
		}},
		{"rights/vapp-user-cannot-recompose", []string{"rights/vapp-user-sees-vapp"}, func(e *env) error {
			return refused("bob's (vApp User) AddNewVM", wait(e.bobVapp.AddNewVM("bobs", *e.template, nil, true)))
		}},

		// ---- names full of '*' (FIQL wildcards in govcd's own lookups) ----
		{"query/names-with-stars", []string{"tenant/org-by-name", "vdc/by-name", "catalog/by-name"}, func(e *env) error {
			stars := strings.Repeat("*", 30)
			if _, err := e.org.GetCatalogByName(stars+"x"+stars+"y", false); !errors.Is(err, govcd.ErrorEntityNotFound) {
				return fail("GetCatalogByName(*…x*…y): %v, want ErrorEntityNotFound", err)
			}
			if _, err := e.org.GetVDCByName("*a*c*m*e*-*d*e*v*", false); err != nil {
				return fail("GetVDCByName(*a*c*m*e*-*d*e*v*): %v, want acme-dev (* is a wildcard)", err)
			}
			if _, err := e.vdc.GetVAppByName(stars, true); err == nil {
				// vdc.GetVAppByName compares names itself: '*' must not match
				return fail("GetVAppByName(%s) found a vApp", stars)
			}
			if _, err := e.catalog.GetCatalogItemByName(stars, false); err == nil {
				return fail("GetCatalogItemByName(%s) found an item", stars)
			}
			return nil
		}},

		// ---- catalog administration and sharing (acme-admin) ----
		{"catalog/create", []string{"login/acme-admin"}, func(e *env) error {
			ao, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			cat, err := ao.CreateCatalog(e.name("cat"), "made by govcd-checks")
			if err != nil {
				return err
			}
			if cat.AdminCatalog.Name != e.name("cat") || cat.AdminCatalog.Description != "made by govcd-checks" {
				return fail("created catalog %q %q", cat.AdminCatalog.Name, cat.AdminCatalog.Description)
			}
			e.adminCatalog = &cat
			if _, err := ao.CreateCatalog(e.name("cat"), ""); err == nil {
				return fail("a second catalog of the same name was created")
			}
			return nil
		}},
		{"catalog/create-with-storage-profile", []string{"login/acme-admin", "vdc/by-name"}, func(e *env) error {
			ao, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			cat, err := ao.CreateCatalogWithStorageProfile(e.name("placed"), "", &types.CatalogStorageProfiles{VdcStorageProfile: []*types.Reference{&e.silver}})
			if err != nil {
				return err
			}
			if err := cat.WaitForTasks(); err != nil {
				return err
			}
			if err := cat.Refresh(); err != nil {
				return err
			}
			sp := cat.AdminCatalog.CatalogStorageProfiles
			if sp == nil || len(sp.VdcStorageProfile) != 1 || sp.VdcStorageProfile[0].Name != "Silver" {
				return fail("CatalogStorageProfiles %+v, want Silver", sp)
			}
			return cat.Delete(false, false)
		}},
		{"catalog/update", []string{"catalog/create"}, func(e *env) error {
			e.adminCatalog.AdminCatalog.Description = "updated by govcd-checks"
			if err := e.adminCatalog.Update(); err != nil {
				return err
			}
			if err := e.adminCatalog.Refresh(); err != nil {
				return err
			}
			if e.adminCatalog.AdminCatalog.Description != "updated by govcd-checks" {
				return fail("description %q after Update", e.adminCatalog.AdminCatalog.Description)
			}
			return nil
		}},
		{"catalog/access-control", []string{"catalog/create", "login/bob"}, func(e *env) error {
			bobOrg, err := e.bob.GetOrgByName("acme")
			if err != nil {
				return err
			}
			if _, err := bobOrg.GetCatalogByName(e.name("cat"), true); err == nil {
				return fail("bob sees a private catalog")
			}
			err = e.adminCatalog.SetAccessControl(&types.ControlAccessParams{IsSharedToEveryone: true, EveryoneAccessLevel: addrOf(types.ControlAccessReadOnly)}, true)
			if err != nil {
				return err
			}
			acl, err := e.adminCatalog.GetAccessControl(true)
			if err != nil {
				return err
			}
			if !acl.IsSharedToEveryone || acl.EveryoneAccessLevel == nil || *acl.EveryoneAccessLevel != types.ControlAccessReadOnly {
				return fail("GetAccessControl: %+v", acl)
			}
			if _, err := bobOrg.GetCatalogByName(e.name("cat"), true); err != nil {
				return fail("bob does not see the catalog shared with everyone: %s", err)
			}
			return e.adminCatalog.RemoveAccessControl(true)
		}},
		{"catalog/read-only-to-all-orgs", []string{"catalog/create"}, func(e *env) error {
			if err := e.adminCatalog.SetReadOnlyAccessControl(true); err != nil {
				return err
			}
			if !e.adminCatalog.AdminCatalog.IsPublished {
				return fail("IsPublished false after SetReadOnlyAccessControl(true)")
			}
			gil, err := e.login("globex-admin", "globex")
			if err != nil {
				return err
			}
			cat := govcd.NewCatalog(&gil.Client)
			if _, err := gil.Client.ExecuteRequest(strings.Replace(e.adminCatalog.AdminCatalog.HREF, "/admin/", "/", 1), http.MethodGet, "", "reading: %s", nil, cat.Catalog); err != nil {
				return fail("globex-admin cannot read the published catalog: %s", err)
			}
			if err := e.adminCatalog.SetReadOnlyAccessControl(false); err != nil {
				return err
			}
			if _, err := gil.Client.ExecuteRequest(strings.Replace(e.adminCatalog.AdminCatalog.HREF, "/admin/", "/", 1), http.MethodGet, "", "reading: %s", nil, cat.Catalog); err == nil {
				return fail("globex-admin still reads the catalog once it is withdrawn")
			}
			return nil
		}},
		{"catalog/delete-not-empty-refused", []string{"catalog/by-name", "login/acme-admin"}, func(e *env) error {
			ao, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			cat, err := ao.GetAdminCatalogByName("acme-catalog", false)
			if err != nil {
				return err
			}
			return refused("Delete of a catalog holding items, not recursive", cat.Delete(false, false))
		}},
		{"catalog/template-update", []string{"catalog/item-and-template"}, func(e *env) error {
			tpl, err := e.catalog.GetVAppTemplateByName("rocky-9")
			if err != nil {
				return err
			}
			old := tpl.VAppTemplate.Description
			tpl.VAppTemplate.Description = "updated by govcd-checks"
			if _, err := tpl.Update(); err != nil {
				return err
			}
			if tpl.VAppTemplate.Description != "updated by govcd-checks" {
				return fail("description %q after Update", tpl.VAppTemplate.Description)
			}
			tpl.VAppTemplate.Description = old
			_, err = tpl.Update()
			return err
		}},
		{"catalog/delete", []string{"catalog/update", "catalog/access-control", "catalog/read-only-to-all-orgs"}, func(e *env) error {
			if err := e.adminCatalog.Delete(true, true); err != nil {
				return err
			}
			ao, err := e.acmeAdmin.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			if _, err := ao.GetAdminCatalogByName(e.name("cat"), true); !errors.Is(err, govcd.ErrorEntityNotFound) {
				return fail("GetAdminCatalogByName after Delete: %v, want ErrorEntityNotFound", err)
			}
			return nil
		}},

		// ---- independent disks (alice) ----
		{"disk/create", []string{"vdc/by-name"}, func(e *env) error {
			task, err := e.vdc.CreateDisk(&types.DiskCreateParams{Disk: &types.Disk{
				Name: e.name("data"), SizeMb: 1024, BusType: "6", BusSubType: "lsilogic", Description: "made by govcd-checks",
				StorageProfile: &e.silver,
			}})
			if err != nil {
				return err
			}
			if err := task.WaitTaskCompletion(); err != nil {
				return fail("creation task: %s", err)
			}
			disks, err := e.vdc.GetDisksByName(e.name("data"), true)
			if err != nil {
				return fail("GetDisksByName: %s", err)
			}
			if len(*disks) != 1 {
				return fail("GetDisksByName found %d disks", len(*disks))
			}
			d := (*disks)[0]
			if d.Disk.SizeMb != 1024 || d.Disk.Status != 1 || d.Disk.BusSubType != "lsilogic" || d.Disk.StorageProfile == nil || d.Disk.StorageProfile.Name != "Silver" {
				return fail("disk sizeMb %d status %d busSubType %q profile %v", d.Disk.SizeMb, d.Disk.Status, d.Disk.BusSubType, d.Disk.StorageProfile)
			}
			byId, err := e.vdc.GetDiskById(d.Disk.Id, false)
			if err != nil || byId.Disk.HREF != d.Disk.HREF {
				return fail("GetDiskById: %v", err)
			}
			e.disk = &d
			return nil
		}},
		{"disk/query", []string{"disk/create"}, func(e *env) error {
			rec, err := e.vdc.QueryDisk(e.name("data"))
			if err != nil {
				return err
			}
			if rec.Disk.SizeMb != 1024 || rec.Disk.HREF != e.disk.Disk.HREF || rec.Disk.StorageProfileName != "Silver" {
				return fail("QueryDisk record sizeMb %d href %s profile %q", rec.Disk.SizeMb, rec.Disk.HREF, rec.Disk.StorageProfileName)
			}
			list, err := e.vdc.QueryDisks(e.name("data"))
			if err != nil || len(*list) != 1 {
				return fail("QueryDisks: %v", err)
			}
			return nil
		}},
		{"disk/update", []string{"disk/create"}, func(e *env) error {
			if err := wait(e.disk.Update(&types.Disk{Name: e.name("data"), SizeMb: 2048, Description: "grown", StorageProfile: e.disk.Disk.StorageProfile})); err != nil {
				return err
			}
			if err := e.disk.Refresh(); err != nil {
				return err
			}
			if e.disk.Disk.SizeMb != 2048 || e.disk.Disk.Description != "grown" {
				return fail("after Update: sizeMb %d, description %q", e.disk.Disk.SizeMb, e.disk.Disk.Description)
			}
			return nil
		}},
		{"disk/over-quota-refused", []string{"disk/create"}, func(e *env) error {
			// Silver holds 4,096,000 MB.
			_, err := e.vdc.CreateDisk(&types.DiskCreateParams{Disk: &types.Disk{Name: e.name("huge"), SizeMb: 5_000_000, StorageProfile: &e.silver}})
			if err == nil || !strings.Contains(err.Error(), "exceed the VDC's storage quota") {
				return fail("a disk larger than the storage profile: %v, want the storage quota refusal", err)
			}
			return nil
		}},
		{"disk/attach", []string{"disk/update", "vapp/instantiate"}, func(e *env) error {
			if err := e.vm.Refresh(); err != nil {
				return err
			}
			if err := wait(e.vm.AttachDisk(&types.DiskAttachOrDetachParams{Disk: &types.Reference{HREF: e.disk.Disk.HREF}})); err != nil {
				return err
			}
			ref, err := e.disk.AttachedVM()
			if err != nil {
				return err
			}
			if ref == nil || ref.HREF != e.vm.VM.HREF {
				return fail("AttachedVM %v, want %s", ref, e.vm.VM.HREF)
			}
			if err := e.vm.Refresh(); err != nil {
				return err
			}
			found := false
			for _, item := range e.vm.VM.VirtualHardwareSection.Item {
				for _, h := range item.HostResource {
					if h.Disk == e.disk.Disk.HREF {
						found = true
					}
				}
			}
			if !found {
				return fail("the VM's VirtualHardwareSection has no HostResource with the disk's href")
			}
			// A disk takes one VM: a second attach fails, and govcd refuses to delete it while attached.
			if err := wait(e.vm.AttachDisk(&types.DiskAttachOrDetachParams{Disk: &types.Reference{HREF: e.disk.Disk.HREF}})); err == nil {
				return fail("a second attach of the same disk succeeded")
			}
			if _, err := e.disk.Delete(); err == nil {
				return fail("Delete of an attached disk succeeded")
			}
			// The server refuses it too.
			if _, err := e.alice.Client.ExecuteTaskRequest(e.disk.Disk.HREF, http.MethodDelete, "", "delete: %s", nil); err == nil || !strings.Contains(err.Error(), "attached") {
				return fail("DELETE of an attached disk: %v", err)
			}
			return nil
		}},
		{"disk/attach-other-vdc-refused", []string{"disk/attach"}, func(e *env) error {
			dev, err := e.org.GetVDCByName("acme-dev", false)
			if err != nil {
				return err
			}
			task, err := dev.CreateDisk(&types.DiskCreateParams{Disk: &types.Disk{Name: e.name("dev-data"), SizeMb: 64}})
			if err != nil {
				return err
			}
			if err := task.WaitTaskCompletion(); err != nil {
				return err
			}
			disks, err := dev.GetDisksByName(e.name("dev-data"), true)
			if err != nil {
				return err
			}
			other := (*disks)[0]
			if err := wait(e.vm.AttachDisk(&types.DiskAttachOrDetachParams{Disk: &types.Reference{HREF: other.Disk.HREF}})); err == nil || !strings.Contains(err.Error(), "different VDCs") {
				return fail("attach of a disk of acme-dev to a VM of acme-vdc: %v", err)
			}
			return wait(other.Delete())
		}},
		{"disk/detach-delete", []string{"disk/attach"}, func(e *env) error {
			if err := wait(e.vm.DetachDisk(&types.DiskAttachOrDetachParams{Disk: &types.Reference{HREF: e.disk.Disk.HREF}})); err != nil {
				return err
			}
			if ref, err := e.disk.AttachedVM(); err != nil || ref != nil {
				return fail("AttachedVM after DetachDisk: %v %v", ref, err)
			}
			if err := wait(e.vm.DetachDisk(&types.DiskAttachOrDetachParams{Disk: &types.Reference{HREF: e.disk.Disk.HREF}})); err == nil {
				return fail("detach of a detached disk succeeded")
			}
			if err := e.disk.Refresh(); err != nil {
				return err
			}
			if err := wait(e.disk.Delete()); err != nil {
				return err
			}
			// VCD answers 403 "No access to entity" for a disk that is gone.
			if _, err := e.vdc.GetDiskByHref(e.disk.Disk.HREF); err == nil || !strings.Contains(err.Error(), "403") {
				return fail("GetDiskByHref after Delete: %v, want a 403", err)
			}
			if _, err := e.vdc.GetDisksByName(e.name("data"), true); err != govcd.ErrorEntityNotFound {
				return fail("GetDisksByName after Delete: %v, want ErrorEntityNotFound", err)
			}
			return nil
		}},

		// ---- deletes ----
		{"vm/delete-standalone", []string{"vm/standalone-from-template"}, func(e *env) error {
			if err := e.alone.Delete(); err != nil {
				return err
			}
			if _, err := e.vdc.QueryVmByName(e.name("alone")); err == nil {
				return fail("standalone VM still found after Delete")
			}
			if e.empty != nil {
				return e.empty.Delete()
			}
			return nil
		}},
		{"vapp/delete", []string{"vapp/instantiate"}, func(e *env) error {
			if err := e.vapp.Refresh(); err != nil {
				return err
			}
			if e.vapp.VApp.Deployed {
				if err := wait(e.vapp.Undeploy()); err != nil {
					return fail("undeploy: %s", err)
				}
			}
			if err := wait(e.vapp.Delete()); err != nil {
				return err
			}
			if _, err := e.vdc.GetVAppByHref(e.vapp.VApp.HREF); err == nil {
				return fail("vApp still readable after Delete")
			}
			if e.rawVapp != nil {
				if err := wait(e.rawVapp.Delete()); err != nil {
					return fail("raw vApp: %s", err)
				}
			}
			return nil
		}},

		// ---- logout ----
		{"logout/tenants", []string{"login/alice", "login/bob", "login/acme-admin"}, func(e *env) error {
			for _, c := range []*govcd.VCDClient{e.alice, e.bob, e.acmeAdmin} {
				if err := c.Disconnect(); err != nil {
					return err
				}
			}
			if _, err := e.alice.GetOrgByName("acme"); err == nil {
				return fail("alice's token still works after Disconnect")
			}
			return nil
		}},
		{"logout/system-administrator", []string{"login/system-administrator"}, func(e *env) error {
			if err := e.sys.Disconnect(); err != nil {
				return err
			}
			if _, err := e.sys.GetOrgByName("acme"); err == nil {
				return fail("the administrator's token still works after Disconnect")
			}
			return nil
		}},
	}
}

func takeBool(b bool) *bool { return &b }

func addrOf[T any](v T) *T { return &v }

// bobsVApp: alice's vApp as bob finds it through acme-vdc.
func bobsVApp(e *env) (*govcd.VApp, error) {
	org, err := e.bob.GetOrgByName("acme")
	if err != nil {
		return nil, err
	}
	vdc, err := org.GetVDCByName("acme-vdc", false)
	if err != nil {
		return nil, err
	}
	return vdc.GetVAppByHref(e.vapp.VApp.HREF)
}

// bobUserId: bob's UUID, from acme's AdminOrg as the system administrator reads it.
func bobUserId(e *env) string {
	for _, u := range e.sysAcmeAdmin.AdminOrg.Users.User {
		if u.Name == "bob" {
			return uuidOf(u.HREF)
		}
	}
	return ""
}
