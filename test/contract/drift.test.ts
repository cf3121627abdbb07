/** The OpenAPI document and the routes the app registers agree, both ways; and the bundle is current. */
import { readFileSync } from 'node:fs';
import { newSim } from '../support/sim.js';
import { drift, servedRoutes } from './routes.js';
import { assembleSpec, BUNDLE_FILE, BUNDLE_HEADER, BUNDLE_JSON, loadSpec, toJson, toYaml, type OpenApiDoc } from '../../src/contract/spec.js';
import { QUERY_TYPES } from '../../src/resources/query/querytypes.js';

describe('no drift between openapi/ and the routes the app serves', () => {
  it('documents every served route and serves every documented one', async () => {
    const sim = await newSim();
    expect(drift(sim.express, loadSpec())).toEqual({ undocumented: [], unserved: [] });
    // Sanity: the walk does see the app's routes, in every router.
    const served = servedRoutes(sim.express);
    expect(served).toContain('GET /api/versions');
    expect(served).toContain('POST /api/vApp/vapp-{id}/power/action/{action}');
    expect(served).toContain('GET /_vcdsim/openapi.yaml');
    expect(served.size).toBeGreaterThan(80);
  });

  it('fails when someone adds a route without documenting it', async () => {
    const sim = await newSim();
    sim.express.get('/api/vApp/vapp-:id/undocumentedSection', (_req, res) => res.end());
    expect(drift(sim.express, loadSpec()).undocumented).toEqual(['GET /api/vApp/vapp-{id}/undocumentedSection']);
  });

  it('fails when the document promises a route nobody serves', async () => {
    const sim = await newSim();
    const doc: OpenApiDoc = structuredClone(loadSpec());
    doc.paths['/api/nothingHere/{id}'] = { get: { responses: { '200': { description: 'Nothing' } } } };
    delete doc.paths['/api/task/{id}/action/cancel'];
    expect(drift(sim.express, doc)).toEqual({
      undocumented: ['POST /api/task/{id}/action/cancel'],
      unserved: ['GET /api/nothingHere/{id}'],
    });
  });
});

describe('the document itself', () => {
  it('is assembled from parts that never define a path or component twice', () => {
    const doc = assembleSpec();
    expect(doc.openapi).toBe('3.1.0');
    // Every operation has a unique id (clients generate method names from them).
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => (op as { operationId?: string }).operationId).filter(Boolean));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is bundled current into openapi/vcdsim.yaml and .json (run `npm run openapi` after editing openapi/)', () => {
    const doc = assembleSpec();
    expect(readFileSync(BUNDLE_FILE, 'utf8')).toBe(BUNDLE_HEADER + toYaml(doc));
    expect(readFileSync(BUNDLE_JSON, 'utf8')).toBe(toJson(doc));
  });

  it('describes each query record with the attributes of its query type (src/resources/query/querytypes.ts)', () => {
    type Props = { properties: Record<string, { const?: string }> };
    const schemas = loadSpec().components.schemas as Record<string, Props>;
    const COMMON = ['_type', 'href', 'id', 'type', 'link', 'metadata'];
    for (const t of QUERY_TYPES.values()) {
      const record = schemas[t.record];
      expect([t.name, Object.keys(record.properties).filter((p) => !COMMON.includes(p))]).toEqual([t.name, t.fields]);
      expect(record.properties._type.const).toBe(t.xsdType);
      expect(schemas.QueryResultRecords.properties).toHaveProperty(t.record);
      expect(schemas.QueryReferences.properties).toHaveProperty(t.references.slice(0, -1));
    }
  });
});
