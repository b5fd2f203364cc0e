import { describe, expect, it } from 'vitest';
import { ServerError } from './errors.js';
import { readResults } from './event-stream.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for (const part of parts) yield encoder.encode(part);
}

async function collect(source: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of source) out.push(value);
  return out;
}

describe('readResults', () => {
  it('reads server-sent events, one result per data line, ignoring comments and blank lines', async () => {
    const stream = chunks(
      ': keepalive\n',
      'data: {"result":{"n":1}}\n\n',
      'event: x\ndata: {"result":{"n":2}}\n\n',
    );
    expect(await collect(readResults(stream))).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('reads newline-delimited JSON, grpc-gateway default', async () => {
    expect(await collect(readResults(chunks('{"result":{"n":1}}\n{"result":{"n":2}}\n')))).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
  });

  it('joins lines split across chunks, with CRLF endings and a last line without newline', async () => {
    const stream = chunks('data: {"res', 'ult":{"text":"a', ' b"}}\r\n\r\n{"result":', '{"n":3}}');
    expect(await collect(readResults(stream))).toEqual([{ text: 'a b' }, { n: 3 }]);
  });

  it('keeps multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: {"result":{"t":"✔"}}\n\n');
    async function* split() {
      yield bytes.slice(0, 22);
      yield bytes.slice(22);
    }
    expect(await collect(readResults(split()))).toEqual([{ t: '✔' }]);
  });

  it('throws the server error of an error entry with its status', async () => {
    const stream = chunks('{"result":{"n":1}}\n{"error":{"code":5,"message":"gone","http_code":404}}\n');
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const value of readResults(stream)) seen.push(value);
      } catch (e) {
        return e;
      }
    })();
    expect(seen).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).message).toBe('gone (HTTP 404)');
  });

  it('says so when an entry is not JSON', async () => {
    await expect(collect(readResults(chunks('data: nope\n\n')))).rejects.toThrow(/not JSON: nope/);
  });
});
