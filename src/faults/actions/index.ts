/**
 * The registry of fault actions: one module per action (its shape, parsing and effect), listed here once.
 * Adding an action is its module, a line below, and its name in the control API's OpenAPI description
 * (openapi/paths/control.yaml; a test checks the two lists agree).
 */
import type { AnyAction, HttpAction, TaskAction, WindowAction } from './action.js';
import { error } from './error.js';
import { latency } from './latency.js';
import { timeout } from './timeout.js';
import { reset } from './reset.js';
import { truncate } from './truncate.js';
import { partition } from './partition.js';
import { taskFailure } from './task-failure.js';
import { taskStall } from './task-stall.js';
import { slowTasks } from './slow-tasks.js';
import { exhaust } from './exhaust.js';
import { poolExhaust } from './pool-exhaust.js';

export const ACTIONS = [error, latency, timeout, reset, truncate, partition, taskFailure, taskStall, slowTasks, exhaust, poolExhaust] as const;

type Module = (typeof ACTIONS)[number];
type ActionOf<M> = M extends { parse(...args: never[]): infer A } ? Exclude<A, undefined> : never;
type InputOf<M> = M extends { readonly input?: infer I } ? Exclude<I, undefined> : never;

/** An action as the engine holds it (validated, normalized). */
export type FaultAction = ActionOf<Module>;
/** An action as the control API and scenarios accept it. */
export type FaultActionInput = InputOf<Module>;
export type ActionType = FaultAction['type'];
export type HttpFaultAction = ActionOf<Extract<Module, { target: 'http' }>>;
export type TaskFaultAction = ActionOf<Extract<Module, { target: 'task' }>>;
export type WindowFaultAction = ActionOf<Extract<Module, { target: 'window' }>>;

export const ACTION_TYPES = ACTIONS.map((a) => a.type) as ActionType[];

const BY_TYPE = new Map<string, AnyAction>(ACTIONS.map((a) => [a.type, a as unknown as AnyAction]));

/** The module of an action type (undefined for an unknown type). */
export function actionModule(type: string): AnyAction | undefined {
  return BY_TYPE.get(type);
}

/** The module of an action, typed for it. */
export function moduleOf<A extends HttpFaultAction>(a: A): HttpAction<A>;
export function moduleOf<A extends TaskFaultAction>(a: A): TaskAction<A>;
export function moduleOf<A extends WindowFaultAction>(a: A): WindowAction<A>;
export function moduleOf(a: FaultAction): AnyAction<FaultAction>;
export function moduleOf(a: FaultAction): AnyAction<FaultAction> {
  return BY_TYPE.get(a.type) as unknown as AnyAction<FaultAction>;
}
