/** A Group document as clients send it (go-vcloud-director's AdminOrg.CreateGroup and OrgGroup.Update). */
import type { GroupProviderType } from '../../store/types.js';
import { attr, child, text, type Doc } from '../../wire/xml.js';

export interface GroupInput {
  name?: string;
  description?: string;
  /** As sent: checked against the provider types VCD knows (ops.ts). */
  providerType?: string;
  /** The role's href or id. */
  role?: string;
}

export const PROVIDER_TYPES: readonly GroupProviderType[] = ['INTEGRATED', 'SAML', 'OAUTH'];

export function groupInput(doc: Doc): GroupInput {
  const role = child(doc, 'Role');
  return {
    name: attr(doc, 'name'),
    description: text(doc, 'Description'),
    providerType: text(doc, 'ProviderType'),
    role: role && (attr(role, 'href') ?? attr(role, 'id')),
  };
}
