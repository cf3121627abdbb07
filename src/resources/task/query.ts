/** Tasks in queries. */
import type { EntityKind, Task } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { entitySource, fields, ms, row, tenantHref, type Ctx, type QueryModule } from '../query/source.js';

/** VCD's TaskRecord objectType for what a task acts on. */
const OBJECT_TYPE: Partial<Record<EntityKind, string>> = { storageProfile: 'vdcStorageProfile', catalogItem: 'catalogItem' };

function taskRow(c: Ctx, t: Task) {
  const org = c.store.get('org', t.orgId);
  return row(t.id, t.orgId, t.operationName, {
    name: t.operationName, operationFull: t.operation, message: t.error?.message, org: t.orgId, orgName: org?.name,
    startDate: ms(t.startTime), endDate: ms(t.endTime), status: t.status, progress: t.progress, owner: t.userId,
    ownerName: c.userName(t.userId), hasOwner: true, object: t.ownerId, objectKind: t.ownerKind, objectType: OBJECT_TYPE[t.ownerKind] ?? t.ownerKind,
    objectName: t.ownerName, serviceNamespace: 'com.vmware.vcloud', details: t.details || undefined,
  });
}

const TASK_FIELDS = 'org orgName name operationFull message startDate endDate status progress ownerName object objectType objectName serviceNamespace details';

export const taskQueries: QueryModule = {
  sources: () => [entitySource('task', taskRow)],
  types: [
    {
      name: 'task', source: 'task', kind: 'task', record: 'TaskRecord', xsdType: 'QueryResultTaskRecordType',
      references: 'TaskReferences', admin: false, mediaType: MT.task, href: tenantHref('task'), fields: fields(TASK_FIELDS),
    },
    {
      name: 'adminTask', source: 'task', kind: 'task', record: 'AdminTaskRecord', xsdType: 'QueryResultAdminTaskRecordType',
      references: 'TaskReferences', admin: true, mediaType: MT.task, href: tenantHref('task'), fields: fields(`${TASK_FIELDS} owner hasOwner`),
    },
  ],
  onChange: {
    task(t, id, task) {
      t.mark('task', id);
      // A running task makes its owner busy, and the vApp of a VM too.
      const owner = task?.ownerId ?? (t.old('task', id)?.v.object as string | undefined);
      if (owner) {
        t.mark('vm', owner);
        t.mark('vApp', owner);
        t.mark('vAppTemplate', owner);
        t.mark('media', owner);
        t.mark('vApp', t.store.get('vm', owner)?.vappId);
      }
    },
  },
};
