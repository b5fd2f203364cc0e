// Spawns processes for weft's host runtime off the engine's event loop.
// child_process.spawn forks and execs synchronously in the calling thread; doing it here keeps
// that cost out of the engine's loop. Messages in: { type: 'spawn', key, file, args, env, cwd,
// logPath, captureStdout, stdoutLimit } and { type: 'ping', key }. Messages out:
// { type: 'started', key, pid }, { type: 'exit', key, code, signal, error, stdout } and
// { type: 'pong', key }.
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('spawn-worker must run in a worker thread');

function openLog(path) {
  return path ? openSync(path, 'a') : 'ignore';
}

function captureInto(child, logFd, limit) {
  const chunks = [];
  let size = 0;
  child.stdout.on('data', (chunk) => {
    if (typeof logFd === 'number') writeSync(logFd, chunk);
    if (size < limit) {
      const part = chunk.subarray(0, limit - size);
      chunks.push(part);
      size += part.length;
    }
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

function run(message) {
  const { key, file, args, env, cwd, logPath, captureStdout, stdoutLimit } = message;
  let logFd;
  try {
    logFd = openLog(logPath);
  } catch (error) {
    port.postMessage({ type: 'exit', key, code: null, signal: null, error: String(error), stdout: '' });
    return;
  }
  const stdio = ['ignore', captureStdout ? 'pipe' : logFd, logFd];
  const child = spawn(file, args, { env, cwd, stdio, detached: true });
  const readStdout = captureStdout ? captureInto(child, logFd, stdoutLimit ?? 262144) : () => '';
  let done = false;
  const finish = (code, signal, error) => {
    if (done) return;
    done = true;
    if (typeof logFd === 'number') closeSync(logFd);
    port.postMessage({ type: 'exit', key, code, signal, error, stdout: readStdout() });
  };
  child.on('error', (error) => finish(null, null, error.code === 'ENOENT' ? 'ENOENT' : String(error)));
  // A container ends when its first process ends: stop whatever it left behind in its group.
  child.on('exit', () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  });
  child.on('close', (code, signal) => finish(code, signal, undefined));
  if (child.pid !== undefined) port.postMessage({ type: 'started', key, pid: child.pid });
}

port.on('message', (message) => {
  if (message.type === 'spawn') run(message);
  else if (message.type === 'ping') port.postMessage({ type: 'pong', key: message.key });
});
