import { InvalidInputError } from '@weft/core';
import { StoreError } from '@weft/engine';
import { ApiError, type FieldViolation, GrpcCode, invalidArgument } from './api-error.js';

/**
 * Maps anything thrown by a route, the store, the controller or Fastify to argo-server's error.
 * Store errors follow the Kubernetes reasons argo-server translates: NotFound → 5, AlreadyExists and
 * Conflict → 6 (Kubernetes' 409, which argo-server maps to AlreadyExists), Invalid and Gone → 3.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof InvalidInputError)
    return invalidArgument(error.issues.map((i) => ({ field: i.path, description: i.message })));
  if (error instanceof StoreError) return new ApiError(storeErrorCode(error), error.message);
  const fastify = error as FastifyLikeError;
  if (fastify?.validation) {
    // A key breaking `propertyNames` is reported twice by ajv: keep the error naming the rule.
    const issues = fastify.validation.filter((v) => v.keyword !== 'propertyNames');
    return invalidArgument(issues.map((v) => violationOf(v, fastify)));
  }
  if (fastify?.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new ApiError(GrpcCode.ResourceExhausted, `request body: ${fastify.message}`, [], 413);
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500)
    return new ApiError(GrpcCode.InvalidArgument, fastify.message, [], fastify.statusCode);
  return new ApiError(GrpcCode.Internal, error instanceof Error ? error.message : String(error));
}

function storeErrorCode(error: StoreError): GrpcCode {
  switch (error.code) {
    case 'NotFound':
      return GrpcCode.NotFound;
    case 'AlreadyExists':
    case 'Conflict':
      return GrpcCode.AlreadyExists;
    case 'Invalid':
    case 'Gone':
      return GrpcCode.InvalidArgument;
    default:
      return GrpcCode.Internal;
  }
}

interface AjvIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
  /** Set when the problem is with a key of an object (`propertyNames`), not a value. */
  readonly propertyName?: string;
}

interface FastifyLikeError {
  readonly code?: string;
  readonly message: string;
  readonly statusCode?: number;
  readonly validation?: readonly AjvIssue[];
  readonly validationContext?: string;
}

/** Friendlier texts for the patterns of ../schemas/names.ts, keyed by the pattern's source. */
const patternMessages = new Map<string, string>();

export function describePattern(pattern: RegExp | string, description: string): string {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  patternMessages.set(source, description);
  return source;
}

function violationOf(issue: AjvIssue, error: FastifyLikeError): FieldViolation {
  const violation = valueViolationOf(issue, error);
  if (issue.propertyName === undefined) return violation;
  return { ...violation, description: `key "${issue.propertyName}": ${violation.description}` };
}

function valueViolationOf(issue: AjvIssue, error: FastifyLikeError): FieldViolation {
  const inner = fieldPath(issue.instancePath);
  const base = inner || (error.validationContext ?? 'request');
  switch (issue.keyword) {
    case 'additionalProperties':
      return { field: join(inner, String(issue.params.additionalProperty)), description: 'unknown field' };
    case 'required':
      return { field: join(inner, String(issue.params.missingProperty)), description: 'is required' };
    case 'pattern':
      return {
        field: base,
        description: patternMessages.get(String(issue.params.pattern)) ?? patternText(issue),
      };
    case 'enum':
      return {
        field: base,
        description: `must be one of ${(issue.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'maxLength':
      return { field: base, description: `must be no more than ${issue.params.limit} characters` };
    case 'const':
      return { field: base, description: `must be ${JSON.stringify(issue.params.allowedValue)}` };
    default:
      return { field: base, description: issue.message ?? issue.keyword };
  }
}

function patternText(issue: AjvIssue): string {
  return `must match ${String(issue.params.pattern)}`;
}

/** `/workflow/metadata/name` → `workflow.metadata.name`; `/spec/templates/0` → `spec.templates[0]`. */
function fieldPath(instancePath: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = '';
  for (const part of parts) path = /^\d+$/.test(part) ? `${path}[${part}]` : join(path, part);
  return path;
}

function join(base: string, field: string): string {
  return base ? `${base}.${field}` : field;
}
