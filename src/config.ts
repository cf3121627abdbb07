/** One typed configuration, filled from defaults, then VCDSIM_* environment variables, then flags. */
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';
/** Log lines as JSON, human-readable, or human-readable only when stderr is a terminal. */
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface Config {
  port: number;
  host: string;
  /** Inventory file (YAML or JSON). */
  fixture: string;
  /** lowdb JSON file for persistent state; in-memory only when unset. */
  dataFile?: string;
  seed: number;
  logLevel: LogLevel;
  logFormat: LogFormat;
  tls: boolean;
  cert?: string;
  key?: string;
  /** Simulated seconds per real second (0 freezes the clock; tests advance it by hand). */
  speed: number;
  sessionIdleMinutes: number;
  /** Which clock session idle time runs on: the client's (real, the default) or the simulated one. */
  sessionIdleClock: 'real' | 'simulated';
  /** Require `;version=` in Accept (real VCD does); otherwise the newest version is assumed. */
  strictVersion: boolean;
  /** Externally visible base URL for hrefs, when behind a proxy; derived from each request otherwise. */
  publicUrl?: string;
  /** Lets non-loopback clients use the control API (/_vcdsim) when they present it. */
  controlToken?: string;
  /** Lets every client use the control API without a token (trusted networks only). */
  controlOpen: boolean;
  /** A scenario file the CLI plays once the simulator listens. */
  scenario?: string;
  /** Exit when that scenario ends, with status 0 if it passed and 1 otherwise (else keep serving). */
  exitAfterScenario: boolean;
  /** Jump that scenario's timed waits instead of waiting for the clock. */
  fastForward?: boolean;
  /** Whether `speed` was asked for (--speed, VCDSIM_SPEED): it then wins over a scenario's own speed. */
  speedGiven?: boolean;
  /** Check requests against openapi/ (parameters, JSON bodies); off only as an escape hatch. */
  validateRequests: boolean;
  /** Check every answer against openapi/ and turn a mismatch into a 500 that says what is wrong. */
  validateResponses: boolean;
  /** Where uploaded bytes (OVF files, media) are written; without it they are only counted and checksummed. */
  contentDir?: string;
  /** At most this many bytes under contentDir (0 = no cap). */
  contentMaxBytes: number;
}

/** The folder holding package.json, wherever this module was compiled to (dist/, or dist-tools/src/ for the benchmarks). */
export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..');
  }
}
export const DEFAULT_FIXTURE = resolve(PACKAGE_ROOT, 'fixtures/default.yaml');

export function defaultConfig(): Config {
  return {
    port: 8080,
    host: '127.0.0.1',
    fixture: DEFAULT_FIXTURE,
    seed: 1,
    logLevel: 'info',
    logFormat: 'auto',
    tls: false,
    speed: 1,
    sessionIdleMinutes: 30,
    sessionIdleClock: 'real',
    strictVersion: false,
    exitAfterScenario: false,
    controlOpen: false,
    validateRequests: true,
    validateResponses: false,
    contentMaxBytes: 1024 ** 3,
  };
}
