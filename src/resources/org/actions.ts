/** What org tasks do when they succeed: deleting an org removes everything it owns. */
import type { World } from '../../world.js';
import { removeOrg } from './ops.js';

export function registerOrgActions(sim: World): void {
  sim.tasks.register('deleteOrg', {
    apply: (params) => removeOrg(sim, params.orgId as string),
  });
}
