import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogFileCursor, readLogFile, readLogFileText, tailLogFile } from './log-file.js';
import { parseLogRecords, toLogTime } from './log-record.js';

const time = (n: number) => `2024-05-01T10:00:00.${String(n).padStart(9, '0')}Z`;
const record = (n: number, text: string, stream = 'stdout', tag = 'F') =>
  `${time(n)} ${stream} ${tag} ${text}\n`;

function logFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'weft-log-file-')), 'main.log');
  writeFileSync(path, content);
  return path;
}

describe('parsing stored log records', () => {
  it('joins the P pieces of a line with the F record of the same stream, across other streams', () => {
    const stored = record(1, 'abc', 'stdout', 'P') + record(2, 'oops', 'stderr') + record(3, 'def');
    expect(parseLogRecords(Buffer.from(stored))).toEqual([
      { time: time(2), stream: 'stderr', text: 'oops' },
      { time: time(3), stream: 'stdout', text: 'abcdef' },
    ]);
  });

  it('keeps a line that is not a record (a hand-written log) as a stdout line', () => {
    expect(parseLogRecords(Buffer.from(`${record(1, 'a')}plain text\n`))).toEqual([
      { time: time(1), stream: 'stdout', text: 'a' },
      { time: time(1), stream: 'stdout', text: 'plain text' },
    ]);
  });

  it('keeps the last record of a log whose writer stopped mid-line', () => {
    const stored = `${record(1, 'a')}${time(2)} stdout P cut`;
    expect(parseLogRecords(Buffer.from(stored)).map((r) => r.text)).toEqual(['a', 'cut']);
  });

  it('formats times so they compare as text with stored ones', () => {
    expect(toLogTime(Date.parse('2024-05-01T10:00:00.001Z'))).toBe('2024-05-01T10:00:00.001000000Z');
    expect(toLogTime(Date.parse('2024-05-01T10:00:00Z')) <= time(1)).toBe(true);
  });
});

describe('reading a log file', () => {
  it('reads nothing from a log that does not exist yet', async () => {
    expect(await readLogFile('/nonexistent/weft/main.log')).toEqual([]);
    expect(await tailLogFile('/nonexistent/weft/main.log', 3)).toEqual([]);
  });

  it('gives back the text as the container printed it', async () => {
    const path = logFile(record(1, 'out') + record(2, 'err', 'stderr'));
    expect(await readLogFileText(path)).toBe('out\nerr\n');
  });

  it('tails the last lines of a long log by reading only its end', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => record(i, `line ${i}`));
    const path = logFile(lines.join(''));
    const tail = await tailLogFile(path, 3);
    expect(tail.map((r) => r.text)).toEqual(['line 19997', 'line 19998', 'line 19999']);
    expect((await tailLogFile(path, 0)).length).toBe(0);
    expect((await tailLogFile(logFile(lines.slice(0, 2).join('')), 5)).length).toBe(2);
  });

  it('tails a long line stored in pieces as one line', async () => {
    const long = 'z'.repeat(40_000);
    const pieces = [long.slice(0, 16_384), long.slice(16_384, 32_768)].map((p, i) =>
      record(i + 2, p, 'stdout', 'P'),
    );
    const path = logFile(
      record(1, 'before') + pieces.join('') + record(4, long.slice(32_768)) + record(5, 'after'),
    );
    expect((await tailLogFile(path, 2)).map((r) => r.text)).toEqual([long, 'after']);
  });

  it('follows a growing file with a cursor, leaving a half-written record for the next read', async () => {
    const path = logFile(record(1, 'first'));
    const cursor = new LogFileCursor(path);
    expect((await cursor.read()).map((r) => r.text)).toEqual(['first']);
    appendFileSync(path, `${time(2)} stdout F sec`);
    expect(await cursor.read()).toEqual([]);
    appendFileSync(path, `ond\n${time(3)} stdout P unfin`);
    expect((await cursor.read()).map((r) => r.text)).toEqual(['second']);
    appendFileSync(path, 'ished\n');
    expect(await cursor.read()).toEqual([]);
    expect(cursor.flush().map((r) => r.text)).toEqual(['unfinished']);
  });
});
