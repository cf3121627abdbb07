/**
 * Startup feedback: what was loaded, how big it is and how long it took. A large fixture or data file
 * also reports each stage as it happens, so a slow start is never silent.
 */
import { statSync } from 'node:fs';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';

/** From this size on a file is announced before it is read, and each stage is reported. */
const LARGE_BYTES = 1 << 20;

export interface LoadProgress {
  /** Reports a stage that just ended. */
  stage(what: string): void;
  done(store: Store, source: string): void;
}

export function loadProgress(log: Logger, file: string): LoadProgress {
  const started = performance.now();
  let since = started;
  const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  const large = size >= LARGE_BYTES;
  const report = (msg: string, fields: Record<string, unknown>) => (large ? log.info(msg, fields) : log.debug(msg, fields));
  report('loading', { file, mb: Math.round((size / (1 << 20)) * 10) / 10 });
  return {
    stage(what) {
      const now = performance.now();
      report(what, { ms: Math.round(now - since) });
      since = now;
    },
    done(store, source) {
      log.info('inventory ready', {
        source,
        orgs: store.count('org'),
        vdcs: store.count('vdc'),
        templates: store.count('vAppTemplate'),
        vApps: store.count('vApp'),
        vms: store.count('vm'),
        ms: Math.round(performance.now() - started),
      });
    },
  };
}
