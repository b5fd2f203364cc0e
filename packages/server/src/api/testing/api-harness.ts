/**
 * Test-only: the API listening on a free port over a real SQLite store (a temp file, wrapped in a
 * WatchedStore) and the FakeController, with small HTTP and stream clients.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type StoreContext, systemStoreContext } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import { createServerMetrics, type ServerMetrics } from '../../metrics/server-metrics.js';
import { ObjectEvents } from '../../watch/object-events.js';
import { WatchedStore } from '../../watch/watched-store.js';
import { buildApi } from '../build-api.js';
import type { ApiDeps } from '../deps.js';
import { FakeController } from './fake-controller.js';

/** Parsed JSON of a response or stream message, as the tests' expectations read it. */
// biome-ignore lint/suspicious/noExplicitAny: response JSON is checked by each test's expectations
export type Json = any;

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly body: Json;
}

export interface ApiHarness {
  readonly app: FastifyInstance;
  readonly base: string;
  readonly dataDir: string;
  readonly store: WatchedStore;
  readonly events: ObjectEvents;
  readonly controller: FakeController;
  readonly metrics: ServerMetrics;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  /** Sends a body as given (a string is not JSON-encoded). */
  raw(
    method: string,
    path: string,
    body: string | undefined,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  stream(path: string, format: 'sse' | 'ndjson'): Promise<StreamClient>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Each object created one second after the previous one (creationTimestamps have whole seconds). */
  readonly tickingClock?: boolean;
  /** More deps built over the harness's store (auth, tokens, secrets). */
  readonly deps?: (parts: {
    readonly store: WatchedStore;
    readonly events: ObjectEvents;
    readonly dataDir: string;
  }) => Partial<ApiDeps> | Promise<Partial<ApiDeps>>;
}

function tickingContext(): StoreContext {
  let now = Date.parse('2024-05-01T10:00:00Z');
  return {
    ...systemStoreContext,
    now: () => {
      now += 1000;
      return new Date(now);
    },
  };
}

export async function startApi(
  options: Partial<ApiDeps> = {},
  harness: HarnessOptions = {},
): Promise<ApiHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'weft-api-'));
  const events = new ObjectEvents();
  const context = harness.tickingClock ? tickingContext() : undefined;
  const store = new WatchedStore(await openSqliteStore(join(dataDir, 'weft.db'), { context }), events);
  const controller = new FakeController(store);
  const metrics = createServerMetrics({ processMetrics: false });
  const app = await buildApi({
    store,
    events,
    controller,
    dataDir,
    version: '0.0.0-test',
    metrics,
    heartbeatMs: 100,
    logPollMs: 100,
    ...options,
    ...(harness.deps ? await harness.deps({ store, events, dataDir }) : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const streams: StreamClient[] = [];
  const raw = async (
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(base + path, { method, body, headers, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  };
  return {
    app,
    base,
    dataDir,
    store,
    events,
    controller,
    metrics,
    raw,
    request: (method, path, body, headers = {}) =>
      raw(method, path, body === undefined ? undefined : JSON.stringify(body), {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      }),
    async stream(path, format) {
      const client = await openStream(base + path, format);
      streams.push(client);
      return client;
    },
    async close() {
      for (const client of streams) client.close();
      await app.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reads a stream's messages: SSE `data:` lines or NDJSON lines, each parsed as JSON. */
export interface StreamClient {
  readonly status: number;
  readonly headers: Headers;
  /** Every raw line received so far (heartbeats included). */
  readonly lines: string[];
  /** The next message, or undefined when the stream ended; rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Json>;
  /** Messages until `count` were read. */
  take(count: number, timeoutMs?: number): Promise<Json[]>;
  /** Resolves when the server ended the stream. */
  ended(timeoutMs?: number): Promise<void>;
  close(): void;
}

async function openStream(url: string, format: 'sse' | 'ndjson'): Promise<StreamClient> {
  const abort = new AbortController();
  const headers = format === 'sse' ? { accept: 'text/event-stream' } : { accept: 'application/json' };
  const response = await fetch(url, { headers, signal: abort.signal });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  const lines: string[] = [];
  const messages: unknown[] = [];
  let buffer = '';
  let done = false;
  let notify: (() => void) | undefined;
  const pumpDone = (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        let at = buffer.indexOf('\n');
        while (at !== -1) {
          const line = buffer.slice(0, at);
          buffer = buffer.slice(at + 1);
          lines.push(line);
          const data = format === 'sse' ? (line.startsWith('data: ') ? line.slice(6) : undefined) : line;
          if (data !== undefined && data.trim() !== '') messages.push(JSON.parse(data));
          at = buffer.indexOf('\n');
        }
        notify?.();
      }
    } catch {
      // aborted by close()
    } finally {
      done = true;
      notify?.();
    }
  })();
  const waitFor = async (ready: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (Date.now() > deadline)
        throw new Error(`stream: timed out waiting for ${what}; lines: ${lines.join(' | ')}`);
      await new Promise<void>((resolve) => {
        notify = resolve;
        setTimeout(resolve, 20);
      });
    }
  };
  let read = 0;
  const client: StreamClient = {
    status: response.status,
    headers: response.headers,
    lines,
    async next(timeoutMs = 5000) {
      await waitFor(() => messages.length > read || done, timeoutMs, 'a message');
      return messages.length > read ? messages[read++] : undefined;
    },
    async take(count, timeoutMs = 5000) {
      const out = [];
      for (let i = 0; i < count; i++) out.push(await client.next(timeoutMs));
      return out;
    },
    async ended(timeoutMs = 5000) {
      await waitFor(() => done, timeoutMs, 'the end of the stream');
      await pumpDone;
    },
    close: () => abort.abort(),
  };
  return client;
}
