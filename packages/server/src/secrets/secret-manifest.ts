/**
 * A Secret as a client sends it (Kubernetes' shape: `data` base64, `stringData` plain, `type`),
 * checked field by field. `stringData` wins over `data` for the same key, as in Kubernetes.
 */
import type { FieldViolation } from '../api/errors/api-error.js';

export interface SecretInput {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly type?: string;
  readonly data?: Record<string, unknown>;
  readonly stringData?: Record<string, unknown>;
}

/** A checked Secret: its name, type, labels, annotations and decoded data. */
export interface CheckedSecret {
  readonly name: string;
  readonly type: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly data: Record<string, string>;
}

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Kubernetes' rule for Secret keys: letters, digits, `-`, `_`, `.`; not `.` or `..`. */
const secretKey = /^[-._a-zA-Z0-9]+$/;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The checked Secret, or every problem with the field it is in (under `field`, e.g. `secret`). */
export function checkSecret(input: SecretInput | undefined, field: string): CheckedSecret | FieldViolation[] {
  const problems: FieldViolation[] = [];
  const at = (path: string, description: string) => problems.push({ field: `${field}.${path}`, description });
  const name = input?.metadata?.name ?? '';
  if (!dns1123Subdomain.test(name) || name.length > 253)
    at('metadata.name', 'must be a lowercase RFC 1123 subdomain (letters, digits, "-" and ".")');
  if (input?.kind !== undefined && input.kind !== 'Secret')
    at('kind', `must be "Secret", not "${input.kind}"`);
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(input?.data ?? {})) {
    if (!validKey(key)) at(`data.${key}`, 'a key is letters, digits, "-", "_" and "." only');
    else if (typeof value !== 'string' || !base64.test(value)) at(`data.${key}`, 'must be base64');
    else data[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  for (const [key, value] of Object.entries(input?.stringData ?? {})) {
    if (!validKey(key)) at(`stringData.${key}`, 'a key is letters, digits, "-", "_" and "." only');
    else if (typeof value !== 'string') at(`stringData.${key}`, 'must be a string');
    else data[key] = value;
  }
  if (problems.length > 0) return problems;
  return {
    name,
    type: input?.type ?? 'Opaque',
    ...(input?.metadata?.labels ? { labels: input.metadata.labels } : {}),
    ...(input?.metadata?.annotations ? { annotations: input.metadata.annotations } : {}),
    data,
  };
}

function validKey(key: string): boolean {
  return secretKey.test(key) && key !== '.' && key !== '..' && key.length <= 253;
}
