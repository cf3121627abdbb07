/**
 * The dashboard's live feed: server-sent events carrying the whole dashboard state, pushed shortly after
 * the store changes and once a second while tasks run (their progress moves with the clock). The state
 * is built only while someone watches.
 */
import type { Response } from 'express';
import type { World } from '../world.js';
import type { Task } from '../store/types.js';
import { dashboardState, type DashboardState } from './state.js';

/** Changes gather this long (real ms) before one push. */
const PUSH_DELAY_MS = 150;
const TICK_MS = 1000;
/** A comment line keeps idle connections open through proxies. */
const HEARTBEAT_MS = 15_000;
const RECENT_TASKS = 30;

export class DashboardFeed {
  private readonly watchers = new Set<Response>();
  /** Ids of the latest tasks, oldest first (a Set keeps insertion order). */
  private readonly recent = new Set<string>();
  private pending: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly sim: World) {
    sim.store.onChange((kind, id) => {
      if (kind === 'task') this.noteTask(id);
      else if (id === '*') this.reloadTasks();
      this.schedule();
    });
  }

  state(): DashboardState {
    const tasks: Task[] = [];
    for (const id of this.recent) {
      const t = this.sim.store.get('task', id);
      if (t) tasks.push(t);
    }
    return dashboardState(this.sim, tasks);
  }

  /** Turns `res` into an event stream and sends the current state at once. */
  watch(res: Response): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    this.watchers.add(res);
    res.on('close', () => {
      this.watchers.delete(res);
      if (!this.watchers.size) this.idle();
    });
    this.send(res, this.state());
    if (!this.ticker) {
      this.ticker = setInterval(() => this.sim.tasks.activeCount() && this.push(), TICK_MS).unref();
      this.heartbeat = setInterval(() => this.watchers.forEach((w) => w.write(': ping\n\n')), HEARTBEAT_MS).unref();
    }
  }

  /** Ends every stream (the simulator is stopping: open streams would hold the server open). */
  close(): void {
    for (const w of this.watchers) w.end();
    this.watchers.clear();
    this.idle();
  }

  private schedule(): void {
    if (!this.watchers.size || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.push();
    }, PUSH_DELAY_MS).unref();
  }

  private push(): void {
    if (!this.watchers.size) return;
    const state = this.state();
    for (const w of this.watchers) this.send(w, state);
  }

  private send(res: Response, state: DashboardState): void {
    res.write(`event: state\ndata: ${JSON.stringify(state)}\n\n`);
  }

  private idle(): void {
    clearTimeout(this.pending);
    clearInterval(this.ticker);
    clearInterval(this.heartbeat);
    this.pending = this.ticker = this.heartbeat = undefined;
  }

  private noteTask(id: string): void {
    if (this.recent.has(id)) return;
    this.recent.add(id);
    if (this.recent.size > RECENT_TASKS) this.recent.delete(this.recent.values().next().value!);
  }

  private reloadTasks(): void {
    this.recent.clear();
    const latest = [...this.sim.store.all('task')].sort((a, b) => a.startTime.localeCompare(b.startTime)).slice(-RECENT_TASKS);
    for (const t of latest) this.recent.add(t.id);
  }
}
