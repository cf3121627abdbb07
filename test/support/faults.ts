/** Test support for fault injection: request facts for the engine, tenants, background tasks, raw HTTP. */
import { request as httpRequest } from 'node:http';
import type { Simulator } from '../../src/sim.js';
import type { Principal, RequestFacts } from '../../src/faults/match.js';
import { kindOfPath } from '../../src/faults/match.js';

export function facts(method: string, path: string, opts: { version?: string; principal?: Principal } = {}): RequestFacts {
  return { id: 'req', method, path, kind: () => kindOfPath(path), version: () => opts.version ?? '38.1', principal: () => opts.principal ?? {} };
}

export function tenant(sim: Simulator, orgName: string) {
  const org = [...sim.store.all('org')].find((o) => o.name === orgName)!;
  const user = sim.store.where('user', 'orgId', org.id)[0];
  const vdc = sim.store.where('vdc', 'orgId', org.id)[0];
  return { org, user, vdc, principal: { orgId: org.id, orgName: org.name, userId: user.id, userName: user.name } };
}

/** A background task in an org, as scenario load creates them. */
export function startTask(sim: Simulator, orgName: string, operationName = 'vdcInstantiateVapp') {
  const t = tenant(sim, orgName);
  return sim.tasks.start({ operationName, operation: `test ${operationName}`, orgId: t.org.id, userId: t.user.id, owner: { kind: 'vdc', id: t.vdc.id, name: t.vdc.name } });
}

export type RawResult =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; body: string }
  | { kind: 'error'; code: string }
  | { kind: 'timeout' };

/** One request on a fresh connection, with a client-side timeout: tells a reset from a hang from an answer. */
export function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: RawResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const req = httpRequest(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ kind: 'response', status: res.statusCode!, headers: res.headers, body }));
      res.on('error', (e: NodeJS.ErrnoException) => done({ kind: 'error', code: e.code ?? e.message }));
    });
    req.setTimeout(opts.timeoutMs ?? 2000, () => {
      done({ kind: 'timeout' });
      req.destroy();
    });
    req.on('error', (e: NodeJS.ErrnoException) => done({ kind: 'error', code: e.code ?? e.message }));
    req.end(opts.body);
  });
}

export const basic = (user: string, org: string, password = 'password') => `Basic ${Buffer.from(`${user}@${org}:${password}`).toString('base64')}`;
