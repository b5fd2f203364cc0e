/** The request of an `http` template, made by the engine (Argo's agent does it; no pod). */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EngineWorkCommand, HttpResponse } from '@weft/core';

type HttpRequestCommand = Extract<EngineWorkCommand, { type: 'HttpRequest' }>;

export type HttpOutcome = { readonly response: HttpResponse } | { readonly error: string };

/**
 * Sends the request and reads the whole body. node:http rather than fetch: fetch refuses a `Host`
 * header (Argo sets it from the headers list) and cannot skip TLS verification per request.
 */
export function performHttpRequest(command: HttpRequestCommand): Promise<HttpOutcome> {
  let url: URL;
  try {
    url = new URL(command.url);
  } catch {
    return Promise.resolve({ error: `invalid URL "${command.url}"` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return Promise.resolve({ error: `unsupported protocol scheme "${url.protocol.replace(/:$/, '')}"` });
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: command.method,
        headers: headerObject(command.headers),
        ...(command.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(command.timeoutMs) }),
        ...(url.protocol === 'https:' && command.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
      },
      (res) => readResponse(res).then(resolve, (error: Error) => resolve({ error: error.message })),
    );
    req.on('error', (error) => resolve({ error: describe(command, error) }));
    req.end(command.body === '' ? undefined : command.body);
  });
}

function describe(command: HttpRequestCommand, error: Error): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError')
    return `${command.method} ${command.url}: no response within ${(command.timeoutMs ?? 0) / 1000}s`;
  return `${command.method} ${command.url}: ${error.message}`;
}

/** Several headers of one name are joined as HTTP allows; `Host` overrides the URL's host. */
function headerObject(
  headers: readonly { name: string; value: string }[],
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const { name, value } of headers) {
    const previous = out[name];
    out[name] = previous === undefined ? value : [...[previous].flat(), value];
  }
  return out;
}

async function readResponse(res: IncomingMessage): Promise<HttpOutcome> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return {
    response: {
      statusCode: res.statusCode ?? 0,
      body: Buffer.concat(chunks).toString('utf8'),
      headers: canonicalHeaders(res.rawHeaders),
    },
  };
}

/** Go's `http.Header`: canonical names (`content-type` → `Content-Type`) to every value. */
export function canonicalHeaders(raw: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]
      .toLowerCase()
      .replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase());
    const values = out[name] ?? [];
    values.push(raw[i + 1]);
    out[name] = values;
  }
  return out;
}
