/** One line per VCD resource kind: adding a kind means adding its folder and a line here. */
import type { Router } from 'express';
import type { World } from '../world.js';
import { versionsRoutes } from './versions/routes.js';
import { sessionRoutes } from './session/routes.js';
import { orgRoutes } from './org/routes.js';
import { vdcRoutes } from './vdc/routes.js';
import { catalogRoutes } from './catalog/routes.js';
import { templateRoutes } from './vapptemplate/routes.js';
import { networkRoutes } from './network/routes.js';
import { userRoutes } from './user/routes.js';
import { entityRoutes } from './entity/routes.js';
import { adminRoutes } from './admin/routes.js';
import { metadataRoutes } from './metadata/routes.js';
import { taskRoutes } from './task/routes.js';
import { vappRoutes } from './vapp/routes.js';
import { vmRoutes } from './vm/routes.js';
import { queryRoutes } from './query/routes.js';
import { cloudApiRoutes } from './cloudapi/routes.js';

export type RegisterRoutes = (router: Router, sim: World) => void;

/** Routes that answer without a session (API discovery and logging in). */
export const PUBLIC_ROUTES: RegisterRoutes[] = [versionsRoutes];

export const RESOURCE_ROUTES: RegisterRoutes[] = [
  sessionRoutes, metadataRoutes, orgRoutes, vdcRoutes, catalogRoutes, templateRoutes, networkRoutes, userRoutes, entityRoutes, adminRoutes,
  taskRoutes, vappRoutes, vmRoutes,
  queryRoutes, cloudApiRoutes,
];
