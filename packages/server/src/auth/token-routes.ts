/**
 * weft's token API: tokens granting a role in a namespace (`*`: every namespace). The token is
 * answered once, at creation; lists show names, roles and expiry only.
 *
 *   GET    /api/v1/tokens/{ns}            tokens granting in ns
 *   POST   /api/v1/tokens/{ns}            {role, expiresIn?: "720h", description?}
 *   DELETE /api/v1/tokens/{ns}/{name}     revoke
 */
import { goDurationMs } from '@weft/core';
import type { FastifyInstance } from 'fastify';
import { invalidField, notFound } from '../api/errors/api-error.js';
import { allNamespaces, isRole, roles } from './roles.js';
import type { TokenService } from './tokens.js';

type Params = { namespace: string; name: string };
const tags = ['TokenService'];
const namespaceParam = {
  type: 'string',
  pattern: '^(\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$',
  maxLength: 63,
  description: 'A namespace, or * for every namespace',
};
const params = (withName: boolean) => ({
  type: 'object',
  required: withName ? ['namespace', 'name'] : ['namespace'],
  properties: { namespace: namespaceParam, ...(withName ? { name: { type: 'string' } } : {}) },
});
const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: {
    role: { type: 'string' },
    expiresIn: { type: 'string', description: 'A duration such as 720h; absent: never expires' },
    description: { type: 'string', maxLength: 200 },
  },
} as const;

export function registerTokenRoutes(
  app: FastifyInstance,
  tokens: TokenService,
  now: () => number = Date.now,
): void {
  const docs = (summary: string) => ({ docs: { summary, tags, weft: true, response: { type: 'object' } } });
  app.get<{ Params: Params }>(
    '/api/v1/tokens/:namespace',
    { schema: { params: params(false) }, config: docs('List the tokens granting a role in a namespace') },
    async (request) => ({ items: await tokens.list(request.params.namespace) }),
  );
  app.post<{ Params: Params; Body: { role: string; expiresIn?: string; description?: string } }>(
    '/api/v1/tokens/:namespace',
    { schema: { params: params(false), body: createBody }, config: docs('Create a token (answered once)') },
    async (request) => {
      const { role, expiresIn, description } = request.body;
      if (!isRole(role)) throw invalidField('role', `"${role}" is not one of ${roles.join(', ')}`);
      let expiresAt: string | undefined;
      if (expiresIn !== undefined) {
        const ms = goDurationMs(expiresIn);
        if (ms === undefined || ms <= 0)
          throw invalidField('expiresIn', `"${expiresIn}" is not a duration like 720h`);
        expiresAt = new Date(now() + ms).toISOString();
      }
      return tokens.create({
        namespace: request.params.namespace,
        role,
        ...(expiresAt ? { expiresAt } : {}),
        ...(description ? { description } : {}),
      });
    },
  );
  app.delete<{ Params: Params }>(
    '/api/v1/tokens/:namespace/:name',
    { schema: { params: params(true) }, config: docs('Revoke a token') },
    async (request) => {
      const token = await tokens.get(request.params.name);
      // A namespace's admin sees only its own namespace's tokens.
      if (!token || token.namespace !== request.params.namespace)
        throw notFound(
          `token "${request.params.name}" not found in ${request.params.namespace === allNamespaces ? 'every namespace' : `namespace "${request.params.namespace}"`}`,
        );
      await tokens.revoke(token.name);
      return {};
    },
  );
}
