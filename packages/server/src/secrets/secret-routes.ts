/**
 * weft's Secret API (argo-server has none: Argo reads Kubernetes Secrets). Values go in (`data`
 * base64 or `stringData`) and never come out: every answer lists names and keys only.
 *
 *   GET    /api/v1/secrets/{ns}              list
 *   POST   /api/v1/secrets/{ns}              {secret}        create
 *   GET    /api/v1/secrets/{ns}/{name}       keys of one
 *   PUT    /api/v1/secrets/{ns}/{name}       {secret}        replace its data
 *   DELETE /api/v1/secrets/{ns}/{name}
 *   POST   /api/v1/secret-key/rotate          new key, every Secret re-sealed
 */
import type { FastifyInstance } from 'fastify';
import { invalidArgument, invalidField, notFound } from '../api/errors/api-error.js';
import { paramsSchema } from '../api/schemas/queries.js';
import { checkSecret, type SecretInput } from './secret-manifest.js';
import type { SecretVault } from './secret-vault.js';

type Params = { namespace: string; name: string };

const tags = ['SecretService'];
const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['secret'],
  properties: { namespace: { type: 'string' }, secret: { type: 'object' } },
} as const;
const secretView = {
  type: 'object',
  description: 'A Secret without its values: metadata, type and the names of its keys.',
  properties: {
    metadata: { type: 'object' },
    type: { type: 'string' },
    keys: { type: 'array', items: { type: 'string' } },
  },
};
const docs = (summary: string, response: unknown = secretView) => ({
  docs: { summary, tags, weft: true, response },
});

export interface SecretRoutesOptions {
  readonly vault: SecretVault;
  /** Makes a new key current and re-seals every Secret; absent when keys come from the environment. */
  readonly rotateKey?: () => Promise<{ keyId: string; resealed: number }>;
}

function checked(body: unknown, name?: string) {
  const input = (body as { secret: SecretInput }).secret;
  const result = checkSecret(
    name && !input?.metadata?.name ? { ...input, metadata: { ...input?.metadata, name } } : input,
    'secret',
  );
  if (Array.isArray(result)) throw invalidArgument(result);
  if (name && result.name !== name)
    throw invalidField('secret.metadata.name', `"${result.name}" is not the name in the path ("${name}")`);
  return result;
}

export function registerSecretRoutes(app: FastifyInstance, options: SecretRoutesOptions): void {
  const { vault } = options;
  const collection = '/api/v1/secrets/:namespace';
  const item = `${collection}/:name`;
  const found = async ({ namespace, name }: Params) => {
    const secret = await vault.get(namespace, name);
    if (!secret) throw notFound(`secrets "${name}" not found`);
    return secret;
  };
  app.get<{ Params: Params }>(
    collection,
    { schema: { params: paramsSchema(['namespace']) }, config: docs('List Secrets (names and keys)') },
    async (request) => ({ items: await vault.list(request.params.namespace) }),
  );
  app.post<{ Params: Params; Body: unknown }>(
    collection,
    { schema: { params: paramsSchema(['namespace']), body: bodySchema }, config: docs('Create a Secret') },
    async (request) => vault.create(request.params.namespace, checked(request.body)),
  );
  app.get<{ Params: Params }>(
    item,
    { schema: { params: paramsSchema(['namespace', 'name']) }, config: docs('Get a Secret (keys only)') },
    async (request) => found(request.params),
  );
  app.put<{ Params: Params; Body: unknown }>(
    item,
    {
      schema: { params: paramsSchema(['namespace', 'name']), body: bodySchema },
      config: docs("Replace a Secret's data"),
    },
    async (request) => {
      await found(request.params);
      const version = (request.body as { secret?: { metadata?: { resourceVersion?: string } } }).secret
        ?.metadata?.resourceVersion;
      return vault.update(request.params.namespace, checked(request.body, request.params.name), version);
    },
  );
  app.delete<{ Params: Params }>(
    item,
    {
      schema: { params: paramsSchema(['namespace', 'name']) },
      config: docs('Delete a Secret', { type: 'object' }),
    },
    async (request) => {
      await found(request.params);
      await vault.delete(request.params.namespace, request.params.name);
      return {};
    },
  );
  app.post(
    '/api/v1/secret-key/rotate',
    { config: docs('Make a new secret key current and re-seal every Secret with it', { type: 'object' }) },
    async () => {
      if (!options.rotateKey)
        throw invalidField(
          'WEFT_SECRET_KEY',
          'keys come from the environment: set WEFT_SECRET_KEY to a new key and WEFT_SECRET_KEY_PREVIOUS to the old one, then restart (Secrets are re-sealed at start)',
        );
      return options.rotateKey();
    },
  );
}
