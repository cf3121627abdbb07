/** VDC compute policies (CloudAPI 2.0.0 vdcComputePolicies): the provider's, readable by tenants whose VDCs have them. */
import type { KindDescriptor } from '../kind.js';
import { computePolicyFixture, vmGroupFixture } from './fixture.js';

export const computePolicyKind: KindDescriptor<'computePolicy'> = {
  kind: 'computePolicy',
  urnSegment: 'vdcComputePolicy',
  entityName: 'vdcComputePolicy',
  hrefPath: (id) => `/cloudapi/2.0.0/vdcComputePolicies/urn:vcloud:vdcComputePolicy:${id}`,
  mediaType: 'application/json',
  ownerOrg: () => undefined,
  // Tenants see the policies assigned to their VDCs: the routes filter (no org owns a policy).
  shared: true,
  inventoryMetric: true,
  fixture: computePolicyFixture,
};

/** Named VM groups: DRS VM groups of the provider's clusters (query type `vmGroups`), System administrators only. */
export const vmGroupKind: KindDescriptor<'vmGroup'> = {
  kind: 'vmGroup',
  urnSegment: 'namedVmGroup',
  entityName: 'namedVmGroup',
  ownerOrg: () => undefined,
  inventoryMetric: true,
  fixture: vmGroupFixture,
};

/** Logical VM groups (CloudAPI 1.0.0 logicalVmGroups): named VM groups of a provider VDC, System administrators only. */
export const logicalVmGroupKind: KindDescriptor<'logicalVmGroup'> = {
  kind: 'logicalVmGroup',
  urnSegment: 'logicalVmGroup',
  entityName: 'logicalVmGroup',
  hrefPath: (id) => `/cloudapi/1.0.0/logicalVmGroups/urn:vcloud:logicalVmGroup:${id}`,
  mediaType: 'application/json',
  ownerOrg: () => undefined,
  inventoryMetric: true,
};
