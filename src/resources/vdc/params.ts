/**
 * Reading VDC requests: CreateVdcParams (POST …/admin/org/{id}/vdcsparams) and the AdminVdc of an update
 * (PUT …/admin/vdc/{id}). Capacity arrives in the units the client names (MHz/GHz, MB/GB/TB) and is kept
 * in MHz and MB.
 */
import type { AllocationModel } from '../../store/types.js';
import { attr, child, children, parseBool, text, type Doc } from '../../wire/xml.js';
import { badRequest } from '../../errors.js';
import { uuidOf } from '../../wire/links.js';

export const ALLOCATION_MODELS: AllocationModel[] = ['AllocationVApp', 'AllocationPool', 'ReservationPool', 'Flex'];

export interface CapacityInput {
  allocated?: number;
  limit?: number;
  reserved?: number;
}

export interface VdcStorageProfileInput {
  enabled: boolean;
  limitMB: number;
  isDefault: boolean;
  /** The provider VDC storage profile's id (from the reference's href or id). */
  pvdcStorageProfileId?: string;
  name?: string;
}

export interface VdcInput {
  name?: string;
  description?: string;
  allocationModel?: string;
  cpu?: CapacityInput;
  memory?: CapacityInput;
  nicQuota?: number;
  networkQuota?: number;
  vmQuota?: number;
  isEnabled?: boolean;
  storageProfiles: VdcStorageProfileInput[];
  guaranteedMemory?: number;
  guaranteedCpu?: number;
  vCpuInMhz?: number;
  networkPoolId?: string;
  providerVdcId?: string;
  isElastic?: boolean;
  includeMemoryOverhead?: boolean;
}

function num(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw badRequest(`${what} must be a number, got "${value}".`);
  if (n < 0) throw badRequest(`${what} must not be negative, got ${value}.`);
  return n;
}

const CPU_UNITS: Record<string, number> = { mhz: 1, ghz: 1000 };
const MEMORY_UNITS: Record<string, number> = { mb: 1, gb: 1024, tb: 1024 * 1024 };

function capacity(doc: Doc | undefined, what: 'Cpu' | 'Memory'): CapacityInput | undefined {
  if (!doc) return undefined;
  const units = (text(doc, 'Units') ?? (what === 'Cpu' ? 'MHz' : 'MB')).trim();
  const factor = (what === 'Cpu' ? CPU_UNITS : MEMORY_UNITS)[units.toLowerCase()];
  if (factor === undefined) {
    throw badRequest(`${what} units must be ${what === 'Cpu' ? 'MHz or GHz' : 'MB, GB or TB'}, got "${units}".`);
  }
  const scaled = (name: string) => {
    const v = num(text(doc, name), `${what} ${name}`);
    return v === undefined ? undefined : Math.round(v * factor);
  };
  return { allocated: scaled('Allocated'), limit: scaled('Limit'), reserved: scaled('Reserved') };
}

function fraction(value: string | undefined, what: string): number | undefined {
  const n = num(value, what);
  if (n !== undefined && n > 1) throw badRequest(`${what} must be between 0 and 1, got ${value}.`);
  return n;
}

const int = (value: string | undefined, what: string) => {
  const n = num(value, what);
  if (n !== undefined && !Number.isInteger(n)) throw badRequest(`${what} must be an integer, got "${value}".`);
  return n;
};

const optBool = (value: string | undefined) => (value === undefined ? undefined : parseBool(value, false));

export function storageProfile(sp: Doc, i: number): VdcStorageProfileInput {
  const units = (text(sp, 'Units') ?? 'MB').trim();
  const factor = MEMORY_UNITS[units.toLowerCase()];
  if (factor === undefined) throw badRequest(`VdcStorageProfile units must be MB, GB or TB, got "${units}".`);
  const ref = child(sp, 'ProviderVdcStorageProfile');
  const id = uuidOf(attr(ref, 'id')) ?? uuidOf(attr(ref, 'href'));
  if (!ref || (!id && !attr(ref, 'name'))) throw badRequest(`VdcStorageProfile ${i + 1} must name its ProviderVdcStorageProfile.`);
  return {
    enabled: parseBool(text(sp, 'Enabled'), true),
    limitMB: Math.round((num(text(sp, 'Limit'), 'VdcStorageProfile Limit') ?? 0) * factor),
    isDefault: parseBool(text(sp, 'Default'), false),
    pvdcStorageProfileId: id,
    name: attr(ref, 'name'),
  };
}

/** CreateVdcParams, or the AdminVdc of an update (its storage profiles are not read: they have their own routes). */
export function vdcInput(doc: Doc, create: boolean): VdcInput {
  const compute = child(doc, 'ComputeCapacity');
  const pool = child(doc, 'NetworkPoolReference');
  const pvdc = child(doc, 'ProviderVdcReference');
  const vCpu = int(text(doc, 'VCpuInMhz') ?? text(doc, 'VCpuInMhz2'), 'VCpuInMhz');
  if (vCpu !== undefined && vCpu < 256) throw badRequest(`VCpuInMhz must be at least 256 MHz, got ${vCpu}.`);
  return {
    name: attr(doc, 'name'),
    description: text(doc, 'Description'),
    allocationModel: text(doc, 'AllocationModel')?.trim(),
    cpu: capacity(child(compute, 'Cpu'), 'Cpu'),
    memory: capacity(child(compute, 'Memory'), 'Memory'),
    nicQuota: int(text(doc, 'NicQuota'), 'NicQuota'),
    networkQuota: int(text(doc, 'NetworkQuota'), 'NetworkQuota'),
    vmQuota: int(text(doc, 'VmQuota'), 'VmQuota'),
    isEnabled: optBool(text(doc, 'IsEnabled')),
    storageProfiles: create ? children(doc, 'VdcStorageProfile').map(storageProfile) : [],
    guaranteedMemory: fraction(text(doc, 'ResourceGuaranteedMemory'), 'ResourceGuaranteedMemory'),
    guaranteedCpu: fraction(text(doc, 'ResourceGuaranteedCpu'), 'ResourceGuaranteedCpu'),
    vCpuInMhz: vCpu,
    networkPoolId: pool ? uuidOf(attr(pool, 'id')) ?? uuidOf(attr(pool, 'href')) ?? '' : undefined,
    providerVdcId: pvdc ? uuidOf(attr(pvdc, 'id')) ?? uuidOf(attr(pvdc, 'href')) ?? '' : undefined,
    isElastic: optBool(text(doc, 'IsElastic')),
    includeMemoryOverhead: optBool(text(doc, 'IncludeMemoryOverhead')),
  };
}

/** The AdminVdcStorageProfile of an update (go-vcloud-director's UpdateStorageProfile): enabled, limit, default. */
export function storageProfileUpdate(doc: Doc): { enabled?: boolean; limitMB?: number; isDefault?: boolean } {
  const units = (text(doc, 'Units') ?? 'MB').trim();
  const factor = MEMORY_UNITS[units.toLowerCase()];
  if (factor === undefined) throw badRequest(`Units must be MB, GB or TB, got "${units}".`);
  const limit = num(text(doc, 'Limit'), 'Limit');
  return {
    enabled: optBool(text(doc, 'Enabled')),
    limitMB: limit === undefined ? undefined : Math.round(limit * factor),
    isDefault: optBool(text(doc, 'Default')),
  };
}
