/**
 * The PostgreSQL schema as numbered migrations, applied in order by ./migrate.ts. Never edit a
 * released migration: add the next number. Kept as TypeScript constants so they ship inside dist.
 * Numbered independently of SQLite's. Names and ids use the "C" collation so lists, continue tokens
 * and node ids sort by bytes on every server, as they do in SQLite. Bodies are JSON kept as text
 * (jsonb would reorder their keys).
 */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

const init = `
CREATE TABLE store_state (
  id integer PRIMARY KEY CHECK (id = 1),
  resource_version bigint NOT NULL
);
INSERT INTO store_state (id, resource_version) VALUES (1, 0);

CREATE TABLE objects (
  uid text COLLATE "C" PRIMARY KEY,
  kind text COLLATE "C" NOT NULL,
  namespace text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  resource_version bigint NOT NULL,
  creation_timestamp text NOT NULL,
  body text NOT NULL,
  CONSTRAINT objects_name_unique UNIQUE (kind, namespace, name)
);
CREATE INDEX objects_by_resource_version ON objects (resource_version);

CREATE TABLE object_labels (
  uid text COLLATE "C" NOT NULL REFERENCES objects (uid) ON DELETE CASCADE,
  key text COLLATE "C" NOT NULL,
  value text COLLATE "C" NOT NULL,
  PRIMARY KEY (uid, key)
);
CREATE INDEX object_labels_by_key_value ON object_labels (key, value);

CREATE TABLE workflow_summaries (
  uid text COLLATE "C" PRIMARY KEY REFERENCES objects (uid) ON DELETE CASCADE,
  phase text,
  started_at text,
  finished_at text,
  progress text,
  message text
);

CREATE TABLE workflow_nodes (
  workflow_uid text COLLATE "C" NOT NULL REFERENCES objects (uid) ON DELETE CASCADE,
  id text COLLATE "C" NOT NULL,
  phase text COLLATE "C" NOT NULL,
  type text COLLATE "C" NOT NULL,
  resource_version bigint NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (workflow_uid, id)
);
CREATE INDEX workflow_nodes_by_change ON workflow_nodes (workflow_uid, resource_version);

CREATE TABLE workflow_events (
  workflow_uid text COLLATE "C" NOT NULL REFERENCES objects (uid) ON DELETE CASCADE,
  seq integer NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (workflow_uid, seq)
);

CREATE TABLE counters (
  name text COLLATE "C" PRIMARY KEY,
  value bigint NOT NULL
);
`;

export const migrations: readonly Migration[] = [{ version: 1, sql: init }];
