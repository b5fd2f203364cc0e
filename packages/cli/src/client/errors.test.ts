import { describe, expect, it } from 'vitest';
import { exitCodeForError } from '../exit-codes.js';
import { describeError } from '../main.js';
import {
  errorForResponse,
  networkError,
  ServerError,
  ServerInputError,
  ServerUnreachableError,
} from './errors.js';

const body = (code: number, message: string) => JSON.stringify({ code, message });

describe('errorForResponse', () => {
  it('treats InvalidArgument as bad input: its message and status printed, exit 2', () => {
    const error = errorForResponse(400, 'Bad Request', body(3, 'spec.entrypoint: is required'));
    expect(error).toBeInstanceOf(ServerInputError);
    expect(describeError(error, false)).toBe('weft: spec.entrypoint: is required (HTTP 400)\n');
    expect(exitCodeForError(error)).toBe(2);
  });

  it('lists every line of a multi-line InvalidArgument message, one problem each', () => {
    const error = errorForResponse(400, '', body(3, 'metadata.name: too long\nspec.entrypoint: is required'));
    expect(describeError(error, false)).toBe(
      'weft: the server refused the request (HTTP 400):\n  metadata.name: too long\n  spec.entrypoint: is required\n',
    );
    expect((error as ServerInputError).problems).toEqual([
      'metadata.name: too long',
      'spec.entrypoint: is required',
    ]);
  });

  it('treats a refusal in the current state (FailedPrecondition, also HTTP 400) as a refusal, exit 1', () => {
    const error = errorForResponse(400, '', body(9, 'workflow w is not running (Succeeded)'));
    expect(error).toBeInstanceOf(ServerError);
    expect(describeError(error, false)).toBe('weft: workflow w is not running (Succeeded) (HTTP 400)\n');
    expect(exitCodeForError(error)).toBe(1);
  });

  it('keeps the gRPC code and status of other errors, and hints at the token on 401', () => {
    const notFound = errorForResponse(
      404,
      'Not Found',
      body(5, 'workflows.argoproj.io "x" not found'),
    ) as ServerError;
    expect(notFound).toMatchObject({
      status: 404,
      code: 5,
      serverMessage: 'workflows.argoproj.io "x" not found',
    });
    expect(errorForResponse(401, '', body(16, 'no token')).message).toBe(
      'no token (HTTP 401; set WEFT_TOKEN to a valid token)',
    );
  });

  it('falls back to the first line of a body that is not argo JSON, then to the status text', () => {
    expect(errorForResponse(502, 'Bad Gateway', '<html>proxy error</html>\nmore').message).toBe(
      '<html>proxy error</html> (HTTP 502)',
    );
    expect(errorForResponse(503, 'Service Unavailable', '').message).toBe('Service Unavailable (HTTP 503)');
  });
});

describe('networkError', () => {
  it('turns fetch failures into an error naming the URL and the reason', () => {
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const error = networkError(refused, 'http://127.0.0.1:2746');
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect(describeError(error, false)).toBe(
      'weft: cannot reach the server at http://127.0.0.1:2746: connection refused (is it running? check --server or WEFT_SERVER)\n',
    );
    expect(exitCodeForError(error)).toBe(1);
  });

  it('leaves other errors, such as an abort, as they are', () => {
    const abort = new DOMException('aborted', 'AbortError');
    expect(networkError(abort, 'http://x')).toBe(abort);
  });
});
