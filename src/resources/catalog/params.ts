/** AdminCatalog, PublishCatalogParams, CaptureVAppParams and CopyOrMoveCatalogItemParams → typed input. */
import { badRequest } from '../../errors.js';
import { attr, child, children, parseBool, text, type Doc } from '../../wire/xml.js';

export interface CatalogInput {
  name?: string;
  description?: string;
  /** Hrefs of CatalogStorageProfiles/VdcStorageProfile, when the element was sent. */
  storageProfiles?: string[];
  isPublished?: boolean;
}

export function catalogInput(doc: Doc): CatalogInput {
  const profiles = child(doc, 'CatalogStorageProfiles');
  const published = text(doc, 'IsPublished');
  return {
    name: attr(doc, 'name')?.trim(),
    description: text(doc, 'Description'),
    storageProfiles: profiles ? children(profiles, 'VdcStorageProfile').map((p) => attr(p, 'href') ?? '') : undefined,
    isPublished: published === undefined ? undefined : parseBool(published, false),
  };
}

export function publishInput(doc: Doc): boolean {
  const v = text(doc, 'IsPublished');
  if (v === undefined) throw badRequest('PublishCatalogParams needs IsPublished.');
  return parseBool(v, false);
}

export interface CaptureInput {
  name: string;
  description: string;
  source: string;
  /** An existing item whose template the capture replaces. */
  target?: string;
  customizeOnInstantiate: boolean;
}

export function captureInput(doc: Doc): CaptureInput {
  const name = attr(doc, 'name')?.trim();
  if (!name) throw badRequest('CaptureVAppParams needs a name.');
  const source = attr(child(doc, 'Source'), 'href');
  if (!source) throw badRequest('CaptureVAppParams needs Source@href (the vApp to capture).');
  return {
    name, source, description: text(doc, 'Description') ?? '',
    target: attr(child(doc, 'TargetCatalogItem'), 'href'),
    customizeOnInstantiate: parseBool(text(child(doc, 'CustomizationSection'), 'CustomizeOnInstantiate'), false),
  };
}

export function copyOrMoveInput(doc: Doc): { name?: string; description?: string; source: string } {
  const source = attr(child(doc, 'Source'), 'href');
  if (!source) throw badRequest('CopyOrMoveCatalogItemParams needs Source@href (the catalog item).');
  return { name: attr(doc, 'name')?.trim() || undefined, description: text(doc, 'Description'), source };
}
