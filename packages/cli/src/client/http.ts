/**
 * The HTTP side of the client: JSON requests and streams against argo-server's REST API with Node's
 * built-in fetch. Every failure becomes one of ./errors.ts: the server's message with its status, or
 * the URL that could not be reached.
 */
import { errorForResponse, networkError } from './errors.js';
import { readResults } from './event-stream.js';

/** Query parameters with argo's dotted names (`listOptions.labelSelector`); undefined ones are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** `http(s)://host:port`, no trailing slash. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` (a token that already starts with "Bearer " is sent as is). */
  readonly token?: string;
  readonly fetch?: typeof fetch;
}

export class ApiClient {
  readonly baseUrl: string;
  readonly #authorization: string | undefined;
  readonly #fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl;
    this.#authorization = authorizationOf(options.token);
    this.#fetch = options.fetch ?? fetch;
  }

  /** A JSON request; resolves with the parsed body (undefined for an empty one). */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.#send(method, path, options, 'application/json');
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /**
   * Opens a stream and resolves once the server has answered with its headers (for a watch: once it
   * is subscribed); the returned iterator yields each entry's `result`.
   */
  async stream(path: string, options: RequestOptions = {}): Promise<AsyncGenerator<unknown>> {
    const response = await this.#send('GET', path, options, 'text/event-stream');
    const body = response.body;
    if (!body) return (async function* () {})();
    const url = this.urlOf(path, options.query);
    return (async function* () {
      try {
        yield* readResults(body);
      } catch (error) {
        throw networkError(error, url);
      }
    })();
  }

  urlOf(path: string, query: Query = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) search.set(key, String(value));
    }
    const text = search.toString();
    return `${this.baseUrl}${path}${text ? `?${text}` : ''}`;
  }

  async #send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
    const url = this.urlOf(path, options.query);
    const headers: Record<string, string> = { Accept: accept };
    if (this.#authorization) headers.Authorization = this.#authorization;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (error) {
      throw networkError(error, this.baseUrl);
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    throw errorForResponse(response.status, response.statusText, text);
  }
}

function authorizationOf(token: string | undefined): string | undefined {
  if (!token) return undefined;
  return /^(Bearer|Basic) /.test(token) ? token : `Bearer ${token}`;
}
