package main

// Checks of VM placement: the provider's VM groups found by name and provider VDC, logical VM groups, VM
// placement policies created with them, assigned to a VDC and given to a VM; the System Default policy of a
// new VDC. They run after the administration checks, with the administrator's login.

import (
	"errors"
	"net/url"
	"strings"

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
			tvdc, err := org.GetVDCByName("acme-vdc", true)
			if err != nil {
				return err
			}
			cat, err := org.GetCatalogByName("acme-catalog", false)
			if err != nil {
				return err
			}
			item, err := cat.GetCatalogItemByName("ubuntu-22.04", false)
			if err != nil {
				return err
			}
			tpl, err := item.GetVAppTemplate()
			if err != nil {
				return err
			}
			app, err := tvdc.CreateVappFromTemplate(&types.InstantiateVAppTemplateParams{
				Name: e.name("placed"), Description: "placed by a policy", Source: &types.Reference{HREF: tpl.VAppTemplate.HREF}, AllEULAsAccepted: true,
			})
			if err != nil {
				return err
			}
			plc.app = app
			if err := app.Refresh(); err != nil {
				return err
			}
			vm, err := app.GetVMByName(app.VApp.Children.VM[0].Name, true)
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
