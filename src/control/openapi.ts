/**
 * The OpenAPI document and a browsable API page, under /_vcdsim: `openapi.yaml`, `openapi.json` (their
 * `servers` name the address they were fetched from, so "try it out" reaches this simulator) and `api`,
 * Swagger UI served from node_modules (no CDN). Full paths on a router of its own, mounted ahead of the
 * rest of /_vcdsim, so it neither needs nor collides with the control API.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Host } from '../host.js';
import { baseUrl } from '../wire/exchange.js';
import { sendBytes } from '../wire/render.js';
import { loadSpec, specFor, toYaml } from '../contract/spec.js';

const UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const PAGE = Buffer.from(`<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>vcdsim API</title>
  <link rel="stylesheet" href="/_vcdsim/api/swagger-ui.css">
  <link rel="icon" type="image/png" href="/_vcdsim/api/favicon-32x32.png">
</head>
<body>
  <div id="api"></div>
  <script src="/_vcdsim/api/swagger-ui-bundle.js"></script>
  <script>
    SwaggerUIBundle({ url: '/_vcdsim/openapi.json', dom_id: '#api', deepLinking: true, docExpansion: 'none', defaultModelsExpandDepth: 0 });
  </script>
</body>
</html>
`);

export function openapiRoutes(sim: Host): Router {
  const router = express.Router();
  // Rendered once per address the document is fetched from; each asset is read once.
  const rendered = new Map<string, { yaml: Buffer; json: Buffer }>();
  const assets = new Map<string, Buffer>();
  const documentFor = (req: Request) => {
    const base = baseUrl(sim.config, req);
    let doc = rendered.get(base);
    if (!doc) {
      const spec = specFor(loadSpec(), base);
      doc = { yaml: Buffer.from(toYaml(spec)), json: Buffer.from(JSON.stringify(spec)) };
      rendered.set(base, doc);
    }
    return doc;
  };

  router.get('/_vcdsim/openapi.yaml', (req, res) => sendBytes(res, 200, 'application/yaml; charset=utf-8', documentFor(req).yaml));
  router.get('/_vcdsim/openapi.json', (req, res) => sendBytes(res, 200, 'application/json; charset=utf-8', documentFor(req).json));
  router.get('/_vcdsim/api', (_req, res) => sendBytes(res, 200, 'text/html; charset=utf-8', PAGE));
  router.get('/_vcdsim/api/:asset', (req: Request, res: Response, next: NextFunction) => {
    const name = String(req.params.asset);
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!type) return next();
    let bytes = assets.get(name);
    if (!bytes) {
      bytes = readFileSync(join(UI_DIR, name));
      assets.set(name, bytes);
    }
    res.setHeader('Cache-Control', 'public, max-age=86400');
    sendBytes(res, 200, type, bytes);
  });
  return router;
}
