import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMemoDir, FileMemoCache } from './file-memo-cache.js';

const entry = (value: string) => ({
  nodeID: 'wf-1',
  outputs: { parameters: [{ name: 'hello', value }] },
  creationTimestamp: '2024-01-02T03:04:05Z',
  lastHitTimestamp: '2024-01-02T03:04:05Z',
});

describe('FileMemoCache', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-memo-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('misses when the cache file does not exist yet', async () => {
    expect(await new FileMemoCache(join(fresh(), 'memo')).load('cache-config', 'k')).toBeUndefined();
  });

  it('keeps one JSON file per cache name, entries by key in Argo’s shape', async () => {
    const dir = join(fresh(), 'memo');
    const cache = new FileMemoCache(dir);
    await cache.save('cache-config', 'cache-key', entry('world'));
    const onDisk = JSON.parse(readFileSync(join(dir, 'cache-config.json'), 'utf8'));
    expect(onDisk).toEqual({ 'cache-key': entry('world') });
    expect(await new FileMemoCache(dir).load('cache-config', 'cache-key')).toEqual(entry('world'));
  });

  it('keeps every entry when several saves to one cache run at once', async () => {
    const cache = new FileMemoCache(fresh());
    await Promise.all(['a', 'b', 'c'].map((k) => cache.save('c', k, entry(k))));
    expect(await cache.load('c', 'a')).toEqual(entry('a'));
    expect(await cache.load('c', 'c')).toEqual(entry('c'));
  });

  it('replaces an entry saved again under the same key', async () => {
    const cache = new FileMemoCache(fresh());
    await cache.save('c', 'k', entry('old'));
    await cache.save('c', 'k', entry('new'));
    expect((await cache.load('c', 'k'))?.outputs).toEqual(entry('new').outputs);
  });

  it('reports a cache file that is not JSON', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'broken.json'), 'not json');
    await expect(new FileMemoCache(dir).load('broken', 'k')).rejects.toThrow(/malformed memo cache/);
  });

  it('lives under WEFT_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultMemoDir({ WEFT_CACHE_DIR: '/x' })).toBe('/x/memo');
    expect(defaultMemoDir({ XDG_CACHE_HOME: '/y' })).toBe('/y/weft/memo');
    expect(defaultMemoDir({})).toMatch(/\.cache\/weft\/memo$/);
  });
});
