/**
 * SYSTEM application port profiles: the default services of the NSX-T manager behind VCD (lib/nsxtservices.ts),
 * which VCD lists read-only to every tenant. Not state.
 */
import type { AppPort } from '../../store/types.js';
import { NSXT_SERVICES } from '../../lib/nsxtservices.js';

export interface SystemProfile {
  id: string;
  name: string;
  description: string;
  ports: AppPort[];
}

export const SYSTEM_PROFILES: readonly SystemProfile[] = NSXT_SERVICES.map((s) => ({ id: s.id, name: s.name, description: s.name, ports: s.ports }));

const BY_ID = new Map(SYSTEM_PROFILES.map((p) => [p.id, p]));
export const systemProfile = (id: string): SystemProfile | undefined => BY_ID.get(id);
