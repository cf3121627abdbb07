/** AccessControl → the ControlAccessParams document. */
import type { World } from '../../world.js';
import type { AccessControl } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { ref } from '../../wire/links.js';
import { adminHrefOf, hrefOf } from '../links.js';
import type { Rendered } from '../../wire/render.js';

export function controlAccessView(sim: World, base: string, acl: AccessControl | undefined): Rendered {
  const subjects = (acl?.subjects ?? []).flatMap((s) => {
    const e = s.kind === 'user' ? sim.store.get('user', s.id) : s.kind === 'group' ? sim.store.get('group', s.id) : sim.store.get('org', s.id);
    // A user, group or org deleted since is no longer listed.
    if (!e) return [];
    return [{
      Subject: s.kind === 'user' ? ref(hrefOf(base, 'user', s.id), MT.user, e.name)
        : s.kind === 'group' ? ref(hrefOf(base, 'group', s.id), MT.group, e.name)
          : ref(adminHrefOf(base, 'org', s.id), MT.adminOrg, e.name),
      AccessLevel: s.level,
    }];
  });
  return {
    root: 'ControlAccessParams',
    type: MT.controlAccess,
    body: {
      IsSharedToEveryone: acl?.everyone !== undefined,
      EveryoneAccessLevel: acl?.everyone,
      AccessSettings: subjects.length ? { AccessSetting: subjects } : undefined,
    },
  };
}
