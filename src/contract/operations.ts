/** The document's operations, matched to requests as the router matches routes. */
import { HTTP_METHODS, type OpenApiDoc, type PathItem } from './spec.js';

export interface Operation {
  /** `GET /api/vApp/vapp-{id}` */
  key: string;
  method: string;
  template: string;
  item: PathItem;
  op: Record<string, unknown>;
  regex: RegExp;
}

/** Most specific first: a literal segment beats a parameter (…/sessions/current before …/sessions/{id}). */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: (Operation & { params: number; literal: number })[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '([^/]+)');
      out.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        item,
        op,
        // Paths are case-insensitive and take an optional trailing slash, as the router does.
        regex: new RegExp(`^${source}/?$`, 'i'),
        params: (template.match(/\{/g) ?? []).length,
        literal: template.replace(/\{[^}]+\}/g, '').length,
      });
    }
  }
  return out.sort((a, b) => a.params - b.params || b.literal - a.literal);
}

export function findOperation(ops: Operation[], method: string, path: string): Operation | undefined {
  const m = method.toUpperCase();
  return ops.find((o) => o.method === m && o.regex.test(path));
}
