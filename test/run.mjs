#!/usr/bin/env node
/**
 * Runs the test suite on Node's test runner: every test/**\/*.test.ts (or the files or folders given),
 * TypeScript through tsx, jest's globals from test/setup/globals.ts. Each file runs in its own process.
 *
 *   node test/run.mjs [FILE_OR_FOLDER…]
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const find = (p) => (statSync(p).isDirectory() ? readdirSync(p).sort().flatMap((n) => (n === 'node_modules' ? [] : find(join(p, n)))) : p.endsWith('.test.ts') ? [p] : []);
const files = (process.argv.length > 2 ? process.argv.slice(2) : ['test']).flatMap(find).map((f) => relative('.', f));
if (!files.length) {
  console.error('no test files');
  process.exit(1);
}
const child = spawn(process.execPath, [
  '--import', 'tsx', '--import', './test/setup/globals.ts', '--test', '--test-reporter=spec', ...files,
], { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, '--disable-warning=ExperimentalWarning'].filter(Boolean).join(' ') } });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
