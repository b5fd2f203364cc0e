export { systemStoreContext } from './context.js';
export * from './errors.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/store.js';
export * from './types.js';
