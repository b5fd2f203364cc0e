import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './args.js';
import { UsageError } from './errors.js';

describe('parsing weft resume, stop, terminate and node set', () => {
  it('reads weft resume with a run, a node and supplied values', () => {
    expect(parseCliArgs(['resume', 'my-run', '--node', 'approve', '-p', 'message=a=b'])).toEqual({
      command: 'resume',
      run: 'my-run',
      node: 'approve',
      values: { message: 'a=b' },
    });
  });

  it('reads weft node set with --output-parameter as Argo spells it', () => {
    expect(parseCliArgs(['node', 'set', '--node', 'approve', '--output-parameter', 'x=1'])).toEqual({
      command: 'node-set',
      node: 'approve',
      values: { x: '1' },
    });
  });

  it('reads weft stop and weft terminate with no run', () => {
    expect(parseCliArgs(['stop'])).toEqual({ command: 'stop', values: {} });
    expect(parseCliArgs(['terminate', 'dir'])).toEqual({ command: 'terminate', run: 'dir', values: {} });
  });

  it('rejects node set without a node or values, stop with a node, and unknown node subcommands', () => {
    expect(() => parseCliArgs(['node', 'set', '--node', 'a'])).toThrow(UsageError);
    expect(() => parseCliArgs(['node', 'set', '-p', 'a=1'])).toThrow(UsageError);
    expect(() => parseCliArgs(['stop', '--node', 'a'])).toThrow(UsageError);
    expect(() => parseCliArgs(['node', 'get'])).toThrow(/unknown node subcommand/);
    expect(() => parseCliArgs(['resume', 'a', 'b'])).toThrow(/at most one RUN/);
  });
});

describe('parsing weft run --resume-after and --set', () => {
  it('reads delays with and without a node, and supplied values whose value may hold : and =', () => {
    const args = parseCliArgs([
      'run',
      'wf.yaml',
      '--resume-after',
      '5',
      '--resume-after',
      '0.5:approve',
      '--set',
      'approve:message=a:b=c',
    ]);
    expect(args).toMatchObject({
      resumeAfter: [{ seconds: 5 }, { seconds: 0.5, node: 'approve' }],
      supplied: [{ node: 'approve', name: 'message', value: 'a:b=c' }],
    });
  });

  it('rejects a delay that is not a number and a --set without a node', () => {
    expect(() => parseCliArgs(['run', 'wf.yaml', '--resume-after', '-1'])).toThrow(UsageError);
    expect(() => parseCliArgs(['run', 'wf.yaml', '--resume-after', '3:'])).toThrow(UsageError);
    expect(() => parseCliArgs(['run', 'wf.yaml', '--set', 'message=hi'])).toThrow(/NODE:NAME=VALUE/);
  });
});
