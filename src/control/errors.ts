/** Control API errors: JSON `{ error: { status, message, problems? } }`, never a VCD Error document. */
import type { NextFunction, Request, Response } from 'express';
import { FaultConflict } from '../faults/engine.js';
import { ScenarioError } from '../scenarios/loader.js';

export interface ProblemJson {
  path: string;
  message: string;
  line?: number;
  col?: number;
}

export class ControlError extends Error {
  constructor(readonly status: number, message: string, readonly problems?: ProblemJson[]) {
    super(message);
  }
}

export function toControlError(e: unknown): ControlError {
  if (e instanceof ControlError) return e;
  if (e instanceof ScenarioError) return new ControlError(400, 'The scenario is not valid.', e.problems);
  if (e instanceof FaultConflict) return new ControlError(409, e.message);
  const err = e as { type?: string; message?: string; status?: number };
  if (err?.type === 'entity.parse.failed') return new ControlError(400, `The body is not valid JSON: ${err.message}`);
  if (err?.type === 'entity.too.large') return new ControlError(413, 'The body is too large.');
  if (e instanceof RangeError) return new ControlError(400, e.message);
  return new ControlError(500, `The simulator failed: ${err?.message ?? String(e)}`);
}

export function controlErrorHandler(onInternal: (e: unknown) => void) {
  return (e: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const err = toControlError(e);
    if (err.status >= 500) onInternal(e);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(err.status).json({ error: { status: err.status, message: err.message, ...(err.problems ? { problems: err.problems } : {}) } });
  };
}
