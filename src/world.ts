/**
 * What resources, operations and views see of the simulator: its state and the engines that change it,
 * nothing of the server, the dashboard, fault rules or scenarios. The composition root (sim.ts) builds it.
 */
import type { Config } from './config.js';
import type { Store } from './store/store.js';
import type { Clock } from './engine/clock.js';
import type { TaskEngine } from './engine/tasks.js';
import type { CapacityContext } from './engine/capacity.js';
import type { Org, Role, User } from './store/types.js';

export interface World {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly tasks: TaskEngine;
  /** Identifies this "site" in session location ids (`orgId@siteId`). */
  readonly siteId: string;
  /** What capacity checks read: usage, running reservations and the limits faults impose. */
  readonly capacity: CapacityContext;
}

/**
 * Who performs an operation: the user, their org and role (rights), and whether they are a System
 * administrator. An HTTP request's context is one; scenarios and the twin make their own.
 */
export interface Actor {
  readonly user?: User;
  readonly org?: Org;
  readonly role?: Role;
  readonly isSysAdmin: boolean;
  /** The groups the user is in (access control entries naming them apply to the user). */
  readonly groupIds?: readonly string[];
}
