/**
 * Operations endpoints: `/healthz` (the process answers), `/readyz` (the store answers a read),
 * `/metrics` (Prometheus text) and `/api/v1/openapi.json` (this API, from the route schemas).
 */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../deps.js';
import { ApiError, GrpcCode } from '../errors/api-error.js';

const tags = ['weft'];

export function registerHealthRoutes(app: FastifyInstance, ctx: ApiContext, openApi: () => unknown): void {
  app.get(
    '/healthz',
    {
      config: { docs: { summary: 'Liveness: the server answers', tags, weft: true, produces: 'text/plain' } },
    },
    async (_request, reply) => reply.type('text/plain').send('ok\n'),
  );
  app.get(
    '/readyz',
    {
      config: {
        docs: {
          summary: 'Readiness: the store answers a read (else 503)',
          tags,
          weft: true,
          produces: 'text/plain',
        },
      },
    },
    async (_request, reply) => {
      try {
        await ctx.store.list('ConfigMap', { limit: 1 });
      } catch (error) {
        throw new ApiError(GrpcCode.Unavailable, `store not reachable: ${(error as Error).message}`);
      }
      return reply.type('text/plain').send('ok\n');
    },
  );
  app.get(
    '/metrics',
    { config: { docs: { summary: 'Prometheus metrics', tags, weft: true, produces: 'text/plain' } } },
    async (_request, reply) =>
      reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics()),
  );
  app.get(
    '/api/v1/openapi.json',
    { config: { docs: { summary: 'This API as an OpenAPI 3.1 document', tags, weft: true } } },
    async () => openApi(),
  );
}
