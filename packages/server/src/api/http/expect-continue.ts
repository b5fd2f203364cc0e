/**
 * `Expect: 100-continue` answered by the body limit: a client that asks before sending a body
 * over the limit gets 413 at once, in argo-server's error shape, and never sends the body. (Node
 * would say 100 Continue first; the 413 would then come mid-upload and be lost when the server
 * closes a connection with unread bytes.)
 */
import type { FastifyInstance } from 'fastify';

export function answerExpectContinue(app: FastifyInstance, bodyLimit: number): void {
  app.server.on('checkContinue', (request, response) => {
    const length = Number(request.headers['content-length']);
    if (Number.isFinite(length) && length > bodyLimit) {
      const body = JSON.stringify({
        code: 3,
        message: `request body of ${length} bytes is over the limit of ${bodyLimit} bytes`,
      });
      response.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      response.end(body);
      return;
    }
    response.writeContinue();
    app.server.emit('request', request, response);
  });
}
