/**
 * The control channel over a Unix socket (`<run dir>/control.sock`, mode 0600): a client writes one
 * JSON request line, the run answers with one JSON reply line and closes the connection.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { type ControlReply, type ControlRequest, parseControlRequest } from './protocol.js';

const MAX_REQUEST_BYTES = 64 * 1024;

export interface ControlSocketServer {
  readonly path: string;
  close(): Promise<void>;
}

/** Listens at `path` (replacing a stale socket left by a run that died); the file is removed on close. */
export async function serveControlSocket(
  path: string,
  handle: (request: ControlRequest) => ControlReply,
): Promise<ControlSocketServer> {
  if (existsSync(path)) {
    if (await isAnswering(path)) throw new Error(`another weft run is already using ${path}`);
    unlinkSync(path);
  }
  const server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_REQUEST_BYTES)
        return socket.end(`${reply({ ok: false, error: 'request too large' })}`);
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      socket.end(reply(answerLine(buffer.slice(0, end), handle)));
    });
  });
  await listen(server, path);
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }),
  };
}

function answerLine(line: string, handle: (request: ControlRequest) => ControlReply): ControlReply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, error: 'a request is one line of JSON' };
  }
  const request = parseControlRequest(parsed);
  if (typeof request === 'string') return { ok: false, error: request };
  try {
    return handle(request);
  } catch (error) {
    return { ok: false, error: `internal error: ${(error as Error).message}` };
  }
}

function reply(value: ControlReply): string {
  return `${JSON.stringify(value)}\n`;
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(path, () => {
      server.off('error', fail);
      done();
    });
  });
}

/** Nobody answers at this path: the run is not running (or the socket is stale). */
export class ControlUnreachableError extends Error {
  constructor(path: string, cause: string) {
    super(`no run is listening at ${path} (${cause})`);
    this.name = 'ControlUnreachableError';
  }
}

/** Sends one request to the run listening at `path` and returns its reply. */
export function sendControlRequest(
  path: string,
  request: ControlRequest,
  timeoutMs = 10_000,
): Promise<ControlReply> {
  return new Promise((done, fail) => {
    const socket = connect(path);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      fail(new ControlUnreachableError(path, error.code ?? error.message)),
    );
    socket.on('close', () => {
      const line = buffer.split('\n')[0] ?? '';
      try {
        done(JSON.parse(line) as ControlReply);
      } catch {
        fail(new ControlUnreachableError(path, 'no reply'));
      }
    });
  });
}

async function isAnswering(path: string): Promise<boolean> {
  try {
    await sendControlRequest(path, { action: 'status' }, 2_000);
    return true;
  } catch {
    return false;
  }
}
