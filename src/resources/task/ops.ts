/** Starting tasks on behalf of the caller: on vApps and VMs, and on any entity that owns its task. */
import type { Actor, World } from '../../world.js';
import type { EntityKind, Reservation, Task, TaskAction, VApp, Vm } from '../../store/types.js';
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

/** A task an entity owns (a CloudAPI change: an edge gateway's services, a network's DHCP…), started by the caller. */
export interface OwnedTask {
  operationName: string;
  operation: string;
  orgId: string;
  owner: { kind: EntityKind; id: string; name: string };
  action: TaskAction;
}

export function startOwnedTask(sim: World, actor: Actor, t: OwnedTask): Task {
  return sim.tasks.start({ ...t, userId: actor.user!.id });
}

/**
 * A task an entity owns, in the entity's org, its operation worded as VCD words it: "<verb> <noun> <name>(<id>)"
 * ("Deleting Media disc1(…)", "Creating Catalog c1(…)").
 */
export function startEntityTask(
  sim: World, actor: Actor, owner: { kind: EntityKind; noun: string }, e: { id: string; name: string; orgId: string },
  t: { operationName: string; verb: string; action: Task['action']; vms?: number; diskGb?: number },
): Task {
  return sim.tasks.start({
    operationName: t.operationName,
    operation: `${t.verb} ${owner.noun} ${e.name}(${e.id})`,
    orgId: e.orgId,
    userId: actor.user!.id,
    owner: { kind: owner.kind, id: e.id, name: e.name },
    vms: t.vms,
    diskGb: t.diskGb,
    action: t.action,
  });
}
