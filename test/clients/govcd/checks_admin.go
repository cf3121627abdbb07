package main

// Checks of the provider side and of administration: provider VDCs, network pools, external networks,
// vCenters and NSX-T managers read by name; orgs, users and roles created, edited and deleted; org VDCs
// created with each allocation model, updated, enabled and disabled, deleted; VDC compute policies
// created, assigned to a VDC and given to a VM. They log in on their own (the main list logs out at its
// end) and run after it.

import (
	"net/url"
	"strings"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

// adminState is what the administration checks share.
type adminState struct {
	sys      *govcd.VCDClient
	org      *govcd.AdminOrg // an org made by admin/create-org
	pvdc     *govcd.ProviderVdc
	gold     *types.Reference // pvdc-gold's Gold storage profile
	vdcs     map[string]*govcd.AdminVdc
	policy   *govcd.VdcComputePolicyV2
	acmeVdc  *govcd.AdminVdc
	sizedVM  *govcd.VM
	sizedApp *govcd.VApp
}

var adm = &adminState{vdcs: map[string]*govcd.AdminVdc{}}

func flexParams(name string, pvdc *govcd.ProviderVdc, gold *types.Reference, model string, cpu, mem int64) *types.VdcConfiguration {
	cfg := &types.VdcConfiguration{
		Name:            name,
		Description:     "made by govcd-checks",
		AllocationModel: model,
		ComputeCapacity: []*types.ComputeCapacity{{
			CPU:    &types.CapacityWithUsage{Units: "MHz", Allocated: cpu, Limit: cpu},
			Memory: &types.CapacityWithUsage{Units: "MB", Allocated: mem, Limit: mem},
		}},
		VdcStorageProfile: []*types.VdcStorageProfileConfiguration{{
			Enabled: takeBool(true), Units: "MB", Limit: 102400, Default: true, ProviderVdcStorageProfile: gold,
		}},
		VmQuota:              10,
		NetworkQuota:         5,
		IsEnabled:            true,
		IsThinProvision:      true,
		ProviderVdcReference: &types.Reference{HREF: pvdc.ProviderVdc.HREF},
	}
	if model == "Flex" {
		cfg.IsElastic = takeBool(false)
		cfg.IncludeMemoryOverhead = takeBool(true)
	}
	if model == "AllocationPool" || model == "Flex" {
		g := 0.5
		cfg.ResourceGuaranteedMemory = &g
		cfg.ResourceGuaranteedCpu = &g
	}
	return cfg
}

func adminChecks() []check {
	return []check{
		{"admin/login", nil, func(e *env) error {
			c, err := e.login("administrator", "System")
			adm.sys = c
			return err
		}},

		// ---- the provider side, read ----
		{"provider/pvdc-by-name", []string{"admin/login"}, func(e *env) error {
			p, err := adm.sys.GetProviderVdcByName("pvdc-gold")
			if err != nil {
				return err
			}
			if p.ProviderVdc.StorageProfiles == nil || len(p.ProviderVdc.StorageProfiles.ProviderVdcStorageProfile) < 2 {
				return fail("pvdc-gold has no storage profiles: %+v", p.ProviderVdc.StorageProfiles)
			}
			for _, sp := range p.ProviderVdc.StorageProfiles.ProviderVdcStorageProfile {
				if sp.Name == "Gold" {
					adm.gold = &types.Reference{HREF: sp.HREF, Name: sp.Name, ID: sp.ID}
				}
			}
			if adm.gold == nil {
				return fail("pvdc-gold has no Gold storage profile")
			}
			adm.pvdc = p
			ext, err := adm.sys.GetProviderVdcExtendedByName("pvdc-gold")
			if err != nil {
				return err
			}
			if ext.VMWProviderVdc.HighestSupportedHardwareVersion == "" {
				return fail("extended provider VDC has no highest hardware version")
			}
			if _, err := adm.sys.GetProviderVdcByName("no-such-pvdc"); err == nil {
				return fail("an unknown provider VDC was found")
			}
			recs, err := adm.sys.QueryProviderVdcs()
			if err != nil {
				return err
			}
			if len(recs) < 2 {
				return fail("QueryProviderVdcs: %d records", len(recs))
			}
			return nil
		}},
		{"provider/network-pool", []string{"admin/login"}, func(e *env) error {
			p, err := adm.sys.GetNetworkPoolByName("geneve-pool")
			if err != nil {
				return err
			}
			if p.NetworkPool.PoolType != "GENEVE" {
				return fail("geneve-pool type %q", p.NetworkPool.PoolType)
			}
			all, err := adm.sys.GetNetworkPoolSummaries(nil)
			if err != nil {
				return err
			}
			if len(all) == 0 {
				return fail("no network pool summaries")
			}
			return nil
		}},
		{"provider/external-network", []string{"admin/login"}, func(e *env) error {
			ref, err := govcd.GetExternalNetworkByName(adm.sys, "ext-internet")
			if err != nil {
				return err
			}
			if ref.HREF == "" {
				return fail("no href for ext-internet")
			}
			n, err := adm.sys.GetExternalNetworkByName("ext-internet")
			if err != nil {
				return err
			}
			if n.ExternalNetwork.Configuration == nil || n.ExternalNetwork.Configuration.IPScopes == nil {
				return fail("ext-internet has no IP scopes")
			}
			v2, err := govcd.GetExternalNetworkV2ByName(adm.sys, "ext-internet")
			if err != nil {
				return err
			}
			if len(v2.ExternalNetwork.Subnets.Values) == 0 {
				return fail("ext-internet (CloudAPI) has no subnets")
			}
			return nil
		}},
		{"provider/vcenters-and-nsxt", []string{"admin/login"}, func(e *env) error {
			vcs, err := adm.sys.GetAllVCenters(nil)
			if err != nil {
				return err
			}
			if len(vcs) == 0 {
				return fail("no vCenters")
			}
			vc, err := adm.sys.GetVCenterByName("vc-01")
			if err != nil {
				return err
			}
			if !vc.VSphereVCenter.IsEnabled {
				return fail("vc-01 is not enabled")
			}
			mgrs, err := adm.sys.QueryNsxtManagerByName("nsxt-01")
			if err != nil {
				return err
			}
			if len(mgrs) != 1 || mgrs[0].HREF == "" {
				return fail("QueryNsxtManagerByName: %d records", len(mgrs))
			}
			return nil
		}},
		{"provider/tenant-refused", []string{"admin/login"}, func(e *env) error {
			alice, err := e.login("alice", "acme")
			if err != nil {
				return err
			}
			if err := refused("alice GetProviderVdcByName", second(alice.GetProviderVdcByName("pvdc-gold"))); err != nil {
				return err
			}
			return refused("alice GetAllVCenters", second(alice.GetAllVCenters(nil)))
		}},

		// ---- orgs, users and roles ----
		{"admin/create-org", []string{"admin/login"}, func(e *env) error {
			name := e.name("org")
			settings := &types.OrgSettings{
				OrgGeneralSettings: &types.OrgGeneralSettings{CanPublishCatalogs: true, DeployedVMQuota: 10, StoredVMQuota: 20},
				OrgVAppLeaseSettings: &types.VAppLeaseSettings{
					DeleteOnStorageLeaseExpiration: takeBool(false), DeploymentLeaseSeconds: takeInt(86400), StorageLeaseSeconds: takeInt(172800),
					PowerOffOnRuntimeLeaseExpiration: takeBool(true),
				},
			}
			if _, err := govcd.CreateOrg(adm.sys, name, "Org made by govcd-checks", "checks", settings, true); err != nil {
				return err
			}
			org, err := adm.sys.GetAdminOrgByName(name)
			if err != nil {
				return err
			}
			if !org.AdminOrg.IsEnabled || org.AdminOrg.FullName != "Org made by govcd-checks" {
				return fail("new org: enabled %v, full name %q", org.AdminOrg.IsEnabled, org.AdminOrg.FullName)
			}
			if g := org.AdminOrg.OrgSettings.OrgGeneralSettings; g == nil || g.DeployedVMQuota != 10 || g.StoredVMQuota != 20 {
				return fail("new org general settings: %+v", g)
			}
			adm.org = org
			// A second org of the same name is refused.
			return refused("a duplicate org name", second(govcd.CreateOrg(adm.sys, name, "again", "", settings, true)))
		}},
		{"admin/org-update", []string{"admin/create-org"}, func(e *env) error {
			adm.org.AdminOrg.Description = "changed by govcd-checks"
			adm.org.AdminOrg.FullName = "Renamed by govcd-checks"
			if _, err := adm.org.Update(); err != nil {
				return err
			}
			if err := adm.org.Refresh(); err != nil {
				return err
			}
			if adm.org.AdminOrg.Description != "changed by govcd-checks" || adm.org.AdminOrg.FullName != "Renamed by govcd-checks" {
				return fail("org after update: %q / %q", adm.org.AdminOrg.Description, adm.org.AdminOrg.FullName)
			}
			return nil
		}},
		{"admin/roles", []string{"admin/create-org"}, func(e *env) error {
			ref, err := adm.org.GetRoleReference(govcd.OrgUserRoleVappAuthor)
			if err != nil {
				return err
			}
			if ref.HREF == "" {
				return fail("no role reference for vApp Author")
			}
			if _, err := adm.org.GetRoleByName(govcd.OrgUserRoleOrganizationAdministrator); err != nil {
				return err
			}
			role, err := adm.org.CreateRole(&types.Role{Name: e.name("viewer"), Description: "reads vApps"})
			if err != nil {
				return err
			}
			right, err := adm.sys.Client.GetRightByName("vApp: View VM metrics")
			if err != nil {
				return err
			}
			if err := role.AddRights([]types.OpenApiReference{{Name: right.Name, ID: right.ID}}); err != nil {
				return err
			}
			rights, err := role.GetRights(nil)
			if err != nil {
				return err
			}
			if len(rights) != 1 {
				return fail("role has %d rights, want 1", len(rights))
			}
			if err := refused("a duplicate role name", second(adm.org.CreateRole(&types.Role{Name: e.name("viewer")}))); err != nil {
				return err
			}
			return role.Delete()
		}},
		{"admin/users", []string{"admin/create-org"}, func(e *env) error {
			u, err := adm.org.CreateUserSimple(govcd.OrgUserConfiguration{
				Name: e.name("user"), Password: "password", RoleName: govcd.OrgUserRoleVappAuthor, IsEnabled: true,
				FullName: "Checks User", EmailAddress: "checks@example.com",
			})
			if err != nil {
				return err
			}
			if u.User.Role == nil || u.User.Role.Name != govcd.OrgUserRoleVappAuthor {
				return fail("new user role: %+v", u.User.Role)
			}
			if _, err := e.login(e.name("user"), adm.org.AdminOrg.Name); err != nil {
				return fail("the new user cannot log in: %s", err)
			}
			if err := u.ChangeRole(govcd.OrgUserRoleVappUser); err != nil {
				return err
			}
			got, err := adm.org.GetUserByName(e.name("user"), true)
			if err != nil {
				return err
			}
			if got.User.Role.Name != govcd.OrgUserRoleVappUser {
				return fail("role after ChangeRole: %s", got.User.Role.Name)
			}
			if err := refused("a duplicate user name", second(adm.org.CreateUserSimple(govcd.OrgUserConfiguration{
				Name: e.name("user"), Password: "password", RoleName: govcd.OrgUserRoleVappUser,
			}))); err != nil {
				return err
			}
			if err := refused("an unknown role", second(adm.org.CreateUserSimple(govcd.OrgUserConfiguration{
				Name: e.name("nobody"), Password: "password", RoleName: "No Such Role",
			}))); err != nil {
				return err
			}
			return got.Delete(false)
		}},

		// ---- org VDCs ----
		{"vdc-admin/create-each-model", []string{"admin/create-org", "provider/pvdc-by-name"}, func(e *env) error {
			for _, model := range []string{"AllocationVApp", "AllocationPool", "ReservationPool", "Flex"} {
				name := e.name(strings.ToLower(model))
				cfg := flexParams(name, adm.pvdc, adm.gold, model, 4000, 8192)
				if model == "AllocationVApp" {
					cfg.ComputeCapacity[0].CPU.Allocated = 0
				}
				vdc, err := adm.org.CreateOrgVdc(cfg)
				if err != nil {
					return fail("%s: %s", model, err)
				}
				if vdc.Vdc.AllocationModel != model || !vdc.Vdc.IsEnabled {
					return fail("%s: VDC model %s, enabled %v", model, vdc.Vdc.AllocationModel, vdc.Vdc.IsEnabled)
				}
				admin, err := adm.org.GetAdminVDCByName(name, true)
				if err != nil {
					return err
				}
				if admin.AdminVdc.ProviderVdcReference == nil || admin.AdminVdc.ProviderVdcReference.Name != "pvdc-gold" {
					return fail("%s: provider VDC reference %+v", model, admin.AdminVdc.ProviderVdcReference)
				}
				if admin.AdminVdc.VdcStorageProfiles == nil || len(admin.AdminVdc.VdcStorageProfiles.VdcStorageProfile) != 1 {
					return fail("%s: storage profiles %+v", model, admin.AdminVdc.VdcStorageProfiles)
				}
				adm.vdcs[model] = admin
				if !vdc.IsNsxt() {
					return fail("%s: IsNsxt is false (capabilities: networkProvider)", model)
				}
			}
			cpu := adm.vdcs["ReservationPool"].AdminVdc.ComputeCapacity[0].CPU
			if cpu.Reserved != 4000 || cpu.Allocated != 4000 {
				return fail("reservation pool CPU: %+v", cpu)
			}
			// The provider VDC shows what its VDCs reserve.
			p, err := adm.sys.GetProviderVdcByName("pvdc-gold")
			if err != nil {
				return err
			}
			if p.ProviderVdc.ComputeCapacity.Cpu.Reserved < 4000 {
				return fail("pvdc-gold reserves %d MHz, want at least 4000", p.ProviderVdc.ComputeCapacity.Cpu.Reserved)
			}
			return nil
		}},
		{"vdc-admin/create-refused", []string{"vdc-admin/create-each-model"}, func(e *env) error {
			dup := flexParams(e.name("allocationpool"), adm.pvdc, adm.gold, "AllocationPool", 1000, 1024)
			if err := refused("a duplicate VDC name", second(adm.org.CreateOrgVdc(dup))); err != nil {
				return err
			}
			huge := flexParams(e.name("huge"), adm.pvdc, adm.gold, "ReservationPool", 100000000, 1024)
			if err := refused("a reservation beyond the provider VDC", second(adm.org.CreateOrgVdc(huge))); err != nil {
				return err
			}
			if _, err := adm.org.GetAdminVDCByName(e.name("huge"), true); err == nil {
				return fail("the refused VDC exists")
			}
			alien := flexParams(e.name("alien"), adm.pvdc, adm.gold, "AllocationPool", 1000, 1024)
			alien.VdcStorageProfile[0].ProviderVdcStorageProfile = &types.Reference{HREF: strings.Replace(adm.gold.HREF, adm.gold.HREF[len(adm.gold.HREF)-12:], "000000000000", 1)}
			return refused("a storage profile the provider VDC lacks", second(adm.org.CreateOrgVdc(alien)))
		}},
		{"vdc-admin/update", []string{"vdc-admin/create-each-model"}, func(e *env) error {
			v := adm.vdcs["AllocationPool"]
			v.AdminVdc.ComputeCapacity[0].CPU.Allocated = 6000
			v.AdminVdc.ComputeCapacity[0].CPU.Limit = 6000
			v.AdminVdc.VMQuota = 20
			v.AdminVdc.Description = "updated by govcd-checks"
			updated, err := v.Update()
			if err != nil {
				return err
			}
			if updated.AdminVdc.ComputeCapacity[0].CPU.Allocated != 6000 || updated.AdminVdc.VMQuota != 20 || updated.AdminVdc.Description != "updated by govcd-checks" {
				return fail("after update: CPU %+v, quota %d, %q", updated.AdminVdc.ComputeCapacity[0].CPU, updated.AdminVdc.VMQuota, updated.AdminVdc.Description)
			}
			adm.vdcs["AllocationPool"] = &updated
			f := adm.vdcs["Flex"]
			f.AdminVdc.ComputeCapacity[0].Memory.Allocated = 16384
			f.AdminVdc.ComputeCapacity[0].Memory.Limit = 16384
			if _, err := f.Update(); err != nil {
				return fail("Flex update: %s", err)
			}
			return nil
		}},
		{"vdc-admin/storage-profiles", []string{"vdc-admin/create-each-model"}, func(e *env) error {
			v, err := adm.org.GetAdminVDCByName(e.name("reservationpool"), true)
			if err != nil {
				return err
			}
			var silver *types.Reference
			for _, sp := range adm.pvdc.ProviderVdc.StorageProfiles.ProviderVdcStorageProfile {
				if sp.Name == "Silver" {
					silver = &types.Reference{HREF: sp.HREF, Name: sp.Name}
				}
			}
			if silver == nil {
				return fail("pvdc-gold has no Silver storage profile")
			}
			if err := v.AddStorageProfileWait(&types.VdcStorageProfileConfiguration{
				Enabled: takeBool(true), Units: "MB", Limit: 4096, Default: false, ProviderVdcStorageProfile: silver,
			}, "added by govcd-checks"); err != nil {
				return err
			}
			var added *types.Reference
			for _, sp := range v.AdminVdc.VdcStorageProfiles.VdcStorageProfile {
				if sp.Name == "Silver" {
					added = sp
				}
			}
			if added == nil {
				return fail("Silver is not among the VDC's storage profiles after AddStorageProfileWait")
			}
			if err := refused("adding Silver twice", v.AddStorageProfileWait(&types.VdcStorageProfileConfiguration{
				Enabled: takeBool(true), Units: "MB", Limit: 4096, ProviderVdcStorageProfile: silver,
			}, "")); err != nil {
				return err
			}
			sp, err := v.UpdateStorageProfile(uuidOf(added.HREF), &types.AdminVdcStorageProfile{
				Name: "Silver", Units: "MB", Limit: 8192, Default: false, Enabled: takeBool(true), ProviderVdcStorageProfile: silver,
			})
			if err != nil {
				return err
			}
			if sp.Limit != 8192 {
				return fail("Silver limit after UpdateStorageProfile: %d", sp.Limit)
			}
			// The default cannot be disabled.
			def, err := v.GetDefaultStorageProfileReference()
			if err != nil {
				return err
			}
			return refused("disabling the default storage profile", second(v.UpdateStorageProfile(uuidOf(def.HREF), &types.AdminVdcStorageProfile{
				Name: def.Name, Units: "MB", Limit: 102400, Default: true, Enabled: takeBool(false), ProviderVdcStorageProfile: adm.gold,
			})))
		}},
		{"vdc-admin/update-refused", []string{"vdc-admin/update"}, func(e *env) error {
			v, err := adm.org.GetAdminVDCByName(e.name("reservationpool"), true)
			if err != nil {
				return err
			}
			v.AdminVdc.ComputeCapacity[0].CPU.Allocated = 100000000
			v.AdminVdc.ComputeCapacity[0].CPU.Limit = 100000000
			if err := refused("a reservation beyond the provider VDC", second(v.Update())); err != nil {
				return err
			}
			v, err = adm.org.GetAdminVDCByName(e.name("reservationpool"), true)
			if err != nil {
				return err
			}
			v.AdminVdc.AllocationModel = "AllocationVApp"
			return refused("a change of allocation model other than to Flex", second(v.Update()))
		}},
		{"vdc-admin/quota-below-usage-refused", []string{"admin/login"}, func(e *env) error {
			acme, err := adm.sys.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			v, err := acme.GetAdminVDCByName("acme-vdc", true)
			if err != nil {
				return err
			}
			adm.acmeVdc = v
			// acme-vdc has two networks (acme-web, acme-db): a network quota of one is below that.
			v.AdminVdc.NetworkQuota = 1
			if err := refused("a network quota below the networks in the VDC", second(v.Update())); err != nil {
				return err
			}
			v, err = acme.GetAdminVDCByName("acme-vdc", true)
			if err != nil {
				return err
			}
			if v.AdminVdc.NetworkQuota != 20 {
				return fail("acme-vdc network quota %d after a refused update, want 20", v.AdminVdc.NetworkQuota)
			}
			v.AdminVdc.ComputeCapacity[0].CPU.Limit = -5
			return refused("a negative CPU limit", second(v.Update()))
		}},
		{"vdc-admin/enable-disable-delete", []string{"vdc-admin/create-each-model"}, func(e *env) error {
			name := e.name("allocationvapp")
			vdc, err := adm.org.GetVDCByName(name, true)
			if err != nil {
				return err
			}
			// Enabled: a plain delete is refused.
			if err := refused("deleting an enabled VDC without force", vdc.DeleteWait(false, false)); err != nil {
				return err
			}
			// A VDC that holds a vApp is refused without recursive.
			if _, err := vdc.CreateRawVApp(e.name("held"), "keeps the VDC busy"); err != nil {
				return err
			}
			admin, err := adm.org.GetAdminVDCByName(name, true)
			if err != nil {
				return err
			}
			admin.AdminVdc.IsEnabled = false
			if _, err := admin.Update(); err != nil {
				return err
			}
			if err := vdc.Refresh(); err != nil {
				return err
			}
			if vdc.Vdc.IsEnabled {
				return fail("the VDC is still enabled")
			}
			if err := refused("deleting a VDC that holds a vApp", vdc.DeleteWait(false, false)); err != nil {
				return err
			}
			if err := vdc.DeleteWait(false, true); err != nil {
				return err
			}
			if _, err := adm.org.GetVDCByName(name, true); err == nil {
				return fail("the VDC still exists")
			}
			return nil
		}},

		// ---- VDC compute policies ----
		{"policy/create-update", []string{"admin/login"}, func(e *env) error {
			desc := "2 vCPUs and 3 GB"
			p, err := adm.sys.CreateVdcComputePolicyV2(&types.VdcComputePolicyV2{
				VdcComputePolicy: types.VdcComputePolicy{Name: e.name("sizing"), Description: &desc, CPUCount: takeInt(2), CoresPerSocket: takeInt(1), Memory: takeInt(3072)},
				PolicyType:       "VdcVmPolicy",
			})
			if err != nil {
				return err
			}
			if p.VdcComputePolicyV2.ID == "" || *p.VdcComputePolicyV2.CPUCount != 2 {
				return fail("new policy: %+v", p.VdcComputePolicyV2)
			}
			got, err := adm.sys.GetVdcComputePolicyV2ById(p.VdcComputePolicyV2.ID)
			if err != nil {
				return err
			}
			*got.VdcComputePolicyV2.Memory = 4096
			updated, err := got.Update()
			if err != nil {
				return err
			}
			if *updated.VdcComputePolicyV2.Memory != 4096 {
				return fail("memory after update: %d", *updated.VdcComputePolicyV2.Memory)
			}
			q := url.Values{}
			q.Set("filter", "name=="+e.name("sizing"))
			all, err := adm.sys.GetAllVdcComputePoliciesV2(q)
			if err != nil {
				return err
			}
			if len(all) != 1 {
				return fail("filter by name: %d policies", len(all))
			}
			adm.policy = updated
			return refused("a duplicate policy name", second(adm.sys.CreateVdcComputePolicyV2(&types.VdcComputePolicyV2{
				VdcComputePolicy: types.VdcComputePolicy{Name: e.name("sizing"), Description: &desc}, PolicyType: "VdcVmPolicy",
			})))
		}},
		{"policy/assign-to-vdc", []string{"policy/create-update", "vdc-admin/quota-below-usage-refused"}, func(e *env) error {
			v, err := adm.sys.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			vdc, err := v.GetAdminVDCByName("acme-vdc", true)
			if err != nil {
				return err
			}
			assigned, err := vdc.GetAllAssignedVdcComputePoliciesV2(nil)
			if err != nil {
				return err
			}
			refs := types.VdcComputePolicyReferences{}
			for _, a := range assigned {
				refs.VdcComputePolicyReference = append(refs.VdcComputePolicyReference, &types.Reference{HREF: policyHref(adm.sys, a.VdcComputePolicyV2.ID)})
			}
			refs.VdcComputePolicyReference = append(refs.VdcComputePolicyReference, &types.Reference{HREF: policyHref(adm.sys, adm.policy.VdcComputePolicyV2.ID)})
			if _, err := vdc.SetAssignedComputePolicies(refs); err != nil {
				return err
			}
			now, err := vdc.GetAllAssignedVdcComputePoliciesV2(nil)
			if err != nil {
				return err
			}
			if len(now) != len(assigned)+1 {
				return fail("assigned policies: %d, want %d", len(now), len(assigned)+1)
			}
			// The policy is in use: deleting it is refused.
			if err := refused("deleting an assigned policy", adm.policy.Delete()); err != nil {
				return err
			}
			adm.acmeVdc = vdc
			return nil
		}},
		{"policy/vm-sizing", []string{"policy/assign-to-vdc"}, func(e *env) error {
			alice, err := e.login("alice", "acme")
			if err != nil {
				return err
			}
			org, err := alice.GetOrgByName("acme")
			if err != nil {
				return err
			}
			app, vm, err := deployUbuntu(org, "acme-vdc", e.name("sized"), "sized by a policy")
			adm.sizedApp = app
			if err != nil {
				return err
			}
			sized, err := vm.UpdateComputePolicyV2(adm.policy.VdcComputePolicyV2.ID, "", "")
			if err != nil {
				return err
			}
			if sized.VM.ComputePolicy == nil || sized.VM.ComputePolicy.VmSizingPolicy == nil || !strings.Contains(sized.VM.ComputePolicy.VmSizingPolicy.HREF, uuidOf(adm.policy.VdcComputePolicyV2.ID)) {
				return fail("VM compute policy after update: %+v", sized.VM.ComputePolicy)
			}
			if sized.VM.VmSpecSection.NumCpus == nil || *sized.VM.VmSpecSection.NumCpus != 2 || sized.VM.VmSpecSection.MemoryResourceMb.Configured != 4096 {
				return fail("VM sized to %v CPUs and %d MB, want 2 and 4096", sized.VM.VmSpecSection.NumCpus, sized.VM.VmSpecSection.MemoryResourceMb.Configured)
			}
			adm.sizedVM = sized
			// A policy the VDC does not have is refused.
			desc := "not assigned"
			other, err := adm.sys.CreateVdcComputePolicyV2(&types.VdcComputePolicyV2{
				VdcComputePolicy: types.VdcComputePolicy{Name: e.name("unassigned"), Description: &desc, CPUCount: takeInt(8)}, PolicyType: "VdcVmPolicy",
			})
			if err != nil {
				return err
			}
			if err := refused("a sizing policy not assigned to the VDC", second(sized.UpdateComputePolicyV2(other.VdcComputePolicyV2.ID, "", ""))); err != nil {
				return err
			}
			return other.Delete()
		}},
		{"policy/cleanup", []string{"policy/vm-sizing"}, func(e *env) error {
			if err := wait(adm.sizedApp.Delete()); err != nil {
				return err
			}
			assigned, err := adm.acmeVdc.GetAllAssignedVdcComputePoliciesV2(nil)
			if err != nil {
				return err
			}
			refs := types.VdcComputePolicyReferences{}
			for _, a := range assigned {
				if a.VdcComputePolicyV2.ID != adm.policy.VdcComputePolicyV2.ID {
					refs.VdcComputePolicyReference = append(refs.VdcComputePolicyReference, &types.Reference{HREF: policyHref(adm.sys, a.VdcComputePolicyV2.ID)})
				}
			}
			if _, err := adm.acmeVdc.SetAssignedComputePolicies(refs); err != nil {
				return err
			}
			return adm.policy.Delete()
		}},

		// ---- the org goes, with its VDCs ----
		{"admin/org-delete", []string{"admin/create-org"}, func(e *env) error {
			if err := refused("deleting an org that holds VDCs without force", adm.org.Delete(false, false)); err != nil {
				return err
			}
			org, err := adm.sys.GetAdminOrgByName(adm.org.AdminOrg.Name)
			if err != nil {
				return err
			}
			if err := org.Delete(true, true); err != nil {
				return err
			}
			if _, err := adm.sys.GetAdminOrgByName(adm.org.AdminOrg.Name); err == nil {
				return fail("the org still exists")
			}
			return nil
		}},
	}
}

func policyHref(c *govcd.VCDClient, id string) string {
	u, _ := c.Client.OpenApiBuildEndpoint(types.OpenApiPathVersion2_0_0, types.OpenApiEndpointVdcComputePolicies, id)
	return u.String()
}

// second is the error of a two-valued call.
func second[T any](_ T, err error) error { return err }

func takeInt(i int) *int { return &i }

// deployUbuntu instantiates acme-catalog's ubuntu-22.04 into a VDC of org and returns the vApp and its VM.
func deployUbuntu(org *govcd.Org, vdcName, name, description string) (*govcd.VApp, *govcd.VM, error) {
	vdc, err := org.GetVDCByName(vdcName, true)
	if err != nil {
		return nil, nil, err
	}
	cat, err := org.GetCatalogByName("acme-catalog", false)
	if err != nil {
		return nil, nil, err
	}
	item, err := cat.GetCatalogItemByName("ubuntu-22.04", false)
	if err != nil {
		return nil, nil, err
	}
	tpl, err := item.GetVAppTemplate()
	if err != nil {
		return nil, nil, err
	}
	app, err := vdc.CreateVappFromTemplate(&types.InstantiateVAppTemplateParams{
		Name: name, Description: description, Source: &types.Reference{HREF: tpl.VAppTemplate.HREF}, AllEULAsAccepted: true,
	})
	if err != nil {
		return nil, nil, err
	}
	if err := app.Refresh(); err != nil {
		return app, nil, err
	}
	vm, err := app.GetVMByName(app.VApp.Children.VM[0].Name, true)
	return app, vm, err
}
