/**
 * VM groups in queries (`vmGroups`, System administrators only): the DRS VM groups of the provider's clusters,
 * as go-vcloud-director's GetVmGroupByNameAndProviderVdcUrn finds them (by name, cluster and vCenter).
 */
import type { VmGroup } from '../../store/types.js';
import { hrefOf } from '../links.js';
import { PMT } from '../provider/kind.js';
import { entitySource, fields, row, type Ctx, type QueryModule } from '../query/source.js';

function vmGroupRow(_c: Ctx, g: VmGroup) {
  return row(g.id, '', g.name, {
    name: g.name, vmGroupId: g.vmGroupId, vmGroupName: g.name, clusterMoref: g.clusterMoref, clusterName: g.clusterName, vcId: g.vCenterId,
    namedVmGroupId: g.id,
  });
}

export const computePolicyQueries: QueryModule = {
  sources: () => [entitySource('vmGroup', vmGroupRow)],
  types: [
    {
      // A VM group has no document of its own here: its record links to its vCenter.
      name: 'vmGroups', source: 'vmGroup', kind: 'vmGroup', record: 'VmGroupsRecord', xsdType: 'QueryResultVmGroupsRecordType',
      references: 'VmGroupsReferences', admin: true, mediaType: PMT.vimServer,
      href: (base, r) => hrefOf(base, 'vCenter', String(r.v.vcId)),
      fields: fields('vmGroupId vmGroupName clusterMoref clusterName vcId namedVmGroupId'),
    },
  ],
  onChange: { vmGroup: (t, id) => t.mark('vmGroup', id) },
};
