/**
 * argo-server's artifact downloads:
 *
 *   /artifacts/{ns}/{wf}/{node}/{name}                       an output artifact as stored (a tar
 *   /input-artifacts/{ns}/{wf}/{node}/{name}                 artifact is its .tgz)
 *   /artifact-files/{ns}/workflows/{wf}/{node}/{inputs|outputs}/{name}[/{file…}]
 *       a file as stored; a directory artifact (archive: none) redirects to `…/` and lists its
 *       files as HTML (or its index.html); a file inside a directory artifact by its path.
 *
 * The local repository keeps trees rather than archives, so a tar (or zip) artifact is sent as
 * the .tgz Argo would have stored. `archived-workflows` are not kept by weft (404).
 */
import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { directoryListing, listedFiles } from '../artifacts/listing.js';
import { fetchArtifact, type LocatedArtifact, locateArtifact } from '../artifacts/locate-artifact.js';
import { tarGzStream } from '../artifacts/tar-gz.js';
import type { ApiContext } from '../deps.js';
import { invalidField, notFound } from '../errors/api-error.js';
import { namespaceSchema, pathNameSchema } from '../schemas/names.js';

const contentTypes: Readonly<Record<string, string>> = {
  '.tgz': 'application/gzip',
  '.gz': 'application/gzip',
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header(
      'content-security-policy',
      "sandbox allow-same-origin; base-uri 'none'; default-src 'none'; img-src 'self'; style-src 'self' 'unsafe-inline'",
    )
    .header('x-frame-options', 'SAMEORIGIN');
}

function sendFile(reply: FastifyReply, path: string, filename: string) {
  securityHeaders(reply)
    .header('content-disposition', `filename="${filename.replace(/"/g, '')}"`)
    .header('content-length', statSync(path).size)
    .type(contentTypes[extname(filename).toLowerCase()] ?? 'application/octet-stream');
  return reply.send(createReadStream(path));
}

function sendTarGz(reply: FastifyReply, path: string, located: LocatedArtifact) {
  const keyName = basename(located.key ?? '');
  const filename = /\.(tgz|tar\.gz)$/.test(keyName) ? keyName : `${located.artifact.name}.tgz`;
  const rootName = basename(located.artifact.path ?? located.artifact.name);
  securityHeaders(reply).header('content-disposition', `filename="${filename}"`).type('application/gzip');
  return reply.send(tarGzStream(path, rootName));
}

/** Serves the artifact (whole: as stored; with `files`, Argo's artifact-files behaviour). */
async function serve(
  request: FastifyRequest,
  reply: FastifyReply,
  located: LocatedArtifact,
  files?: { subPath?: string; trailingSlash: boolean },
) {
  const raw = located.artifact.raw?.data;
  if (raw !== undefined && located.key === undefined)
    return securityHeaders(reply)
      .header('content-disposition', `filename="${located.artifact.name}"`)
      .type('text/plain')
      .send(raw);
  const fetched = await fetchArtifact(located, files?.subPath);
  reply.raw.on('close', () => void fetched.cleanup());
  const isDirectory = fetched.result !== 'missing' && statSync(fetched.path).isDirectory();
  if (fetched.result === 'missing')
    throw notFound(`nothing is stored for artifact "${located.artifact.name}"`);
  if (!files) {
    return fetched.result === 'object'
      ? sendFile(reply, fetched.path, basename(located.key ?? ''))
      : sendTarGz(reply, fetched.path, located);
  }
  // A whole tar (or zip) artifact is one stored object in Argo: its archive.
  if (fetched.result === 'unpacked' && !files.subPath) return sendTarGz(reply, fetched.path, located);
  if (!isDirectory)
    return sendFile(reply, fetched.path, basename(files.subPath ?? located.key ?? located.artifact.name));
  if (!files.trailingSlash) return reply.redirect(`${request.url.split('?')[0]}/`, 307);
  const listed = await listedFiles(fetched.path);
  if (listed.includes('index.html')) return reply.redirect(`${request.url.split('?')[0]}index.html`, 307);
  return securityHeaders(reply).type('text/html; charset=utf-8').send(directoryListing(listed));
}

type DownloadParams = { namespace: string; name: string; nodeId: string; artifactName: string };
type FilesParams = DownloadParams & { discriminator: string; direction: string; '*'?: string };

const downloadParams = {
  type: 'object',
  properties: {
    namespace: namespaceSchema,
    name: pathNameSchema,
    nodeId: { type: 'string' },
    artifactName: { type: 'string' },
  },
} as const;

export function registerArtifactRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const tags = ['ArtifactService'];
  for (const [prefix, direction] of [
    ['/artifacts', 'outputs'],
    ['/input-artifacts', 'inputs'],
  ] as const) {
    app.get<{ Params: DownloadParams }>(
      `${prefix}/:namespace/:name/:nodeId/:artifactName`,
      {
        schema: { params: downloadParams },
        config: {
          docs: {
            summary: `Download an ${direction === 'outputs' ? 'output' : 'input'} artifact as stored`,
            tags,
            produces: 'application/octet-stream',
          },
        },
      },
      async (request, reply) => {
        const { namespace, name, nodeId, artifactName } = request.params;
        const located = await locateArtifact(ctx.store, ctx.dataDir, {
          namespace,
          workflow: name,
          nodeId,
          direction,
          name: artifactName,
        });
        return serve(request, reply, located);
      },
    );
  }
  const files = async (request: FastifyRequest<{ Params: FilesParams }>, reply: FastifyReply) => {
    const { namespace, discriminator, name, nodeId, direction, artifactName } = request.params;
    if (discriminator === 'archived-workflows')
      throw notFound('workflow not archived: weft keeps no workflow archive');
    if (discriminator !== 'workflows')
      throw invalidField('path', `"${discriminator}" is neither workflows nor archived-workflows`);
    if (direction !== 'inputs' && direction !== 'outputs')
      throw invalidField('path', `"${direction}" is neither inputs nor outputs`);
    const rest = request.params['*'];
    const subPath = rest ? rest.replace(/\/+$/, '') || undefined : undefined;
    const located = await locateArtifact(ctx.store, ctx.dataDir, {
      namespace,
      workflow: name,
      nodeId,
      direction,
      name: artifactName,
    });
    return serve(request, reply, located, {
      subPath,
      trailingSlash: request.url.split('?')[0].endsWith('/'),
    });
  };
  const filesDocs = {
    summary: 'An artifact or a file in it; directories as an HTML listing',
    tags,
    produces: 'application/octet-stream',
  };
  const base = '/artifact-files/:namespace/:discriminator/:name/:nodeId/:direction/:artifactName';
  app.get(base, { config: { docs: filesDocs } }, files);
  app.get(
    `${base}/*`,
    { config: { docs: { ...filesDocs, summary: 'A file in a directory artifact' } } },
    files,
  );
}
