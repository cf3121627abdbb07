/** `error`: the request is answered with a VCD Error document (CloudAPI: its JSON error), with `Retry-After` when given. */
import { duration, num, str, type Path } from '../../lib/validate.js';
import { errorDefaults, VcdError } from '../../errors.js';
import { HTTP_MATCH } from './action.js';
import { parseAfter, type DurationInput, type HttpAction } from './action.js';

export interface ErrorAction {
  type: 'error';
  status: number;
  minorCode: string;
  message: string;
  retryAfterSeconds?: number;
  /** Carry the request out, and spoil only its answer. */
  after: boolean;
}
export type ErrorInput = { type: 'error'; status: number; minorCode?: string; message?: string; retryAfter?: DurationInput; after?: boolean };

export const error: HttpAction<ErrorAction, ErrorInput> = {
  type: 'error',
  target: 'http',
  keys: ['status', 'minorCode', 'message', 'retryAfter', 'after'],
  matchFields: HTTP_MATCH,
  parse(a, path, issues) {
    const at = (k: string): Path => [...path, k];
    const after = parseAfter(a, path, issues);
    const status = num(a.status, at('status'), issues, { min: 400, max: 599, integer: true });
    if (status === undefined) return undefined;
    const [minorCode, message] = errorDefaults(status);
    const retryAfterMs = a.retryAfter === undefined ? undefined : duration(a.retryAfter, at('retryAfter'), issues);
    return {
      type: 'error', status, after,
      minorCode: a.minorCode === undefined ? minorCode : str(a.minorCode, at('minorCode'), issues) ?? minorCode,
      message: a.message === undefined ? message : str(a.message, at('message'), issues) ?? message,
      retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
    };
  },
  detail: (a) => ({ status: a.status }),
  apply(a, x) {
    const err = new VcdError(a.status, a.minorCode, a.message, a.retryAfterSeconds !== undefined ? { 'Retry-After': String(a.retryAfterSeconds) } : {});
    if (!a.after) {
      x.fail(err);
      return;
    }
    x.afterAnswer(() => x.replaceAnswer(err));
    x.pass();
  },
};
