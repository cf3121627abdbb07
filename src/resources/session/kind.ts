/** Sessions: one per login, found by the hash of its token. */
import { ownOrg, type KindDescriptor } from '../kind.js';
import { MT } from '../../wire/media.js';

export const sessionKind: KindDescriptor<'session'> = {
  kind: 'session',
  urnSegment: 'session',
  entityName: 'session',
  hrefPath: () => '/api/session',
  mediaType: MT.session,
  ownerOrg: ownOrg,
  indexes: ['tokenHash', 'userId'],
  inventoryMetric: true,
};
