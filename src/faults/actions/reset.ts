/** `reset`: the connection is dropped with a TCP RST: no status line, the client sees ECONNRESET. */
import { HTTP_MATCH } from './action.js';
import { parseAfter, type HttpAction } from './action.js';

export interface ResetAction {
  type: 'reset';
  /** Carry the request out, then drop the connection instead of answering. */
  after: boolean;
}
export type ResetInput = { type: 'reset'; after?: boolean };

export const reset: HttpAction<ResetAction, ResetInput> = {
  type: 'reset',
  target: 'http',
  keys: ['after'],
  matchFields: HTTP_MATCH,
  parse: (a, path, issues) => ({ type: 'reset', after: parseAfter(a, path, issues) }),
  apply(a, x) {
    if (!a.after) {
      x.reset();
      return;
    }
    x.afterAnswer(() => x.reset());
    x.pass();
  },
};
