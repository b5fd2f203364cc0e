import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PodContainer } from '@weft/core';
import type { EnvSources } from '../../secrets/pod-env.js';
import { containerEnvironment, expandReferences, type ResolvedEnv } from '../pod/env.js';
import type { ContainerOutcome } from '../pod/pod-run.js';
import {
  containerArgv,
  defaultPath,
  type ExecutableAliases,
  executableCandidates,
  isArgosay,
} from './images.js';
import type { Enclosure } from './isolation.js';
import type { SpawnedProcess, Spawner } from './spawner.js';
import { ensureWorkingDir, isExecutableInView, type StepView } from './view.js';

export interface ContainerContext {
  readonly stepDir: string;
  readonly view: StepView;
  readonly enclosure: Enclosure;
  readonly spawner: Spawner;
  readonly aliases: ExecutableAliases;
  readonly stdoutLimit: number;
  /** The pod and the Secret and ConfigMap data it names, for its variables. */
  readonly sources: EnvSources;
  /** Forms of secret values replaced by `[redacted]` in the logs (Redactor.forms). */
  readonly redact?: readonly string[];
}

/** A container ready to spawn, or the reason it cannot be. */
type Prepared =
  | { readonly ok: true; readonly spawn: () => SpawnedProcess }
  | { readonly ok: false; readonly error: string };

/**
 * The environment a container gets: a sane PATH and HOME, then its `envFrom` sources and its
 * `env` (values and references), or the error naming a Secret, ConfigMap or key that is missing.
 */
export function containerEnv(container: PodContainer, isolated: boolean, sources?: EnvSources): ResolvedEnv {
  const home = isolated || process.getuid?.() === 0 ? '/root' : homedir();
  return containerEnvironment(container, { PATH: defaultPath, HOME: home }, sources);
}

/** Resolves the command and builds the spawn call for one container. */
export async function prepareContainer(
  context: ContainerContext,
  container: PodContainer,
  captureStdout: boolean,
): Promise<Prepared> {
  const { view } = context;
  const resolved = containerEnv(container, view.isolated, context.sources);
  if (!resolved.ok) return resolved;
  const env = resolved.env;
  const argv = containerArgv(container).map((arg) => expandReferences(arg, env));
  const program = argv[0];
  if (program === undefined) return { ok: false, error: `container "${container.name}" has no command` };
  const cwd = container.workingDir ?? (view.isolated ? '/' : join(context.stepDir, 'cwd'));
  await ensureWorkingDir(view, container, cwd);
  const file = await resolveInView(context, container, program, env.PATH ?? defaultPath, cwd);
  if (file === undefined) return { ok: false, error: `executable "${program}" not found` };
  const call = view.isolated
    ? context.enclosure.wrap({ file, args: argv.slice(1) }, view.layout(container, cwd))
    : { file, args: argv.slice(1) };
  const spec = {
    file: call.file,
    args: call.args,
    env,
    cwd: view.isolated ? context.stepDir : cwd,
    logPath: join(context.stepDir, 'logs', `${container.name}.log`),
    captureStdout,
    stdoutLimit: context.stdoutLimit,
    ...(context.redact?.length ? { redact: context.redact } : {}),
  };
  return { ok: true, spawn: () => context.spawner.spawn(spec) };
}

async function resolveInView(
  context: ContainerContext,
  container: PodContainer,
  program: string,
  path: string,
  cwd: string,
): Promise<string | undefined> {
  if (isArgosay(program)) return context.aliases.argosay;
  // Check every candidate at once (each is a few file-system calls), then take the first in order.
  const candidates = executableCandidates(program, { path, cwd });
  const found = await Promise.all(
    candidates.map((candidate) => isExecutableInView(context.view, container, candidate)),
  );
  return candidates[found.indexOf(true)];
}

/** Runs a prepared container to its end, registering its live process under its name so it can be signalled. */
export async function runPrepared(
  name: string,
  prepared: Prepared,
  live: Map<string, SpawnedProcess>,
  onStarted?: () => void,
): Promise<ContainerOutcome> {
  if (!prepared.ok) return { name, error: prepared.error };
  const process = prepared.spawn();
  live.set(name, process);
  if (onStarted) void process.started.then(onStarted);
  const exit = await process.exited;
  live.delete(name);
  if (exit.error === 'ENOENT') return { name, exit, error: `executable for container "${name}" not found` };
  if (exit.error !== undefined) return { name, exit, error: exit.error };
  return { name, exit };
}
