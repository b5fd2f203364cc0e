import type { NodeStatus } from '@weft/core';
import { isoSeconds } from '@weft/core';
import type pg from 'pg';
import { systemStoreContext } from '../context.js';
import { decodeContinue, encodeContinue } from '../continue-token.js';
import { AlreadyExistsError, ConflictError, InvalidRequestError, StoreError } from '../errors.js';
import { parseLabelSelector } from '../label-selector.js';
import {
  checkKind,
  checkLimit,
  checkPreconditions,
  fromRecord,
  inNamespace,
  nameForCreate,
  parseResourceVersion,
  resolveKey,
  toRecord,
} from '../objects.js';
import {
  buildListQuery,
  buildNodeQuery,
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
import { createPool, inTransaction, printableUrl } from './connection.js';
import { migrate } from './migrate.js';
import {
  bumpResourceVersion,
  currentResourceVersion,
  existingRow,
  findRow,
  insertEvents,
  nodeColumns,
  postgresDialect,
  requireWorkflow,
  sql,
  writeLabelsAndSummary,
} from './queries.js';

export interface PostgresStoreOptions {
  /** Clock and id source; the system's by default. */
  readonly context?: StoreContext;
}

/**
 * Opens a store in the PostgreSQL database at `url` (`postgres://user:password@host:port/database`),
 * creating or upgrading its schema. Rejects with SchemaTooNewError when a newer weft wrote it.
 * Several weft processes may share one database: writes take turns on one row lock.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pool = createPool(url);
  try {
    await migrate(pool, printableUrl(url));
  } catch (error) {
    await pool.end();
    if (error instanceof StoreError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open the store in PostgreSQL at ${printableUrl(url)}: ${reason}`, {
      cause: error,
    });
  }
  return new PostgresStore(pool, options.context ?? systemStoreContext);
}

class PostgresStore implements Store {
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly context: StoreContext,
  ) {}

  async create(object: ObjectInput): Promise<StoredObject> {
    const record = toRecord(object, nameForCreate(object.metadata, this.context.nameSuffix));
    const uid = this.context.newUid();
    const creationTimestamp = isoSeconds(this.context.now().getTime());
    return this.write(async (client) => {
      const resourceVersion = await bumpResourceVersion(client);
      if (await findRow(client, record)) {
        throw new AlreadyExistsError(`${record.kind} "${record.name}" already exists${inNamespace(record)}`);
      }
      const { kind, namespace, name, body } = record;
      await client.query(sql.insertObject, [
        uid,
        kind,
        namespace,
        name,
        resourceVersion,
        creationTimestamp,
        JSON.stringify(body),
      ]);
      await writeLabelsAndSummary(client, uid, record);
      return fromRecord({ ...record, uid, resourceVersion, creationTimestamp });
    });
  }

  async get(key: ObjectKey): Promise<StoredObject | undefined> {
    const row = await findRow(this.pool, resolveKey(key));
    return row ? fromRecord(recordOf(row)) : undefined;
  }

  async list(kind: StoredKind, options: ListOptions = {}): Promise<ObjectList> {
    const checkedKind = checkKind(kind);
    const requirements = parseLabelSelector(options.labelSelector);
    const after = options.continue ? decodeContinue(options.continue, checkedKind) : undefined;
    const limit = options.limit ? checkLimit(options.limit) : undefined;
    const query = buildListQuery(
      { kind: checkedKind, namespace: options.namespace, requirements, after, limit },
      postgresDialect,
    );
    const snapshot = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
    const { rows, resourceVersion } = await inTransaction(
      this.pool,
      async (client) => ({
        rows: (await client.query<ObjectRow>(query.sql, query.parameters)).rows,
        resourceVersion: await currentResourceVersion(client),
      }),
      snapshot,
    );
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
    return this.write(async (client) => {
      const resourceVersion = await bumpResourceVersion(client);
      const row = await existingRow(client, record);
      checkPreconditions(storedVersion(row), object.metadata, record);
      await client.query(sql.updateObject, [JSON.stringify(record.body), resourceVersion, row.uid]);
      await client.query(sql.deleteLabels, [row.uid]);
      await writeLabelsAndSummary(client, row.uid, record);
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
    return this.write(async (client) => {
      const resourceVersion = await bumpResourceVersion(client);
      const row = await existingRow(client, resolved);
      checkPreconditions(storedVersion(row), preconditions, resolved);
      await client.query(sql.deleteObject, [row.uid]);
      return fromRecord({ ...recordOf(row), resourceVersion });
    });
  }

  async putNodes(workflowUid: string, nodes: readonly NodeStatus[]): Promise<void> {
    await this.write(async (client) => {
      const locked = await client.query<{ resource_version: number }>(sql.lockResourceVersion);
      await requireWorkflow(client, workflowUid);
      const resourceVersion = locked.rows[0].resource_version + 1;
      const written = await client.query(sql.upsertNodes, [
        workflowUid,
        resourceVersion,
        ...nodeColumns(nodes),
      ]);
      if (!written.rowCount) return;
      await client.query(sql.setResourceVersion, [resourceVersion]);
      await client.query(sql.touchObject, [resourceVersion, workflowUid]);
    });
  }

  async getNodes(workflowUid: string, query: NodeQuery = {}): Promise<readonly NodeStatus[]> {
    await requireWorkflow(this.pool, workflowUid);
    if (query.limit !== undefined) checkLimit(query.limit);
    const changedSince =
      query.changedSince === undefined ? undefined : parseResourceVersion(query.changedSince);
    const { sql: text, parameters } = buildNodeQuery(workflowUid, query, changedSince, postgresDialect);
    const { rows } = await this.pool.query<{ body: string }>(text, parameters);
    return rows.map((row) => JSON.parse(row.body) as NodeStatus);
  }

  async putSummary(workflowUid: string, summary: WorkflowSummary): Promise<void> {
    await this.write(async (client) => {
      const resourceVersion = await bumpResourceVersion(client);
      await requireWorkflow(client, workflowUid);
      await client.query(sql.upsertSummary, [workflowUid, ...summaryParameters(summary)]);
      await client.query(sql.touchObject, [resourceVersion, workflowUid]);
    });
  }

  async appendEvents(workflowUid: string, firstSeq: number, records: readonly unknown[]): Promise<void> {
    await this.write(async (client) => {
      await requireWorkflow(client, workflowUid, sql.lockKindByUid);
      const { rows } = await client.query<{ length: number }>(sql.eventLogLength, [workflowUid]);
      const length = rows[0].length;
      if (length !== firstSeq) {
        throw new ConflictError(
          `event log of workflow ${workflowUid} has ${length} records; cannot append at ${firstSeq}`,
        );
      }
      await insertEvents(client, workflowUid, firstSeq, records);
    });
  }

  async readEvents(workflowUid: string): Promise<readonly unknown[]> {
    const { rows } = await this.pool.query<{ body: string }>(sql.selectEvents, [workflowUid]);
    return rows.map((row) => JSON.parse(row.body) as unknown);
  }

  async replaceEvents(workflowUid: string, records: readonly unknown[]): Promise<void> {
    await this.write(async (client) => {
      await requireWorkflow(client, workflowUid, sql.lockKindByUid);
      await client.query(sql.deleteEvents, [workflowUid]);
      await insertEvents(client, workflowUid, 0, records);
    });
  }

  async nextCounter(name: string): Promise<number> {
    const { rows } = await this.pool.query<{ value: number }>(sql.incrementCounter, [name]);
    return rows[0].value;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private write<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, body);
  }
}

function storedVersion(row: ObjectRow): { uid: string; resourceVersion: number } {
  return { uid: row.uid, resourceVersion: row.resource_version };
}
