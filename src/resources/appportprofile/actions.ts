/** What application port profile tasks do when they succeed: registered from the registry. */
import type { World } from '../../world.js';
import type { AppPortProfile } from '../../store/types.js';
import { badRequest } from '../../errors.js';
import { assertProfileNameFree, profileUsers } from './model.js';

export function registerAppPortProfileActions(sim: World): void {
  const { store } = sim;

  sim.tasks.register('createAppPortProfile', {
    apply(params) {
      const p = params.profile as AppPortProfile;
      // Another create of the same name may have landed while this one ran.
      assertProfileNameFree(sim, p);
      store.insert('appPortProfile', p);
    },
  });
  sim.tasks.register('updateAppPortProfile', {
    apply(params) {
      const { id, patch } = params as { id: string; patch: Partial<AppPortProfile> };
      const p = store.get('appPortProfile', id);
      if (!p) throw badRequest('The application port profile no longer exists.');
      assertProfileNameFree(sim, { ...p, ...patch }, id);
      store.update('appPortProfile', id, patch);
    },
  });
  sim.tasks.register('deleteAppPortProfile', {
    apply(params) {
      const id = params.id as string;
      const users = profileUsers(sim, id);
      if (users.length) throw badRequest(`The application port profile is in use by ${users.join(', ')}.`);
      store.remove('appPortProfile', id);
    },
  });
}
