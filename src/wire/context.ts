/** What the pipeline learns about a request before a resource handles it. */
import type { Request } from 'express';
import type { Config } from '../config.js';
import type { Org, Role, Session, User } from '../store/types.js';
import type { Format } from './negotiate.js';

export interface RequestContext {
  requestId: string;
  /** scheme://host[:port] the client used; hrefs start with it. */
  base: string;
  format: Format;
  version: string;
  session?: Session;
  user?: User;
  org?: Org;
  role?: Role;
  isSysAdmin: boolean;
  /** The groups the user is in (access control entries naming them apply). */
  groupIds?: readonly string[];
  /** Set when the rendered answer may be cached: sendDoc hands its bytes here (called on the context). */
  keep?: (this: RequestContext, contentType: string, bytes: Buffer) => void;
  /** The render cache's key for this answer, when it may be kept. */
  cacheKey?: string;
  /** The template of the route that answered (`/api/vApp/vapp-:id`), for metrics and logs. */
  route?: string;
  /** The fault rule that spoiled or delayed this request, set by the fault gate (logs and metrics show it). */
  fault?: { rule: string; action: string };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      ctx: RequestContext;
    }
  }
}
