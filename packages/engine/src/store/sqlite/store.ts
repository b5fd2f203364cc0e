import type { NodeStatus } from '@weft/core';
import { isoSeconds } from '@weft/core';
import Database from 'better-sqlite3';
import { systemStoreContext } from '../context.js';
import { decodeContinue, encodeContinue } from '../continue-token.js';
import { AlreadyExistsError, ConflictError, InvalidRequestError, NotFoundError } from '../errors.js';
import { parseLabelSelector } from '../label-selector.js';
import {
  checkKind,
  checkLimit,
  checkPreconditions,
  fromRecord,
  inNamespace,
  nameForCreate,
  type ObjectRecord,
  parseResourceVersion,
  type ResolvedKey,
  resolveKey,
  toRecord,
} from '../objects.js';
import {
  buildListQuery,
  buildNodeQuery,
  nodeRowParameters,
  type ObjectRow,
  recordOf,
  summaryParameters,
} from '../sql-queries.js';
import type {
  DeletePreconditions,
  ListOptions,
  NodeQuery,
  ObjectInput,
  ObjectKey,
  ObjectList,
  Store,
  StoreContext,
  StoredKind,
  StoredObject,
  WorkflowSummary,
} from '../types.js';
import { migrate } from './migrate.js';
import { prepareStatements, type Statements, sqliteDialect } from './queries.js';

export interface SqliteStoreOptions {
  /** Clock and id source; the system's by default. */
  readonly context?: StoreContext;
}

/**
 * Opens (creating if needed) a SQLite store at `path` in WAL mode, upgrading an older schema.
 * Rejects with SchemaTooNewError when a newer weft wrote the database.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteStore(db, options.context ?? systemStoreContext);
}

const statementCacheSize = 256;

class SqliteStore implements Store {
  private readonly statements: Statements;
  private readonly dynamicStatements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly context: StoreContext,
  ) {
    this.statements = prepareStatements(db);
  }

  async create(object: ObjectInput): Promise<StoredObject> {
    const record = toRecord(object, nameForCreate(object.metadata, this.context.nameSuffix));
    const uid = this.context.newUid();
    const creationTimestamp = isoSeconds(this.context.now().getTime());
    return this.write(() => {
      if (this.findRow(record)) {
        throw new AlreadyExistsError(`${record.kind} "${record.name}" already exists${inNamespace(record)}`);
      }
      const resourceVersion = this.nextResourceVersion();
      const { kind, namespace, name, body } = record;
      this.statements.insertObject.run(
        uid,
        kind,
        namespace,
        name,
        resourceVersion,
        creationTimestamp,
        json(body),
      );
      this.writeLabelsAndSummary(uid, record);
      return fromRecord({ ...record, uid, resourceVersion, creationTimestamp });
    });
  }

  async get(key: ObjectKey): Promise<StoredObject | undefined> {
    const row = this.findRow(resolveKey(key));
    return row ? fromRecord(recordOf(row)) : undefined;
  }

  async list(kind: StoredKind, options: ListOptions = {}): Promise<ObjectList> {
    const checkedKind = checkKind(kind);
    const requirements = parseLabelSelector(options.labelSelector);
    const after = options.continue ? decodeContinue(options.continue, checkedKind) : undefined;
    const limit = options.limit ? checkLimit(options.limit) : undefined;
    const query = buildListQuery(
      { kind: checkedKind, namespace: options.namespace, requirements, after, limit },
      sqliteDialect,
    );
    const readPage = this.db.transaction(() => ({
      rows: this.statement(query.sql).all(...query.parameters) as ObjectRow[],
      resourceVersion: this.currentResourceVersion(),
    }));
    const { rows, resourceVersion } = readPage.deferred();
    const more = limit !== undefined && rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((row) => fromRecord(recordOf(row))),
      resourceVersion: String(resourceVersion),
      ...(more
        ? { continue: encodeContinue({ kind: checkedKind, namespace: last.namespace, name: last.name }) }
        : {}),
    };
  }

  async update(object: ObjectInput): Promise<StoredObject> {
    if (!object.metadata.name) throw new InvalidRequestError('metadata.name is required to update');
    const record = toRecord(object, object.metadata.name);
    return this.write(() => {
      const row = this.existingRow(record);
      checkPreconditions(storedVersion(row), object.metadata, record);
      const resourceVersion = this.nextResourceVersion();
      this.statements.updateObject.run(json(record.body), resourceVersion, row.uid);
      this.statements.deleteLabels.run(row.uid);
      this.writeLabelsAndSummary(row.uid, record);
      return fromRecord({
        ...record,
        uid: row.uid,
        resourceVersion,
        creationTimestamp: row.creation_timestamp,
      });
    });
  }

  async delete(key: ObjectKey, preconditions: DeletePreconditions = {}): Promise<StoredObject> {
    const resolved = resolveKey(key);
    return this.write(() => {
      const row = this.existingRow(resolved);
      checkPreconditions(storedVersion(row), preconditions, resolved);
      const resourceVersion = this.nextResourceVersion();
      this.statements.deleteObject.run(row.uid);
      return fromRecord({ ...recordOf(row), resourceVersion });
    });
  }

  async putNodes(workflowUid: string, nodes: readonly NodeStatus[]): Promise<void> {
    this.write(() => {
      this.requireWorkflow(workflowUid);
      const resourceVersion = this.currentResourceVersion() + 1;
      let written = 0;
      for (const node of nodes) {
        written += this.statements.upsertNode.run(
          ...nodeRowParameters(workflowUid, node, resourceVersion),
        ).changes;
      }
      if (written === 0) return;
      this.statements.setResourceVersion.run(resourceVersion);
      this.statements.touchObject.run(resourceVersion, workflowUid);
    });
  }

  async getNodes(workflowUid: string, query: NodeQuery = {}): Promise<readonly NodeStatus[]> {
    this.requireWorkflow(workflowUid);
    if (query.limit !== undefined) checkLimit(query.limit);
    const changedSince =
      query.changedSince === undefined ? undefined : parseResourceVersion(query.changedSince);
    const { sql, parameters } = buildNodeQuery(workflowUid, query, changedSince, sqliteDialect);
    const rows = this.statement(sql).all(...parameters) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as NodeStatus);
  }

  async putSummary(workflowUid: string, summary: WorkflowSummary): Promise<void> {
    this.write(() => {
      this.requireWorkflow(workflowUid);
      const resourceVersion = this.nextResourceVersion();
      this.statements.upsertSummary.run(workflowUid, ...summaryParameters(summary));
      this.statements.touchObject.run(resourceVersion, workflowUid);
    });
  }

  async appendEvents(workflowUid: string, firstSeq: number, records: readonly unknown[]): Promise<void> {
    this.write(() => {
      this.requireWorkflow(workflowUid);
      const length = this.statements.countEvents.get(workflowUid)?.count ?? 0;
      if (length !== firstSeq) {
        throw new ConflictError(
          `event log of workflow ${workflowUid} has ${length} records; cannot append at ${firstSeq}`,
        );
      }
      records.forEach((record, index) => {
        this.statements.insertEvent.run(workflowUid, firstSeq + index, json(record));
      });
    });
  }

  async readEvents(workflowUid: string): Promise<readonly unknown[]> {
    return this.statements.selectEvents.all(workflowUid).map((row) => JSON.parse(row.body) as unknown);
  }

  async replaceEvents(workflowUid: string, records: readonly unknown[]): Promise<void> {
    this.write(() => {
      this.requireWorkflow(workflowUid);
      this.statements.deleteEvents.run(workflowUid);
      records.forEach((record, index) => {
        this.statements.insertEvent.run(workflowUid, index, json(record));
      });
    });
  }

  async nextCounter(name: string): Promise<number> {
    return this.write(() => this.statements.incrementCounter.get(name)?.value ?? 0);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Runs `body` in an immediate (write-locking) transaction. */
  private write<T>(body: () => T): T {
    return this.db.transaction(body).immediate();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.dynamicStatements.get(sql);
    if (!statement) {
      if (this.dynamicStatements.size >= statementCacheSize) this.dynamicStatements.clear();
      statement = this.db.prepare(sql);
      this.dynamicStatements.set(sql, statement);
    }
    return statement;
  }

  private currentResourceVersion(): number {
    return this.statements.currentResourceVersion.get()?.resource_version ?? 0;
  }

  private nextResourceVersion(): number {
    const next = this.currentResourceVersion() + 1;
    this.statements.setResourceVersion.run(next);
    return next;
  }

  private findRow(key: ResolvedKey): ObjectRow | undefined {
    return this.statements.selectByKey.get(key.kind, key.namespace, key.name);
  }

  private existingRow(key: ResolvedKey): ObjectRow {
    const row = this.findRow(key);
    if (!row) throw new NotFoundError(`${key.kind} "${key.name}" not found${inNamespace(key)}`);
    return row;
  }

  private requireWorkflow(uid: string): void {
    if (this.statements.selectKindByUid.get(uid)?.kind !== 'Workflow') {
      throw new NotFoundError(`no Workflow has uid ${uid}`);
    }
  }

  private writeLabelsAndSummary(uid: string, record: ObjectRecord): void {
    for (const [key, value] of Object.entries(record.labels))
      this.statements.insertLabel.run(uid, key, value);
    if (record.summary) this.statements.upsertSummary.run(uid, ...summaryParameters(record.summary));
  }
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function storedVersion(row: ObjectRow): { uid: string; resourceVersion: number } {
  return { uid: row.uid, resourceVersion: row.resource_version };
}
