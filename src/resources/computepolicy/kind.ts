/** VDC compute policies (CloudAPI 2.0.0 vdcComputePolicies): the provider's, readable by tenants whose VDCs have them. */
import type { KindDescriptor } from '../kind.js';

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
};
