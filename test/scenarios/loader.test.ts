/** Scenario files: every example loads; mistakes are reported with their line. */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseScenarioText, loadScenarioFile, ScenarioError } from '../../src/scenarios/loader.js';
import { newSim } from '../support/sim.js';
import { ENTITY_KINDS } from '../../src/store/types.js';

const problems = (text: string) => {
  try {
    parseScenarioText(text, 'test.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split('\n');
    throw e;
  }
  throw new Error('the scenario was accepted');
};

describe('scenario files', () => {
  it('loads every example, steps in time order with their lines', () => {
    const dir = resolve('scenarios');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const s = loadScenarioFile(resolve(dir, f));
      expect(s.name).toBe(f.replace(/\.yaml$/, ''));
      expect(s.description).toBeTruthy();
      expect(s.timeline.map((t) => t.at)).toEqual([...s.timeline.map((t) => t.at)].sort((a, b) => a - b));
      expect(Object.keys(s.lines!).length).toBe(s.timeline.length + (s.setup ? 1 : 0));
    }
  });

  it('names the line of a YAML syntax error', () => {
    expect(problems('name: x\ntimeline:\n  - at: 0s\n    note: [unclosed\n')[0]).toMatch(/^test\.yaml:5:1: /);
  });

  it('names the line and path of each value the schema rejects', () => {
    const text = [
      'name: bad',                                // 1
      'speed: fast',                              // 2
      'colour: red',                              // 3
      'timeline:',                                // 4
      '  - at: 30 seconds',                       // 5
      '    note: typo in the duration',           // 6
      '  - note: no offset',                      // 7
      '  - at: 1m',                               // 8
      '    faults:',                              // 9
      '      - id: r1',                           // 10
      '        action: { type: error, status: 700 }', // 11
      '        probability: 2',                   // 12
      '      - action: { type: task-stall }',     // 13
      '        match: { path: /api/** }',         // 14
      '    remove: [r2]',                         // 15
      '    expect:',                              // 16
      '      - countt: { kind: vApp, equals: 1 }', // 17
      '      - count: { kind: vapps, min: 1 }',   // 18
      '      - faults: { rule: nope, min: 1 }',   // 19
      '    load: { org: acme }',                  // 20
    ].join('\n');
    expect(problems(text)).toEqual([
      'test.yaml:2:8: speed: must be a number, got "fast"',
      'test.yaml:3:9: colour: unknown key "colour" (expected one of: name, description, seed, speed, setup, timeline)',
      'test.yaml:5:9: timeline[0].at: must be a duration such as 30s, 2m, 1h30m, 500ms or a number of seconds, got "30 seconds"',
      'test.yaml:7:5: timeline[1].at: each step needs `at`: its offset from the start (0s, 30s, 2m…)',
      'test.yaml:11:40: timeline[2].faults[0].action.status: must be at most 599, got 700',
      'test.yaml:12:22: timeline[2].faults[0].probability: must be at most 1, got 2',
      'test.yaml:14:24: timeline[2].faults[1].match.path: unknown key "path" (expected one of: operation, kind, org, user)',
      'test.yaml:17:17: timeline[2].expect[0].countt: unknown check "countt" (one of: count, noActiveTasks, noTransitional, faults, requests)',
      `test.yaml:18:24: timeline[2].expect[1].count.kind: unknown kind "vapps" (one of: ${ENTITY_KINDS.join(', ')})`,
      'test.yaml:20:11: timeline[2].load.operation: must be a non-empty string, got nothing',
    ]);
  });

  it('checks that the rules a step removes or counts were added before it', () => {
    const text = [
      'name: refs',
      'timeline:',
      '  - at: 0s',
      '    remove: r1',
      '  - at: 1m',
      '    faults: { id: r1, action: reset }',
      '  - at: 2m',
      '    remove: [r1, r2]',
      '    expect:',
      '      - noActiveTasks: true',
      '      - faults: { rule: nope, min: 1 }',
    ].join('\n');
    expect(problems(text)).toEqual([
      'test.yaml:4:13: timeline[0].remove[0]: no rule with id "r1" is added by this scenario at or before this step',
      'test.yaml:8:18: timeline[2].remove[1]: no rule with id "r2" is added by this scenario at or before this step',
      'test.yaml:11:25: timeline[2].expect[1].faults.rule: no rule with id "nope" is added by this scenario at or before this step',
    ]);
  });

  it('needs a name and a timeline', () => {
    expect(problems('description: nothing else\n')).toEqual([
      'test.yaml:1:1: name: must be a non-empty string, got nothing',
      'test.yaml:1:1: timeline: a scenario needs a timeline: a list of steps, each with an `at` offset',
    ]);
  });

  it('refuses to start a scenario naming what the inventory lacks, with the line of the step', async () => {
    const sim = await newSim();
    const s = parseScenarioText('name: x\ntimeline:\n  - at: 0s\n    note: fine\n  - at: 1m\n    load: { org: initech, operation: vdcInstantiateVapp }\n    capacity: { vdc: nowhere, storageMB: 0 }\n', 'x.yaml');
    expect(() => sim.scenarios.start(s)).toThrow(
      'x.yaml:5:1: timeline[1].load: no org named "initech"\nx.yaml:5:1: timeline[1].capacity: no VDC named "nowhere"',
    );
    expect(sim.scenarios.list()).toEqual([]);
    await sim.stop();
  });
});
