/** `timeout`: the connection is accepted and never answered, until the client gives up (or the simulator stops). */
import { HTTP_MATCH } from './action.js';
import { parseAfter, type HttpAction } from './action.js';

export interface TimeoutAction {
  type: 'timeout';
  /** Carry the request out, and never send its answer. */
  after: boolean;
}
export type TimeoutInput = { type: 'timeout'; after?: boolean };

export const timeout: HttpAction<TimeoutAction, TimeoutInput> = {
  type: 'timeout',
  target: 'http',
  keys: ['after'],
  matchFields: HTTP_MATCH,
  parse: (a, path, issues) => ({ type: 'timeout', after: parseAfter(a, path, issues) }),
  apply(a, x) {
    if (!a.after) {
      x.hang();
      return;
    }
    x.afterAnswer(() => x.hang());
    x.pass();
  },
};
