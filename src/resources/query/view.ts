/** Query documents: the QueryList, QueryResultRecords (records and idrecords) and the references format. */
import type { EntityKind } from '../../store/types.js';
import { MT, NS } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc, Scalar } from '../../wire/xml.js';
import { FIELD_TYPES, refKind, type QueryType } from './querytypes.js';
import { valueOf, type Row } from './rows.js';
import type { MetadataDomain } from '../../store/types.js';
import type { MetadataLookup } from './metadata.js';
import { recordMetadata } from '../metadata/view.js';


export type QueryFormat = 'records' | 'idrecords' | 'references';
export const FORMATS: QueryFormat[] = ['references', 'records', 'idrecords'];
export const FORMAT_TYPE: Record<QueryFormat, string> = { records: MT.records, idrecords: MT.idrecords, references: MT.references };

/** One `down` link per query type and format; each href already has its `?`, as pyvcloud appends `&page=…`. */
export function queryListView(base: string, types: QueryType[]): Rendered {
  return {
    root: 'QueryList',
    type: MT.queryList,
    body: {
      '@_href': `${base}/api/query`,
      '@_type': MT.queryList,
      Link: types.flatMap((t) =>
        FORMATS.map((format) => link('down', `${base}/api/query?type=${t.name}&format=${format}`, FORMAT_TYPE[format], t.name)),
      ),
    },
  };
}

export interface ResultPage {
  type: QueryType;
  format: QueryFormat;
  rows: Row[];
  page: number;
  pageSize: number;
  total: number;
  /** This page's URL, and the paging and alternate-format links. */
  href: string;
  links: Doc[];
  /** Attributes asked for with `fields` (all when undefined). */
  fields?: ReadonlySet<string>;
  /** `links=true`: each record links up to its container. */
  recordLinks: boolean;
  /** Metadata fields asked for (`metadata:key`): each record carries those its entity has. */
  metadata?: { fields: { domain: MetadataDomain; key: string }[]; of: MetadataLookup };
  /** VCD's JSON names the records `record` (with `_type`), the XML by their element names. */
  json: boolean;
}

export function resultView(base: string, p: ResultPage): Rendered {
  const { type, format } = p;
  const container = {
    '@_href': p.href,
    '@_type': FORMAT_TYPE[format],
    '@_name': type.name,
    '@_page': p.page,
    '@_pageSize': p.pageSize,
    '@_total': p.total,
    Link: p.links,
  };
  if (format === 'references') {
    const element = type.references.slice(0, -1);
    return {
      root: type.references,
      type: MT.references,
      body: {
        ...container,
        [p.json ? 'Reference' : element]: p.rows.map((r) => ({
          '#jsonType': 'ReferenceType',
          '@_href': type.href(base, r),
          '@_id': type.urn ? type.urn(r.id) : urn(type.kind, r.id),
          '@_name': r.v.name as string | undefined,
          '@_type': type.mediaType,
        })),
      },
    };
  }
  return {
    root: 'QueryResultRecords',
    type: FORMAT_TYPE[format],
    body: {
      ...(p.metadata ? { '@_xmlns:xsi': NS.xsi } : {}),
      ...container,
      [p.json ? 'Record' : type.record]: p.rows.map((r) => record(base, p, r)),
    },
  };
}

function record(base: string, p: ResultPage, row: Row): Doc {
  const { type } = p;
  const ids = p.format === 'idrecords';
  const doc: Doc = { '#jsonType': type.xsdType, '@_href': type.href(base, row) };
  if (ids) {
    doc['@_id'] = type.urn ? type.urn(row.id) : urn(type.kind, row.id);
    doc['@_type'] = type.mediaType;
  }
  for (const field of type.fields) {
    if (p.fields && !p.fields.has(field)) continue;
    const value = valueOf(row, field);
    if (value === undefined || value === '') continue;
    doc[`@_${field}`] = render(base, field, value, row, ids);
  }
  if (p.recordLinks) {
    const up = parentOf(type, row);
    if (up) doc.Link = [link('up', hrefOf(base, up.kind, up.id), up.type)];
  }
  if (p.metadata) {
    const { fields, of } = p.metadata;
    const entries = (of(row.id) ?? []).filter((e) => fields.some((f) => f.domain === e.domain && f.key === e.key));
    if (entries.length) doc.Metadata = recordMetadata(entries);
  }
  return doc;
}

function render(base: string, field: string, value: string | number | boolean, row: Row, ids: boolean): Scalar {
  switch (FIELD_TYPES[field]) {
    case 'date':
      return new Date(value as number).toISOString();
    case 'ref': {
      const kind = refKind(field, row);
      return ids ? urn(kind, value as string) : hrefOf(base, kind, value as string);
    }
    default:
      return value;
  }
}

/** The container a record's `up` link points at (what VCD's entity documents link `up` to). */
function parentOf(type: QueryType, row: Row): { kind: EntityKind; id: string; type: string } | undefined {
  const v = row.v;
  switch (type.source) {
    case 'vm':
      return v.isVAppTemplate
        ? { kind: 'vAppTemplate', id: v.container as string, type: MT.vAppTemplate }
        : { kind: 'vApp', id: v.container as string, type: MT.vApp };
    case 'vApp':
    case 'vAppTemplate':
    case 'network':
    case 'storageProfile':
      return { kind: 'vdc', id: v.vdc as string, type: MT.vdc };
    case 'catalogItem':
      return { kind: 'catalog', id: v.catalog as string, type: MT.catalog };
    case 'vdc':
    case 'catalog':
      return { kind: 'org', id: row.orgId, type: MT.org };
    default:
      return undefined;
  }
}
