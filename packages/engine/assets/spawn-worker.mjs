// Spawns processes for weft's host runtime off the engine's event loop.
// child_process.spawn forks and execs synchronously in the calling thread; doing it here keeps
// that cost out of the engine's loop. Messages in: { type: 'spawn', key, file, args, env, cwd,
// logPath, captureStdout, stdoutLimit, redact } and { type: 'ping', key }. Messages out:
// { type: 'started', key, pid }, { type: 'exit', key, code, signal, error, stdout } and
// { type: 'pong', key }.
// stdout and stderr are both read through pipes here and written to logPath as timestamped
// records (assets/log-lines.mjs); the main container's stdout is also kept for outputs.result.
// `redact` lists secret values (in their encoded forms) replaced by [redacted] in both.
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync, writevSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { createByteRedactor, createLogClock, createStreamEncoder } from './log-lines.mjs';

const port = parentPort;
if (!port) throw new Error('spawn-worker must run in a worker thread');

const now = createLogClock();
/** After a container's process exits, how long its pipes may stay open (held by an escaped descendant). */
const PIPE_DRAIN_MS = 2000;

/** Each attempt's container writes its log from scratch ('w'): a reused run directory starts clean. */
function openLog(path) {
  return path ? openSync(path, 'w') : undefined;
}

function writeRecords(logFd, buffers) {
  if (logFd === undefined || buffers.length === 0) return;
  writevSync(logFd, buffers);
}

/**
 * Reads one pipe into the log as records; `onChunk` sees the raw bytes too. Returns `stop`, which
 * writes a pending partial line and stops reading.
 */
function logStream(pipe, name, logFd, onChunk, redact) {
  const encoder = createStreamEncoder(name, redact);
  pipe.on('data', (chunk) => {
    writeRecords(logFd, encoder.push(chunk, now()));
    onChunk?.(chunk);
  });
  pipe.on('end', () => writeRecords(logFd, encoder.end(now())));
  return () => {
    writeRecords(logFd, encoder.end(now()));
    pipe.destroy();
  };
}

// Keeps the last `limit` bytes of stdout, as Argo keeps the last 256 kB of a result.
function capture(limit, redact) {
  const chunks = [];
  let size = 0;
  return {
    add(chunk) {
      chunks.push(chunk);
      size += chunk.length;
      while (size - chunks[0].length >= limit) size -= chunks.shift().length;
    },
    text: () => {
      const all = Buffer.concat(chunks);
      return redact(all.subarray(Math.max(0, all.length - limit))).toString('utf8');
    },
  };
}

function run(message) {
  const { key, file, args, env, cwd, logPath, captureStdout, stdoutLimit } = message;
  const redact = createByteRedactor(message.redact);
  let logFd;
  try {
    logFd = openLog(logPath);
  } catch (error) {
    port.postMessage({ type: 'exit', key, code: null, signal: null, error: String(error), stdout: '' });
    return;
  }
  const logged = logFd !== undefined;
  const stdio = ['ignore', logged || captureStdout ? 'pipe' : 'ignore', logged ? 'pipe' : 'ignore'];
  const child = spawn(file, args, { env, cwd, stdio, detached: true });
  const stdout = captureStdout ? capture(stdoutLimit ?? 262144, redact) : undefined;
  const stops = [];
  if (child.stdout) stops.push(logStream(child.stdout, 'stdout', logFd, stdout?.add, redact));
  if (child.stderr) stops.push(logStream(child.stderr, 'stderr', logFd, undefined, redact));
  let done = false;
  let drainTimer;
  const finish = (code, signal, error) => {
    if (done) return;
    done = true;
    clearTimeout(drainTimer);
    if (logFd !== undefined) closeSync(logFd);
    port.postMessage({ type: 'exit', key, code, signal, error, stdout: stdout ? stdout.text() : '' });
  };
  child.on('error', (error) => finish(null, null, error.code === 'ENOENT' ? 'ENOENT' : String(error)));
  // A container ends when its first process ends: stop whatever it left behind in its group, and
  // stop reading pipes that a descendant outside the group still holds open.
  child.on('exit', () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
    drainTimer = setTimeout(() => {
      for (const stop of stops) stop();
    }, PIPE_DRAIN_MS);
  });
  child.on('close', (code, signal) => finish(code, signal, undefined));
  if (child.pid !== undefined) port.postMessage({ type: 'started', key, pid: child.pid });
}

port.on('message', (message) => {
  if (message.type === 'spawn') run(message);
  else if (message.type === 'ping') port.postMessage({ type: 'pong', key: message.key });
});
