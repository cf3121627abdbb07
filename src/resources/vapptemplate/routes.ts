/** vApp templates and their VMs (read-only: templates come from the inventory). */
import type { Router } from 'express';
import type { World } from '../../world.js';
import type { VAppTemplate, TemplateVm } from '../../store/types.js';
import { templateOwnerView, templateView, templateVmView } from './view.js';
import { canRead, param, requireRight } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { MT } from '../../wire/media.js';
import { sendDoc, type Rendered } from '../../wire/render.js';
import { noAccess, notFound } from '../../errors.js';
import { sectionDoc } from '../vm/sections.js';
import { uuidOf } from '../../wire/links.js';
import type { Request } from 'express';
import { readBody } from '../../wire/body.js';
import { attr, text } from '../../wire/xml.js';
import { sendAccepted } from '../task/view.js';
import { disableDownload, startEnableDownload, startUpdateTemplate } from '../catalog/ops.js';

const TEMPLATE_SECTIONS: Record<string, [string, string]> = {
  leaseSettingsSection: ['LeaseSettingsSection', MT.leaseSettingsSection],
  networkConfigSection: ['NetworkConfigSection', MT.networkConfigSection],
};
const VM_SECTIONS: Record<string, [string, string]> = {
  networkConnectionSection: ['NetworkConnectionSection', MT.networkConnectionSection],
  guestCustomizationSection: ['GuestCustomizationSection', MT.guestCustomizationSection],
  virtualHardwareSection: ['ovf:VirtualHardwareSection', MT.virtualHardwareSection],
  operatingSystemSection: ['ovf:OperatingSystemSection', MT.operatingSystemSection],
};

export function templateRoutes(router: Router, sim: World): void {
  const template = (req: Request): VAppTemplate => {
    requireRight(req, RIGHTS.templateView);
    const id = uuidOf(param(req, 'id'));
    const t = id ? sim.store.get('vAppTemplate', id) : undefined;
    if (!t || !canRead(sim, req, 'vAppTemplate', t)) throw noAccess('vapptemplate', param(req, 'id'));
    return t;
  };
  const templateVm = (req: Request): [VAppTemplate, TemplateVm] => {
    requireRight(req, RIGHTS.templateView);
    const id = uuidOf(param(req, 'id'));
    for (const t of sim.store.all('vAppTemplate')) {
      const vm = t.vms.find((v) => v.id === id);
      if (vm && canRead(sim, req, 'vAppTemplate', t)) return [t, vm];
    }
    throw noAccess('vm', param(req, 'id'));
  };
  const section = (entity: Rendered, table: Record<string, [string, string]>, name: string) => {
    const [key, type] = table[name] ?? [];
    const doc = key ? sectionDoc(entity, key, type) : undefined;
    if (!doc) throw notFound(`The section ${name} does not exist.`);
    return doc;
  };

  router.get('/api/vAppTemplate/vappTemplate-:id', (req, res) => sendDoc(req, res, templateView(sim, req.ctx.base, template(req))));
  router.put('/api/vAppTemplate/vappTemplate-:id', (req, res) => {
    const t = template(req);
    const doc = readBody(req, 'VAppTemplate').doc;
    sendAccepted(sim, req, res, startUpdateTemplate(sim, req.ctx, t, { name: attr(doc, 'name'), description: text(doc, 'Description') }));
  });
  router.post('/api/vAppTemplate/vappTemplate-:id/action/enableDownload', (req, res) => sendAccepted(sim, req, res, startEnableDownload(sim, req.ctx, template(req))));
  router.post('/api/vAppTemplate/vappTemplate-:id/action/disableDownload', (req, res) => {
    disableDownload(sim, req.ctx, template(req));
    res.status(204).end();
  });
  router.get('/api/vAppTemplate/vappTemplate-:id/owner', (req, res) => sendDoc(req, res, templateOwnerView(sim, req.ctx.base, template(req))));
  router.get('/api/vAppTemplate/vappTemplate-:id/:section', (req, res) =>
    sendDoc(req, res, section(templateView(sim, req.ctx.base, template(req)), TEMPLATE_SECTIONS, req.params.section)));
  router.get('/api/vAppTemplate/vm-:id', (req, res) => sendDoc(req, res, templateVmView(sim, req.ctx.base, ...templateVm(req))));
  router.get('/api/vAppTemplate/vm-:id/:section', (req, res) =>
    sendDoc(req, res, section(templateVmView(sim, req.ctx.base, ...templateVm(req)), VM_SECTIONS, req.params.section)));
}
