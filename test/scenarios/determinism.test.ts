/** The same seed and scenario, with the same traffic, give the same faults; another seed, others. */
import { resolve } from 'node:path';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { newSim, login } from '../support/sim.js';
import { loadScenarioFile, parseScenarioText } from '../../src/scenarios/loader.js';
import type { Scenario } from '../../src/scenarios/schema.js';
import type { FaultEvent } from '../../src/faults/engine.js';

/** The story a run told: when (from its start), which rule, what it hit. */
const story = (events: FaultEvent[], start: number) =>
  events.map((e) => ({ t: e.timeMs - start, rule: e.rule, action: e.action, target: e.request ? `${e.request.method} ${e.request.path} ${e.request.org ?? ''}` : e.task?.id, detail: e.detail }));

/** A fresh simulator plays the scenario while a client makes the same requests at the same moments. */
async function playWithTraffic(scenario: Scenario) {
  const sim = await newSim();
  const token = await login(sim, 'alice', 'acme');
  const run = sim.scenarios.start(scenario, { speed: 0 });
  for (let i = 0; i < 60; i++) {
    await request(sim.app).get(i % 3 ? '/api/org' : '/api/versions').set('Authorization', `Bearer ${token}`);
    await request(sim.app).post('/cloudapi/1.0.0/sessions').set('Accept', 'application/json;version=37.0').auth('gina@globex', 'password');
    sim.clock.advance(5000);
  }
  sim.clock.advance(10 * 60_000);
  const result = { status: run.status, story: story(run.events, run.startedAt) };
  await sim.stop();
  return result;
}

describe('determinism', () => {
  const flapping = loadScenarioFile(resolve('scenarios', 'flapping-503.yaml'));

  it('replays the same faults for the same seed and traffic', async () => {
    const a = await playWithTraffic(flapping);
    const b = await playWithTraffic(flapping);
    expect(a.status).toBe('passed');
    expect(a.story.length).toBeGreaterThan(10);
    expect(b.story).toEqual(a.story);
  });

  it('tells another story with another seed', async () => {
    const text = readFileSync(resolve('scenarios', 'flapping-503.yaml'), 'utf8').replace('seed: 42', 'seed: 43');
    const a = await playWithTraffic(flapping);
    const c = await playWithTraffic(parseScenarioText(text));
    expect(c.story).not.toEqual(a.story);
  });

  it('replays task faults and load the same way (cascading failure, fast-forwarded)', async () => {
    const cascading = loadScenarioFile(resolve('scenarios', 'cascading-failure.yaml'));
    const once = async () => {
      const sim = await newSim();
      const run = sim.scenarios.start(cascading, { speed: 0, fastForward: true });
      await run.done;
      const tasks = [...sim.store.all('task')].map((t) => [t.id, t.status, t.durationMs]);
      await sim.stop();
      return { story: story(run.events, run.startedAt), tasks };
    };
    const [a, b] = [await once(), await once()];
    expect(a.story.some((e) => e.rule === 'deploys-fail')).toBe(true);
    expect(b).toEqual(a);
  });
});
