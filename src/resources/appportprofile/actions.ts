/** What application port profile tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import { badRequest } from '../../errors.js';
import { registerCrudActions } from '../task/crud.js';
import { assertProfileNameFree, profileUsers } from './model.js';

export function registerAppPortProfileActions(sim: World): void {
  registerCrudActions(sim, 'appPortProfile', {
    create: 'createAppPortProfile', update: 'updateAppPortProfile', delete: 'deleteAppPortProfile',
    created: 'profile', gone: 'The application port profile',
    // Another profile of the same name may have landed while the task ran, or a rule come to use it.
    checkCreate: (p) => assertProfileNameFree(sim, p),
    checkUpdate: (p, patch) => assertProfileNameFree(sim, { ...p, ...patch }, p.id),
    checkDelete: (p) => {
      const users = profileUsers(sim, p.id);
      if (users.length) throw badRequest(`The application port profile is in use by ${users.join(', ')}.`);
    },
  });
}
