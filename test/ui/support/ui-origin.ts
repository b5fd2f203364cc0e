/**
 * The origin the browser opens: the weft server itself when it serves the UI at `/`. If this
 * server build does not serve it yet (registerUi not wired), a small same-origin front is started
 * that serves packages/ui/dist and forwards everything else to the server — and says so.
 */
import { createReadStream } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultUiDir } from '../../../packages/server/src/ui/register-ui.js';
import { contentTypeOf, resolveUiPath } from '../../../packages/server/src/ui/static-files.js';

export interface UiOrigin {
  readonly url: string;
  readonly servedByWeft: boolean;
  close(): Promise<void>;
}

const apiPath = (path: string) =>
  ['/api/', '/artifact-files/', '/artifacts/', '/input-artifacts/'].some((p) => path.startsWith(p));

export async function uiOriginFor(serverUrl: string): Promise<UiOrigin> {
  const home = await fetch(`${serverUrl}/`)
    .then((r) => r.text())
    .catch(() => '');
  if (home.includes('id="root"')) return { url: serverUrl, servedByWeft: true, close: async () => {} };
  console.log(`[ui] ${serverUrl}/ does not serve the UI yet: using a front that serves ${defaultUiDir}`);
  const upstream = new URL(serverUrl);
  const front: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && !apiPath(path)) {
      const resolved = resolveUiPath(defaultUiDir, path);
      if (resolved.type === 'file') {
        res.writeHead(200, { 'content-type': contentTypeOf(resolved.path) });
        createReadStream(resolved.path).pipe(res);
        return;
      }
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((listening) => front.listen(0, '127.0.0.1', listening));
  const { port } = front.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    servedByWeft: false,
    close: () =>
      new Promise((closed) => {
        front.closeAllConnections();
        front.close(() => closed());
      }),
  };
}
