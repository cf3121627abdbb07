/** Metadata values in their canonical text form. Pure. */
import type { MetadataValueType } from './types.js';

/** A value of a type in its canonical text form, or undefined when it is not of that type. */
export function canonicalMetadataValue(type: MetadataValueType, raw: string): string | undefined {
  const v = raw.trim();
  switch (type) {
    case 'MetadataStringValue':
      return raw;
    case 'MetadataNumberValue': // xs:long
      return /^[+-]?\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? String(Number(v)) : undefined;
    case 'MetadataBooleanValue':
      return /^(true|1)$/i.test(v) ? 'true' : /^(false|0)$/i.test(v) ? 'false' : undefined;
    case 'MetadataDateTimeValue': {
      const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/.test(v) ? Date.parse(v) : NaN;
      return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
    }
  }
}
