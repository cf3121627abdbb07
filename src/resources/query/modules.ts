/** Every kind's query module (`<kind>/query.ts`), in the order `/api/query` lists their types. */
import type { QueryModule } from './source.js';
import { orgQueries } from '../org/query.js';
import { vdcQueries } from '../vdc/query.js';
import { catalogQueries } from '../catalog/query.js';
import { vAppTemplateQueries } from '../vapptemplate/query.js';
import { vAppQueries } from '../vapp/query.js';
import { vmQueries } from '../vm/query.js';
import { networkQueries } from '../network/query.js';
import { taskQueries } from '../task/query.js';
import { userQueries } from '../user/query.js';
import { providerQueries } from '../provider/query.js';
import { diskQueries } from '../disk/query.js';
import { mediaQueries } from '../media/query.js';
import { edgeGatewayQueries } from '../edgegateway/query.js';
import { groupQueries } from '../group/query.js';
import { computePolicyQueries } from '../computepolicy/query.js';

export const QUERY_MODULES: QueryModule[] = [
  orgQueries, vdcQueries, catalogQueries, vAppTemplateQueries, vAppQueries, vmQueries, networkQueries, taskQueries,
  userQueries, providerQueries, diskQueries, mediaQueries, edgeGatewayQueries,
  groupQueries,
  computePolicyQueries,
];
