/**
 * Access control in queries: which rows of a source a caller may see when it is not its org's
 * administrator (vApps and VMs it owns or that are shared with it; catalogs and their contents it may read,
 * other orgs' included).
 */
import type { Actor, World } from '../../world.js';
import type { EntityKind } from '../../store/types.js';
import { administers, levelOf } from './model.js';

/** undefined: the org's rows as they are (tenancy alone). */
export function rowVisibility(sim: World, actor: Actor, source: string | undefined): ((row: { id: string; v: Record<string, unknown> }, inOrg: boolean) => boolean) | undefined {
  const orgId = actor.org?.id;
  if (!orgId || administers(actor, orgId)) return undefined;
  const { store } = sim;
  const readable = (kind: EntityKind, id: string) => {
    const e = store.get(kind, id);
    return e !== undefined && levelOf(sim, actor, kind, e) !== null;
  };
  // One answer per container (vApp or template) per query: a page of VMs asks about few of them.
  const seen = new Map<string, boolean>();
  const container = (kind: 'vApp' | 'vAppTemplate', id: string) => {
    let ok = seen.get(id);
    if (ok === undefined) seen.set(id, (ok = readable(kind, id)));
    return ok;
  };
  switch (source) {
    case 'vApp':
      return (row, inOrg) => inOrg && container('vApp', row.id);
    case 'vm':
      // Template VMs are seen with their template (through its catalog, maybe another org's), other VMs with their vApp.
      return (row, inOrg) => (row.v.isVAppTemplate ? container('vAppTemplate', String(row.v.container)) : inOrg && container('vApp', String(row.v.container)));
    case 'catalog':
    case 'catalogItem':
    case 'vAppTemplate':
    case 'media':
      return (row, inOrg) => {
        const e = store.get(source, row.id);
        if (!e) return false;
        const level = levelOf(sim, actor, source, e);
        return level === undefined ? inOrg : level !== null;
      };
    case 'vdc':
      return (row, inOrg) => {
        const vdc = store.get('vdc', row.id);
        return inOrg && vdc !== undefined && levelOf(sim, actor, 'vdc', vdc) !== null;
      };
    default:
      return undefined;
  }
}
