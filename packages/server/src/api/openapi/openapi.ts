/**
 * `GET /api/v1/openapi.json`: an OpenAPI 3.1 document built from the routes as registered — their
 * params/querystring/body JSON schemas (the same ones Fastify validates with) and the docs in each
 * route's `config.docs`. Nothing is written by hand twice.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

export interface RouteDocs {
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Argo's operation id where there is one (`WorkflowService_ListWorkflows`). */
  readonly operationId?: string;
  /** The 200 response: a schema, and its media type (default application/json). */
  readonly response?: unknown;
  readonly produces?: string;
  /** True for weft's own routes (not in argo-server). */
  readonly weft?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    docs?: RouteDocs;
  }
}

interface RouteSchema {
  readonly params?: { properties?: Record<string, unknown>; required?: string[] };
  readonly querystring?: { properties?: Record<string, unknown> };
  readonly body?: unknown;
}

interface Operation {
  method: string;
  path: string;
  docs: RouteDocs;
  schema: RouteSchema;
}

/** Remembers the documented routes registered after it; call before registering routes. */
export function collectOperations(app: FastifyInstance): Operation[] {
  const operations: Operation[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const docs = route.config?.docs;
    if (!docs) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      operations.push({
        method: method.toLowerCase(),
        path: route.url,
        docs,
        schema: (route.schema ?? {}) as RouteSchema,
      });
    }
  });
  return operations;
}

const errorSchema = {
  type: 'object',
  description: "argo-server's error (grpc-gateway): a gRPC status code and a message.",
  properties: {
    code: {
      type: 'integer',
      description: 'gRPC code: 3 InvalidArgument, 5 NotFound, 6 AlreadyExists/Conflict, …',
    },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object' } },
  },
};

/** `/api/v1/workflows/:namespace` → `/api/v1/workflows/{namespace}`; a wildcard becomes `{path}`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\*$/, '{path}');
}

function parametersOf(operation: Operation): unknown[] {
  const { params, querystring } = operation.schema;
  const inPath = Object.entries(params?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'path',
    required: true,
    schema,
  }));
  if (operation.path.endsWith('*'))
    inPath.push({ name: 'path', in: 'path', required: true, schema: { type: 'string' } });
  const inQuery = Object.entries(querystring?.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema as { description?: string };
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: rest };
  });
  return [...inPath, ...inQuery];
}

function operationObject(operation: Operation): Record<string, unknown> {
  const { docs, schema } = operation;
  const mediaType = docs.produces ?? 'application/json';
  const out: Record<string, unknown> = {
    summary: docs.summary,
    ...(docs.description ? { description: docs.description } : {}),
    tags: docs.tags,
    operationId:
      docs.operationId ?? `${operation.method}${openApiPath(operation.path).replace(/[^A-Za-z0-9]+/g, '_')}`,
    parameters: parametersOf(operation),
    responses: {
      200: { description: 'OK', content: { [mediaType]: { schema: docs.response ?? { type: 'object' } } } },
      default: { description: 'An error', content: { 'application/json': { schema: errorSchema } } },
    },
  };
  if (docs.weft) out['x-weft-extension'] = true;
  if (schema.body)
    out.requestBody = { required: false, content: { 'application/json': { schema: schema.body } } };
  return out;
}

export function buildOpenApiDocument(
  operations: readonly Operation[],
  version: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const path = openApiPath(operation.path);
    paths[path] ??= {};
    paths[path][operation.method] = operationObject(operation);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'weft API',
      version,
      description:
        "argo-server's REST API (paths, bodies, errors and streams as Argo Workflows serves them) plus " +
        'weft extensions, marked `x-weft-extension`. Streams answer `text/event-stream` when asked, ' +
        'else newline-delimited JSON; every message is `{"result": …}`.',
    },
    paths,
  };
}
