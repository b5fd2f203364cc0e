import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { podmanError } from './command.js';

export const setupCommand = 'sudo sh scripts/setup-podman.sh';

export type PodmanCheck =
  | { readonly ok: true; readonly binary: string; readonly version: string; readonly ociRuntime: string }
  | { readonly ok: false; readonly reason: string };

/** The first executable `name` on PATH (or `name` itself when it is a path). */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = name.includes('/')
    ? [name]
    : path
        .split(':')
        .filter(Boolean)
        .map((dir) => join(dir, name));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Says whether podman can run containers here, or exactly what is wrong and what to run.
 * Synchronous (one `podman info`, ~100 ms): called once when a runtime is created.
 */
export function checkPodman(binaryName = 'podman'): PodmanCheck {
  const binary = findExecutable(binaryName);
  if (binary === undefined)
    return {
      ok: false,
      reason: `podman is not installed (no "${binaryName}" on PATH); run "${setupCommand}" (installs Debian's podman, runc and busybox-static and configures them)`,
    };
  try {
    const format = '{{.Version.Version}} {{.Host.OCIRuntime.Name}}';
    const out = execFileSync(binary, ['info', '--format', format], { encoding: 'utf8', stdio: 'pipe' });
    const [version = '', ociRuntime = ''] = out.trim().split(' ');
    return { ok: true, binary, version, ociRuntime };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? (error as Error).message);
    return { ok: false, reason: `podman does not work here: ${brokenHint(podmanError(stderr))}` };
  }
}

function brokenHint(message: string): string {
  const fix = `run "${setupCommand}" (runtime runc, default_ulimits = [])`;
  if (/crun|cgroup/i.test(message)) return `${message}; crun refuses hybrid cgroups: ${fix}`;
  if (/rlimit|ulimit/i.test(message)) return `${message}; containers may not set rlimits here: ${fix}`;
  return `${message}; ${fix}`;
}
