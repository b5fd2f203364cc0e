/**
 * `retryPolicy: OnTransientError`: whether an attempt's message names an error Argo counts as
 * transient. Argo wraps the node's message in a plain error before asking, so only its checks that
 * look at the text apply: etcd and network failures, client rate limiting, and the
 * `TRANSIENT_ERROR_PATTERN` regular expression (passed in: the core reads no environment).
 */
const transientFragments: readonly string[] = [
  'etcdserver: leader changed',
  'etcdserver: request timed out',
  'etcdserver: too many requests',
  'unexpected error when reading response body',
  'stream error when reading response body',
  'Connection closed by foreign host',
  'net/http: TLS handshake timeout',
  'i/o timeout',
  'connection timed out',
  'connection reset by peer',
  'http2: client connection lost',
  'http2: server sent GOAWAY and closed the connection',
  'request did not complete within requested timeout',
  'connect: connection refused',
  'invalid connection',
  'client rate limiter Wait returned an error',
  'upper: no more rows in',
];

export function isTransientMessage(message: string, pattern: string | undefined): boolean {
  if (message === '') return false;
  if (transientFragments.some((fragment) => message.includes(fragment))) return true;
  if (!pattern) return false;
  try {
    return new RegExp(pattern).test(message);
  } catch {
    return false;
  }
}
