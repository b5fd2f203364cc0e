import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StepResult } from '../types.js';
import { ResultJournal } from './result-journal.js';
import { removeTempDirs, tempDir } from './runner-test-support.js';

function result(id: string, stdout = `${id} out\n`): StepResult {
  return { id, exitCode: 0, stdout, parameters: { p: 'v' }, artifacts: [], startedAt: 1, finishedAt: 2 };
}

describe('result journal', () => {
  afterAll(removeTempDirs);

  it('keeps put results and forgets removed ones across reopening', async () => {
    const dir = tempDir('journal');
    const journal = new ResultJournal(dir);
    await Promise.all([
      journal.put(result('a')),
      journal.put(result('b/with slash')),
      journal.put(result('c')),
    ]);
    await journal.remove('b/with slash');
    const reopened = new ResultJournal(dir);
    expect(reopened.ids().sort()).toEqual(['a', 'c']);
    expect(reopened.get('a')).toEqual(result('a'));
  });

  it('preallocates the journal so that a result is an overwrite of zeros, not a growing file', async () => {
    const dir = tempDir('journal');
    const journal = new ResultJournal(dir);
    const size = statSync(join(dir, 'journal')).size;
    await journal.put(result('a'));
    expect(size).toBeGreaterThanOrEqual(1 << 20);
    expect(statSync(join(dir, 'journal')).size).toBe(size);
    expect(readFileSync(join(dir, 'journal')).subarray(0, 7).toString()).toBe('{"put":');
  });

  it('ignores a torn last record, as a write cut short before its sync leaves it', async () => {
    const dir = tempDir('journal');
    const journal = new ResultJournal(dir);
    await journal.put(result('whole'));
    const path = join(dir, 'journal');
    const text = `${readFileSync(path).toString('utf8').split('\0')[0]}{"put":{"id":"torn","std`;
    writeFileSync(path, text);
    appendFileSync(path, Buffer.alloc(100));
    expect(new ResultJournal(dir).ids()).toEqual(['whole']);
  });

  it('rewrites itself with only the live results once it grows past its limit', async () => {
    const dir = tempDir('journal');
    const journal = new ResultJournal(dir);
    const big = 'x'.repeat(5 << 20);
    for (const id of ['a', 'b', 'c', 'd']) {
      await journal.put(result(id, big));
      if (id !== 'd') await journal.remove(id);
    }
    expect(statSync(join(dir, 'journal')).size).toBeLessThan(16 << 20);
    const reopened = new ResultJournal(dir);
    expect(reopened.ids()).toEqual(['d']);
    expect(reopened.get('d')?.stdout.length).toBe(big.length);
  });
});
