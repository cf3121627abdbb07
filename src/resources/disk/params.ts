/**
 * Reading independent disk requests: DiskCreateParams and the Disk of an update (size as `sizeMb` in MB, as
 * API 33.0+ clients send it, or `size` in bytes, as older ones do), and DiskAttachOrDetachParams.
 */
import type { IndependentDisk } from '../../store/types.js';
import { attr, child, text, type Doc } from '../../wire/xml.js';
import { badRequest } from '../../errors.js';
import { int } from '../vm/params.js';
import { BUS_TYPES } from './model.js';

const MB = 1024 * 1024;
/** The largest independent disk VCD creates (62 TB, as for VM disks). */
export const MAX_DISK_MB = 62 * 1024 * 1024;
const SHARING = ['None', 'DiskSharing', 'ControllerSharing'] as const;

export interface DiskInput {
  name?: string;
  description?: string;
  sizeMB?: number;
  busType?: number;
  busSubType?: string;
  sharingType?: IndependentDisk['sharingType'];
  iops?: number;
  /** The StorageProfile reference, as sent. */
  storageProfile?: Doc;
  /** The Owner's User reference, as sent. */
  owner?: Doc;
}

/** The Disk element of DiskCreateParams, or the Disk document of an update. */
export function diskInput(disk: Doc | undefined): DiskInput {
  if (!disk) throw badRequest('DiskCreateParams needs a Disk element.');
  const sizeMb = int(attr(disk, 'sizeMb'), 'sizeMb');
  const bytes = int(attr(disk, 'size'), 'size');
  const sizeMB = sizeMb ?? (bytes !== undefined ? Math.ceil(bytes / MB) : undefined);
  if (sizeMB !== undefined && (sizeMB < 1 || sizeMB > MAX_DISK_MB)) {
    throw badRequest(`The disk size must be between 1 MB and ${MAX_DISK_MB} MB, got ${sizeMb !== undefined ? `${sizeMb} MB` : `${bytes} bytes`}.`);
  }
  const iops = int(attr(disk, 'iops'), 'iops');
  if (iops !== undefined && iops < 0) throw badRequest(`iops must not be negative, got ${iops}.`);
  const sharing = attr(disk, 'sharingType');
  if (sharing !== undefined && !(SHARING as readonly string[]).includes(sharing)) {
    throw badRequest(`sharingType must be one of ${SHARING.join(', ')}, got "${sharing}".`);
  }
  const { busType, busSubType } = bus(attr(disk, 'busType'), attr(disk, 'busSubType'));
  return {
    name: attr(disk, 'name'),
    description: text(disk, 'Description'),
    sizeMB,
    busType,
    busSubType,
    sharingType: sharing as DiskInput['sharingType'],
    iops,
    storageProfile: child(disk, 'StorageProfile'),
    owner: child(child(disk, 'Owner'), 'User'),
  };
}

/** Bus type and sub-type: either may be left out (SCSI, and the bus type's default controller). */
function bus(typeText: string | undefined, subType: string | undefined): { busType?: number; busSubType?: string } {
  if (typeText === undefined && subType === undefined) return {};
  let busType = int(typeText, 'busType');
  if (busType === undefined) busType = Number(Object.entries(BUS_TYPES).find(([, b]) => b.subTypes.includes(subType!))?.[0] ?? NaN);
  const known = BUS_TYPES[busType];
  if (!known) throw badRequest(`busType must be one of ${Object.keys(BUS_TYPES).join(', ')} (IDE, SCSI, SATA, NVMe), got "${typeText ?? subType}".`);
  const sub = subType ?? known.subTypes[0];
  if (!known.subTypes.includes(sub)) {
    throw badRequest(`busSubType "${sub}" does not go with busType ${busType} (${known.name}); use one of ${known.subTypes.join(', ')}.`);
  }
  return { busType, busSubType: sub };
}

/** DiskAttachOrDetachParams: the disk's href and the slot it should take. */
export function attachParams(doc: Doc): { href: string; bus?: number; unit?: number } {
  const href = attr(child(doc, 'Disk'), 'href');
  if (!href) throw badRequest('DiskAttachOrDetachParams needs Disk@href.');
  const busNumber = int(text(doc, 'BusNumber'), 'BusNumber');
  const unit = int(text(doc, 'UnitNumber'), 'UnitNumber');
  if (busNumber !== undefined && (busNumber < 0 || busNumber > 3)) throw badRequest(`BusNumber must be between 0 and 3, got ${busNumber}.`);
  if (unit !== undefined && (unit < 0 || unit > 63)) throw badRequest(`UnitNumber must be between 0 and 63, got ${unit}.`);
  return { href, bus: busNumber, unit };
}
