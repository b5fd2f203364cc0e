/** `weft run` started in the background, so a test can act on it from another process while it runs. */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const bin = resolve(import.meta.dirname, '../../packages/cli/bin/weft.js');

export interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BackgroundRun {
  readonly child: ChildProcess;
  /** Resolves once stderr (the live view, one line per change off a terminal) matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  readonly finished: Promise<Finished>;
}

export function startWeft(args: readonly string[], cwd: string): BackgroundRun {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
    for (const check of waiters) check();
  });
  const finished = new Promise<Finished>((done) => {
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  finished.then(() => clearTimeout(killer));
  return {
    child,
    finished,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((done, fail) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(new Error(`timed out waiting for ${pattern} in:\n${stderr}`));
        }, timeoutMs);
        const check = () => {
          if (!pattern.test(stderr)) return;
          clearTimeout(timer);
          waiters.delete(check);
          done();
        };
        waiters.add(check);
        check();
      });
    },
  };
}
