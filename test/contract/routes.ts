/**
 * What the app really serves, read from Express's router stack, and what the OpenAPI document says it
 * serves, both as `METHOD /path/{param}` (trailing slashes dropped: the router treats them as equal).
 * Routes must be registered with paths (app.get, router.post…): a bare middleware that answers requests
 * is invisible here, which is one more reason resources register routes.
 */
import type { Express } from 'express';
import { HTTP_METHODS, type OpenApiDoc } from '../../src/contract/spec.js';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

const normalize = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path).replace(/:(\w+)/g, '{$1}');

export function servedRoutes(app: Express): Set<string> {
  const out = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) {
          for (const p of paths) out.add(`${method.toUpperCase()} ${normalize(prefix + String(p))}`);
        }
      } else if (layer.handle?.stack) {
        const mounts = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
        for (const m of mounts) walk(layer.handle.stack, prefix + (typeof m === 'string' && m !== '/' ? m : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

export function documentedRoutes(doc: OpenApiDoc): Set<string> {
  const out = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) if (item[method]) out.add(`${method.toUpperCase()} ${normalize(path)}`);
  }
  return out;
}

/** Both directions: served but not documented, documented but not served. */
export function drift(app: Express, doc: OpenApiDoc): { undocumented: string[]; unserved: string[] } {
  const served = servedRoutes(app);
  const documented = documentedRoutes(doc);
  return {
    undocumented: [...served].filter((r) => !documented.has(r)).sort(),
    unserved: [...documented].filter((r) => !served.has(r)).sort(),
  };
}
