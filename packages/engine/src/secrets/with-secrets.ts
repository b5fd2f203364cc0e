/**
 * A runtime decorator that hands each step the Secrets its Pod names: before the step starts,
 * their decoded data is read from a SecretSource (the server's encrypted store, or the Secret
 * manifests `weft run` was given) into the request's `secretData`. The runtime underneath turns
 * it into variables and files, and redacts the values from what the step leaves behind.
 *
 *   start(request) ─► secretNamesOf(pod) ─► source(namespace, names) ─► base.start({…, secretData})
 *
 * A step with no Secret references starts at once. The ConfigMaps its containers take variables
 * from are read the same way, from a ConfigMapLookup, into `configMapData`.
 */
import type { Runtime, StartStepRequest } from '../runtime/types.js';
import { configMapEnvNamesOf } from './pod-env.js';
import { type SecretData, secretNamesOf } from './pod-secrets.js';

/** Decoded data of the named Secrets of a namespace; names not found are left out. */
export type SecretSource = (namespace: string, names: readonly string[]) => Promise<SecretData>;

/** The data of a ConfigMap, or undefined when the namespace has none of that name. */
export type ConfigMapLookup = (
  namespace: string,
  name: string,
) => Readonly<Record<string, string>> | undefined;

/** The optional members a durable runtime adds (kept as they are). */
interface RuntimeExtras {
  knows?(id: string): boolean;
  ack?(id: string): void;
  shutdown?(): Promise<void>;
}

export function withSecrets<R extends Runtime & RuntimeExtras>(
  base: R,
  source: SecretSource,
  log: (line: string) => void = () => {},
  configMaps?: ConfigMapLookup,
): R {
  /** Steps waiting for their Secrets, with the grace of a kill asked for meanwhile. */
  const pending = new Map<string, { killGraceMs?: number }>();
  const launch = (request: StartStepRequest, secretData: SecretData) => {
    const waiting = pending.get(request.id);
    pending.delete(request.id);
    base.start({ ...request, secretData });
    if (waiting && 'killGraceMs' in waiting) base.kill(request.id, waiting.killGraceMs);
  };
  const wrapped: Runtime & RuntimeExtras = {
    name: base.name,
    isolation: base.isolation,
    start(given) {
      const request = configMaps ? withConfigMapData(given, configMaps) : given;
      const names = secretNamesOf(request.pod);
      if (names.length === 0) return base.start(request);
      pending.set(request.id, {});
      const namespace = request.pod.metadata.namespace ?? 'default';
      source(namespace, names).then(
        (data) => launch(request, data),
        (error: unknown) => {
          // The step then fails naming the Secret it could not get.
          log(`secrets of step ${request.id}: ${error instanceof Error ? error.message : String(error)}`);
          launch(request, {});
        },
      );
    },
    kill(id, graceMs) {
      const waiting = pending.get(id);
      if (waiting) waiting.killGraceMs = graceMs;
      else base.kill(id, graceMs);
    },
    close: () => base.close(),
    ...(base.knows ? { knows: (id: string) => pending.has(id) || (base.knows?.(id) ?? false) } : {}),
    ...(base.ack ? { ack: (id: string) => base.ack?.(id) } : {}),
    ...(base.shutdown ? { shutdown: () => base.shutdown?.() ?? Promise.resolve() } : {}),
  };
  return wrapped as R;
}

/** The request with the data of the ConfigMaps its containers take variables from (those found). */
export function withConfigMapData(request: StartStepRequest, lookup: ConfigMapLookup): StartStepRequest {
  const names = configMapEnvNamesOf(request.pod);
  if (names.length === 0) return request;
  const namespace = request.pod.metadata.namespace ?? 'default';
  const configMapData: Record<string, Readonly<Record<string, string>>> = {};
  for (const name of names) {
    const data = lookup(namespace, name);
    if (data) configMapData[name] = data;
  }
  return { ...request, configMapData };
}
