/**
 * Request handling shared by every route: bodies parsed as JSON whatever their content type (as
 * grpc-gateway does), an absent body read as `{}`, errors in argo-server's shape, unknown routes as
 * NotFound, and each answered request observed in the API duration histogram.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from '../../metrics/server-metrics.js';
import { ApiError, GrpcCode, invalidField } from '../errors/api-error.js';
import { toApiError } from '../errors/to-api-error.js';

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidField('body', `malformed JSON: ${(error as Error).message}`);
  }
}

export function setUpRequestHandling(app: FastifyInstance, metrics: ServerMetrics): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
  });

  app.setErrorHandler((error, request, reply) => {
    const api = toApiError(error);
    if (api.code === GrpcCode.Internal) request.log.error({ err: error }, 'request failed');
    void reply.code(api.httpStatus).type('application/json').send(api.toBody());
  });

  app.setNotFoundHandler((request, reply) => {
    const api = new ApiError(
      GrpcCode.NotFound,
      `Not Found: no route ${request.method} ${request.url.split('?')[0]}`,
    );
    void reply.code(api.httpStatus).type('application/json').send(api.toBody());
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
  });
}
