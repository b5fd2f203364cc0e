/**
 * A container's environment as Kubernetes builds it, for every runtime: `envFrom` sources, then
 * `env` (values, Secret, ConfigMap and field references, see secrets/pod-env.ts), later entries winning, each
 * value's `$(VAR)` references expanded against the variables before it.
 */
import type { PodContainer } from '@weft/core';
import { containerVariables, type EnvSources } from '../../secrets/pod-env.js';

export type ResolvedEnv =
  | { readonly ok: true; readonly env: Record<string, string> }
  | { readonly ok: false; readonly error: string };

/**
 * `base` (e.g. a PATH the runtime supplies) overlaid with the container's variables, or Kubernetes'
 * `CreateContainerConfigError` naming a Secret, ConfigMap or key that is missing.
 */
export function containerEnvironment(
  container: PodContainer,
  base: Readonly<Record<string, string>>,
  sources?: EnvSources,
): ResolvedEnv {
  const env: Record<string, string> = { ...base };
  const variables = containerVariables(container, sources);
  if (!variables.ok) return variables;
  for (const variable of variables.value) env[variable.name] = expandReferences(variable.value, env);
  return { ok: true, env };
}

/** Kubernetes expands `$(NAME)` in env values, command and args; `$$(` stays literal. */
export function expandReferences(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$\(|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name: string | undefined) => {
    if (name === undefined) return '$(';
    return env[name] ?? match;
  });
}
