/** vApps: creation on a VDC (201 + VApp), GET/PUT/DELETE, power and deploy actions, recompose, sections. */
import type { Request, Response, Router } from 'express';
import type { World } from '../../world.js';
import type { Task, VApp, Vm } from '../../store/types.js';
import { vappOwnerView, vappView } from './view.js';
import {
  cloneVApp, compose, createStandaloneVm, instantiate, networksFromSection, recompose, startDeleteVApp, startUpdateVApp,
} from './ops.js';
import { cloneParams, composeParams, instantiateParams, networkConfigsFrom, recomposeParams, standaloneVmParams } from './params.js';
import { param, requireRight, visible } from '../access.js';
import { RIGHTS } from '../../store/roles.js';
import { MT } from '../../wire/media.js';
import { readBody, readOptionalBody } from '../../wire/body.js';
import { attr, parseBool, text } from '../../wire/xml.js';
import { notFound } from '../../errors.js';
import { sendDoc } from '../../wire/render.js';
import { sendAccepted, taskBody } from '../task/view.js';
import { sectionDoc } from '../vm/sections.js';
import { startPowerAction, type PowerAction } from '../vm/ops.js';
import { int } from '../vm/params.js';

const POWER_ACTIONS = new Set(['powerOn', 'powerOff', 'reset', 'suspend', 'shutdown', 'reboot']);

/** Power, deploy and undeploy routes shared by vApps and VMs (`prefix` is `vapp-` or `vm-`). */
export function powerRoutes(router: Router, sim: World, prefix: string, target: (req: Request) => { vapp: VApp; vm?: Vm }): void {
  router.post(`/api/vApp/${prefix}:id/power/action/:action`, (req, res) => {
    const t = target(req);
    const action = param(req, 'action');
    if (!POWER_ACTIONS.has(action)) throw notFound(`There is no power action ${action}.`);
    requireRight(req, RIGHTS.vappPower);
    sendAccepted(sim, req, res, startPowerAction(sim, req.ctx, t, action as PowerAction));
  });
  router.post(`/api/vApp/${prefix}:id/action/deploy`, (req, res) => {
    const t = target(req);
    requireRight(req, RIGHTS.vappPower);
    const doc = readOptionalBody(req, 'DeployVAppParams')?.doc;
    sendAccepted(sim, req, res, startPowerAction(sim, req.ctx, t, 'deploy', { powerOn: parseBool(attr(doc, 'powerOn'), true) }));
  });
  router.post(`/api/vApp/${prefix}:id/action/undeploy`, (req, res) => {
    const t = target(req);
    requireRight(req, RIGHTS.vappPower);
    const doc = readOptionalBody(req, 'UndeployVAppParams')?.doc;
    const undeployAction = (text(doc, 'UndeployPowerAction') ?? 'default').trim();
    sendAccepted(sim, req, res, startPowerAction(sim, req.ctx, t, 'undeploy', { undeployAction }));
  });
  router.post(`/api/vApp/${prefix}:id/action/discardSuspendedState`, (req, res) => {
    const t = target(req);
    requireRight(req, RIGHTS.vappPower);
    sendAccepted(sim, req, res, startPowerAction(sim, req.ctx, t, 'discardSuspendedState'));
  });
}

export function vappRoutes(router: Router, sim: World): void {
  const vappOf = (req: Request) => visible(sim, req, 'vApp', param(req, 'id'));
  // The entity as it is now: a task that completes at once has already changed it. The creation task is
  // always embedded, finished or not: both SDKs read Tasks/Task[0] of a 201 and wait on it.
  const created = (req: Request, res: Response, result: { vapp: VApp; task: Task }) => {
    const doc = vappView(sim, req.ctx.base, sim.store.get('vApp', result.vapp.id) ?? result.vapp);
    doc.body.Tasks ??= creationTasks(req, result.task);
    res.setHeader('Location', String(doc.body['@_href']));
    sendDoc(req, res, doc, 201);
  };
  const creationTasks = (req: Request, task: Task) => ({ Task: [taskBody(sim, req.ctx.base, sim.store.get('task', task.id) ?? task)] });

  router.post('/api/vdc/:id/action/instantiateVAppTemplate', (req, res) => {
    const vdc = visible(sim, req, 'vdc', req.params.id);
    created(req, res, instantiate(sim, req.ctx, vdc, instantiateParams(readBody(req, 'InstantiateVAppTemplateParams').doc)));
  });
  router.post('/api/vdc/:id/action/composeVApp', (req, res) => {
    const vdc = visible(sim, req, 'vdc', req.params.id);
    created(req, res, compose(sim, req.ctx, vdc, composeParams(readBody(req, 'ComposeVAppParams').doc)));
  });
  router.post('/api/vdc/:id/action/cloneVApp', (req, res) => {
    const vdc = visible(sim, req, 'vdc', req.params.id);
    created(req, res, cloneVApp(sim, req.ctx, vdc, cloneParams(readBody(req, 'CloneVAppParams').doc)));
  });

  // A standalone VM goes into a vApp of its own marked autoNature; VCD answers 202 with the creation task,
  // owned by that vApp (go-vcloud-director finds the VM through the task's Owner).
  const standalone = (fromTemplate: boolean, root: string) => (req: Request, res: Response) => {
    const vdc = visible(sim, req, 'vdc', param(req, 'id'));
    const { task } = createStandaloneVm(sim, req.ctx, vdc, standaloneVmParams(readBody(req, root).doc, fromTemplate));
    sendAccepted(sim, req, res, sim.store.get('task', task.id) ?? task);
  };
  router.post('/api/vdc/:id/action/createVm', standalone(false, 'CreateVmParams'));
  router.post('/api/vdc/:id/action/instantiateVmFromTemplate', standalone(true, 'InstantiateVmTemplateParams'));

  router.get('/api/vApp/vapp-:id', (req, res) => sendDoc(req, res, vappView(sim, req.ctx.base, vappOf(req))));
  router.put('/api/vApp/vapp-:id', (req, res) => {
    const vapp = vappOf(req);
    const doc = readBody(req, 'VApp').doc;
    sendAccepted(sim, req, res, startUpdateVApp(sim, req.ctx, vapp, { name: attr(doc, 'name') ?? vapp.name, description: text(doc, 'Description') ?? vapp.description }));
  });
  router.delete('/api/vApp/vapp-:id', (req, res) => {
    const force = parseBool(typeof req.query.force === 'string' ? req.query.force : undefined, false);
    sendAccepted(sim, req, res, startDeleteVApp(sim, req.ctx, vappOf(req), force));
  });
  router.post('/api/vApp/vapp-:id/action/recomposeVApp', (req, res) => {
    sendAccepted(sim, req, res, recompose(sim, req.ctx, vappOf(req), recomposeParams(readBody(req, 'RecomposeVAppParams').doc)));
  });
  powerRoutes(router, sim, 'vapp-', (req) => ({ vapp: vappOf(req) }));

  router.get('/api/vApp/vapp-:id/owner', (req, res) => sendDoc(req, res, vappOwnerView(sim, req.ctx.base, vappOf(req))));
  const section = (req: Request, key: string, type: string) => sectionDoc(vappView(sim, req.ctx.base, vappOf(req)), key, type)!;
  router.get('/api/vApp/vapp-:id/leaseSettingsSection', (req, res) => sendDoc(req, res, section(req, 'LeaseSettingsSection', MT.leaseSettingsSection)));
  router.get('/api/vApp/vapp-:id/networkConfigSection', (req, res) => sendDoc(req, res, section(req, 'NetworkConfigSection', MT.networkConfigSection)));
  router.put('/api/vApp/vapp-:id/leaseSettingsSection', (req, res) => {
    const vapp = vappOf(req);
    const doc = readBody(req, 'LeaseSettingsSection').doc;
    sendAccepted(sim, req, res, startUpdateVApp(sim, req.ctx, vapp, {
      deploymentLeaseSeconds: int(text(doc, 'DeploymentLeaseInSeconds'), 'DeploymentLeaseInSeconds') ?? vapp.deploymentLeaseSeconds,
      storageLeaseSeconds: int(text(doc, 'StorageLeaseInSeconds'), 'StorageLeaseInSeconds') ?? vapp.storageLeaseSeconds,
    }));
  });
  router.put('/api/vApp/vapp-:id/networkConfigSection', (req, res) => {
    const vapp = vappOf(req);
    const doc = readBody(req, 'NetworkConfigSection').doc;
    sendAccepted(sim, req, res, startUpdateVApp(sim, req.ctx, vapp, { networks: networksFromSection(sim, req.ctx, vapp, networkConfigsFrom(doc)) }));
  });
}
