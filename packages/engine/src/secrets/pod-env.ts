/**
 * Where a container's variables come from, as Kubernetes defines it — shared by every runtime:
 *
 *   env[].value                                           as written
 *   env[].valueFrom.secretKeyRef / configMapKeyRef        {name, key, optional}
 *   env[].valueFrom.fieldRef {fieldPath}                  the pod's name, namespace, labels, …
 *   envFrom[].secretRef / configMapRef {name, optional}   every key as a variable, after `prefix`
 *
 * The data of the Secrets and ConfigMaps a pod names comes with its StartStepRequest. A source
 * or key that is missing and not optional is Kubernetes' CreateContainerConfigError naming it,
 * and the step does not start.
 */
import type { PodContainer, PodManifest } from '@weft/core';
import type { Resolved, SecretData } from './pod-secrets.js';

interface KeySelector {
  readonly name?: string;
  readonly key?: string;
  readonly optional?: boolean;
}
interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: KeySelector;
    readonly configMapKeyRef?: KeySelector;
    readonly fieldRef?: { readonly fieldPath?: string };
  };
}
interface SourceRef {
  readonly name?: string;
  readonly optional?: boolean;
}
interface EnvFromSource {
  readonly prefix?: string;
  readonly secretRef?: SourceRef;
  readonly configMapRef?: SourceRef;
}

/** What a container's variables may refer to. */
export interface EnvSources {
  /** Decoded data of the Secrets the pod names, by name. */
  readonly secretData?: SecretData;
  /** Data of the ConfigMaps the pod names, by name. */
  readonly configMapData?: SecretData;
  /** The pod, for `fieldRef`. */
  readonly pod?: PodManifest;
}

type Kind = 'Secret' | 'ConfigMap';
type Variable = { readonly name: string; readonly value: string };

/** The names of every Secret or ConfigMap the pod's containers take variables from (`env`, `envFrom`). */
export function envSourceNamesOf(pod: PodManifest, kind: Kind): string[] {
  const names = new Set<string>();
  for (const container of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    for (const variable of (container.env ?? []) as readonly EnvVar[]) {
      const ref = kind === 'Secret' ? variable.valueFrom?.secretKeyRef : variable.valueFrom?.configMapKeyRef;
      if (ref?.name) names.add(ref.name);
    }
    for (const source of (container.envFrom ?? []) as readonly EnvFromSource[]) {
      const ref = kind === 'Secret' ? source.secretRef : source.configMapRef;
      if (ref?.name) names.add(ref.name);
    }
  }
  return [...names];
}

/** The names of every ConfigMap the pod's containers take variables from. */
export function configMapEnvNamesOf(pod: PodManifest): string[] {
  return envSourceNamesOf(pod, 'ConfigMap');
}

/**
 * The container's variables in Kubernetes' order: `envFrom` sources, then `env` (later entries
 * win). Values are not yet `$(VAR)`-expanded.
 */
export function containerVariables(container: PodContainer, sources: EnvSources = {}): Resolved<Variable[]> {
  const fail = (reason: string): Resolved<never> => ({
    ok: false,
    error: `CreateContainerConfigError: container "${container.name}": ${reason}`,
  });
  const namespace = sources.pod?.metadata.namespace ?? 'default';
  const dataOf = (kind: Kind) => (kind === 'Secret' ? sources.secretData : sources.configMapData) ?? {};
  const out: Variable[] = [];
  for (const source of (container.envFrom ?? []) as readonly EnvFromSource[]) {
    const [kind, ref] = source.secretRef
      ? ['Secret' as const, source.secretRef]
      : ['ConfigMap' as const, source.configMapRef];
    if (!ref?.name) continue;
    const data = dataOf(kind)[ref.name];
    if (!data) {
      if (ref.optional) continue;
      return fail(notFound(kind, ref.name));
    }
    for (const [key, value] of Object.entries(data))
      out.push({ name: `${source.prefix ?? ''}${key}`, value });
  }
  for (const variable of (container.env ?? []) as readonly EnvVar[]) {
    const value = variableValue(variable, dataOf, sources.pod, namespace);
    if (typeof value === 'string') out.push({ name: variable.name, value });
    else if (value) return fail(value.error);
  }
  return { ok: true, value: out };
}

/** A variable's value; undefined when it has none (an optional reference not found). */
function variableValue(
  variable: EnvVar,
  dataOf: (kind: Kind) => SecretData,
  pod: PodManifest | undefined,
  namespace: string,
): string | { error: string } | undefined {
  if (variable.value !== undefined) return variable.value;
  const from = variable.valueFrom;
  if (from?.fieldRef) return fieldValue(from.fieldRef.fieldPath ?? '', pod, variable.name);
  const [kind, ref] = from?.secretKeyRef
    ? ['Secret' as const, from.secretKeyRef]
    : ['ConfigMap' as const, from?.configMapKeyRef];
  if (!ref?.name || !ref.key) return undefined;
  const data = dataOf(kind)[ref.name];
  const value = data?.[ref.key];
  if (value !== undefined || ref.optional) return value;
  if (!data) return { error: notFound(kind, ref.name) };
  return { error: `couldn't find key ${ref.key} in ${kind} ${namespace}/${ref.name}` };
}

function notFound(kind: Kind, name: string): string {
  return `${kind.toLowerCase()} "${name}" not found`;
}

/** The fields `fieldRef` may name, as the kubelet fills them for a pod on this machine. */
function fieldValue(
  path: string,
  pod: PodManifest | undefined,
  variable: string,
): string | { error: string } {
  const metadata = pod?.metadata;
  const labelled = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (labelled)
    return (labelled[1] === 'labels' ? metadata?.labels : metadata?.annotations)?.[labelled[2] ?? ''] ?? '';
  const spec = (pod?.spec ?? {}) as Readonly<Record<string, unknown>>;
  const fields: Record<string, string | undefined> = {
    'metadata.name': metadata?.name,
    'metadata.namespace': metadata?.namespace ?? 'default',
    'spec.serviceAccountName':
      typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : 'default',
    'spec.nodeName': 'localhost',
    'status.podIP': '127.0.0.1',
    'status.podIPs': '127.0.0.1',
    'status.hostIP': '127.0.0.1',
    'status.hostIPs': '127.0.0.1',
  };
  if (path in fields) return fields[path] ?? '';
  return { error: `env "${variable}": unsupported fieldRef fieldPath "${path}"` };
}
