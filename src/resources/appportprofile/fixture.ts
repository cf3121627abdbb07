/** Application port profiles in the fixture: gateway services name NSX-T's SYSTEM profiles (HTTP, HTTPS, SSH…). */
import type { FixtureBuild } from '../fixture-section.js';
import { SYSTEM_PROFILES, type SystemProfile } from './system.js';

const BY_NAME = new Map(SYSTEM_PROFILES.map((p) => [p.name.toLowerCase(), p]));

/** The SYSTEM profile a fixture names (case-insensitively), or the fixture's refusal at `where`. */
export function fixturePortProfile(b: FixtureBuild, name: string, where: string): SystemProfile {
  const s = BY_NAME.get(String(name).toLowerCase());
  if (!s) b.fail(where, `"${name}" is not a SYSTEM application port profile (HTTP, HTTPS, SSH, …)`);
  return s!;
}
