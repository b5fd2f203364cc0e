import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

/**
 * A runner's directory:
 *   runner.sock   the Unix socket clients connect to (mode 0600)
 *   runner.pid    the serving runner's pid
 *   runner.log    its stdout and stderr (opened by whoever spawned it)
 *   results/      un-acked step results, one JSON file each
 *
 * One runner per directory. The claim is a listening socket in Linux's abstract namespace named
 * after the directory: the kernel releases it when its process dies, however it dies, so a claim is
 * never stale — and once it is held, a `runner.sock` left by a dead runner can safely be replaced.
 */
export function socketPathOf(dir: string): string {
  return join(dir, 'runner.sock');
}

export function pidPathOf(dir: string): string {
  return join(dir, 'runner.pid');
}

export function logPathOf(dir: string): string {
  return join(dir, 'runner.log');
}

export interface RunnerDirClaim {
  readonly dir: string;
  /** Stops serving and removes the socket and pid files. */
  release(): void;
  /** Set by serveRunnerSocket. */
  server?: Server;
}

/** Claims `dir` for this process; undefined when another live runner holds it. */
export async function claimRunnerDir(dir: string): Promise<RunnerDirClaim | undefined> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 40);
  const lock = createServer();
  const claimed = await new Promise<boolean>((resolve, reject) => {
    lock.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(false) : reject(error),
    );
    lock.listen(`\0weft-runner-${name}`, () => resolve(true));
  });
  if (!claimed) return undefined;
  const claim: RunnerDirClaim = {
    dir,
    release: () => {
      claim.server?.close();
      rmSync(socketPathOf(dir), { force: true });
      if (readPid(dir) === process.pid) rmSync(pidPathOf(dir), { force: true });
      lock.close();
    },
  };
  return claim;
}

/** Listens on `dir/runner.sock` (replacing a dead runner's) and records this process's pid. */
export async function serveRunnerSocket(
  claim: RunnerDirClaim,
  onConnection: (socket: Socket) => void,
): Promise<void> {
  const path = socketPathOf(claim.dir);
  rmSync(path, { force: true });
  const server = createServer(onConnection);
  claim.server = server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // listen() binds synchronously: with a tight umask around it the socket is private from the start.
    const umask = process.umask(0o177);
    try {
      server.listen(path, () => resolve());
    } finally {
      process.umask(umask);
    }
  });
  chmodSync(path, 0o600);
  const pidPath = pidPathOf(claim.dir);
  writeFileSync(`${pidPath}.tmp`, `${process.pid}\n`, { mode: 0o600 });
  renameSync(`${pidPath}.tmp`, pidPath);
}

function readPid(dir: string): number | undefined {
  try {
    return Number(readFileSync(pidPathOf(dir), 'utf8').trim());
  } catch {
    return undefined;
  }
}
