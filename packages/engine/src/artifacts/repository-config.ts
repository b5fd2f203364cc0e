/**
 * Which artifact repository a workflow uses, as Argo decides it: `spec.artifactRepositoryRef`
 * (configMap, default `artifact-repositories`, and key, default the ConfigMap's
 * `workflows.argoproj.io/default-artifact-repository` annotation); without a ref, the
 * `artifact-repositories` ConfigMap's default entry if one was given; else weft's local repository.
 * Credentials come from Secret manifests given to `weft run`, else from the environment.
 */
import type { ConfigMap } from '@weft/core';
import { parse as parseYaml } from 'yaml';
import type { ArtifactRepository } from './repository.js';
import { S3ArtifactRepository } from './s3-repository.js';

export const defaultRepositoryAnnotation = 'workflows.argoproj.io/default-artifact-repository';
export const defaultRepositoriesConfigMap = 'artifact-repositories';
const defaultKeyFormat = '{{workflow.name}}/{{pod.name}}';

/** A Kubernetes Secret as given on the command line (`data` base64, or `stringData`). */
export interface SecretManifest {
  readonly metadata: { readonly name: string };
  readonly data?: Readonly<Record<string, string>>;
  readonly stringData?: Readonly<Record<string, string>>;
}

export interface RepositorySources {
  readonly configMaps: readonly ConfigMap[];
  readonly secrets: readonly SecretManifest[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Argo's ArtifactRepository: one location kind plus `archiveLogs`. */
export interface RepositorySpec {
  readonly archiveLogs?: boolean;
  readonly s3?: Record<string, unknown>;
  readonly [kind: string]: unknown;
}

export interface RepositoryChoice {
  /** Undefined: weft's local repository. */
  readonly spec?: RepositorySpec;
  /** Where the choice came from, e.g. `configmap artifact-repositories, key my-repo`. */
  readonly source: string;
  /** Set when a reference could not be followed and the local repository is used instead. */
  readonly notice?: string;
}

/** Follows `artifactRepositoryRef` (or the default ConfigMap) to a repository spec. */
export function chooseRepositorySpec(
  ref: { configMap?: string; key?: string } | undefined,
  sources: RepositorySources,
): RepositoryChoice {
  const name = ref?.configMap ?? defaultRepositoriesConfigMap;
  const configMap = sources.configMaps.find((c) => c.metadata?.name === name);
  if (!configMap) {
    if (!ref) return { source: 'local (default)' };
    return {
      source: 'local (default)',
      notice: `artifactRepositoryRef: ConfigMap "${name}" was not given; using the local repository`,
    };
  }
  const key = ref?.key ?? configMap.metadata?.annotations?.[defaultRepositoryAnnotation];
  const value = key === undefined ? undefined : configMap.data?.[key];
  if (value === undefined) {
    const notice = `artifactRepositoryRef: ConfigMap "${name}" has no ${key === undefined ? `"${defaultRepositoryAnnotation}" annotation` : `key "${key}"`}; using the local repository`;
    return ref ? { source: 'local (default)', notice } : { source: 'local (default)' };
  }
  const spec = parseYaml(value) as RepositorySpec;
  return { spec, source: `configmap ${name}, key ${key}` };
}

/** The S3 repository an `s3` location describes (a repository spec, an archiveLocation, or an artifact). */
export function s3RepositoryFrom(
  fields: Record<string, unknown>,
  sources: RepositorySources,
): S3ArtifactRepository {
  const bucket = String(fields.bucket ?? '');
  if (!bucket) throw new Error('s3 artifact repository: "bucket" is required');
  const locationFields: Record<string, unknown> = {};
  for (const field of [
    'endpoint',
    'bucket',
    'region',
    'insecure',
    'accessKeySecret',
    'secretKeySecret',
    'useSDKCreds',
  ]) {
    if (fields[field] !== undefined) locationFields[field] = fields[field];
  }
  const accessKeyId = secretValue(fields.accessKeySecret, sources) ?? sources.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = secretValue(fields.secretKeySecret, sources) ?? sources.env.AWS_SECRET_ACCESS_KEY;
  return new S3ArtifactRepository({
    bucket,
    ...(fields.endpoint !== undefined ? { endpoint: String(fields.endpoint) } : {}),
    ...(fields.region !== undefined ? { region: String(fields.region) } : {}),
    insecure: fields.insecure === true || fields.insecure === 'true',
    ...(typeof fields.pathStyle === 'boolean' ? { pathStyle: fields.pathStyle } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    locationFields,
  });
}

/** The repository a spec describes; throws for kinds weft does not support yet. */
export function repositoryFromSpec(spec: RepositorySpec, sources: RepositorySources): ArtifactRepository {
  if (spec.s3) return s3RepositoryFrom(spec.s3, sources);
  const kinds = Object.keys(spec).filter((k) => k !== 'archiveLogs');
  throw new Error(
    `artifact repository of kind ${kinds.join(', ') || '(none)'} is not supported by weft (s3 and the local repository are)`,
  );
}

/** The key prefix pattern of a repository spec: `keyFormat`, else `keyPrefix/` + Argo's default. */
export function keyFormatOf(spec: RepositorySpec | undefined): string {
  const s3 = spec?.s3 as { keyFormat?: string; keyPrefix?: string } | undefined;
  if (s3?.keyFormat) return s3.keyFormat;
  if (s3?.keyPrefix) return `${s3.keyPrefix.replace(/\/+$/, '')}/${defaultKeyFormat}`;
  return defaultKeyFormat;
}

/**
 * A Secret's value: `{name, key}` looked up in the Secret manifests, else in the environment as
 * `WEFT_SECRET_<NAME>_<KEY>` (upper case, other characters as `_`).
 */
export function secretValue(selector: unknown, sources: RepositorySources): string | undefined {
  const { name, key } = (selector ?? {}) as { name?: string; key?: string };
  if (!name || !key) return undefined;
  const secret = sources.secrets.find((s) => s.metadata?.name === name);
  const plain = secret?.stringData?.[key];
  if (plain !== undefined) return plain;
  const encoded = secret?.data?.[key];
  if (encoded !== undefined) return Buffer.from(encoded, 'base64').toString('utf8');
  const envName = `WEFT_SECRET_${name}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return sources.env[envName];
}

/** Fills a key pattern with the workflow's and pod's values (Argo's keyFormat variables). */
export function renderKeyFormat(
  format: string,
  values: { workflowName: string; namespace: string; uid: string; podName: string; createdAt: Date },
): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const created = values.createdAt;
  const table: Record<string, string> = {
    'workflow.name': values.workflowName,
    'workflow.namespace': values.namespace,
    'workflow.uid': values.uid,
    'pod.name': values.podName,
    'workflow.creationTimestamp.Y': String(created.getUTCFullYear()),
    'workflow.creationTimestamp.m': pad(created.getUTCMonth() + 1),
    'workflow.creationTimestamp.d': pad(created.getUTCDate()),
    'workflow.creationTimestamp.H': pad(created.getUTCHours()),
    'workflow.creationTimestamp.M': pad(created.getUTCMinutes()),
    'workflow.creationTimestamp.S': pad(created.getUTCSeconds()),
  };
  return format.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (match, name: string) => table[name] ?? match);
}
