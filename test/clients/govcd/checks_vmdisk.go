package main

// A VM's own hard disks as Terraform's vcd_vm_internal_disk drives them: VM.AddInternalDisk,
// GetInternalDiskById, UpdateInternalDisks and DeleteInternalDisk (all through reconfigureVm's VmSpecSection),
// with a disk on a storage profile of its own and the refusals VCD answers.

import (
	"strings"

	"github.com/vmware/go-vcloud-director/v2/govcd"
	"github.com/vmware/go-vcloud-director/v2/types/v56"
)

var vmdisk struct {
	vapp *govcd.VApp
	vm   *govcd.VM
}

// refusedWith: the operation must have failed, and its error must say `why`.
func refusedWith(what, why string, err error) error {
	if err == nil {
		return fail("%s succeeded; it must be refused", what)
	}
	if !strings.Contains(err.Error(), why) {
		return fail("%s refused, but not for %q: %s", what, why, err)
	}
	return nil
}

// internalDisk is the DiskSettings Terraform's vcd_vm_internal_disk sends: AdapterType by VCD's code.
func internalDisk(sizeMb int64, adapter string, bus, unit int, profile *types.Reference, override bool) *types.DiskSettings {
	return &types.DiskSettings{
		SizeMb: sizeMb, AdapterType: adapter, BusNumber: bus, UnitNumber: unit,
		ThinProvisioned: takeBool(true), StorageProfile: profile, OverrideVmDefault: override, VirtualQuantityUnit: "byte",
	}
}

func vmdiskChecks() []check {
	return []check{
		{"vmdisk/instantiate", []string{"vdc/by-name", "catalog/item-and-template"}, func(e *env) (err error) {
			if vmdisk.vapp, err = e.vdc.CreateVappFromTemplate(&types.InstantiateVAppTemplateParams{
				Name: e.name("disks"), PowerOn: false, AllEULAsAccepted: true,
				Source: &types.Reference{HREF: e.template.VAppTemplate.HREF},
			}); err != nil {
				return err
			}
			vmdisk.vm, err = vmdisk.vapp.GetVMByName("ubuntu", false)
			return err
		}},
		{"vmdisk/add-grow-remove", []string{"vmdisk/instantiate"}, func(e *env) error {
			vm := vmdisk.vm
			id, err := vm.AddInternalDisk(internalDisk(1024, "5", 0, 1, vm.VM.StorageProfile, false))
			if err != nil {
				return err
			}
			disk, err := vm.GetInternalDiskById(id, true)
			if err != nil {
				return err
			}
			if disk.SizeMb != 1024 || disk.AdapterType != "5" || disk.BusNumber != 0 || disk.UnitNumber != 1 || disk.StorageProfile == nil {
				return fail("the new disk as read back: %+v", disk)
			}
			// Grow it, as Terraform's size_in_mb change does: the edited VmSpecSection back through UpdateInternalDisks.
			disk.SizeMb = 4096
			if _, err := vm.UpdateInternalDisks(vm.VM.VmSpecSection); err != nil {
				return err
			}
			if disk, err = vm.GetInternalDiskById(id, true); err != nil || disk.SizeMb != 4096 {
				return fail("after growing: %+v %v", disk, err)
			}
			// VCD refuses to shrink a disk.
			disk.SizeMb = 2048
			if err := refusedWith("shrinking a disk", "can only grow", func() error { _, err := vm.UpdateInternalDisks(vm.VM.VmSpecSection); return err }()); err != nil {
				return err
			}
			if disk, err = vm.GetInternalDiskById(id, true); err != nil || disk.SizeMb != 4096 {
				return fail("after a refused shrink: %+v %v", disk, err)
			}
			if err := vm.DeleteInternalDisk(id); err != nil {
				return err
			}
			if _, err := vm.GetInternalDiskById(id, true); err != govcd.ErrorEntityNotFound {
				return fail("disk %s after DeleteInternalDisk: %v", id, err)
			}
			return nil
		}},
		{"vmdisk/bus-and-unit", []string{"vmdisk/add-grow-remove"}, func(e *env) error {
			vm := vmdisk.vm
			profile := vm.VM.StorageProfile
			// The VM's first disk sits on Paravirtual SCSI 0:0; unit 7 is the controller's.
			if err := refusedWith("a second disk on SCSI 0:0", "already in use", func() error { _, err := vm.AddInternalDisk(internalDisk(512, "5", 0, 0, profile, false)); return err }()); err != nil {
				return err
			}
			if err := refusedWith("a disk on SCSI unit 7", "unit number 7", func() error { _, err := vm.AddInternalDisk(internalDisk(512, "5", 0, 7, profile, false)); return err }()); err != nil {
				return err
			}
			if err := refusedWith("an LSI Logic SAS disk on the Paravirtual bus 0", "Paravirtual SCSI controller", func() error { _, err := vm.AddInternalDisk(internalDisk(512, "4", 0, 1, profile, false)); return err }()); err != nil {
				return err
			}
			if err := refusedWith("an IDE disk on unit 2", "unit number 2", func() error { _, err := vm.AddInternalDisk(internalDisk(512, "1", 0, 2, profile, false)); return err }()); err != nil {
				return err
			}
			// IDE while off, then nothing IDE while on; SATA goes in while on.
			ide, err := vm.AddInternalDisk(internalDisk(512, "1", 0, 0, profile, false))
			if err != nil {
				return err
			}
			if err := wait(vm.PowerOn()); err != nil {
				return err
			}
			if err := refusedWith("an IDE disk added to a running VM", "IDE", func() error { _, err := vm.AddInternalDisk(internalDisk(512, "1", 1, 0, profile, false)); return err }()); err != nil {
				return err
			}
			sata, err := vm.AddInternalDisk(internalDisk(512, "6", 0, 0, profile, false))
			if err != nil {
				return err
			}
			if err := refusedWith("an IDE disk removed from a running VM", "IDE", vm.DeleteInternalDisk(ide)); err != nil {
				return err
			}
			if err := wait(vm.PowerOff()); err != nil {
				return err
			}
			for _, id := range []string{ide, sata} {
				if err := vm.DeleteInternalDisk(id); err != nil {
					return err
				}
			}
			return nil
		}},
		{"vmdisk/storage-profile", []string{"vmdisk/bus-and-unit"}, func(e *env) error {
			vm := vmdisk.vm
			used := func() (int64, error) {
				p, err := e.alice.GetStorageProfileByHref(e.silver.HREF)
				if err != nil {
					return 0, err
				}
				return p.StorageUsedMB, nil
			}
			before, err := used()
			if err != nil {
				return err
			}
			// Terraform's storage_profile: a disk on Silver while the VM stays on its own profile.
			id, err := vm.AddInternalDisk(internalDisk(3072, "5", 0, 2, &e.silver, true))
			if err != nil {
				return err
			}
			disk, err := vm.GetInternalDiskById(id, true)
			if err != nil {
				return err
			}
			if disk.StorageProfile == nil || disk.StorageProfile.Name != "Silver" || !disk.OverrideVmDefault {
				return fail("the disk's storage profile as read back: %+v", disk.StorageProfile)
			}
			if vm.VM.StorageProfile.Name == "Silver" {
				return fail("the VM moved to Silver with its disk")
			}
			if after, err := used(); err != nil || after != before+3072 {
				return fail("Silver's usage %d after a 3072 MB disk, was %d (%v)", after, before, err)
			}
			if err := vm.DeleteInternalDisk(id); err != nil {
				return err
			}
			if after, err := used(); err != nil || after != before {
				return fail("Silver's usage %d after the disk went, was %d (%v)", after, before, err)
			}
			return nil
		}},
		{"vmdisk/over-quota", []string{"vmdisk/instantiate"}, func(e *env) error {
			vm := vmdisk.vm
			_, err := vm.AddInternalDisk(internalDisk(3_000_000, "5", 0, 3, vm.VM.StorageProfile, false))
			return refusedWith("a disk beyond the storage quota", "storage quota", err)
		}},
		{"vmdisk/busy", []string{"vmdisk/instantiate"}, func(e *env) error {
			vm := vmdisk.vm
			if err := vm.Refresh(); err != nil {
				return err
			}
			// A change in flight: the VM is busy until its task ends.
			task, err := vm.UpdateVmSpecSectionAsync(vm.VM.VmSpecSection, "busy")
			if err != nil {
				return err
			}
			_, err = vm.AddInternalDisk(internalDisk(512, "5", 0, 4, vm.VM.StorageProfile, false))
			if werr := task.WaitTaskCompletion(); werr != nil {
				return werr
			}
			return refusedWith("a disk added while the VM is busy", "busy", err)
		}},
		{"vmdisk/delete", []string{"vmdisk/instantiate"}, func(e *env) error {
			if err := vmdisk.vapp.Refresh(); err != nil {
				return err
			}
			if vmdisk.vapp.VApp.Deployed {
				if err := wait(vmdisk.vapp.Undeploy()); err != nil {
					return err
				}
			}
			return wait(vmdisk.vapp.Delete())
		}},
	}
}
