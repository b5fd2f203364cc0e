/**
 * Every step is a Pod: turns a leaf template (container, script, containerSet), already
 * substituted with its inputs, into one Kubernetes Pod manifest plus what the runtime must stage
 * into it and collect from it. Pure: no I/O.
 */
import { parse as parseYaml } from 'yaml';
import type { Artifact, Container, Template, VolumeMount, WorkflowSpec } from '../spec/types.js';
import type { PodContainer, PodManifest } from './manifest.js';

export interface PodInputArtifact {
  readonly name: string;
  readonly path: string;
  readonly mode?: number;
  /** Raw content (`raw.data`) or the key of stored bytes. */
  readonly source:
    | { readonly kind: 'content'; readonly content: string }
    | { readonly kind: 'artifact'; readonly key: string; readonly artifact?: Readonly<Artifact> };
}

export interface TranslatePodInput {
  readonly workflowName: string;
  readonly namespace: string;
  readonly podName: string;
  readonly nodeId: string;
  readonly nodeName: string;
  readonly template: Template;
  readonly spec: WorkflowSpec;
  readonly inputArtifacts: readonly PodInputArtifact[];
}

/** A file the step must see at `path` before it starts: given content, or an input artifact to fetch. */
export type PodInputFile =
  | { readonly path: string; readonly kind: 'content'; readonly content: string; readonly mode?: number }
  | {
      readonly path: string;
      readonly kind: 'artifact';
      readonly key: string;
      readonly mode?: number;
      /** The resolved input artifact (location, archive, optional, recurseMode): the engine fetches it. */
      readonly artifact?: Readonly<Artifact>;
    };

export interface PodPlan {
  readonly pod: PodManifest;
  readonly inputFiles: readonly PodInputFile[];
  readonly outputParameters: readonly { readonly name: string; readonly path: string }[];
  readonly outputArtifacts: readonly {
    readonly name: string;
    readonly path: string;
    readonly optional: boolean;
  }[];
  readonly mainContainers: readonly { readonly name: string; readonly dependencies: readonly string[] }[];
}

/** Where Argo stages a script template's source inside the container. */
export const scriptPath = '/argo/staging/script';

export class PodSpecPatchError extends Error {}

export function translatePod(input: TranslatePodInput): PodPlan {
  const { template } = input;
  const mains = mainContainersOf(template);
  const sidecars = (template.sidecars ?? []).map((c) => toPodContainer(c, c.name ?? 'sidecar'));
  const spec: Record<string, unknown> = {
    restartPolicy: 'Never',
    containers: [...mains.map((m) => m.container), ...sidecars],
    volumes: podVolumes(template, input.spec),
  };
  if (template.initContainers?.length) {
    spec.initContainers = template.initContainers.map((c, i) => toPodContainer(c, c.name ?? `init-${i}`));
  }
  const deadline = numberOrUndefined(template.activeDeadlineSeconds);
  if (deadline !== undefined) spec.activeDeadlineSeconds = deadline;
  for (const key of [
    'nodeSelector',
    'tolerations',
    'affinity',
    'serviceAccountName',
    'securityContext',
    'priorityClassName',
  ]) {
    const value = template[key] ?? input.spec[key];
    if (value !== undefined) spec[key] = value;
  }
  const pod: PodManifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: podMetadata(input),
    spec: applyPodSpecPatch(spec, template.podSpecPatch) as PodManifest['spec'],
  };
  return {
    pod,
    inputFiles: inputFiles(input),
    outputParameters: (template.outputs?.parameters ?? [])
      .filter((p) => p.valueFrom?.path)
      .map((p) => ({ name: p.name, path: p.valueFrom?.path as string })),
    outputArtifacts: (template.outputs?.artifacts ?? [])
      .filter((a) => a.path)
      .map((a) => ({ name: a.name, path: a.path as string, optional: a.optional === true })),
    mainContainers: mains.map((m) => ({ name: m.container.name, dependencies: m.dependencies })),
  };
}

function mainContainersOf(template: Template): { container: PodContainer; dependencies: string[] }[] {
  if (template.containerSet) {
    const shared = template.containerSet.volumeMounts ?? [];
    return template.containerSet.containers.map((c) => ({
      container: toPodContainer({ ...c, volumeMounts: [...shared, ...(c.volumeMounts ?? [])] }, c.name),
      dependencies: c.dependencies ?? [],
    }));
  }
  if (template.script) {
    const { source: _source, ...container } = template.script;
    const command = container.command ?? ['python'];
    return [
      {
        container: toPodContainer(
          { ...container, command, args: [...(container.args ?? []), scriptPath] },
          'main',
        ),
        dependencies: [],
      },
    ];
  }
  return [{ container: toPodContainer(template.container ?? {}, 'main'), dependencies: [] }];
}

function toPodContainer(container: Container, name: string): PodContainer {
  const { dependencies: _deps, ...rest } = container as Container & { dependencies?: unknown };
  const out: Record<string, unknown> = { ...rest, name };
  if (out.env) out.env = (out.env as { name: string; value?: unknown }[]).map(stringifyEnv);
  return out as PodContainer;
}

function stringifyEnv(env: { name: string; value?: unknown; valueFrom?: unknown }) {
  return env.value === undefined ? env : { ...env, value: String(env.value) };
}

function podVolumes(template: Template, spec: WorkflowSpec): Record<string, unknown>[] {
  const volumes: Record<string, unknown>[] = [...(spec.volumes ?? []), ...(template.volumes ?? [])];
  for (const claim of spec.volumeClaimTemplates ?? []) {
    const name = (claim.metadata as { name?: string } | undefined)?.name;
    if (name) volumes.push({ name, persistentVolumeClaim: { claimName: name } });
  }
  return volumes;
}

function podMetadata(input: TranslatePodInput): PodManifest['metadata'] {
  const labels: Record<string, string> = {
    ...(input.spec.podMetadata?.labels ?? {}),
    ...(input.template.metadata?.labels ?? {}),
    'workflows.argoproj.io/workflow': input.workflowName,
  };
  const annotations: Record<string, string> = {
    ...(input.spec.podMetadata?.annotations ?? {}),
    ...(input.template.metadata?.annotations ?? {}),
    'workflows.argoproj.io/node-name': input.nodeName,
    'workflows.argoproj.io/node-id': input.nodeId,
    ...containerSetRetryAnnotations(input.template),
    ...workflowVolumeAnnotations(input.spec),
    ...(isDaemon(input.template) ? { [daemonAnnotation]: 'true' } : {}),
  };
  return { name: input.podName, namespace: input.namespace, labels, annotations };
}

/**
 * Marks the pod of a daemon step: later steps of its workflow reach it at `{{steps.X.ip}}`, so a
 * runtime that gives steps separate networks puts them where they can (podman: the workflow's pod).
 */
export const daemonAnnotation = 'weft.dev/daemon';

function isDaemon(template: Template): boolean {
  return template.daemon === true || String(template.daemon) === 'true';
}

/**
 * `containerSet.retryStrategy` is carried out inside the pod (Argo's executor re-runs a failed
 * container's command in place); runtimes read it from these annotations.
 */
export const containerRetriesAnnotation = 'weft.dev/container-retries';
export const containerRetryDelayAnnotation = 'weft.dev/container-retry-duration';

/**
 * The claims of `spec.volumeClaimTemplates`: volumes that live as long as the workflow (Argo
 * creates a PVC per workflow and deletes it at the end), unlike claims that exist beforehand.
 */
export const workflowVolumesAnnotation = 'weft.dev/workflow-volumes';

function workflowVolumeAnnotations(spec: WorkflowSpec): Record<string, string> {
  const names = (spec.volumeClaimTemplates ?? [])
    .map((claim) => (claim.metadata as { name?: string } | undefined)?.name)
    .filter((name): name is string => typeof name === 'string' && name !== '');
  return names.length > 0 ? { [workflowVolumesAnnotation]: names.join(',') } : {};
}

function containerSetRetryAnnotations(template: Template): Record<string, string> {
  const strategy = template.containerSet?.retryStrategy;
  if (!strategy || strategy.retries === undefined) return {};
  const out: Record<string, string> = { [containerRetriesAnnotation]: String(strategy.retries) };
  if (strategy.duration !== undefined) out[containerRetryDelayAnnotation] = String(strategy.duration);
  return out;
}

function inputFiles(input: TranslatePodInput): PodPlan['inputFiles'] {
  const files: PodPlan['inputFiles'][number][] = [];
  if (input.template.script)
    files.push({ path: scriptPath, kind: 'content', content: input.template.script.source, mode: 0o755 });
  for (const artifact of input.inputArtifacts) {
    if (artifact.source.kind === 'content') {
      files.push({
        path: artifact.path,
        kind: 'content',
        content: artifact.source.content,
        mode: artifact.mode,
      });
    } else {
      const { key, artifact: resolved } = artifact.source;
      files.push({ path: artifact.path, kind: 'artifact', key, mode: artifact.mode, artifact: resolved });
    }
  }
  return files;
}

function numberOrUndefined(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Applies `podSpecPatch` (YAML or JSON) as a merge: objects merge, containers merge by name. */
function applyPodSpecPatch(
  spec: Record<string, unknown>,
  patch: string | undefined,
): Record<string, unknown> {
  if (!patch) return spec;
  let parsed: unknown;
  try {
    parsed = parseYaml(patch);
  } catch (error) {
    throw new PodSpecPatchError(`podSpecPatch is not valid YAML or JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object')
    throw new PodSpecPatchError('podSpecPatch must be an object');
  return mergePatch(spec, parsed as Record<string, unknown>);
}

function mergePatch(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    if (
      (key === 'containers' || key === 'initContainers') &&
      Array.isArray(current) &&
      Array.isArray(value)
    ) {
      out[key] = mergeByName(current as Record<string, unknown>[], value as Record<string, unknown>[]);
    } else if (isObject(current) && isObject(value)) {
      out[key] = mergePatch(current, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function mergeByName(
  base: Record<string, unknown>[],
  patch: Record<string, unknown>[],
): Record<string, unknown>[] {
  const out = base.map((c) => ({ ...c }));
  for (const item of patch) {
    const index = out.findIndex((c) => c.name === item.name);
    if (index >= 0) out[index] = mergePatch(out[index], item);
    else out.push(item);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export type { VolumeMount };
