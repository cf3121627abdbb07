/** A small leveled logger: JSON lines on stderr (stdout carries only the "listening" line and reports). */
import type { LogLevel } from './config.js';

const ORDER: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export interface Logger {
  level: LogLevel;
  error(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const logger: Logger = { level } as Logger;
  for (const l of ['error', 'warn', 'info', 'debug'] as const) {
    logger[l] = (msg, fields) => {
      if (ORDER[l] > ORDER[logger.level]) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...fields })}\n`);
    };
  }
  return logger;
}
