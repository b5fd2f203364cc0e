import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './args.js';
import { logQueryOf } from './commands/logs.js';
import { UsageError } from './errors.js';
import { type LogsArgs, parseGoDuration, parseLogsArgs } from './logs-args.js';

const parse = (...argv: string[]) => parseLogsArgs(argv) as LogsArgs;

describe('weft logs arguments', () => {
  it('reads argo logs’ flags, with the node as --node or as a second positional', () => {
    expect(
      parseCliArgs(['logs', 'my-run', '--node', 'build', '-c', 'sidecar', '-f', '--timestamps']),
    ).toMatchObject({
      command: 'logs',
      run: 'my-run',
      node: 'build',
      container: 'sidecar',
      follow: true,
      timestamps: true,
    });
    expect(parse('my-run', 'build(1)')).toMatchObject({ run: 'my-run', node: 'build(1)', follow: false });
    expect(parse()).toMatchObject({ run: undefined, node: undefined });
    expect(parseLogsArgs(['--help'])).toEqual({ command: 'help', topic: 'logs' });
  });

  it('takes Go durations for --since', () => {
    expect(parseGoDuration('5s')).toBe(5000);
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5m')).toBe(90_000);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(() => parseGoDuration('5 minutes')).toThrow(UsageError);
    expect(() => parseGoDuration('')).toThrow(UsageError);
  });

  it('treats --tail -1 as all lines, as argo does, and rejects what is not a number', () => {
    expect(parse('--tail=-1').tail).toBeUndefined();
    expect(parse('--tail', '3').tail).toBe(3);
    expect(() => parse('--tail', 'x')).toThrow(/--tail must be a whole number/);
  });

  it('rejects a bad regular expression, two node names, and both kinds of since', () => {
    expect(() => parse('--grep', '(')).toThrow(/--grep is not a valid regular expression/);
    expect(() => parse('run', 'a', '--node', 'b')).toThrow(/either as NODE or as --node/);
    expect(() => parse('--since', '1m', '--since-time', '2024-01-01T00:00:00Z')).toThrow(/only one of/);
    expect(() => parse('--since-time', 'yesterday')).toThrow(/RFC 3339/);
    expect(() => parse('a', 'b', 'c')).toThrow(/expected RUN \[NODE\]/);
  });

  it('turns --since into a time relative to now for the engine’s query', () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    expect(logQueryOf(parse('--since', '1m', '--grep', 'x', '--tail', '2'), now)).toEqual({
      sinceTime: '2024-05-01T09:59:00.000000000Z',
      grep: /x/,
      tail: 2,
    });
    expect(logQueryOf(parse('--since-time', '2024-05-01T08:00:00Z', '--node', 'a'), now)).toEqual({
      node: 'a',
      sinceTime: '2024-05-01T08:00:00.000000000Z',
    });
  });
});
