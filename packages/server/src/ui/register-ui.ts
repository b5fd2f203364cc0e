/**
 * Serves the web UI (packages/ui, built by `npm ci` / `npm run build`) at `/`: its static assets,
 * and index.html for every other page path so deep links and reloads work. API paths that match no
 * route stay the API's 404. Must be called before the Fastify instance is ready.
 *
 *   GET /assets/x.js   → the file, cached for a year (names carry a content hash)
 *   GET /runs/ns/name  → index.html (no-cache); the app's router shows the page
 *   GET /api/v1/nope   → the API's NotFound
 */
import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contentTypeOf, resolveUiPath } from './static-files.js';

/** packages/ui/dist, seen from packages/server/{src,dist}/ui/. */
export const defaultUiDir = fileURLToPath(new URL('../../../ui/dist', import.meta.url));

const apiPrefixes = [
  '/api/',
  '/artifact-files/',
  '/artifacts/',
  '/input-artifacts/',
  '/healthz',
  '/readyz',
  '/metrics',
];

const notBuilt = (dir: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>weft</title></head><body>
<h1>The weft UI is not built</h1><p>No build was found in <code>${dir.replace(/[<>&]/g, '')}</code>.
Run <code>npm run build</code> (or <code>npm ci</code>) and reload. The API is served at <code>/api/v1/</code>.</p></body></html>`;

export interface UiOptions {
  /** Where the built UI is; default packages/ui/dist (env WEFT_UI_DIR overrides it). */
  readonly dir?: string;
}

export async function registerUi(app: FastifyInstance, options: UiOptions = {}): Promise<void> {
  const dir = options.dir ?? process.env.WEFT_UI_DIR ?? defaultUiDir;
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (apiPrefixes.some((prefix) => path.startsWith(prefix))) return reply.callNotFound();
    if (!existsSync(dir)) return reply.code(503).type('text/html; charset=utf-8').send(notBuilt(dir));
    const resolved = resolveUiPath(dir, path);
    if (resolved.type === 'missing') return reply.callNotFound();
    return reply
      .type(contentTypeOf(resolved.path))
      .header('cache-control', resolved.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(resolved.path));
  };
  app.get('/', serve);
  app.get('/*', serve);
}
