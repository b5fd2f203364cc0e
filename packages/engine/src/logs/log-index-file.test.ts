import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogIndexFile } from './log-index-file.js';

const run = (startedAt: string) =>
  `${JSON.stringify({ type: 'run', workflowName: 'wf', pid: 1, startedAt })}\n`;
const attempt = (nodeId: string) =>
  `${JSON.stringify({ type: 'attempt', nodeId, displayName: nodeId, nodeName: nodeId, podName: nodeId, containers: [], startedAt: 't' })}\n`;

describe('the run’s log index', () => {
  it('reads what was appended since the last read, leaving a line still being written', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'weft-log-index-')), 'log-index.jsonl');
    const index = new LogIndexFile(path);
    expect(await index.read()).toEqual({ run: undefined, attempts: [] });
    writeFileSync(path, run('t0') + attempt('a'));
    expect((await index.read()).attempts.map((a) => a.nodeId)).toEqual(['a']);
    const b = attempt('b');
    appendFileSync(path, b.slice(0, 10));
    expect((await index.read()).attempts.map((a) => a.nodeId)).toEqual(['a']);
    appendFileSync(
      path,
      `${b.slice(10)}${JSON.stringify({ type: 'ended', phase: 'Failed', finishedAt: 't1' })}\n`,
    );
    const last = await index.read();
    expect(last.attempts.map((a) => a.nodeId)).toEqual(['a', 'b']);
    expect(last.ended).toEqual({ phase: 'Failed', finishedAt: 't1' });
  });

  it('starts over when a new run rewrites the index in the same directory', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'weft-log-index-')), 'log-index.jsonl');
    const index = new LogIndexFile(path);
    writeFileSync(path, run('t0') + attempt('a') + attempt('b'));
    await index.read();
    writeFileSync(path, run('t1'));
    expect(await index.read()).toEqual({
      run: { workflowName: 'wf', pid: 1, startedAt: 't1' },
      attempts: [],
    });
    appendFileSync(path, attempt('c'));
    expect((await index.read()).attempts.map((a) => a.nodeId)).toEqual(['c']);
  });
});
