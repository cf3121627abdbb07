/** Tasks: long operations as data. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';

export const taskKind: KindDescriptor<'task'> = {
  kind: 'task',
  urnSegment: 'task',
  entityName: 'task',
  hrefPath: (id) => `/api/task/${id}`,
  mediaType: MT.task,
  ownerOrg: ownOrg,
  indexes: ['orgId', 'ownerId'],
  inventoryMetric: true,
  resolvable: true,
};
