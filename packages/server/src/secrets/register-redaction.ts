/** Every API answer sent as a whole (JSON, text, HTML) passes through redaction of secret values. */
import type { FastifyInstance } from 'fastify';

export function registerRedaction(app: FastifyInstance, redact: (text: string) => string): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload === 'string') return redact(payload);
    if (Buffer.isBuffer(payload) && /json|text|html/.test(String(reply.getHeader('content-type') ?? '')))
      return redact(payload.toString('utf8'));
    return payload;
  });
}
