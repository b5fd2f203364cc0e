import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../deps.js';
import { ResultStream } from './result-stream.js';

/** Takes a response over as a stream; its duration is observed when it closes (hooks do not see it). */
export function openResultStream(
  ctx: ApiContext,
  request: FastifyRequest,
  reply: FastifyReply,
): ResultStream {
  return new ResultStream(request, reply, {
    heartbeatMs: ctx.heartbeatMs,
    registry: ctx.openStreams,
    ...(ctx.redact ? { redact: ctx.redact } : {}),
    onClose: (seconds) =>
      ctx.metrics.observeRequest(request.routeOptions.url ?? 'unmatched', request.method, 200, seconds),
  });
}

/** Runs a stream's producer; an error after the stream began is sent as a stream error. */
export async function pump(stream: ResultStream, produce: () => Promise<void>): Promise<void> {
  try {
    await produce();
    stream.close();
  } catch (error) {
    if (!stream.closed) await stream.fail(error);
  }
}
