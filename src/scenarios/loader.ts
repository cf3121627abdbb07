/**
 * Scenario files: YAML parsed with node positions, so that every problem — a YAML syntax error or a
 * value the schema rejects — is reported as `file:line:col: path: message`.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { Issues, pathText, type Path } from '../lib/validate.js';
import { parseScenario, type Scenario } from './schema.js';

export interface Problem {
  line?: number;
  col?: number;
  path: string;
  message: string;
}

export class ScenarioError extends Error {
  constructor(readonly source: string, readonly problems: Problem[]) {
    super(problems.map((p) => `${source}${p.line ? `:${p.line}:${p.col}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'));
  }
}

export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the scenario: ${(e as Error).message}` }]);
  }
  return parseScenarioText(text, file);
}

export function parseScenarioText(text: string, source = '<scenario>'): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    throw new ScenarioError(source, doc.errors.map((e) => ({ ...lineCounter.linePos(e.pos[0]), path: '', message: e.message })));
  }
  const issues = new Issues();
  const scenario = parseScenario(doc.toJS(), issues);
  if (!scenario) {
    const problems = issues.list.map((i) => ({ ...locate(doc, lineCounter, i.path), path: pathText(i.path), message: i.message }));
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
    throw new ScenarioError(source, problems);
  }
  scenario.source = basename(source);
  scenario.lines = {};
  for (const step of [scenario.setup, ...scenario.timeline]) {
    if (!step) continue;
    const path: Path = step.where === 'setup' ? ['setup'] : ['timeline', Number(/\d+/.exec(step.where)![0])];
    const line = locate(doc, lineCounter, path).line;
    if (line) scenario.lines[step.where] = line;
  }
  return scenario;
}

/** The line of the value at `path`, or of its nearest ancestor that exists (a missing key: its mapping). */
function locate(doc: Document, lc: LineCounter, path: Path): { line?: number; col?: number } {
  for (let p = path; ; p = p.slice(0, -1)) {
    const node = p.length ? doc.getIn(p, true) : doc.contents;
    if (isNode(node) && node.range) return lc.linePos(node.range[0]);
    if (!p.length) return {};
  }
}
