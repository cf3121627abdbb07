/** The VApp document with its sections and its VMs, and the Owner sub-resource. */
import type { World } from '../../world.js';
import type { VApp, VAppNetwork } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';
import { ipScope } from '../network/view.js';
import { ownerDoc } from '../catalog/view.js';
import { tasksInProgress } from '../task/view.js';
import { stateLinks, vmBody } from '../vm/view.js';
import { vmsOf } from '../vm/ops.js';
import { snapshotSection, vappSnapshotLinks } from '../vm/maintenance.js';
import { vappState } from './model.js';
import { DEFAULT_ISOLATED_SUBNET } from './ops.js';
import { ownSubnet, vappNetworkId } from './networks.js';

/** A vApp network's Configuration element. */
function configuration(sim: World, base: string, n: VAppNetwork): Doc {
  const parent = n.networkId ? sim.store.get('network', n.networkId) : undefined;
  const own = ownSubnet(n);
  return {
    IpScopes: { IpScope: [own ? ipScope(own, false) : parent ? ipScope(parent, true) : ipScope(DEFAULT_ISOLATED_SUBNET, false)] },
    ParentNetwork: parent ? { '@_href': hrefOf(base, 'network', parent.id), '@_id': parent.id, '@_name': parent.name } : undefined,
    FenceMode: n.fenceMode,
    RetainNetInfoAcrossDeployments: false,
    Features: n.features as Doc | undefined,
  };
}

function describe(sim: World, n: VAppNetwork): string | undefined {
  const parent = n.networkId ? sim.store.get('network', n.networkId) : undefined;
  return n.description ?? (n.fenceMode === 'isolated' ? 'Isolated vApp network' : parent ? `Connected to ${parent.name}` : undefined);
}

function networkConfig(sim: World, base: string, vapp: VApp, deployed: boolean): Doc[] {
  return vapp.networks.map((n) => {
    const id = vappNetworkId(vapp.id, n);
    return {
      '@_href': `${base}/api/network/${id}`,
      '@_type': MT.vAppNetwork,
      '@_networkName': n.name,
      Link: [link('repair', `${base}/api/admin/network/${id}/action/reset`)],
      Description: describe(sim, n),
      Configuration: configuration(sim, base, n),
      IsDeployed: deployed,
    };
  });
}

/** A vApp network as a document of its own (GET /api/network/{id}). */
export function vappNetworkView(sim: World, base: string, vapp: VApp, n: VAppNetwork): Rendered {
  const id = vappNetworkId(vapp.id, n);
  const href = `${base}/api/network/${id}`;
  return {
    root: 'VAppNetwork',
    type: MT.vAppNetwork,
    body: {
      '@_deployed': vappState(sim.store, vapp).deployed,
      '@_name': n.name,
      '@_id': urn('network', id),
      '@_href': href,
      '@_type': MT.vAppNetwork,
      Link: [
        link('up', hrefOf(base, 'vApp', vapp.id), MT.vApp),
        link('repair', `${base}/api/admin/network/${id}/action/reset`),
        link('remove', href),
      ],
      Description: describe(sim, n),
      Configuration: configuration(sim, base, n),
    },
  };
}

export function vappView(sim: World, base: string, vapp: VApp): Rendered {
  const href = hrefOf(base, 'vApp', vapp.id);
  const { status, deployed } = vappState(sim.store, vapp);
  const busy = sim.tasks.activeFor(vapp.id).length > 0;
  const vms = vmsOf(sim, vapp.id);
  return {
    root: 'VApp',
    type: MT.vApp,
    body: {
      '@_ovfDescriptorUploaded': true,
      '@_deployed': deployed,
      '@_status': status,
      '@_name': vapp.name,
      '@_id': urn('vApp', vapp.id),
      '@_href': href,
      '@_type': MT.vApp,
      Link: [
        ...stateLinks(href, status, deployed, busy),
        ...(busy ? [] : [
          link('recompose', `${href}/action/recomposeVApp`, MT.recomposeVAppParams),
          link('edit', href, MT.vApp),
          ...vappSnapshotLinks(href, vms),
        ]),
        link('up', hrefOf(base, 'vdc', vapp.vdcId), MT.vdc),
        link('down', `${href}/owner`, MT.owner),
        link('controlAccess', `${href}/action/controlAccess`, MT.controlAccess),
        link('down', `${href}/controlAccess/`, MT.controlAccess),
        link('down', `${href}/metadata`, MT.metadata),
        link('down', `${href}/productSections`, MT.productSections),
        link('down', `${href}/leaseSettingsSection/`, MT.leaseSettingsSection),
        link('down', `${href}/networkConfigSection/`, MT.networkConfigSection),
      ],
      Description: vapp.description,
      Tasks: tasksInProgress(sim, base, vapp.id),
      LeaseSettingsSection: {
        '@_href': `${href}/leaseSettingsSection/`,
        '@_type': MT.leaseSettingsSection,
        '@_ovf:required': false,
        'ovf:Info': 'Lease settings section',
        Link: [link('edit', `${href}/leaseSettingsSection/`, MT.leaseSettingsSection)],
        DeploymentLeaseInSeconds: vapp.deploymentLeaseSeconds,
        StorageLeaseInSeconds: vapp.storageLeaseSeconds,
      },
      // Every VM starts and stops together, in the order VCD gives by default.
      'ovf:StartupSection': {
        'ovf:Info': 'VApp startup section',
        'ovf:Item': vms.map((vm) => ({
          '@_ovf:id': vm.name, '@_ovf:order': 0, '@_ovf:startAction': 'powerOn', '@_ovf:startDelay': 0,
          '@_ovf:stopAction': 'powerOff', '@_ovf:stopDelay': 0,
        })),
      },
      'ovf:NetworkSection': {
        'ovf:Info': 'The list of logical networks',
        'ovf:Network': vapp.networks.map((n) => ({ '@_ovf:name': n.name, 'ovf:Description': '' })),
      },
      NetworkConfigSection: {
        '@_href': `${href}/networkConfigSection/`,
        '@_type': MT.networkConfigSection,
        '@_ovf:required': false,
        'ovf:Info': 'The configuration parameters for logical networks',
        Link: [link('edit', `${href}/networkConfigSection/`, MT.networkConfigSection)],
        NetworkConfig: networkConfig(sim, base, vapp, deployed),
      },
      SnapshotSection: snapshotSection(href, vms.flatMap((v) => (v.snapshot ? [v.snapshot] : []))),
      DateCreated: vapp.created,
      Owner: ownerDoc(sim, base, vapp.ownerId),
      autoNature: vapp.autoNature,
      InMaintenanceMode: false,
      Children: { Vm: vms.map((vm) => vmBody(sim, base, vapp, vm)) },
    },
  };
}

export function vappOwnerView(sim: World, base: string, vapp: VApp): Rendered {
  return { root: 'Owner', type: MT.owner, body: { '@_href': `${hrefOf(base, 'vApp', vapp.id)}/owner`, ...ownerDoc(sim, base, vapp.ownerId) } };
}
