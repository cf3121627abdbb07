/**
 * `reset`: the connection is dropped with a TCP RST: no status line, the client sees ECONNRESET. With
 * `after`, once the request was carried out; with `afterBytes`, once the handler has read that many bytes
 * of the request's body (an upload cut off mid-chunk: what arrived counts, as the server saw it).
 */
import { HTTP_MATCH } from './action.js';
import { num } from '../../lib/validate.js';
import { parseAfter, type HttpAction } from './action.js';

export interface ResetAction {
  type: 'reset';
  /** Carry the request out, then drop the connection instead of answering. */
  after: boolean;
  /** Let the request's handler read this many bytes of its body, then drop the connection. */
  afterBytes?: number;
}
export type ResetInput = { type: 'reset'; after?: boolean; afterBytes?: number };

export const reset: HttpAction<ResetAction, ResetInput> = {
  type: 'reset',
  target: 'http',
  keys: ['after', 'afterBytes'],
  matchFields: HTTP_MATCH,
  parse(a, path, issues) {
    const after = parseAfter(a, path, issues);
    if (a.afterBytes === undefined) return { type: 'reset', after };
    const afterBytes = num(a.afterBytes, [...path, 'afterBytes'], issues, { min: 0, integer: true });
    if (after) issues.add([...path, 'afterBytes'], 'give either after or afterBytes, not both');
    return { type: 'reset', after, afterBytes };
  },
  detail: (a) => (a.afterBytes === undefined ? undefined : { afterBytes: a.afterBytes }),
  apply(a, x) {
    if (a.afterBytes !== undefined) {
      x.resetAfterBody(a.afterBytes);
      x.pass();
      return;
    }
    if (!a.after) {
      x.reset();
      return;
    }
    x.afterAnswer(() => x.reset());
    x.pass();
  },
};
