/** VAppTemplate documents: the template and each of its VMs (also VAppTemplate-typed, as VCD has it). */
import type { World } from '../../world.js';
import type { TemplateVm, VAppTemplate } from '../../store/types.js';
import { Status } from '../../store/types.js';
import { MT } from '../../wire/media.js';
import { link } from '../../wire/links.js';
import { hrefOf, urn } from '../links.js';
import type { Rendered } from '../../wire/render.js';
import type { Doc } from '../../wire/xml.js';
import { ownerDoc } from '../catalog/view.js';
import { tasksInProgress } from '../task/view.js';
import { filesDoc } from '../transfer/ops.js';
import { downloadFilesDoc, downloadLinks } from '../transfer/download.js';
import {
  DEFAULT_GUEST_CUSTOMIZATION, guestCustomizationSection, networkConnectionSection, operatingSystemSection,
  virtualHardwareSection,
} from '../vm/sections.js';

export const templateVmHref = (base: string, id: string) => `${base}/api/vAppTemplate/vm-${id}`;

function templateVmBody(sim: World, base: string, t: VAppTemplate, vm: TemplateVm): Doc {
  const href = templateVmHref(base, vm.id);
  return {
    '@_goldMaster': false,
    '@_status': t.status,
    '@_name': vm.name,
    '@_id': urn('vm', vm.id),
    '@_href': href,
    '@_type': MT.vm,
    Link: [link('up', hrefOf(base, 'vAppTemplate', t.id), MT.vAppTemplate)],
    Description: vm.description,
    NetworkConnectionSection: networkConnectionSection(`${href}/networkConnectionSection/`, vm, false),
    GuestCustomizationSection: guestCustomizationSection(`${href}/guestCustomizationSection/`, vm.id, vm, DEFAULT_GUEST_CUSTOMIZATION, false),
    'ovf:VirtualHardwareSection': virtualHardwareSection(undefined, vm, {
      editable: false,
      storageProfileHref: t.storageProfileId ? hrefOf(base, 'storageProfile', t.storageProfileId) : undefined,
    }),
    'ovf:OperatingSystemSection': operatingSystemSection(undefined, vm),
    VAppScopedLocalId: vm.localId,
    DateCreated: t.created,
  };
}

export function templateVmView(sim: World, base: string, t: VAppTemplate, vm: TemplateVm): Rendered {
  return { root: 'VAppTemplate', type: MT.vm, body: templateVmBody(sim, base, t, vm) };
}

export function templateView(sim: World, base: string, t: VAppTemplate): Rendered {
  const href = hrefOf(base, 'vAppTemplate', t.id);
  const item = sim.store.where('catalogItem', 'templateId', t.id)[0];
  const profile = t.storageProfileId ? sim.store.get('storageProfile', t.storageProfileId) : undefined;
  return {
    root: 'VAppTemplate',
    type: MT.vAppTemplate,
    body: {
      '@_goldMaster': false,
      '@_ovfDescriptorUploaded': t.upload ? t.upload.descriptorUploaded : true,
      '@_status': t.status,
      '@_name': t.name,
      '@_id': urn('vAppTemplate', t.id),
      '@_href': href,
      '@_type': MT.vAppTemplate,
      Link: [
        link('up', hrefOf(base, 'vdc', t.vdcId), MT.vdc),
        ...(item ? [link('catalogItem', hrefOf(base, 'catalogItem', item.id), MT.catalogItem)] : []),
        ...(t.status !== Status.UNRESOLVED && !sim.tasks.activeFor(t.id).length ? [link('remove', href)] : []),
        ...(t.status === Status.POWERED_OFF && !sim.tasks.activeFor(t.id).length ? [
          link('edit', href, MT.vAppTemplate),
          link(t.downloadEnabled ? 'disable' : 'enable', `${href}/action/${t.downloadEnabled ? 'disableDownload' : 'enableDownload'}`),
        ] : []),
        ...downloadLinks(base, t),
        link('down', `${href}/owner`, MT.owner),
        link('down', `${href}/metadata`, MT.metadata),
        link('down', `${href}/leaseSettingsSection/`, MT.leaseSettingsSection),
        link('down', `${href}/networkConfigSection/`, MT.networkConfigSection),
      ],
      Description: t.description,
      Tasks: tasksInProgress(sim, base, t.id),
      Files: filesDoc(base, t.id, t.upload) ?? downloadFilesDoc(base, t),
      Owner: ownerDoc(sim, base, t.ownerId),
      Children: t.vms.length ? { Vm: t.vms.map((vm) => templateVmBody(sim, base, t, vm)) } : undefined,
      LeaseSettingsSection: {
        '@_href': `${href}/leaseSettingsSection/`,
        '@_type': MT.leaseSettingsSection,
        '@_ovf:required': false,
        'ovf:Info': 'Lease settings section',
        StorageLeaseInSeconds: 0,
      },
      'ovf:NetworkSection': {
        'ovf:Info': 'The list of logical networks',
        'ovf:Network': t.networks.map((n) => ({ '@_ovf:name': n, 'ovf:Description': `The ${n} network` })),
      },
      NetworkConfigSection: {
        '@_href': `${href}/networkConfigSection/`,
        '@_type': MT.networkConfigSection,
        '@_ovf:required': false,
        'ovf:Info': 'The configuration parameters for logical networks',
        NetworkConfig: t.networks.map((n) => ({
          '@_networkName': n,
          Description: `The ${n} network`,
          Configuration: { FenceMode: 'isolated', RetainNetInfoAcrossDeployments: false },
          IsDeployed: false,
        })),
      },
      VAppScopedLocalId: t.name,
      DefaultStorageProfile: profile?.name,
      DateCreated: t.created,
    },
  };
}

export function templateOwnerView(sim: World, base: string, t: VAppTemplate): Rendered {
  const href = hrefOf(base, 'vAppTemplate', t.id);
  return { root: 'Owner', type: MT.owner, body: { '@_href': `${href}/owner`, ...ownerDoc(sim, base, t.ownerId) } };
}

