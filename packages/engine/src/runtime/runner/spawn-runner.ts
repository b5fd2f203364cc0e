import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RunnerHostOptions } from './runner.js';
import { logPathOf } from './runner-dir.js';

export interface SpawnRunnerOptions {
  readonly dir: string;
  readonly volumesDir?: string;
  readonly idleExitMs?: number;
  readonly host?: Omit<RunnerHostOptions, 'volumesDir'>;
}

/**
 * How to run main: the compiled `main.js` beside this module, or — when this module is the
 * TypeScript source (tests run from src) — `main.ts` through tsx's loader.
 */
function runnerCommand(): string[] {
  const compiled = fileURLToPath(new URL('./main.js', import.meta.url));
  if (existsSync(compiled)) return [compiled];
  const source = fileURLToPath(new URL('./main.ts', import.meta.url));
  const loader = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(loader).href, source];
}

function runnerArguments(options: SpawnRunnerOptions): string[] {
  const args = ['--dir', options.dir, '--ready-fd', '3'];
  if (options.volumesDir !== undefined) args.push('--volumes', options.volumesDir);
  if (options.idleExitMs !== undefined) args.push('--idle-exit-ms', String(options.idleExitMs));
  if (options.host !== undefined) args.push('--host-options', JSON.stringify(options.host));
  return args;
}

/**
 * Starts a runner for `dir` in its own session (it outlives this process), its output appended to
 * `dir/runner.log`. Resolves when it listens, or when it has found another runner serving `dir`.
 */
export async function spawnRunner(options: SpawnRunnerOptions): Promise<void> {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const log = openSync(logPathOf(options.dir), 'a', 0o600);
  try {
    const child = spawn(process.execPath, [...runnerCommand(), ...runnerArguments(options)], {
      cwd: '/',
      detached: true,
      stdio: ['ignore', log, log, 'pipe'],
    });
    child.unref();
    const answer = await readAnswer(child.stdio[3] as Readable, child);
    if (answer !== 'ready' && answer !== 'taken')
      throw new Error(
        `step runner for ${options.dir} did not start (${answer}); see ${logPathOf(options.dir)}`,
      );
  } finally {
    closeSync(log);
  }
}

/** The first word the runner writes to its ready pipe, or how it ended without writing one. */
function readAnswer(pipe: Readable, child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    pipe.setEncoding('utf8');
    pipe.on('data', (chunk: string) => {
      text += chunk;
    });
    pipe.on('error', () => undefined);
    pipe.on('close', () => resolve(text.trim() || 'no answer'));
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (code, signal) => {
      if (text.trim() === '') resolve(`exited with ${code ?? signal}`);
    });
  }).finally(() => pipe.destroy()) as Promise<string>;
}
