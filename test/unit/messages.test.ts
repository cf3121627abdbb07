/** The server's request and response classes: born with the Express app's prototypes, so Express's swap changes nothing. */
import { createServer, IncomingMessage, ServerResponse, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { messageClasses } from '../../src/http/messages.js';

describe('messageClasses', () => {
  it('builds requests and responses with the app’s prototypes, which Express then serves as usual', async () => {
    const app = express();
    app.get('/hello', (req, res) => {
      res.status(201).setHeader('X-Path', req.path);
      res.end(`hello ${String(req.query.who)}`);
    });
    const born: boolean[] = [];
    const server = createServer(messageClasses(app), (req, res) => {
      born.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response);
      born.push(req instanceof IncomingMessage && res instanceof ServerResponse);
      app(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<{ status?: number; path?: string; body: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/hello?who=you' }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode, path: res.headers['x-path'] as string, body }));
        }).on('error', reject).end();
      });
      expect(answer).toEqual({ status: 201, path: '/hello', body: 'hello you' });
      expect(born).toEqual([true, true]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
