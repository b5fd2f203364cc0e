/**
 * A podman step's readinessProbe. Its containers have only their own (or their workflow pod's)
 * loopback, which the host cannot reach, so the probe loop of ../pod/readiness.ts runs in a small
 * Node process that `nsenter` puts into the container's network namespace:
 *
 *   primary container started ─► podman inspect (its pid, once running)
 *     ─► nsenter --net=/proc/<pid>/ns/net node probe-main.js '<probe>' ─► exit 0 = ready
 *
 * The process is stopped when the step ends first. Needs root (rootful podman), as nsenter does.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ReadinessProbe, ReadinessWait } from '../pod/readiness.js';
import { runPodman } from './command.js';

/** How long to wait between looks for a container podman has not started yet. */
const startLookMs = 50;

/** Waits for `podmanName`'s readinessProbe inside its network namespace. */
export function readinessInContainer(binary: string, podmanName: string): ReadinessWait {
  return async (probe, signal) => {
    const pid = await runningPid(binary, podmanName, signal);
    if (pid === undefined) return false;
    return probeInNamespace(pid, probe, signal);
  };
}

/** The container's pid once it runs; undefined if `signal` aborts first. */
async function runningPid(binary: string, name: string, signal: AbortSignal): Promise<number | undefined> {
  while (!signal.aborted) {
    const inspected = await runPodman(binary, ['inspect', '--format', '{{.State.Pid}}', name]);
    const pid = Number.parseInt(inspected.stdout.trim(), 10);
    if (inspected.code === 0 && pid > 0) return pid;
    await new Promise((resolve) => setTimeout(resolve, startLookMs));
  }
  return undefined;
}

function probeInNamespace(pid: number, probe: ReadinessProbe, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(
      'nsenter',
      [`--net=/proc/${pid}/ns/net`, '--', process.execPath, ...probeCommand(), JSON.stringify(probe)],
      { stdio: 'ignore' },
    );
    const stop = () => child.kill('SIGTERM');
    signal.addEventListener('abort', stop, { once: true });
    child.on('error', () => resolve(false));
    child.on('close', (code) => {
      signal.removeEventListener('abort', stop);
      resolve(code === 0 && !signal.aborted);
    });
  });
}

/**
 * How to run probe-main: the compiled `probe-main.js` beside this module, or — when this module is
 * the TypeScript source (tests run from src) — `probe-main.ts` through tsx's loader.
 */
function probeCommand(): string[] {
  const compiled = fileURLToPath(new URL('./probe-main.js', import.meta.url));
  if (existsSync(compiled)) return [compiled];
  const source = fileURLToPath(new URL('./probe-main.ts', import.meta.url));
  const loader = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(loader).href, source];
}
