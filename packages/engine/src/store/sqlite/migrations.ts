/**
 * The SQLite schema as numbered migrations, applied in order by ./migrate.ts. Never edit a
 * released migration: add the next number. Kept as TypeScript constants so they ship inside dist.
 */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

const init = `
CREATE TABLE store_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  resource_version INTEGER NOT NULL
);
INSERT INTO store_state (id, resource_version) VALUES (1, 0);

CREATE TABLE objects (
  uid TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  resource_version INTEGER NOT NULL,
  creation_timestamp TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (kind, namespace, name)
);
CREATE INDEX objects_by_resource_version ON objects (resource_version);

CREATE TABLE object_labels (
  uid TEXT NOT NULL REFERENCES objects (uid) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (uid, key)
) WITHOUT ROWID;
CREATE INDEX object_labels_by_key_value ON object_labels (key, value);

CREATE TABLE workflow_summaries (
  uid TEXT PRIMARY KEY REFERENCES objects (uid) ON DELETE CASCADE,
  phase TEXT,
  started_at TEXT,
  finished_at TEXT,
  progress TEXT,
  message TEXT
);

CREATE TABLE workflow_nodes (
  workflow_uid TEXT NOT NULL REFERENCES objects (uid) ON DELETE CASCADE,
  id TEXT NOT NULL,
  phase TEXT NOT NULL,
  type TEXT NOT NULL,
  resource_version INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (workflow_uid, id)
) WITHOUT ROWID;
CREATE INDEX workflow_nodes_by_change ON workflow_nodes (workflow_uid, resource_version);
`;

/** The durable controller's per-workflow event log, and named counters (per-template run numbers). */
const eventsAndCounters = `
CREATE TABLE workflow_events (
  workflow_uid TEXT NOT NULL REFERENCES objects (uid) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (workflow_uid, seq)
) WITHOUT ROWID;

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

export const migrations: readonly Migration[] = [
  { version: 1, sql: init },
  { version: 2, sql: eventsAndCounters },
];
