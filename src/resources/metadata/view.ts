/** Metadata documents: Metadata (an entity's entries) and MetadataValue (one entry), with their links. */
import type { MetadataEntry } from '../../store/types.js';
import { MT, NS } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';

/** `…/metadata/{key}` for GENERAL entries, `…/metadata/SYSTEM/{key}` for SYSTEM ones. */
export function entryHref(metadataHref: string, e: Pick<MetadataEntry, 'domain' | 'key'>): string {
  return `${metadataHref}/${e.domain === 'SYSTEM' ? 'SYSTEM/' : ''}${encodeURIComponent(e.key)}`;
}

export function typedValue(e: MetadataEntry): Doc {
  return { '#jsonType': e.type, '@_xsi:type': e.type, Value: e.value };
}

const domainTag = (e: MetadataEntry): Doc => ({ '@_visibility': e.visibility, '#text': e.domain });

function entryLinks(metadataHref: string, e: MetadataEntry, writable: boolean): Doc[] {
  const href = entryHref(metadataHref, e);
  return [
    link('up', metadataHref, MT.metadata),
    ...(writable ? [link('edit', href, MT.metadataValue), link('remove', href)] : []),
  ];
}

/**
 * An entity's Metadata: its `up` link to the entity, `add` where the caller may write through this href,
 * and the entries the caller may see. `writable(e)` says whether the caller may change an entry.
 */
export function metadataView(
  href: string, entity: { href: string; type: string }, entries: MetadataEntry[], canAdd: boolean,
  writable: (e: MetadataEntry) => boolean,
): Rendered {
  return {
    root: 'Metadata',
    type: MT.metadata,
    body: {
      '@_xmlns:xsi': NS.xsi,
      '@_href': href,
      '@_type': MT.metadata,
      Link: [link('up', entity.href, entity.type), ...(canAdd ? [link('add', href, MT.metadata)] : [])],
      MetadataEntry: entries.map((e) => ({
        '@_href': entryHref(href, e),
        '@_type': MT.metadataValue,
        Link: entryLinks(href, e, writable(e)),
        Domain: domainTag(e),
        Key: e.key,
        TypedValue: typedValue(e),
      })),
    },
  };
}

export function metadataValueView(metadataHref: string, e: MetadataEntry, writable: boolean): Rendered {
  return {
    root: 'MetadataValue',
    type: MT.metadataValue,
    body: {
      '@_xmlns:xsi': NS.xsi,
      '@_href': entryHref(metadataHref, e),
      '@_type': MT.metadataValue,
      Link: entryLinks(metadataHref, e, writable),
      Domain: domainTag(e),
      TypedValue: typedValue(e),
    },
  };
}

/** The Metadata element of a query record: the asked-for entries, key and typed value only. */
export function recordMetadata(entries: MetadataEntry[]): Doc {
  return { MetadataEntry: entries.map((e) => ({ Domain: domainTag(e), Key: e.key, TypedValue: typedValue(e) })) };
}
