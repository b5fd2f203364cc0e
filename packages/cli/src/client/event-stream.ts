/**
 * Reads argo-server's streams: server-sent events (`data: {"result": …}` lines, what argo's own
 * HTTP client asks for) or newline-delimited JSON (`{"result": …}` per line, grpc-gateway's default).
 * Yields each `result`; an `{"error": …}` entry (a stream that failed on the server) is thrown.
 *
 *   bytes ─► lines ─► SSE `data:` (joined until a blank line) | NDJSON `{…}` ─► JSON ─► result
 */
import { errorForResponse } from './errors.js';

/** Splits a byte stream into lines (without `\n` or `\r\n`); the last line may lack its newline. */
export async function* readLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of chunks) {
    buffered += decoder.decode(chunk, { stream: true });
    let at = buffered.indexOf('\n');
    while (at >= 0) {
      yield buffered.slice(0, at).replace(/\r$/, '');
      buffered = buffered.slice(at + 1);
      at = buffered.indexOf('\n');
    }
  }
  buffered += decoder.decode();
  if (buffered !== '') yield buffered.replace(/\r$/, '');
}

/** JSON documents of a stream in either format, in order. */
export async function* readDocuments(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let data: string[] = [];
  for await (const line of lines) {
    if (line.startsWith('data:')) {
      data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      continue;
    }
    if (line === '' && data.length > 0) {
      yield data.join('\n');
      data = [];
      continue;
    }
    // NDJSON; SSE comments (`:`), `event:`, `id:` and `retry:` fields are ignored.
    if (line.startsWith('{')) yield line;
  }
  if (data.length > 0) yield data.join('\n');
}

/** The `result` of every entry of a stream; throws the server's error for an `error` entry. */
export async function* readResults(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  for await (const document of readDocuments(readLines(chunks))) {
    let entry: unknown;
    try {
      entry = JSON.parse(document);
    } catch {
      throw new Error(`the server sent a stream entry that is not JSON: ${document.slice(0, 200)}`);
    }
    if (typeof entry !== 'object' || entry === null) continue;
    const { result, error } = entry as { result?: unknown; error?: { http_code?: number } };
    if (error !== undefined) throw errorForResponse(error.http_code ?? 500, '', JSON.stringify(error));
    if (result !== undefined) yield result;
  }
}
