import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPostgresUrl, openStore } from './open-store.js';

describe('openStore', () => {
  it.each([
    ['postgres://weft:weft@127.0.0.1:5432/weft', true],
    ['postgresql://db.example/weft', true],
    ['POSTGRES://host/db', true],
    ['/var/lib/weft/weft.db', false],
    ['./postgres://not-a-url.db', false],
    ['weft.db', false],
  ])('treats %j as a PostgreSQL URL: %s', (location, expected) => {
    expect(isPostgresUrl(location)).toBe(expected);
  });

  it('opens a SQLite database file for any other location', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'weft-open-store-'));
    try {
      const store = await openStore(join(directory, 'weft.db'));
      await store.create({ kind: 'ConfigMap', metadata: { name: 'c' } });
      expect(await store.get({ kind: 'ConfigMap', name: 'c' })).toBeDefined();
      await store.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
