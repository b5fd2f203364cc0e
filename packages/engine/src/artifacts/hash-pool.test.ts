import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFileInPool } from './hash-pool.js';

describe('hashFileInPool', () => {
  it('gives the sha256 of each file, many at once, on worker threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-hash-'));
    const contents = Array.from({ length: 12 }, (_, i) => randomBytes(100_000 * (i + 1)));
    for (const [i, data] of contents.entries()) writeFileSync(join(dir, `f${i}`), data);
    const hashes = await Promise.all(contents.map((_, i) => hashFileInPool(join(dir, `f${i}`))));
    expect(hashes).toEqual(contents.map((data) => createHash('sha256').update(data).digest('hex')));
  });

  it('hashes an empty file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'weft-hash-')), 'empty');
    writeFileSync(path, '');
    expect(await hashFileInPool(path)).toBe(createHash('sha256').digest('hex'));
  });

  it('rejects with the reason when the file cannot be read', async () => {
    await expect(hashFileInPool('/nonexistent/weft-hash')).rejects.toThrow(/ENOENT|no such file/);
  });
});
