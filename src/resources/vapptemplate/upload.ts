/** OVF upload into a catalog: the template in status 0 waiting for its descriptor, and template deletion. */
import type { Actor, World } from '../../world.js';
import type { Catalog, CatalogItem, Task, VAppTemplate } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { badRequest, busyEntity } from '../../errors.js';
import { attr, text, type Doc } from '../../wire/xml.js';
import { DESCRIPTOR, startImport, uploadVdc } from '../transfer/ops.js';
import { checkItemName } from '../media/ops.js';
import { pullFromSource } from '../transfer/pull.js';
import { startEntityTask } from '../task/ops.js';

/** UploadVAppTemplateParams → a catalog item whose template waits for `descriptor.ovf`, or downloads it from `sourceHref`. */
export function createTemplateForUpload(sim: World, actor: Actor, catalog: Catalog, doc: Doc): CatalogItem {
  const name = attr(doc, 'name')?.trim();
  if (!name) throw badRequest('UploadVAppTemplateParams needs a name.');
  const source = sourceOf(attr(doc, 'sourceHref'));
  checkItemName(sim, catalog, name);
  const description = text(doc, 'Description') ?? '';
  const { vdcId, storageProfileId } = uploadVdc(sim, catalog.orgId);
  const { store } = sim;
  const now = sim.clock.iso();
  const t = store.insert('vAppTemplate', {
    id: store.newId(), orgId: catalog.orgId, vdcId, catalogId: catalog.id, name, description, ownerId: actor.user!.id,
    status: Status.UNRESOLVED, vms: [], networks: [], storageProfileId, created: now,
    upload: { descriptorUploaded: false, files: [{ name: DESCRIPTOR, size: -1, bytesTransferred: 0 }] },
  });
  const item = store.insert('catalogItem', { id: store.newId(), catalogId: catalog.id, name, description, templateId: t.id, created: now });
  startImport(sim, actor, 'vAppTemplate', t);
  if (source) pullFromSource(sim, t.id, source);
  return item;
}

/** The OVF's address of an upload by link: http or https. */
function sourceOf(href: string | undefined): URL | undefined {
  if (!href) return undefined;
  const url = URL.canParse(href) ? new URL(href) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw badRequest(`The sourceHref "${href}" is not an http or https URL.`);
  return url;
}

/** DELETE of a template: an upload in progress is canceled (which removes it); otherwise a task removes it. */
export function startDeleteTemplate(sim: World, actor: Actor, t: VAppTemplate): Task {
  const running = sim.tasks.activeFor(t.id);
  const importTask = running.find((x) => x.operationName === 'vdcUploadOvfContents');
  if (importTask) sim.tasks.cancel(importTask.id);
  else if (running.length) throw busyEntity(`The vApp template "${t.name}" is busy completing an operation.`);
  return startEntityTask(sim, actor, { kind: 'vAppTemplate', noun: 'Virtual Application Template' }, t, {
    operationName: 'vdcDeleteTemplate', verb: 'Deleting', action: { type: 'deleteUploaded', params: { kind: 'vAppTemplate', id: t.id } },
  });
}
