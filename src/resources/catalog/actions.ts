/** What catalog tasks do when they succeed (and undo when they do not): registered from the registry. */
import type { World } from '../../world.js';
import { Status } from '../../store/types.js';
import { removeUploaded, type UploadKind } from '../transfer/ops.js';
import { removeCatalog } from './ops.js';

export function registerCatalogActions(sim: World): void {
  const { store } = sim;
  sim.tasks.register('createCatalog', {
    apply() {},
    // A creation that does not succeed leaves nothing behind.
    rollback: (params) => void store.remove('catalog', params.catalogId as string),
  });
  sim.tasks.register('deleteCatalog', { apply: (params) => removeCatalog(sim, params.catalogId as string) });
  sim.tasks.register('captureTemplate', {
    apply(params) {
      const { templateId, itemId, replacesTemplateId } = params as { templateId: string; itemId: string; replacesTemplateId?: string };
      const t = store.get('vAppTemplate', templateId);
      if (!t) return;
      store.update('vAppTemplate', templateId, { status: Status.POWERED_OFF });
      // An overwrite points the existing item at the new template and drops the old one.
      if (replacesTemplateId && store.get('catalogItem', itemId)) {
        store.update('catalogItem', itemId, { templateId, name: t.name, description: t.description });
        store.remove('vAppTemplate', replacesTemplateId);
      }
    },
    rollback(params) {
      const { templateId, itemId, created } = params as { templateId: string; itemId: string; created: boolean };
      if (created) store.remove('catalogItem', itemId);
      store.remove('vAppTemplate', templateId);
    },
  });
  sim.tasks.register('copyCatalogItem', {
    apply(params) {
      const { kind, id } = params as { kind: UploadKind; id: string };
      if (kind === 'media' && store.get('media', id)) store.update('media', id, { status: Status.RESOLVED });
      if (kind === 'vAppTemplate' && store.get('vAppTemplate', id)) store.update('vAppTemplate', id, { status: Status.POWERED_OFF });
    },
    rollback: (params) => removeUploaded(sim, params.kind as UploadKind, params.id as string),
  });
  sim.tasks.register('moveCatalogItem', {
    apply(params) {
      const { itemId, catalogId, name, description } = params as { itemId: string; catalogId: string; name: string; description: string };
      const item = store.get('catalogItem', itemId);
      if (!item || !store.get('catalog', catalogId)) return;
      store.update('catalogItem', itemId, { catalogId, name, description });
      if (item.mediaId && store.get('media', item.mediaId)) store.update('media', item.mediaId, { catalogId, name, description });
      else if (store.get('vAppTemplate', item.templateId)) store.update('vAppTemplate', item.templateId, { catalogId, name, description });
    },
  });
  sim.tasks.register('updateTemplate', {
    apply(params) {
      const { templateId, name, description } = params as { templateId: string; name: string; description: string };
      if (!store.get('vAppTemplate', templateId)) return;
      store.update('vAppTemplate', templateId, { name, description });
      for (const item of store.where('catalogItem', 'templateId', templateId)) store.update('catalogItem', item.id, { name, description });
    },
  });
  sim.tasks.register('enableTemplateDownload', {
    apply(params) {
      const id = params.templateId as string;
      if (store.get('vAppTemplate', id)) store.update('vAppTemplate', id, { downloadEnabled: true });
    },
  });
}
