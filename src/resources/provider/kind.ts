/**
 * The provider side: vCenters, NSX-T managers, network pools, external networks, provider VDCs and their
 * storage profiles. They belong to no org (ownerOrg undefined), so only System administrators see them.
 */
import type { KindDescriptor } from '../kind.js';
import { admin } from '../../wire/media.js';
import { externalNetworkFixture, networkPoolFixture, nsxtManagerFixture, providerVdcFixture, vCenterFixture } from './fixture.js';

const noOrg = () => undefined;

export const PMT = {
  extension: admin('vmwExtension'),
  vimServer: admin('vmwvirtualcenter'),
  vimServerRefs: admin('vmwVimServerReferences'),
  providerVdc: admin('providervdc'),
  vmwProviderVdc: admin('vmwprovidervdc'),
  providerVdcRefs: admin('vmwProviderVdcReferences'),
  pvdcStorageProfile: admin('pvdcStorageProfile'),
  vmwPvdcStorageProfile: admin('vmwPvdcStorageProfile'),
  networkPool: admin('networkPool'),
  vmwNetworkPool: admin('vmwNetworkPool'),
  networkPoolRefs: admin('vmwNetworkPoolReferences'),
  externalNetwork: admin('vmwexternalnet'),
  externalNetworkRefs: admin('vmwExternalNetworkReferences'),
  nsxtManager: admin('nsxTmanager'),
  nsxtManagers: admin('nsxTmanagers'),
  adminVdcStorageProfile: admin('vdcStorageProfile'),
} as const;

export const vCenterKind: KindDescriptor<'vCenter'> = {
  kind: 'vCenter', urnSegment: 'vimserver', entityName: 'vimserver',
  hrefPath: (id) => `/api/admin/extension/vimServer/${id}`, mediaType: PMT.vimServer, ownerOrg: noOrg,
  inventoryMetric: true, resolvable: true,
  fixture: vCenterFixture,
};

export const nsxtManagerKind: KindDescriptor<'nsxtManager'> = {
  kind: 'nsxtManager', urnSegment: 'nsxtmanager', entityName: 'nsxtmanager',
  hrefPath: (id) => `/api/admin/extension/nsxtManagers/${id}`, mediaType: PMT.nsxtManager, ownerOrg: noOrg,
  inventoryMetric: true,
  fixture: nsxtManagerFixture,
};

export const networkPoolKind: KindDescriptor<'networkPool'> = {
  kind: 'networkPool', urnSegment: 'networkpool', entityName: 'networkpool',
  hrefPath: (id) => `/api/admin/extension/networkPool/${id}`, mediaType: PMT.vmwNetworkPool, ownerOrg: noOrg,
  inventoryMetric: true, resolvable: true,
  fixture: networkPoolFixture,
};

export const externalNetworkKind: KindDescriptor<'externalNetwork'> = {
  kind: 'externalNetwork', urnSegment: 'network', entityName: 'network',
  hrefPath: (id) => `/api/admin/extension/externalnet/${id}`, mediaType: PMT.externalNetwork, ownerOrg: noOrg,
  inventoryMetric: true,
  fixture: externalNetworkFixture,
};

export const providerVdcKind: KindDescriptor<'providerVdc'> = {
  kind: 'providerVdc', urnSegment: 'providervdc', entityName: 'providervdc',
  hrefPath: (id) => `/api/admin/providervdc/${id}`, mediaType: PMT.providerVdc, ownerOrg: noOrg,
  inventoryMetric: true, resolvable: true,
  fixture: providerVdcFixture,
};

export const pvdcStorageProfileKind: KindDescriptor<'pvdcStorageProfile'> = {
  kind: 'pvdcStorageProfile', urnSegment: 'providervdcstorageprofile', entityName: 'providervdcstorageprofile',
  hrefPath: (id) => `/api/admin/pvdcStorageProfile/${id}`, mediaType: PMT.pvdcStorageProfile, ownerOrg: noOrg,
  indexes: ['providerVdcId'],
};
