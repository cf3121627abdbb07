/** The fixture's `disks:` of an org VDC: independent disks, ready (detached) from the start. */
import type { IndependentDisk } from '../../store/types.js';
import { Status } from '../../store/types.js';
import type { FixtureSection } from '../fixture-section.js';
import type { VdcScope } from '../vdc/fixture.js';

/** An independent disk in a VDC. */
export interface FixtureDisk {
  name: string;
  sizeMB: number;
  description?: string;
  /** A storage profile of the VDC; its default when absent. */
  storageProfile?: string;
  /** 6 SCSI (default), 5 IDE, 20 SATA, 21 NVMe. */
  busType?: number;
  busSubType?: string;
  sharingType?: 'None' | 'DiskSharing' | 'ControllerSharing';
  /** A user of the org; the org's first user when absent. */
  owner?: string;
}

const DISK_BUS_SUBTYPES: Record<number, string[]> = {
  5: ['ide'], 6: ['lsilogicsas', 'lsilogic', 'buslogic', 'VirtualSCSI'], 20: ['vmware.sata.ahci'], 21: ['vmware.nvme.controller'],
};

export const diskFixture: FixtureSection<VdcScope, FixtureDisk, IndependentDisk> = {
  key: 'disks',
  parent: 'vdc',
  build(b, d, dat, { vdc, org }) {
    const { fail, random } = b;
    if (!d.name) fail(dat, 'a disk needs a name');
    if (!Number.isInteger(d.sizeMB) || d.sizeMB < 1) fail(dat, `sizeMB must be a positive whole number of MB, got ${d.sizeMB}`);
    const profiles = b.snap.storageProfile.filter((p) => p.vdcId === vdc.id);
    const profile = d.storageProfile ? profiles.find((p) => p.name === d.storageProfile) : profiles.find((p) => p.isDefault);
    if (!profile) fail(dat, `storage profile "${d.storageProfile}" is not a storage profile of VDC ${vdc.name}`);
    const busType = d.busType ?? 6;
    const subTypes = DISK_BUS_SUBTYPES[busType];
    if (!subTypes) fail(dat, `busType must be one of ${Object.keys(DISK_BUS_SUBTYPES).join(', ')}`);
    const busSubType = d.busSubType ?? subTypes[0];
    if (!subTypes.includes(busSubType)) fail(dat, `busSubType for busType ${busType} must be one of ${subTypes.join(', ')}`);
    const sharingType = d.sharingType ?? 'None';
    if (!['None', 'DiskSharing', 'ControllerSharing'].includes(sharingType)) fail(dat, 'sharingType must be None, DiskSharing or ControllerSharing');
    const owner = d.owner ? org.users.get(d.owner) : org.users.values().next().value;
    if (!owner) fail(dat, d.owner ? `owner "${d.owner}" is not a user of org ${org.org.name}` : 'a disk needs an owner (the org has no users)');
    const disk: IndependentDisk = {
      id: random.uuid(), orgId: vdc.orgId, vdcId: vdc.id, name: d.name, description: d.description ?? '', sizeMB: d.sizeMB,
      busType, busSubType, storageProfileId: profile!.id, ownerId: owner!.id, status: Status.RESOLVED, sharingType, iops: 0,
      uuid: random.uuid(), attachments: [], created: b.now,
    };
    b.snap.disk.push(disk);
    return disk;
  },
};
