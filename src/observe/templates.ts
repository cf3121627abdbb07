/**
 * The route template a path belongs to, for answers given before any route matched (a 401 from the
 * session check, a 405, 406 or 415 from negotiation or request validation, an injected fault): read once
 * from Express's router stack, so these answers carry the same `route` label as the route's own.
 */
import type { Express } from 'express';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

interface Template {
  template: string;
  pattern: RegExp;
  methods: Set<string>;
  /** Literal characters: the more, the more specific (`/api/vApp/vapp-:id` beats `/api/vApp/:id`). */
  weight: number;
}

const built = new WeakMap<object, Template[]>();

/** Express 5 path syntax (`:name`, `*name`, `{optional}`) as a regular expression over the whole path. */
function compile(template: string): RegExp {
  let re = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    const name = /^[:*]\w+/.exec(template.slice(i));
    if (name) {
      re += c === ':' ? '[^/]+' : '.+';
      i += name[0].length - 1;
    } else if (c === '{') re += '(?:';
    else if (c === '}') re += ')?';
    else re += c.replace(/[.+?^$()[\]\\|]/g, '\\$&');
  }
  return new RegExp(`^${re.replace(/\/$/, '')}/?$`, 'i');
}

function templatesOf(app: Express): Template[] {
  const byTemplate = new Map<string, Template>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        const methods = Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => m.toUpperCase());
        for (const p of paths) {
          const template = prefix + String(p);
          let t = byTemplate.get(template);
          if (!t) {
            t = { template, pattern: compile(template), methods: new Set(), weight: template.replace(/[:*]\w+|[{}]|\/$/g, '').length };
            byTemplate.set(template, t);
          }
          for (const m of methods) t.methods.add(m);
        }
      } else if (layer.handle?.stack) {
        const mounts = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
        for (const m of mounts) walk(layer.handle.stack, prefix + (typeof m === 'string' && m !== '/' ? m : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  // Most literal first; of equals, the shorter (`/api/org` before `/api/org/`), as a matched route names it.
  return [...byTemplate.values()].sort((a, b) => b.weight - a.weight || a.template.length - b.template.length);
}

/** The template of the route serving `path` (preferring one that takes `method`), if any route does. */
export function routeTemplate(app: Express, method: string, path: string): string | undefined {
  let templates = built.get(app);
  if (!templates) {
    templates = templatesOf(app);
    built.set(app, templates);
  }
  let any: string | undefined;
  for (const t of templates) {
    if (!t.pattern.test(path)) continue;
    if (t.methods.has(method) || (method === 'HEAD' && t.methods.has('GET'))) return t.template;
    any ??= t.template;
  }
  return any;
}
