import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { primaryContainer } from '../pod/pod-run.js';
import type { StartStepRequest, StepResult } from '../types.js';
import { runPodman } from './command.js';
import { containerName, labels } from './names.js';
import { collectOutputs, StoppedContainerFiles } from './outputs.js';
import { containerMounts, type Mount, planVolumes } from './volumes.js';

/**
 * Re-attach after a restart: each started step's request is kept in `stateDir` until its result
 * was delivered; a new runtime on the same directory finds the steps whose containers still exist
 * (deterministic names) and reports their exits instead of starting them again.
 */
export class StepRecords {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  /** Records the request without its `secretData`: Secret values are never written to disk. */
  save(request: StartStepRequest): void {
    const file = this.#file(request.id);
    const { secretData: _secrets, ...kept } = request;
    writeFileSync(`${file}.tmp`, JSON.stringify(kept));
    renameSync(`${file}.tmp`, file);
  }

  remove(id: string): void {
    rmSync(this.#file(id), { force: true });
  }

  list(): StartStepRequest[] {
    return readdirSync(this.#dir)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => {
        try {
          return [JSON.parse(readFileSync(join(this.#dir, name), 'utf8')) as StartStepRequest];
        } catch {
          return [];
        }
      });
  }

  #file(id: string): string {
    return join(this.#dir, `${encodeURIComponent(id)}.json`);
  }
}

/** Names of every container weft created that podman still has (one `podman ps`, synchronous). */
export function existingContainers(binary: string): Set<string> {
  const filter = `label=${labels.managed}=true`;
  const out = execFileSync(binary, ['ps', '--all', '--filter', filter, '--format', '{{.Names}}'], {
    encoding: 'utf8',
  });
  return new Set(out.split('\n').filter(Boolean));
}

/** The step's containers podman still has, or undefined when none (the step is lost). */
export function survivingContainers(
  request: StartStepRequest,
  existing: ReadonlySet<string>,
): string[] | undefined {
  const all = [...(request.pod.spec.initContainers ?? []), ...request.pod.spec.containers];
  const names = all
    .map((container) => containerName(request.id, container.name))
    .filter((name) => existing.has(name));
  return names.length > 0 ? names : undefined;
}

/**
 * Waits for an adopted step's main containers to end (`podman wait`), stops its sidecars, and
 * builds its result from what podman kept: exit codes, the primary container's stdout and files.
 */
export async function awaitAdopted(
  binary: string,
  request: StartStepRequest,
  namedVolumeDir: (volume: string) => string,
  stdoutLimit: number,
): Promise<StepResult> {
  const startedAt = Date.now();
  const mains = request.mainContainers.map((main) => containerName(request.id, main.name));
  const primary = primaryContainer(request);
  const primaryName = primary ? containerName(request.id, primary.name) : undefined;
  const codes = new Map<string, number | null>();
  for (const name of mains) {
    const waited = await runPodman(binary, ['wait', name]);
    codes.set(name, waited.code === 0 ? Number.parseInt(waited.stdout.trim(), 10) : null);
  }
  const sidecars = request.pod.spec.containers
    .map((container) => containerName(request.id, container.name))
    .filter((name) => !mains.includes(name));
  if (sidecars.length > 0) await runPodman(binary, ['stop', '--ignore', '--time', '2', ...sidecars]);
  const failed = mains.find((name) => codes.get(name) !== 0 && codes.get(name) !== undefined);
  const code =
    failed !== undefined
      ? (codes.get(failed) ?? null)
      : primaryName
        ? (codes.get(primaryName) ?? null)
        : null;
  const stdout = primaryName ? await primaryStdout(binary, primaryName, stdoutLimit) : '';
  const files =
    primary && primaryName
      ? new StoppedContainerFiles(
          binary,
          primaryName,
          mountsOf(request, namedVolumeDir),
          codes.get(primaryName) !== null,
        )
      : undefined;
  const outputs = await collectOutputs(request, files);
  void files?.release();
  void runPodman(binary, ['rm', '--force', '--ignore', ...mains, ...sidecars]);
  const base = { id: request.id, stdout, ...outputs, startedAt, finishedAt: Date.now() };
  if (code === null)
    return {
      ...base,
      exitCode: null,
      error: 'step lost: its container ended while weft was not watching and podman has no exit code',
    };
  if (outputs.missing !== undefined && code === 0) return { ...base, exitCode: code, error: outputs.missing };
  return { ...base, exitCode: code };
}

/**
 * The primary container's stdout from podman's log. Right after the container ends conmon may not
 * have flushed it yet (seen under load): an empty log is read again a few times before it counts.
 */
async function primaryStdout(binary: string, name: string, limit: number): Promise<string> {
  let logs = await runPodman(binary, ['logs', name]);
  for (let attempt = 0; attempt < 5 && logs.code === 0 && logs.stdout.length === 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    logs = await runPodman(binary, ['logs', name]);
  }
  const bytes = Buffer.from(logs.stdout);
  return bytes.subarray(Math.max(0, bytes.length - limit)).toString('utf8');
}

function mountsOf(request: StartStepRequest, namedVolumeDir: (volume: string) => string): Mount[] {
  const primary = primaryContainer(request);
  const sources = planVolumes({ stepDir: request.stepDir, pod: request.pod });
  if (!primary || typeof sources === 'string') return [];
  const mounts = containerMounts(primary, sources, namedVolumeDir);
  return typeof mounts === 'string' ? [] : mounts;
}
