/** The typed queries measured at every inventory size, as a tenant of org1 and as the system administrator. */
import { http, JSON_TYPE, load, login, type LoadResult } from './lib.js';

export const QUERIES: { label: string; as: 'tenant' | 'admin'; json?: boolean; path: string }[] = [
  { label: 'positional names, page 2 (tenant vm)', as: 'tenant', path: '/api/query?type=vm&filter=(name==org1-vdc1-*;status==POWERED_ON)&sortAsc=name&pageSize=2&page=2' },
  { label: 'name==web*, none match (tenant vm)', as: 'tenant', path: '/api/query?type=vm&filter=(name==web*;status==POWERED_ON)&sortAsc=name&pageSize=2' },
  { label: 'suffix wildcard, page 3 (tenant vm)', as: 'tenant', path: '/api/query?type=vm&filter=(name==*vm1;status==POWERED_ON)&sortAsc=name&pageSize=25&page=3' },
  { label: 'all orgs, two conditions, page 3 (adminVM)', as: 'admin', path: '/api/query?type=adminVM&filter=(status==POWERED_ON;numberOfCpus=ge=4)&sortAsc=name&pageSize=25&page=3' },
  { label: 'all orgs, sorted by memory (adminVM)', as: 'admin', path: '/api/query?type=adminVM&filter=status==POWERED_ON&sortDesc=memoryMB&pageSize=25' },
  { label: 'all orgs, 128 records as JSON (adminVM)', as: 'admin', json: true, path: '/api/query?type=adminVM&filter=isDeployed==true&pageSize=128&page=4' },
];

/**
 * Each query in turn on one connection (sequential requests), after a short warm-up that builds the indexes.
 * Every URL is unique, so each answer is computed, never taken from the render cache.
 */
export async function queryLatencies(base: string, seconds: number): Promise<{ results: LoadResult[]; firstMs: number }> {
  const tenant = await login(base, 'org1-admin', 'org1');
  const admin = await login(base, 'administrator', 'System');
  const out: LoadResult[] = [];
  let firstMs = 0;
  for (const q of QUERIES) {
    const headers = q.as === 'admin' ? admin : tenant;
    // The first query of a kind builds its rows (seconds at a million VMs): outside the timed runs.
    const t0 = performance.now();
    const first = await http('GET', `${base}${q.path}&_=first`, q.json ? { ...headers, Accept: JSON_TYPE } : headers);
    firstMs = Math.max(firstMs, performance.now() - t0);
    if (first.status !== 200) throw new Error(`${q.path}: ${first.status} ${first.body.toString().slice(0, 200)}`);
    out.push(await load({ url: `${base}${q.path}`, connections: 1, seconds, warmup: 0.5, unique: true, headers: q.json ? { ...headers, Accept: JSON_TYPE } : headers }));
  }
  return { results: out, firstMs };
}
