/** The fixture's `media:` of a catalog: ISO or floppy images, ready to insert (their bytes are not part of the inventory). */
import type { Media } from '../../store/types.js';
import { Status } from '../../store/types.js';
import type { FixtureSection } from '../fixture-section.js';
import type { CatalogScope } from '../catalog/fixture.js';

export interface FixtureMedia {
  name: string;
  description?: string;
  imageType?: 'iso' | 'floppy';
  sizeMB: number;
}

export const mediaFixture: FixtureSection<CatalogScope, FixtureMedia, Media> = {
  key: 'media',
  parent: 'catalog',
  /** A media's name is not one of the catalog's templates'. */
  before(_b, scope, c) {
    scope.itemNames = new Set(((c.templates ?? []) as { name: string }[]).map((t) => t.name));
  },
  build(b, m, mat, { catalog, vdc, owner, defaultProfile, itemNames }) {
    if (!m?.name) b.fail(mat, 'a media needs a name');
    if (itemNames.has(m.name)) b.fail(mat, `the catalog already has an item named "${m.name}"`);
    itemNames.add(m.name);
    const imageType = m.imageType ?? 'iso';
    if (imageType !== 'iso' && imageType !== 'floppy') b.fail(mat, `imageType must be iso or floppy, not "${String(imageType)}"`);
    if (typeof m.sizeMB !== 'number' || !(m.sizeMB > 0)) b.fail(mat, 'sizeMB must be a positive number');
    const media: Media = {
      id: b.random.uuid(), orgId: catalog.orgId, vdcId: vdc.id, catalogId: catalog.id, name: m.name, description: m.description ?? '',
      ownerId: owner.id, imageType, size: Math.round(m.sizeMB * 1048576), status: Status.RESOLVED,
      storageProfileId: defaultProfile?.id, created: b.now,
    };
    b.snap.media.push(media);
    b.snap.catalogItem.push({ id: b.random.uuid(), catalogId: catalog.id, name: m.name, description: media.description, templateId: '', mediaId: media.id, created: b.now });
    return media;
  },
};
