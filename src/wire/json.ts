/**
 * VCD's JSON form of the legacy API: the same tree as the XML, with attributes and child elements as
 * lowerCamelCase properties, repeated children as singular-named arrays and `otherAttributes: {}` on
 * every object (as real VCD and the @vcd/bindings types have it).
 */
import type { Doc } from './xml.js';

/** Elements that are lists in VCD's schema: always arrays in JSON, even with one item. */
const REPEATED = new Set([
  'Link', 'ResourceEntity', 'Network', 'VdcStorageProfile', 'CatalogItem', 'Org', 'Vm', 'Task', 'Item',
  'NetworkConnection', 'NetworkConfig', 'IpScope', 'IpRange', 'VersionInfo', 'SupportedHardwareVersion',
  'Location', 'RightReference', 'RoleReference', 'UserReference', 'OrgReference',
  'ProviderVdcReference', 'NetworkReference', 'Catalog', 'Vdc', 'MetadataEntry', 'DiskSettings', 'MediaSettings',
]);

/**
 * Attributes whose JSON name a child element of the same object also takes: VCD's JAXB bindings rename the
 * attribute (an OVF Property's `ovf:value` is `defaultValue`, its `Value` elements `value`). Any other clash
 * keeps both by suffixing the attribute (`…Attribute`), so neither is lost.
 */
const CLASHING_ATTRIBUTES: Record<string, string> = { value: 'defaultValue' };

/** References that are single elements in VCD's schema (AdminVdc's), objects in JSON. */
const SINGLE = new Set(['NetworkPoolReference', 'ProviderVdcReference', 'UniversalNetworkPoolReference']);

export function toJsonValue(doc: Doc): Record<string, unknown> {
  const out: Record<string, unknown> = { otherAttributes: {} };
  let elements: Set<string> | undefined;
  for (const [key, value] of Object.entries(doc)) {
    if (value === undefined || value === null) continue;
    if (key === '#jsonType') {
      out._type = value;
      continue;
    }
    if (key === '#text') {
      out.value = value;
      continue;
    }
    if (key.startsWith('@_xmlns') || key === '@_xsi:type') continue; // xsi:type is the JSON `_type` (#jsonType)
    if (key.startsWith('@_')) {
      const prop = camel(local(key.slice(2)));
      elements ??= elementNames(doc);
      out[elements.has(prop) ? CLASHING_ATTRIBUTES[prop] ?? `${prop}Attribute` : prop] = value;
      continue;
    }
    const name = local(key);
    const prop = camel(name);
    if (Array.isArray(value)) out[prop] = value.map(convert);
    else if (!SINGLE.has(name) && !(name === 'Location' && 'SubscribeToExternalFeeds' in doc) && (REPEATED.has(name) || /Record$|Reference$/.test(name))) out[prop] = [convert(value)];
    else out[prop] = convert(value);
  }
  return out;
}

/** The JSON names of an object's child elements (present ones: an absent element clashes with nothing). */
function elementNames(doc: Doc): Set<string> {
  const names = new Set<string>();
  for (const [key, value] of Object.entries(doc)) {
    if (value === undefined || value === null || key.startsWith('@_') || key.startsWith('#')) continue;
    names.add(camel(local(key)));
  }
  return names;
}

function convert(value: unknown): unknown {
  if (value !== null && typeof value === 'object') return toJsonValue(value as Doc);
  return value;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);
/** JAXB's decapitalisation, which VCD's JSON uses: `VApp`→`vApp`, `MACAddress`→`macAddress`, `IsEnabled`→`isEnabled`. */
function camel(name: string): string {
  const run = /^[A-Z]+/.exec(name)?.[0];
  if (!run) return name;
  if (run.length === name.length) return name.toLowerCase();
  if (run.length === 1) return name.charAt(0).toLowerCase() + name.slice(1);
  return run.slice(0, -1).toLowerCase() + name.slice(run.length - 1);
}
