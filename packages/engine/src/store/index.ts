export { systemStoreContext } from './context.js';
export * from './errors.js';
export { isPostgresUrl, type OpenStoreOptions, openStore } from './open-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres/store.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/store.js';
export * from './types.js';
