/**
 * What can go wrong talking to a weft (or argo) server, as subclasses of the CLI's own error taxonomy
 * so `main` prints and maps them without knowing about HTTP: a refused request exits 1 like a refused
 * control request, a request the server found invalid exits 2 like any invalid input.
 */
import { ControlError, InvalidInputError } from '../errors.js';

/** The server answered with an error status: argo-server's `message`, the HTTP status and gRPC code. */
export class ServerError extends ControlError {
  readonly status: number;
  readonly code: number | undefined;
  readonly serverMessage: string;
  constructor(serverMessage: string, status: number, code?: number) {
    super(`${serverMessage} (HTTP ${status}${statusHint(status)})`);
    this.name = 'ServerError';
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }
}

/**
 * The server found the request's content invalid (gRPC InvalidArgument, HTTP 400): the input is
 * wrong, exit 2. weft's server puts one `field: problem` per line of the message.
 */
export class ServerInputError extends InvalidInputError {
  readonly status: number;
  /** The message's lines, one problem each. */
  readonly problems: readonly string[];
  constructor(serverMessage: string, status: number) {
    const problems = serverMessage.split('\n').filter((line) => line.trim() !== '');
    super(
      problems.length <= 1
        ? [`weft: ${serverMessage.trim()} (HTTP ${status})`]
        : [`weft: the server refused the request (HTTP ${status}):`, ...problems.map((p) => `  ${p}`)],
    );
    this.name = 'ServerInputError';
    this.status = status;
    this.problems = problems;
  }
}

/** No answer at all: connection refused, unknown host, reset, TLS failure. Names the URL. */
export class ServerUnreachableError extends ControlError {
  readonly url: string;
  readonly reason: string;
  constructor(url: string, reason: string) {
    super(`cannot reach the server at ${url}: ${reason} (is it running? check --server or WEFT_SERVER)`);
    this.name = 'ServerUnreachableError';
    this.url = url;
    this.reason = reason;
  }
}

function statusHint(status: number): string {
  if (status === 401) return '; set WEFT_TOKEN to a valid token';
  if (status === 403) return '; the token may not do this';
  return '';
}

/** The error for a non-2xx answer whose body may hold argo-server's `{code, message}`. */
export function errorForResponse(status: number, statusText: string, body: string): Error {
  const parsed = parseErrorBody(body);
  const message = parsed?.message || body.trim().split('\n')[0] || statusText || 'request failed';
  // InvalidArgument (3) is bad input; FailedPrecondition (9) and OutOfRange (11) share HTTP 400 but
  // are refusals in the current state (stopping a finished workflow): exit 1 like any refusal.
  const invalid = status === 422 || (status === 400 && (parsed?.code === undefined || parsed.code === 3));
  if (invalid) return new ServerInputError(message, status);
  return new ServerError(message, status, parsed?.code);
}

function parseErrorBody(body: string): { message?: string; code?: number } | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const { message, code, error } = value as Record<string, unknown>;
    // grpc-gateway wraps stream errors as {"error": {...}}.
    if (typeof error === 'object' && error !== null) return parseErrorBody(JSON.stringify(error));
    return {
      ...(typeof message === 'string' ? { message } : {}),
      ...(typeof code === 'number' ? { code } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Human words for the network error codes Node's fetch reports in `cause.code`. */
const networkReasons: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

/** Turns what `fetch` threw into a ServerUnreachableError; other errors (aborts) are returned as they are. */
export function networkError(error: unknown, url: string): unknown {
  if (!(error instanceof TypeError)) return error;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  const reason = networkReasons[code] ?? cause?.message ?? error.message;
  return new ServerUnreachableError(url, reason);
}
