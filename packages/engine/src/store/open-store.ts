import { openPostgresStore } from './postgres/store.js';
import { openSqliteStore } from './sqlite/store.js';
import type { Store, StoreContext } from './types.js';

export interface OpenStoreOptions {
  /** Clock and id source; the system's by default. */
  readonly context?: StoreContext;
}

/** Whether `location` names a PostgreSQL database (`postgres://…` or `postgresql://…`). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the store at `location`: the PostgreSQL database of a `postgres://` or `postgresql://` URL,
 * otherwise the SQLite database file at that path (created when missing).
 *
 * @example
 * const store = await openStore(process.env.WEFT_DATABASE ?? '/var/lib/weft/weft.db');
 */
export function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  return isPostgresUrl(location) ? openPostgresStore(location, options) : openSqliteStore(location, options);
}
