/**
 * The request and response classes the server builds each exchange with: born with the Express app's own
 * prototypes (`app.request`, `app.response`).
 *
 * Express gives every request and response it handles those prototypes with Object.setPrototypeOf. On an
 * object born with Node's prototypes, V8 answers that with hidden classes of the object's own, and every
 * property the object gets afterwards adds another: a few kilobytes a request, allocated in the old
 * generation, which also drags the request's young objects there (a bare Express 5 app promoted about
 * 7 KB a request; a bare node:http server nothing). With 100,000 VMs loaded, a full collection comes late,
 * and the scale benchmark's queries left tens of megabytes of it in the heap. Born with the app's
 * prototypes, the swap changes nothing and requests and responses share their hidden classes again.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

export interface MessageClasses {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

/** Node's constructors, called on an object of ours (they are plain functions, not classes). */
type Init<A extends unknown[]> = (this: object, ...args: A) => void;

const isClass = (f: unknown) => /^class\b/.test(Function.prototype.toString.call(f));

/**
 * Options for http(s).createServer: requests and responses born with `app`'s prototypes. Empty (Node's
 * classes) if this Node defines them as classes, which cannot be called on another object.
 */
export function messageClasses(app: Express): Partial<MessageClasses> {
  if (isClass(IncomingMessage) || isClass(ServerResponse)) return {};
  const initRequest = IncomingMessage as unknown as Init<[Socket]>;
  const initResponse = ServerResponse as unknown as Init<[IncomingMessage, object?]>;
  function Request(this: IncomingMessage, socket: Socket): void {
    initRequest.call(this, socket);
  }
  function Response(this: ServerResponse, req: IncomingMessage, options?: object): void {
    initResponse.call(this, req, options);
  }
  Request.prototype = app.request;
  Response.prototype = app.response;
  return { IncomingMessage: Request as unknown as typeof IncomingMessage, ServerResponse: Response as unknown as typeof ServerResponse };
}
