/** argo-server's InfoService: info, version, userinfo (the caller's token, role and namespace). */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../deps.js';

const tags = ['InfoService'];

const versionSchema = {
  type: 'object',
  properties: Object.fromEntries(
    ['version', 'buildDate', 'gitCommit', 'gitTag', 'gitTreeState', 'goVersion', 'compiler', 'platform'].map(
      (k) => [k, { type: 'string' }],
    ),
  ),
} as const;

/** Go's names for the platform (`linux/amd64`), as argo's version reports it. */
function platform(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;
  return `${process.platform}/${arch}`;
}

export function registerInfoRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/api/v1/info',
    {
      config: {
        docs: {
          summary: 'Server settings the UI reads (links, columns, modals)',
          tags,
          operationId: 'InfoService_GetInfo',
          response: { type: 'object' },
        },
      },
    },
    async () => ({ links: [], columns: [], modals: {} }),
  );
  app.get(
    '/api/v1/version',
    {
      config: {
        docs: {
          summary: 'Server version',
          tags,
          operationId: 'InfoService_GetVersion',
          response: versionSchema,
        },
      },
    },
    async () => ({
      version: ctx.version,
      buildDate: '',
      gitCommit: '',
      gitTag: ctx.version,
      gitTreeState: '',
      goVersion: `node ${process.version}`,
      compiler: 'weft',
      platform: platform(),
    }),
  );
  app.get(
    '/api/v1/userinfo',
    {
      config: {
        docs: {
          summary:
            'The caller: its token, role and namespace (`*`: every namespace); empty without authentication',
          tags,
          operationId: 'InfoService_GetUserInfo',
          response: { type: 'object' },
        },
      },
    },
    async (request) => {
      const caller = request.caller;
      if (!caller) return {};
      // A sign-on session may hold roles in several namespaces: every grant is listed in `grants`
      // (role/namespace are the first, as for a token).
      const grants = (caller.grants ?? [caller]).map(({ role, namespace }) => ({ role, namespace }));
      return {
        subject: `token:${caller.name}`,
        groups: caller.groups ?? [`weft:${caller.role}`],
        serviceAccountNamespace: caller.namespace,
        role: caller.role,
        namespace: caller.namespace,
        grants,
      };
    },
  );
}
