/**
 * Errors as argo-server answers them: grpc-gateway's body `{"code": <gRPC code>, "message": "…"}`
 * with the HTTP status grpc-gateway derives from the code. Validation problems also carry
 * `details: [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": […]}]`
 * (the standard gRPC shape for per-field problems; Argo sends none).
 */

/** gRPC status codes (google.golang.org/grpc/codes), the ones the API uses. */
export const GrpcCode = {
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;
export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

/** grpc-gateway's HTTPStatusFromCode. */
const httpStatusOfCode: Readonly<Record<GrpcCode, number>> = {
  1: 408,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  16: 401,
};

/** One problem with one field of a request, e.g. `{ field: 'workflow.metadata.name', description: '…' }`. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly httpStatus: number;

  constructor(
    readonly code: GrpcCode,
    message: string,
    readonly violations: readonly FieldViolation[] = [],
    httpStatus?: number,
  ) {
    super(message);
    this.httpStatus = httpStatus ?? httpStatusOfCode[code];
  }

  /** The response body. */
  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.violations.length === 0) return body;
    return {
      ...body,
      details: [{ '@type': badRequestType, fieldViolations: this.violations.map((v) => ({ ...v })) }],
    };
  }
}

const badRequestType = 'type.googleapis.com/google.rpc.BadRequest';

export interface ErrorBody {
  code: number;
  message: string;
  details?: { '@type': string; fieldViolations: FieldViolation[] }[];
}

/** An InvalidArgument error listing every problem: the message has one `field: problem` per line. */
export function invalidArgument(violations: readonly FieldViolation[]): ApiError {
  const message = violations
    .map((v) => (v.field ? `${v.field}: ${v.description}` : v.description))
    .join('\n');
  return new ApiError(GrpcCode.InvalidArgument, message, violations);
}

export function invalidField(field: string, description: string): ApiError {
  return invalidArgument([{ field, description }]);
}

export function notFound(message: string): ApiError {
  return new ApiError(GrpcCode.NotFound, message);
}
