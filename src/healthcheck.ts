/**
 * The container's HEALTHCHECK: asks the simulator in this container for /_vcdsim/health and exits 0 when
 * it answers "ok", 1 otherwise. Node itself, since slim images have no curl. It reads the VCDSIM_*
 * variables the server reads; `--tls` given as an argument (not VCDSIM_TLS) is found by trying HTTPS too.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const TIMEOUT_MS = 3000;

function probe(tls: boolean, host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const send = tls ? httpsRequest : httpRequest;
    // The simulator's own certificate is self-signed unless --cert was given.
    const req = send({ host, port, path: '/_vcdsim/health', timeout: TIMEOUT_MS, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 && (JSON.parse(body) as { status?: string }).status === 'ok');
        } catch {
          resolve(false);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

const env = process.env;
const tls = /^(1|true|yes)$/i.test(env.VCDSIM_TLS ?? '') || Boolean(env.VCDSIM_CERT);
const wildcard = !env.VCDSIM_HOST || env.VCDSIM_HOST === '0.0.0.0' || env.VCDSIM_HOST === '::';
const host = wildcard ? '127.0.0.1' : env.VCDSIM_HOST!;
const port = Number(env.VCDSIM_PORT || (tls ? 8443 : 8080));
const tries: [boolean, number][] = [[tls, port], [!tls, port]];
if (!env.VCDSIM_PORT) tries.push([!tls, tls ? 8080 : 8443]);

let healthy = false;
for (const [t, p] of tries) {
  if ((healthy = await probe(t, host, p))) break;
}
if (!healthy) process.stderr.write(`vcdsim health check: no healthy answer at ${host}:${port}\n`);
process.exit(healthy ? 0 : 1);
