/**
 * A streaming response as argo-server writes one: each message is `{"result": …}`, as server-sent
 * events (`data: {…}\n\n`, keep-alive comments `:\n\n`) when the client accepts
 * `text/event-stream`, else newline-delimited JSON (grpc-gateway's stream format). An error after
 * the stream began is written as grpc-gateway's `{"error": {grpc_code, http_code, message,
 * http_status}}` message, then the stream ends.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../errors/api-error.js';
import { toApiError } from '../errors/to-api-error.js';

export type StreamFormat = 'sse' | 'ndjson';

export function streamFormatOf(request: FastifyRequest): StreamFormat {
  return (request.headers.accept ?? '').includes('text/event-stream') ? 'sse' : 'ndjson';
}

export interface ResultStreamOptions {
  /** Keep-alive interval for server-sent events, in ms (none for NDJSON: it has no comments). */
  readonly heartbeatMs: number;
  /** Called once when the stream ends, with how long it was open. */
  readonly onClose?: (seconds: number) => void;
  /** Open streams, so that a server shutting down can end them. */
  readonly registry?: Set<ResultStream>;
  /** Rewrites each message before it is sent (redaction of secret values). */
  readonly redact?: (text: string) => string;
}

export class ResultStream {
  readonly format: StreamFormat;
  readonly #abort = new AbortController();
  readonly #reply: FastifyReply;
  readonly #startedAt = process.hrtime.bigint();
  readonly #onClose?: (seconds: number) => void;
  readonly #registry?: Set<ResultStream>;
  readonly #redact: (text: string) => string;
  #heartbeat?: NodeJS.Timeout;
  #closed = false;

  /** Takes the response over from Fastify and sends the headers at once. */
  constructor(request: FastifyRequest, reply: FastifyReply, options: ResultStreamOptions) {
    this.format = streamFormatOf(request);
    this.#reply = reply;
    this.#onClose = options.onClose;
    this.#registry = options.registry;
    this.#redact = options.redact ?? ((text) => text);
    this.#registry?.add(this);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': this.format === 'sse' ? 'text/event-stream' : 'application/json',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    raw.flushHeaders();
    raw.on('close', () => this.close());
    if (this.format === 'sse' && options.heartbeatMs > 0) {
      this.#heartbeat = setInterval(() => this.#write(':\n\n'), options.heartbeatMs);
      this.#heartbeat.unref();
    }
  }

  /** Aborted once the client has gone or the stream was closed. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Writes one message; waits while the client is slow to read (back-pressure). */
  async send(result: unknown): Promise<void> {
    await this.#sendMessage({ result });
  }

  /** Writes grpc-gateway's stream error message and ends the stream. */
  async fail(error: unknown): Promise<void> {
    const api: ApiError = toApiError(error);
    await this.#sendMessage({
      error: {
        grpc_code: api.code,
        http_code: api.httpStatus,
        message: api.message,
        http_status: STATUS_CODES[api.httpStatus] ?? '',
        details: [],
      },
    });
    this.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#registry?.delete(this);
    clearInterval(this.#heartbeat);
    this.#abort.abort();
    if (!this.#reply.raw.writableEnded) this.#reply.raw.end();
    this.#onClose?.(Number(process.hrtime.bigint() - this.#startedAt) / 1e9);
  }

  async #sendMessage(message: unknown): Promise<void> {
    const json = this.#redact(JSON.stringify(message));
    const ok = this.#write(this.format === 'sse' ? `data: ${json}\n\n` : `${json}\n`);
    if (!ok && !this.#closed) await this.#drained();
  }

  #write(text: string): boolean {
    if (this.#closed) return true;
    return this.#reply.raw.write(text);
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const raw = this.#reply.raw;
      const done = () => {
        raw.off('drain', done);
        this.#abort.signal.removeEventListener('abort', done);
        resolve();
      };
      raw.on('drain', done);
      this.#abort.signal.addEventListener('abort', done, { once: true });
    });
  }
}
