import { describe, expect, it } from 'vitest';
import { createLogClock, createStreamEncoder, MAX_RECORD_BYTES } from '../../assets/log-lines.mjs';
import { parseLogRecords } from './log-record.js';

const T1 = '2024-05-01T10:00:00.000000001Z';
const T2 = '2024-05-01T10:00:00.000000002Z';

function written(buffers: Buffer[]): string {
  return Buffer.concat(buffers).toString('latin1');
}

describe('the log line encoder of the spawn worker', () => {
  it('writes one record per line with its time, stream and F tag', () => {
    const encoder = createStreamEncoder('stderr');
    expect(written(encoder.push(Buffer.from('a\nb\n'), T1))).toBe(`${T1} stderr F a\n${T1} stderr F b\n`);
  });

  it('keeps a partial line until its newline arrives, stamped when it completes', () => {
    const encoder = createStreamEncoder('stdout');
    expect(encoder.push(Buffer.from('hel'), T1)).toEqual([]);
    expect(written(encoder.push(Buffer.from('lo\nwor'), T2))).toBe(`${T2} stdout F hello\n`);
    expect(written(encoder.end(T2))).toBe(`${T2} stdout F wor\n`);
    expect(encoder.end(T2)).toEqual([]);
  });

  it('splits a line longer than the record limit into P pieces ended by an F record', () => {
    const encoder = createStreamEncoder('stdout');
    const long = 'x'.repeat(MAX_RECORD_BYTES * 2 + 5);
    const out = written(encoder.push(Buffer.from(`${long}\n`), T1)).split('\n');
    expect(out.map((line) => line.slice(T1.length + 1, T1.length + 9))).toEqual([
      'stdout P',
      'stdout P',
      'stdout F',
      '',
    ]);
    expect(parseLogRecords(Buffer.from(out.join('\n'), 'latin1'))).toEqual([
      { time: T1, stream: 'stdout', text: long },
    ]);
  });

  it('writes a long line that never ends in pieces as it arrives, so memory stays bounded', () => {
    const encoder = createStreamEncoder('stdout');
    const pieces = encoder.push(Buffer.alloc(MAX_RECORD_BYTES * 3, 'y'), T1);
    expect(written(pieces).split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('stores binary output byte for byte; only newlines separate records', () => {
    const encoder = createStreamEncoder('stdout');
    const binary = Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x0d, 0x0a, 0x80]);
    const stored = Buffer.concat([...encoder.push(binary, T1), ...encoder.end(T1)]);
    const records = parseLogRecords(stored);
    expect(records).toHaveLength(2);
    expect(records[0]?.text).toBe('\u0000\ufffd\ufffd\u001b\r');
    expect(records[1]?.text).toBe('\ufffd');
  });

  it('stamps times in RFC 3339 with nine fractional digits that never go backwards', () => {
    const now = createLogClock();
    const times = Array.from({ length: 1000 }, () => now());
    expect(times[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect([...times].sort()).toEqual(times);
    expect(Math.abs(Date.parse(times[0] as string) - Date.now())).toBeLessThan(1000);
  });
});
