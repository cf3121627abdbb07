/** Starting tasks on vApps and VMs on behalf of the caller. */
import type { Actor, World } from '../../world.js';
import type { Reservation, Task, TaskAction, VApp, Vm } from '../../store/types.js';
import { VcdError } from '../../errors.js';

export interface TaskRequest {
  operationName: string;
  /** Verb of the task's operation text: "Starting", "Deleting"… */
  verb: string;
  vms?: number;
  diskGb?: number;
  action: TaskAction;
  /** Capacity held while the task runs, or the capacity refusal the task must fail with (as VCD fails it). */
  reservation?: Reservation | VcdError;
}

/** A task owned by a vApp, or by a VM (which keeps its vApp busy too). */
export function startTaskOn(sim: World, actor: Actor, target: { vapp: VApp; vm?: Vm }, t: TaskRequest): Task {
  const owner = target.vm ?? target.vapp;
  const r = t.reservation;
  return sim.tasks.start({
    operationName: t.operationName,
    operation: `${t.verb} Virtual ${target.vm ? 'Machine' : 'Application'} ${owner.name}(${owner.id})`,
    orgId: target.vapp.orgId,
    userId: actor.user!.id,
    owner: { kind: target.vm ? 'vm' : 'vApp', id: owner.id, name: owner.name },
    parentId: target.vm ? target.vapp.id : undefined,
    vms: t.vms,
    diskGb: t.diskGb,
    action: t.action,
    reservation: r instanceof VcdError ? undefined : r,
    fail: r instanceof VcdError ? r : undefined,
  });
}
