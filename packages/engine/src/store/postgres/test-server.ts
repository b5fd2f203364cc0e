import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { printableUrl } from './connection.js';

/**
 * The PostgreSQL server the tests use, from WEFT_TEST_POSTGRES_URL (a role with CREATEDB,
 * e.g. postgres://weft:weft@127.0.0.1:5432/weft; scripts/start-postgres.sh sets one up).
 * Each test location is a schema of its own, dropped at the end.
 */

export type TestServer =
  | { readonly available: true; readonly url: string }
  | { readonly available: false; readonly reason: string; readonly required: boolean };

/** Whether an unreachable configured server fails the tests instead of skipping them. */
function serverRequired(): boolean {
  return process.env.CI === 'true' || process.env.WEFT_TEST_POSTGRES_REQUIRED === '1';
}

/** Finds out whether the configured server answers; never throws. */
export async function findTestServer(): Promise<TestServer> {
  const url = process.env.WEFT_TEST_POSTGRES_URL;
  if (!url) {
    const required = process.env.WEFT_TEST_POSTGRES_REQUIRED === '1';
    return { available: false, required, reason: 'WEFT_TEST_POSTGRES_URL is not set' };
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { available: true, url };
  } catch (error) {
    const reason = `PostgreSQL at ${printableUrl(url)} is unreachable: ${(error as Error).message}`;
    return { available: false, required: serverRequired(), reason };
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestLocations {
  /** Creates an empty schema; returns a URL whose connections work in it. */
  create(): Promise<string>;
  /** Drops every schema `create` made, with everything in it. */
  dropAll(): Promise<void>;
  /** Runs `body` with a client connected to `location`. */
  withClient<T>(location: string, body: (client: pg.Client) => Promise<T>): Promise<T>;
}

/**
 * Fresh, empty locations on the server: each is a schema of its own in the configured database,
 * named by the URL's `options=-c search_path=…` (a database per location costs a checkpoint to drop).
 */
export function testLocations(url: string): TestLocations {
  const prefix = `weft_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  const created: string[] = [];
  const withClient = async <T>(location: string, body: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    try {
      return await body(client);
    } finally {
      await client.end();
    }
  };
  return {
    async create(): Promise<string> {
      const schema = `${prefix}_${created.length + 1}`;
      await withClient(url, (client) => client.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`));
      created.push(schema);
      const location = new URL(url);
      location.searchParams.set('options', `-c search_path=${schema}`);
      return location.toString();
    },
    async dropAll(): Promise<void> {
      await withClient(url, async (client) => {
        for (const schema of created.splice(0)) {
          await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
        }
      });
    },
    withClient,
  };
}

/**
 * Registers the tests `register` adds on the configured server. Without one they are skipped
 * with the reason printed and in their title; when one is required but unreachable, a failing
 * test says why.
 */
export function describeOnTestServer(
  server: TestServer,
  title: string,
  register: (locations: TestLocations) => void,
): void {
  if (server.available) {
    describe(title, () => {
      const locations = testLocations(server.url);
      afterAll(() => locations.dropAll());
      register(locations);
    });
  } else if (server.required) {
    describe(title, () => {
      it('reaches the PostgreSQL server the tests are configured with', () => {
        throw new Error(`${server.reason} (required: CI=true or WEFT_TEST_POSTGRES_REQUIRED=1)`);
      });
    });
  } else {
    console.warn(`${title}: skipped, ${server.reason}`);
    const unreachable = async (): Promise<never> => {
      throw new Error(server.reason);
    };
    describe.skip(`${title} (skipped: ${server.reason})`, () => {
      register({ create: unreachable, dropAll: unreachable, withClient: unreachable });
    });
  }
}
