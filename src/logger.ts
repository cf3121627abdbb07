/**
 * Structured logs with pino: JSON lines on stderr, or a compact human form when stderr is a terminal
 * (stdout carries only the "listening" line and reports, so scripts can parse it).
 */
import { pino, type DestinationStream } from 'pino';
import type { LogFormat, LogLevel } from './config.js';

export type LogFields = Record<string, unknown>;

export interface Logger {
  level: LogLevel;
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (a scenario run, a component). */
  child(fields: LogFields): Logger;
}

/**
 * `write` receives each line (JSON, newline-terminated) instead of stderr: tests capture logs with it.
 * `format` 'auto' is human-readable on a terminal and JSON otherwise.
 */
export function createLogger(level: LogLevel, write?: (line: string) => void, format: LogFormat = 'auto'): Logger {
  const human = !write && (format === 'pretty' || (format === 'auto' && Boolean(process.stderr.isTTY)));
  const dest: DestinationStream = write
    ? { write }
    : human
      ? { write: prettyWriter(Boolean(process.stderr.isTTY)) }
      // Synchronous, so the last lines before an exit are never lost.
      : pino.destination({ fd: 2, sync: true });
  const root = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    dest,
  );
  return wrap(root);
}

function wrap(p: pino.Logger): Logger {
  return {
    get level() {
      return p.level as LogLevel;
    },
    set level(l: LogLevel) {
      p.level = l;
    },
    error: (msg, fields) => p.error(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    child: (fields) => wrap(p.child(fields)),
  };
}

const COLORS: Record<string, string> = { error: '\x1b[31m', warn: '\x1b[33m', info: '\x1b[36m', debug: '\x1b[90m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** `12:04:05.120 INFO  inventory ready orgs=3 vdcs=3 ms=22`: one line per record, colored on a terminal. */
export function prettyWriter(color: boolean, out: (s: string) => void = (s) => process.stderr.write(s)): (line: string) => void {
  const paint = (code: string, s: string) => (color ? `${code}${s}${RESET}` : s);
  return (line) => {
    let rec: LogFields;
    try {
      rec = JSON.parse(line);
    } catch {
      out(line);
      return;
    }
    const { time, level, msg, ...all } = rec;
    const lvl = String(level);
    const clock = typeof time === 'string' ? time.slice(11, 23) : '';
    let text = String(msg ?? '');
    let fields: LogFields = all;
    if (msg === 'request') {
      // Request lines read like an access log: `GET /api/org 200 3.1ms`, then who, any fault, the id.
      const { method, path, status, ms, route: _route, reqId, ...others } = all;
      text = `${method} ${path} ${status} ${ms}ms`;
      fields = { ...others, reqId };
    }
    const rest = Object.entries(fields)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => `${paint(DIM, `${k}=`)}${show(v)}`)
      .join(' ');
    out(`${paint(DIM, clock)} ${paint(COLORS[lvl] ?? '', lvl.toUpperCase().padEnd(5))} ${text}${rest ? ` ${rest}` : ''}\n`);
  };
}

function show(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
