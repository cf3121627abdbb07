/** What every exchange starts with, on both ways in (the Express pipeline and the render cache's fast path). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';

/** VCD's request id on every answer, and how long the answer took when its head goes out. */
export function stampExchange(res: ServerResponse, requestId: string): void {
  const started = process.hrtime.bigint();
  res.setHeader('X-VMWARE-VCLOUD-REQUEST-ID', requestId);
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
    this.setHeader('X-VMWARE-VCLOUD-REQUEST-EXECUTION-TIME', String(Number((process.hrtime.bigint() - started) / 1_000_000n)));
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

/** scheme://host[:port] the client used (or --public-url): hrefs start with it. */
export function baseUrl(config: Config, req: IncomingMessage): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const proto = config.tls ? 'https' : 'http';
  return `${proto}://${req.headers.host ?? `${config.host}:${config.port}`}`;
}
