/**
 * `truncate`: the answer's status line, headers and first `afterBytes` bytes of its body go out, then the
 * connection closes (a FIN, not a reset: every byte sent arrives). The client sees a body shorter than its
 * Content-Length, as when a proxy or load balancer drops a long download half-way. An answer of no more
 * than `afterBytes` bytes goes out whole.
 */
import { HTTP_MATCH, type HttpAction } from './action.js';
import { num } from '../../lib/validate.js';

export interface TruncateAction {
  type: 'truncate';
  /** Bytes of the answer's body that reach the client before the connection closes. */
  afterBytes: number;
}
export type TruncateInput = { type: 'truncate'; afterBytes: number };

export const truncate: HttpAction<TruncateAction, TruncateInput> = {
  type: 'truncate',
  target: 'http',
  keys: ['afterBytes'],
  matchFields: HTTP_MATCH,
  parse: (a, path, issues) => ({ type: 'truncate', afterBytes: num(a.afterBytes, [...path, 'afterBytes'], issues, { min: 0, integer: true }) ?? 0 }),
  detail: (a) => ({ afterBytes: a.afterBytes }),
  apply(a, x) {
    x.truncateAnswer(a.afterBytes);
    x.pass();
  },
};
