/** Media documents. */
import type { World } from '../../world.js';
import type { Media } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import { ownerDoc } from '../catalog/view.js';
import { tasksInProgress } from '../task/view.js';
import { filesDoc } from '../transfer/ops.js';
import { mediaDownloadFilesDoc, mediaDownloadLinks } from '../transfer/download.js';

export function mediaView(sim: World, base: string, m: Media): Rendered {
  const href = hrefOf(base, 'media', m.id);
  const item = sim.store.where('catalogItem', 'mediaId', m.id)[0];
  const busy = sim.tasks.activeFor(m.id).length > 0;
  return {
    root: 'Media',
    type: MT.media,
    body: {
      '@_href': href,
      '@_type': MT.media,
      '@_id': urn('media', m.id),
      '@_name': m.name,
      '@_status': m.status,
      '@_imageType': m.imageType,
      '@_size': m.size,
      Link: [
        link('up', hrefOf(base, 'vdc', m.vdcId), MT.vdc),
        ...(item ? [link('catalogItem', hrefOf(base, 'catalogItem', item.id), MT.catalogItem)] : []),
        ...(!busy && m.status !== Status.UNRESOLVED ? [link('remove', href)] : []),
        link('down', `${href}/owner`, MT.owner),
        ...(!busy && m.status === Status.RESOLVED ? [link('enable', `${href}/action/enableDownload`)] : []),
        ...mediaDownloadLinks(base, m),
      ],
      Description: m.description,
      Tasks: tasksInProgress(sim, base, m.id),
      Files: filesDoc(base, m.id, m.upload) ?? mediaDownloadFilesDoc(base, m),
      Owner: ownerDoc(sim, base, m.ownerId),
    },
  };
}

export function mediaOwnerView(sim: World, base: string, m: Media): Rendered {
  return { root: 'Owner', type: MT.owner, body: { '@_href': `${hrefOf(base, 'media', m.id)}/owner`, ...ownerDoc(sim, base, m.ownerId) } };
}
