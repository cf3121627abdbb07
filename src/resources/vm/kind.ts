/** VMs, inside a vApp. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';

export const vmKind: KindDescriptor<'vm'> = {
  kind: 'vm',
  urnSegment: 'vm',
  entityName: 'vm',
  hrefPath: (id) => `/api/vApp/vm-${id}`,
  mediaType: MT.vm,
  ownerOrg: ownOrg,
  indexes: ['vappId', 'vdcId', 'mediaId'],
  inventoryMetric: true,
  resolvable: true,
};
