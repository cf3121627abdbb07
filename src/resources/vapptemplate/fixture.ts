/** The fixture's `templates:` of a catalog: vApp templates (their VMs in the VM format) and their catalog items. */
import type { CatalogItem, VAppTemplate } from '../../store/types.js';
import { Status } from '../../store/types.js';
import type { FixtureMetadata, FixtureSection } from '../fixture-section.js';
import type { CatalogScope } from '../catalog/fixture.js';
import { templateVm, type FixtureVm } from '../vm/fixture.js';

export interface FixtureTemplate {
  name: string;
  description?: string;
  network?: string;
  metadata?: FixtureMetadata;
  vms: FixtureVm[];
}

export const vAppTemplateFixture: FixtureSection<CatalogScope, FixtureTemplate, VAppTemplate> = {
  key: 'templates',
  parent: 'catalog',
  build(b, t, tat, { catalog, vdc, owner, defaultProfile }) {
    const { random, now } = b;
    if (!t.vms?.length) b.fail(tat, 'a template needs at least one VM');
    t.vms.forEach((vm, i) => vm.snapshot !== undefined && b.fail(`${tat}.vms[${i}].snapshot`, 'a template VM holds no snapshot (vApp VMs only)'));
    const network = t.network ?? 'vm-network';
    const template: VAppTemplate = {
      id: random.uuid(), orgId: catalog.orgId, vdcId: vdc.id, catalogId: catalog.id, name: t.name,
      description: t.description ?? '', ownerId: owner.id, status: Status.POWERED_OFF, networks: [network],
      storageProfileId: defaultProfile?.id, created: now, metadata: b.md(t.metadata, tat),
      vms: t.vms.map((vm, i) => templateVm(vm, i, network, random, vdc.hardwareVersion)),
    };
    b.snap.vAppTemplate.push(template);
    const item: CatalogItem = {
      id: random.uuid(), catalogId: catalog.id, name: t.name, description: t.description ?? '',
      templateId: template.id, created: now,
    };
    b.snap.catalogItem.push(item);
    return template;
  },
};
