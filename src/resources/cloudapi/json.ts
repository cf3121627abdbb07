/** Reading CloudAPI request bodies: VCD's 400 for a value of the wrong type, named by where it is. */
import type { Request } from 'express';
import { badRequest } from '../../errors.js';

export type Json = Record<string, unknown>;

/** The request's JSON object (anything else is a 400). */
export function jsonBody(req: Request): Json {
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) throw badRequest('The request body must be a JSON object.');
  return req.body as Json;
}

export function str(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${what} must be a string.`);
  return v;
}

export function bool(v: unknown, what: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badRequest(`${what} must be true or false.`);
  return v;
}

export function int(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest(`${what} must be a whole number.`);
  return v;
}

export const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

export function list(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest(`${what} must be a list.`);
  return v;
}

/** The id of an `{id, name}` reference (undefined when absent). */
export function refId(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest(`${what} must be a reference {"id": …}.`);
  return str((v as Json).id, `${what}.id`) || undefined;
}

export const ref = (name: string | undefined, id: string) => ({ name: name ?? null, id });
