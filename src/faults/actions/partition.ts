/**
 * `partition`: everything matching is unreachable for the rule's window, then heals: connections are
 * reset (a firewall rejecting) or, with mode `hang`, never answered (packets dropped).
 */
import { str } from '../../lib/validate.js';
import { HTTP_MATCH } from './action.js';
import type { HttpAction } from './action.js';

export interface PartitionAction {
  type: 'partition';
  mode: 'reset' | 'hang';
}
export type PartitionInput = { type: 'partition'; mode?: 'reset' | 'hang' };

export const partition: HttpAction<PartitionAction, PartitionInput> = {
  type: 'partition',
  target: 'http',
  keys: ['mode'],
  matchFields: HTTP_MATCH,
  parse: (a, path, issues) => ({
    type: 'partition',
    mode: (a.mode === undefined ? 'reset' : str(a.mode, [...path, 'mode'], issues, ['reset', 'hang'])) as 'reset' | 'hang',
  }),
  apply(a, x) {
    if (a.mode === 'hang') x.hang();
    else x.reset();
  },
};
