/**
 * The server's redaction of every stored Secret's values, kept current: reloaded after each
 * change made through this server and on every Secret event (another server writing the same
 * Postgres store). Applied to API responses, server log lines and step results.
 */
import { createRedactor, type Redactor, redactDeep } from '@weft/engine';

export class LiveRedactor {
  #current: Redactor = createRedactor([]);
  readonly #load: () => Promise<string[]>;
  #reloading: Promise<void> = Promise.resolve();

  constructor(load: () => Promise<string[]>) {
    this.#load = load;
  }

  /** Reads every value again; resolves once the new values are in use. */
  refresh(): Promise<void> {
    this.#reloading = this.#reloading.then(async () => {
      this.#current = createRedactor(await this.#load());
    });
    return this.#reloading;
  }

  get empty(): boolean {
    return this.#current.empty;
  }

  redact = (text: string): string => this.#current.redact(text);

  redactDeep<T>(value: T): T {
    return redactDeep(value, this.#current);
  }
}
