/**
 * Kubernetes' naming rules as JSON-schema fragments, each pattern registered with the message a
 * request that breaks it gets (see ../errors/to-api-error.ts).
 */
import { describePattern } from '../errors/to-api-error.js';

const label = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

const dns1123Label = describePattern(
  `^${label}$`,
  "must be an RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
);

const dns1123Subdomain = describePattern(
  `^${label}(\\.${label})*$`,
  "must be an RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
);

const generateNamePrefix = describePattern(
  '^[a-z0-9][-a-z0-9.]*$',
  "must start with a lowercase letter or digit and hold only lowercase letters, digits, '-' and '.'",
);

const labelValue = describePattern(
  '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$',
  "must be empty or a label value: letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
);

const labelKey = describePattern(
  `^(${label}(\\.${label})*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$`,
  "must be a label key: an optional DNS subdomain prefix and '/', then letters, digits, '-', '_' and '.'",
);

/** A namespace: a DNS-1123 label. */
export const namespaceSchema = { type: 'string', pattern: dns1123Label, maxLength: 63 } as const;

/** The name of an existing object in a URL: a DNS-1123 subdomain. */
export const pathNameSchema = { type: 'string', pattern: dns1123Subdomain, maxLength: 253 } as const;

/**
 * A new object's name: a DNS-1123 subdomain of at most 63 characters (Argo's limit: the name is
 * also a label value), 52 for CronWorkflows (a timestamp is appended to the workflows they create).
 */
export function objectNameSchema(maxLength: number) {
  return { type: 'string', pattern: dns1123Subdomain, maxLength } as const;
}

/** Kubernetes keeps 5 characters for the random suffix of a 63-character name. */
export const generateNameSchema = { type: 'string', pattern: generateNamePrefix, maxLength: 58 } as const;

export const labelsSchema = {
  type: 'object',
  propertyNames: { pattern: labelKey, maxLength: 317 },
  additionalProperties: { type: 'string', pattern: labelValue, maxLength: 63 },
} as const;

export const annotationsSchema = {
  type: 'object',
  propertyNames: { pattern: labelKey, maxLength: 317 },
  additionalProperties: { type: 'string' },
} as const;
