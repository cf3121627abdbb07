package main

// Checks of VM placement: the provider's VM groups found by name and provider VDC, logical VM groups, VM
// placement policies created with them, assigned to a VDC and given to a VM; the System Default policy of a
// new VDC. They run after the administration checks, with the administrator's login.

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

type placementState struct {
	vmGroup   *govcd.VmGroup
	logical   *govcd.LogicalVmGroup
	policy    *govcd.VdcComputePolicyV2
	vdc       *govcd.AdminVdc
	app       *govcd.VApp
	pvdcUrn   string
	pvdcName  string
	initially []*govcd.VdcComputePolicyV2
}

var plc = &placementState{}

func namedRef(g *govcd.VmGroup) types.OpenApiReference {
	return types.OpenApiReference{ID: "urn:vcloud:namedVmGroup:" + g.VmGroup.NamedVmGroupId, Name: g.VmGroup.Name}
}

func assignPolicies(vdc *govcd.AdminVdc, ids []string) error {
	refs := types.VdcComputePolicyReferences{}
	for _, id := range ids {
		refs.VdcComputePolicyReference = append(refs.VdcComputePolicyReference, &types.Reference{HREF: policyHref(adm.sys, id)})
	}
	_, err := vdc.SetAssignedComputePolicies(refs)
	return err
}

func policyChecks() []check {
	return []check{
		{"placement/vm-groups", []string{"provider/pvdc-by-name"}, func(e *env) error {
			plc.pvdcUrn, plc.pvdcName = adm.pvdc.ProviderVdc.ID, adm.pvdc.ProviderVdc.Name
			g, err := adm.sys.GetVmGroupByNameAndProviderVdcUrn("licensed-hosts", plc.pvdcUrn)
			if err != nil {
				return err
			}
			if g.VmGroup.Name != "licensed-hosts" || g.VmGroup.NamedVmGroupId == "" || g.VmGroup.ClusterMoref == "" {
				return fail("VM group: %+v", g.VmGroup)
			}
			byId, err := adm.sys.GetVmGroupById(g.VmGroup.ID)
			if err != nil {
				return err
			}
			byNamed, err := adm.sys.GetVmGroupByNamedVmGroupIdAndProviderVdcUrn(g.VmGroup.NamedVmGroupId, plc.pvdcUrn)
			if err != nil {
				return err
			}
			if byId.VmGroup.Name != g.VmGroup.Name || byNamed.VmGroup.ID != g.VmGroup.ID {
				return fail("by id %+v, by named VM group id %+v", byId.VmGroup, byNamed.VmGroup)
			}
			plc.vmGroup = g
			// gpu-hosts is in the other provider VDC's cluster; an unknown name is not found.
			if _, err := adm.sys.GetVmGroupByNameAndProviderVdcUrn("gpu-hosts", plc.pvdcUrn); !errors.Is(err, govcd.ErrorEntityNotFound) {
				return fail("a VM group of another provider VDC's cluster: %v", err)
			}
			if _, err := adm.sys.GetVmGroupByNameAndProviderVdcUrn("no-such-group", plc.pvdcUrn); !errors.Is(err, govcd.ErrorEntityNotFound) {
				return fail("an unknown VM group: %v", err)
			}
			return nil
		}},
		{"placement/logical-vm-group", []string{"placement/vm-groups"}, func(e *env) error {
			l, err := adm.sys.CreateLogicalVmGroup(types.LogicalVmGroup{
				Name: e.name("logical"), Description: "licensed hosts", PvdcID: plc.pvdcUrn,
				NamedVmGroupReferences: types.OpenApiReferences{namedRef(plc.vmGroup)},
			})
			if err != nil {
				return err
			}
			got, err := adm.sys.GetLogicalVmGroupById(l.LogicalVmGroup.ID)
			if err != nil {
				return err
			}
			if got.LogicalVmGroup.Name != e.name("logical") || len(got.LogicalVmGroup.NamedVmGroupReferences) != 1 || got.LogicalVmGroup.PvdcID != plc.pvdcUrn {
				return fail("logical VM group: %+v", got.LogicalVmGroup)
			}
			plc.logical = got
			return refused("a logical VM group naming an unknown VM group", second(adm.sys.CreateLogicalVmGroup(types.LogicalVmGroup{
				Name: e.name("bad-logical"), PvdcID: plc.pvdcUrn,
				NamedVmGroupReferences: types.OpenApiReferences{{ID: "urn:vcloud:namedVmGroup:00000000-0000-0000-0000-000000000000"}},
			})))
		}},
		{"placement/create-policy", []string{"placement/logical-vm-group"}, func(e *env) error {
			desc := "on the licensed hosts"
			pvdc := types.OpenApiReference{ID: plc.pvdcUrn, Name: plc.pvdcName}
			p, err := adm.sys.CreateVdcComputePolicyV2(&types.VdcComputePolicyV2{
				VdcComputePolicy:       types.VdcComputePolicy{Name: e.name("placement"), Description: &desc},
				PolicyType:             "VdcVmPolicy",
				PvdcNamedVmGroupsMap:   []types.PvdcNamedVmGroupsMap{{Pvdc: pvdc, NamedVmGroups: []types.OpenApiReferences{{namedRef(plc.vmGroup)}}}},
				PvdcLogicalVmGroupsMap: []types.PvdcLogicalVmGroupsMap{{Pvdc: pvdc, LogicalVmGroups: types.OpenApiReferences{{ID: plc.logical.LogicalVmGroup.ID}}}},
			})
			if err != nil {
				return err
			}
			v := p.VdcComputePolicyV2
			if v.IsSizingOnly || len(v.PvdcNamedVmGroupsMap) != 1 || len(v.PvdcLogicalVmGroupsMap) != 1 || v.PvdcNamedVmGroupsMap[0].Pvdc.ID != plc.pvdcUrn {
				return fail("placement policy: %+v", v)
			}
			q := url.Values{}
			q.Set("filter", "name=="+e.name("placement"))
			found, err := adm.sys.GetAllVdcComputePoliciesV2(q)
			if err != nil {
				return err
			}
			if len(found) != 1 || found[0].VdcComputePolicyV2.ID != v.ID {
				return fail("by name: %d policies", len(found))
			}
			plc.policy = p
			// An unknown VM group, and a logical VM group still in use, are refused.
			if err := refused("a placement policy naming an unknown VM group", second(adm.sys.CreateVdcComputePolicyV2(&types.VdcComputePolicyV2{
				VdcComputePolicy: types.VdcComputePolicy{Name: e.name("bad-placement"), Description: &desc}, PolicyType: "VdcVmPolicy",
				PvdcNamedVmGroupsMap: []types.PvdcNamedVmGroupsMap{{Pvdc: pvdc, NamedVmGroups: []types.OpenApiReferences{{{ID: "urn:vcloud:namedVmGroup:00000000-0000-0000-0000-000000000000"}}}}},
			}))); err != nil {
				return err
			}
			return refused("deleting a logical VM group a policy uses", plc.logical.Delete())
		}},
		{"placement/vm", []string{"placement/create-policy"}, func(e *env) error {
			acme, err := adm.sys.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			vdc, err := acme.GetAdminVDCByName("acme-vdc", true)
			if err != nil {
				return err
			}
			plc.vdc = vdc
			if plc.initially, err = vdc.GetAllAssignedVdcComputePoliciesV2(nil); err != nil {
				return err
			}
			var ids []string
			for _, p := range plc.initially {
				ids = append(ids, p.VdcComputePolicyV2.ID)
			}
			org, err := adm.sys.GetOrgByName("acme")
			if err != nil {
				return err
			}
			app, vm, err := deployUbuntu(org, "acme-vdc", e.name("placed"), "placed by a policy")
			plc.app = app
			if err != nil {
				return err
			}
			// Not assigned to the VDC yet: refused.
			if err := refused("a placement policy not assigned to the VDC", second(vm.UpdateComputePolicyV2("", plc.policy.VdcComputePolicyV2.ID, ""))); err != nil {
				return err
			}
			if err := assignPolicies(vdc, append(ids, plc.policy.VdcComputePolicyV2.ID)); err != nil {
				return err
			}
			placed, err := vm.UpdateComputePolicyV2("", plc.policy.VdcComputePolicyV2.ID, "")
			if err != nil {
				return err
			}
			cp := placed.VM.ComputePolicy
			if cp == nil || cp.VmPlacementPolicy == nil || !strings.Contains(cp.VmPlacementPolicy.HREF, uuidOf(plc.policy.VdcComputePolicyV2.ID)) {
				return fail("VM compute policy after update: %+v", cp)
			}
			// In use by a VM: neither unassigned nor deleted.
			if err := refused("unassigning a placement policy a VM uses", assignPolicies(vdc, ids)); err != nil {
				return err
			}
			return refused("deleting a placement policy a VM uses", plc.policy.Delete())
		}},
		{"placement/cleanup", []string{"placement/vm"}, func(e *env) error {
			if err := wait(plc.app.Delete()); err != nil {
				return err
			}
			var ids []string
			for _, p := range plc.initially {
				ids = append(ids, p.VdcComputePolicyV2.ID)
			}
			if err := assignPolicies(plc.vdc, ids); err != nil {
				return err
			}
			if err := plc.policy.Delete(); err != nil {
				return err
			}
			return plc.logical.Delete()
		}},
		{"policy/system-default", []string{"provider/pvdc-by-name"}, func(e *env) error {
			q := url.Values{}
			q.Set("filter", "name==System Default")
			sd, err := adm.sys.GetAllVdcComputePoliciesV2(q)
			if err != nil {
				return err
			}
			if len(sd) != 1 {
				return fail("System Default policies: %d", len(sd))
			}
			acme, err := adm.sys.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			cfg := flexParams(e.name("defaulted"), adm.pvdc, adm.gold, "AllocationVApp", 1000, 1024)
			cfg.ComputeCapacity[0].CPU.Allocated = 0
			if _, err := acme.CreateOrgVdc(cfg); err != nil {
				return err
			}
			vdc, err := acme.GetAdminVDCByName(e.name("defaulted"), true)
			if err != nil {
				return err
			}
			if vdc.AdminVdc.DefaultComputePolicy == nil || vdc.AdminVdc.DefaultComputePolicy.Name != "System Default" {
				return fail("default compute policy of a new VDC: %+v", vdc.AdminVdc.DefaultComputePolicy)
			}
			if err := refused("deleting the System Default policy", sd[0].Delete()); err != nil {
				return err
			}
			made, err := acme.GetVDCByName(e.name("defaulted"), true)
			if err != nil {
				return err
			}
			return made.DeleteWait(true, true)
		}},
	}
}

// subscriptionChecks: a catalog published outside the site and a catalog of another org subscribed to it
// (the same simulator publishes and subscribes, over its own loopback address).
func subscriptionChecks() []check {
	var published *govcd.AdminCatalog
	var subscribed *govcd.AdminCatalog
	return []check{
		{"subscription/publish-externally", []string{"admin/login"}, func(e *env) error {
			acme, err := adm.sys.GetAdminOrgByName("acme")
			if err != nil {
				return err
			}
			cat, err := acme.CreateCatalog(e.name("published"), "published outside the site")
			if err != nil {
				return err
			}
			if err := cat.WaitForTasks(); err != nil {
				return err
			}
			// One item to carry over: the tiny OVF, uploaded.
			org, err := adm.sys.GetOrgByName("acme")
			if err != nil {
				return err
			}
			tenantCat, err := org.GetCatalogByName(e.name("published"), true)
			if err != nil {
				return err
			}
			task, err := tenantCat.UploadOvf(filepath.Join(fixtures(), "tiny.ovf"), e.name("tiny"), "carried to subscribers", 1024)
			if err != nil {
				return err
			}
			if err := task.WaitTaskCompletion(); err != nil {
				return err
			}
			yes, no := true, false
			if err := cat.PublishToExternalOrganizations(types.PublishExternalCatalogParams{
				IsPublishedExternally: &yes, Password: "s3cret-pw", IsCachedEnabled: &no, PreserveIdentityInfoFlag: &yes,
			}); err != nil {
				return err
			}
			if cat.AdminCatalog.PublishExternalCatalogParams == nil || cat.AdminCatalog.PublishExternalCatalogParams.IsPublishedExternally == nil || !*cat.AdminCatalog.PublishExternalCatalogParams.IsPublishedExternally {
				return fail("after publishing: %+v", cat.AdminCatalog.PublishExternalCatalogParams)
			}
			u, err := cat.FullSubscriptionUrl()
			if err != nil {
				return err
			}
			if !strings.HasSuffix(u, "/vcsp/lib/"+uuidOf(cat.AdminCatalog.ID)+"/") {
				return fail("subscription URL %s", u)
			}
			published = &cat
			return nil
		}},
		{"subscription/subscribe-and-sync", []string{"subscription/publish-externally"}, func(e *env) error {
			u, err := published.FullSubscriptionUrl()
			if err != nil {
				return err
			}
			globex, err := adm.sys.GetAdminOrgByName("globex")
			if err != nil {
				return err
			}
			sub := types.ExternalCatalogSubscription{Location: u}
			if err := refused("a subscription with a wrong password", second(globex.CreateCatalogFromSubscription(sub, nil, e.name("wrong-pw"), "not-it", false, 30*time.Second))); err != nil {
				return err
			}
			if _, err := globex.GetAdminCatalogByName(e.name("wrong-pw"), true); err == nil {
				return fail("a catalog was made by the refused subscription")
			}
			foreign := types.ExternalCatalogSubscription{Location: strings.Replace(u, "127.0.0.1", "192.0.2.1", 1)}
			if err := refused("a subscription to a host that is not loopback", second(globex.CreateCatalogFromSubscription(foreign, nil, e.name("foreign"), "s3cret-pw", false, 30*time.Second))); err != nil {
				return err
			}
			cat, err := globex.CreateCatalogFromSubscription(sub, nil, e.name("mirror"), "s3cret-pw", false, 30*time.Second)
			if err != nil {
				return err
			}
			if cat.AdminCatalog.ExternalCatalogSubscription == nil || cat.AdminCatalog.ExternalCatalogSubscription.Location != u {
				return fail("subscription: %+v", cat.AdminCatalog.ExternalCatalogSubscription)
			}
			gorg, err := adm.sys.GetOrgByName("globex")
			if err != nil {
				return err
			}
			mirror, err := gorg.GetCatalogByName(e.name("mirror"), true)
			if err != nil {
				return err
			}
			if _, err := mirror.GetCatalogItemByName(e.name("tiny"), true); err != nil {
				return fail("the published item in the subscribed catalog: %s", err)
			}
			subscribed = cat
			if err := cat.Sync(); err != nil {
				return err
			}
			return nil
		}},
		{"subscription/cleanup", []string{"subscription/subscribe-and-sync"}, func(e *env) error {
			if err := subscribed.Delete(true, true); err != nil {
				return err
			}
			return published.Delete(true, true)
		}},
	}
}
