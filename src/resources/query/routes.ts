/**
 * The query service: `GET /api/query` (the QueryList), `GET /api/query?type=…` (typed queries) and VCD's
 * packaged queries (`/api/vms/query`, …), which answer the same way with their own default format.
 */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import { badRequest, forbidden } from '../../errors.js';
import { link } from '../../wire/links.js';
import { sendDoc } from '../../wire/render.js';
import { QUERY_TYPES, type QueryType } from './querytypes.js';
import { queryRows } from './rows.js';
import { runQuery } from './execute.js';
import { FORMATS, FORMAT_TYPE, queryListView, resultView, type QueryFormat } from './view.js';
import { filterParam, linkQuery, pagingParams, param, rawParams, sortParams } from './params.js';
import { metadataField, type MetadataLookup } from './metadata.js';
import { visibleEntries } from '../metadata/model.js';
import type { EntityKind, WithMetadata } from '../../store/types.js';
import { rowVisibility } from '../acl/query.js';

/** Packaged queries: path, query type (system administrators get the admin twin) and their default format. */
const PACKAGED: [string, string, string?][] = [
  ['/api/vApps/query', 'vApp', 'adminVApp'],
  ['/api/vms/query', 'vm', 'adminVM'],
  ['/api/catalogs/query', 'catalog', 'adminCatalog'],
  ['/api/vAppTemplates/query', 'vAppTemplate', 'adminVAppTemplate'],
  ['/api/mediaList/query', 'media', 'adminMedia'],
  ['/api/admin/vdcs/query', 'adminOrgVdc'],
  ['/api/admin/orgs/query', 'organization'],
  ['/api/admin/users/query', 'adminUser'],
];

/** Parameters a paging link carries over from the request, as written. */
const CARRIED = ['filter', 'filterEncoded', 'sortAsc', 'sortDesc', 'fields', 'links'];

export function queryRoutes(router: Router, sim: World): void {
  router.get('/api/query', (req, res) => {
    const params = rawParams(req);
    const typeName = param(params, 'type');
    if (!typeName) {
      const types = [...QUERY_TYPES.values()].filter((t) => !t.admin || req.ctx.isSysAdmin);
      sendDoc(req, res, queryListView(req.ctx.base, types));
      return;
    }
    const type = QUERY_TYPES.get(typeName);
    if (!type) throw badRequest(`"${typeName}" is not a valid query type. Valid types are: ${[...QUERY_TYPES.keys()].join(', ')}.`);
    answer(sim, req, res, params, type, 'records', true);
  });

  for (const [path, tenantType, adminType] of PACKAGED) {
    router.get(path, (req, res) => {
      const type = QUERY_TYPES.get(req.ctx.isSysAdmin && adminType ? adminType : tenantType)!;
      if (path.startsWith('/api/admin/') && !req.ctx.isSysAdmin) throw forbidden();
      answer(sim, req, res, rawParams(req), type, 'references', false);
    });
  }
}

function answer(
  sim: World, req: Request, res: Response, params: Map<string, string>, type: QueryType, defaultFormat: QueryFormat,
  typeInLinks: boolean,
): void {
  const { ctx } = req;
  if (type.admin && !ctx.isSysAdmin) throw forbidden(`This operation is denied. The query type "${type.name}" is for system administrators.`);
  const format = (param(params, 'format') || defaultFormat) as QueryFormat;
  if (!FORMATS.includes(format)) throw badRequest(`"${format}" is not a valid query format (references, records or idrecords).`);
  const { page, pageSize } = pagingParams(params);
  const filter = filterParam(params);
  const sort = sortParams(params);
  for (const { field } of sort) {
    if (!type.fields.includes(field)) throw badRequest(`"${field}" is not a valid sort attribute for query type "${type.name}".`);
  }
  // Unknown names in `fields` are ignored: clients ask for attributes of newer VCD versions.
  const fieldsParam = param(params, 'fields');
  const fields = fieldsParam ? new Set(fieldsParam.split(',').map((s) => s.trim()).filter(Boolean)) : undefined;

  // A system administrator's queries cover the whole system, as VCD documents: "in your organization (or in
  // the system, if the query is run by a system administrator)".
  const allOrgs = type.admin || ctx.isSysAdmin;
  const index = type.source ? queryRows(sim.store).rows(type.source) : undefined;
  // Metadata the caller may see (system administrators see PRIVATE entries too).
  const viewer = { sysAdmin: ctx.isSysAdmin };
  const metadata: MetadataLookup = (id) => {
    const e = sim.store.get(type.kind as EntityKind, id) as WithMetadata | undefined;
    return e?.metadata && visibleEntries(viewer, e.metadata);
  };
  const visible = allOrgs ? undefined : rowVisibility(sim, req.ctx, type.source);
  const { total, rows } = runQuery(index, { type, filter, sort, page, pageSize, orgId: allOrgs ? undefined : ctx.org!.id, metadata, visible });
  const metadataFields = fields ? [...fields].map(metadataField).filter((f) => f !== undefined) : [];

  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  // Paging past the end is a client error in VCD too; it also keeps a client that counts records from looping.
  if (page > lastPage) throw badRequest(`The page ${page} does not exist: the query has ${lastPage} page(s) of ${pageSize}.`);

  const url = (p: number, f: QueryFormat) => {
    const canonical: [string, string][] = [
      ...(typeInLinks ? [['type', type.name] as [string, string]] : []),
      ['page', String(p)], ['pageSize', String(pageSize)], ['format', f],
    ];
    return `${ctx.base}${req.path}?${linkQuery(params, canonical, CARRIED)}`;
  };
  const links = [
    ...FORMATS.filter((f) => f !== format).map((f) => link('alternate', url(page, f), FORMAT_TYPE[f])),
    ...(page > 1 ? [link('firstPage', url(1, format), FORMAT_TYPE[format]), link('previousPage', url(page - 1, format), FORMAT_TYPE[format])] : []),
    ...(page < lastPage ? [link('nextPage', url(page + 1, format), FORMAT_TYPE[format]), link('lastPage', url(lastPage, format), FORMAT_TYPE[format])] : []),
  ];
  sendDoc(req, res, resultView(ctx.base, {
    type, format, rows, page, pageSize, total, href: url(page, format), links, fields,
    metadata: metadataFields.length ? { fields: metadataFields, of: metadata } : undefined,
    recordLinks: /^(true|1);?$/i.test(param(params, 'links') ?? ''), json: ctx.format === 'json',
  }));
}
