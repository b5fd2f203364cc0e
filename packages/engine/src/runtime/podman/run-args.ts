import type { PodContainer, PodManifest } from '@weft/core';
import { expandReferences } from '../pod/env.js';
import { labels as weftLabels } from './names.js';
import type { Mount } from './volumes.js';

/** Where a container's network comes from: the workflow's pod (loopback shared by its steps) or a podman network. */
export type NetworkPlacement = { readonly pod: string } | { readonly network: string };

export interface RunArgsInput {
  readonly name: string;
  readonly stepId: string;
  readonly pod: PodManifest;
  readonly container: PodContainer;
  /** The image to run (after aliases). */
  readonly image: string;
  readonly mounts: readonly Mount[];
  readonly placement: NetworkPlacement;
  /** The container's environment, resolved (../pod/env.ts). */
  readonly env: Readonly<Record<string, string>>;
  /** Variables passed as `--env NAME`, their values in podman's own environment (they hold Secrets). */
  readonly hiddenEnv?: ReadonlySet<string>;
}

/**
 * The `podman run` arguments for one container of a step, with Kubernetes' rules: `command`
 * replaces the image's ENTRYPOINT and drops its CMD, `args` replaces CMD, `$(VAR)` references in
 * env values, command and args are expanded. `--init` (catatonit) forwards SIGTERM to the process.
 */
export function podmanRunArgs(input: RunArgsInput): string[] {
  const { container, pod, env } = input;
  const args = ['run', '--name', input.name, '--replace', '--init', '--pull=never'];
  args.push(...placementArgs(input.placement));
  // Kubernetes names a pod's host after the pod.
  args.push(
    '--hostname',
    pod.metadata.name
      .slice(0, 63)
      .replace(/[^a-zA-Z0-9-]/g, '-')
      .replace(/-+$/, ''),
  );
  args.push(...labelArgs(input));
  for (const [name, value] of Object.entries(env))
    args.push('--env', input.hiddenEnv?.has(name) ? name : `${name}=${value}`);
  if (container.workingDir) args.push('--workdir', container.workingDir);
  for (const mount of input.mounts)
    args.push('--volume', `${mount.host}:${mount.target}${mount.readOnly ? ':ro' : ''}`);
  args.push(...resourceArgs(container.resources as Resources | undefined));
  args.push(
    ...securityArgs(
      pod.spec.securityContext as SecurityContext,
      container.securityContext as SecurityContext,
    ),
  );
  const expand = (text: string) => expandReferences(text, env);
  if (container.command !== undefined && container.command.length > 0)
    args.push('--entrypoint', JSON.stringify(container.command.map(expand)));
  args.push(input.image, ...(container.args ?? []).map(expand));
  return args;
}

function placementArgs(placement: NetworkPlacement): string[] {
  return 'pod' in placement ? ['--pod', placement.pod] : ['--network', placement.network];
}

function labelArgs(input: RunArgsInput): string[] {
  const meta = input.pod.metadata;
  const args: string[] = [];
  const all: Record<string, string> = {
    ...(meta.labels ?? {}),
    [weftLabels.managed]: 'true',
    [weftLabels.step]: input.stepId,
    [weftLabels.container]: input.container.name,
  };
  for (const [key, value] of Object.entries(all)) args.push('--label', `${key}=${value}`);
  // podman splits --annotation values at commas (node names have them): those are percent-encoded.
  for (const [key, value] of Object.entries(meta.annotations ?? {}))
    args.push('--annotation', `${key}=${value.replaceAll(',', '%2C')}`);
  return args;
}

interface Resources {
  readonly limits?: Readonly<Record<string, string | number>>;
  readonly requests?: Readonly<Record<string, string | number>>;
}

/** `limits.memory` → `--memory` (bytes), `limits.cpu` → `--cpus`; requests only reserve, so they are left out. */
export function resourceArgs(resources: Resources | undefined): string[] {
  const args: string[] = [];
  const memory = quantityBytes(resources?.limits?.memory);
  if (memory !== undefined) args.push('--memory', String(memory));
  const cpu = cpuCores(resources?.limits?.cpu);
  if (cpu !== undefined) args.push('--cpus', String(cpu));
  return args;
}

const binarySuffixes: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const decimalSuffixes: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, m: 1e-3 };

/** Kubernetes quantities: `64Mi`, `1G`, `500000`. */
export function quantityBytes(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(value).trim());
  if (!match) return undefined;
  const unit = match[2] ?? '';
  const factor = unit === '' ? 1 : (binarySuffixes[unit] ?? decimalSuffixes[unit]);
  return factor === undefined ? undefined : Math.round(Number(match[1]) * factor);
}

/** `500m` → 0.5, `2` → 2. */
export function cpuCores(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const cores = text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
  return Number.isFinite(cores) && cores > 0 ? cores : undefined;
}

interface SecurityContext {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly privileged?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
}

/** The pod's securityContext applies to every container; the container's own fields win. */
export function securityArgs(
  podLevel: SecurityContext | undefined,
  own: SecurityContext | undefined,
): string[] {
  const context: SecurityContext = { ...(podLevel ?? {}), ...(own ?? {}) };
  const args: string[] = [];
  if (context.runAsUser !== undefined)
    args.push(
      '--user',
      context.runAsGroup === undefined
        ? `${context.runAsUser}`
        : `${context.runAsUser}:${context.runAsGroup}`,
    );
  if (context.privileged === true) args.push('--privileged');
  if (context.readOnlyRootFilesystem === true) args.push('--read-only');
  if (context.allowPrivilegeEscalation === false) args.push('--security-opt', 'no-new-privileges');
  for (const capability of own?.capabilities?.add ?? []) args.push('--cap-add', capability);
  for (const capability of own?.capabilities?.drop ?? []) args.push('--cap-drop', capability);
  return args;
}
