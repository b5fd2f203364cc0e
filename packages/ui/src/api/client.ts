/** JSON over argo-server's REST API; errors carry the server's message. */
import { nextTask } from './next-task';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Fired on `window` when the server answers 401: the app then asks for a token. */
export const unauthorizedEvent = 'weft:unauthorized';

async function failureOf(response: Response): Promise<ApiFailure> {
  if (response.status === 401) window.dispatchEvent(new Event(unauthorizedEvent));
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { message?: string };
    return new ApiFailure(response.status, body.message ?? text);
  } catch {
    return new ApiFailure(response.status, text || response.statusText);
  }
}

export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await failureOf(response);
  return (await response.json()) as T;
}

export const getJson = <T>(path: string) => requestJson<T>('GET', path);

/** Builds `path?k=v&…`, leaving out empty values. */
export function withQuery(
  path: string,
  query: Record<string, string | number | boolean | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export const enc = encodeURIComponent;

/**
 * Reads a newline-delimited JSON stream (argo-server's stream format without an SSE Accept header)
 * and hands each `result` to `onResult` until the stream ends or `signal` aborts.
 */
export async function readStream<T>(
  path: string,
  onResult: (result: T) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(path, { signal });
  if (!response.ok) throw await failureOf(response);
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let count = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let start = 0;
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n', start)) {
      const line = buffer.slice(start, newline).trim();
      start = newline + 1;
      if (line.startsWith('{')) {
        const message = JSON.parse(line) as { result?: T; error?: { message?: string } };
        if (message.error) throw new ApiFailure(500, message.error.message ?? 'stream failed');
        if (message.result !== undefined) onResult(message.result);
      }
      // A big chunk (a stored log arrives at once) is handled a few thousand lines per task.
      if (++count % 2000 === 0) await nextTask();
    }
    buffer = buffer.slice(start);
  }
}
