#!/usr/bin/env node
/**
 * The step runner process:
 *
 *   node <engine dist>/runtime/runner/main.js --dir DIR [--volumes DIR] [--idle-exit-ms N]
 *                                             [--host-options JSON] [--ready-fd N]
 *
 * Serves `DIR/runner.sock` (see README.md). Usually started by `connectRunner`, detached, with its
 * stdout and stderr appended to `DIR/runner.log`.
 */
import { closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunnerArguments, type RunnerArguments } from './arguments.js';
import { Runner } from './runner.js';
import { claimRunnerDir, type RunnerDirClaim, serveRunnerSocket } from './runner-dir.js';

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} runner ${process.pid}: ${line}\n`);
}

/** Tells the process that spawned this one that the socket is listening (or that it need not wait). */
function signalReady(fd: number | undefined, word: string): void {
  if (fd === undefined) return;
  try {
    writeSync(fd, `${word}\n`);
    closeSync(fd);
  } catch {
    // The spawner stopped waiting.
  }
}

async function main(args: RunnerArguments): Promise<void> {
  const claim = await claimRunnerDir(args.dir);
  if (claim === undefined) {
    log(`another runner serves ${args.dir}; exiting`);
    signalReady(args.readyFd, 'taken');
    return;
  }
  let stopped: RunnerDirClaim | undefined = claim;
  const runner = new Runner({
    resultsDir: join(args.dir, 'results'),
    host: { ...args.host, volumesDir: args.volumesDir },
    idleExitMs: args.idleExitMs,
    log,
    onStopped: (reason) => {
      log(`stopped (${reason})`);
      stopped?.release();
      stopped = undefined;
      process.exit(0);
    },
  });
  await serveRunnerSocket(claim, (socket) => runner.accept(socket));
  log(`serving ${args.dir} (isolation: ${runner.isolation}; volumes: ${args.volumesDir})`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void runner.stop(signal));
  process.on('SIGHUP', () => undefined);
  process.on('uncaughtException', (error) => {
    log(`crashed: ${error.stack ?? error.message}`);
    stopped?.release();
    process.exit(1);
  });
  signalReady(args.readyFd, 'ready');
}

const parsed = parseRunnerArguments(process.argv.slice(2));
if (typeof parsed === 'string') {
  process.stderr.write(`weft runner: ${parsed}\n`);
  process.exit(2);
}
main(parsed).catch((error: unknown) => {
  log(`could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
