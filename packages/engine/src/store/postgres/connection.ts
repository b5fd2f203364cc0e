import pg from 'pg';

/** Connecting to PostgreSQL: a pool whose bigints read as numbers, transactions, printable URLs. */

const int8 = 20;

function parseBigint(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`bigint ${text} exceeds the safe integer range`);
  return value;
}

/** A pool on `url`; bigint columns and counts arrive as numbers (resourceVersions stay below 2^53). */
export function createPool(url: string): pg.Pool {
  const types = new pg.TypeOverrides();
  types.setTypeParser(int8, parseBigint);
  const pool = new pg.Pool({ connectionString: url, types });
  // An idle connection that breaks (server restart) is dropped by the pool; the next query reports it.
  pool.on('error', () => {});
  return pool;
}

/**
 * Runs `body` in a transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when
 * it throws. `begin` may set the isolation level.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  body: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The URL without its password, for messages. */
export function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL URL given';
  }
}
