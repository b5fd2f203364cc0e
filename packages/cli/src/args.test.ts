import { describe, expect, it } from 'vitest';
import { parseCliArgs, splitParameter } from './args.js';
import { UsageError } from './errors.js';

describe('parseCliArgs', () => {
  it('collects files and repeated -p flags in order for weft run', () => {
    const args = parseCliArgs(['run', 'wf.yaml', 'lib.yaml', '-p', 'a=1', '--parameter', 'b=2', '-p', 'a=3']);
    expect(args).toEqual({
      command: 'run',
      files: ['wf.yaml', 'lib.yaml'],
      parameters: [
        { name: 'a', value: '1' },
        { name: 'b', value: '2' },
        { name: 'a', value: '3' },
      ],
      parameterFile: undefined,
      entrypoint: undefined,
      output: undefined,
      runtime: 'host',
      runDir: undefined,
      resumeAfter: [],
      supplied: [],
    });
  });

  it('reads --parameter-file, --entrypoint, -o, --runtime and --run-dir', () => {
    const args = parseCliArgs([
      'run',
      'wf.yaml',
      '-f',
      'params.yaml',
      '--entrypoint',
      'other',
      '-o',
      'json',
      '--runtime',
      'host',
      '--run-dir',
      '/tmp/r',
    ]);
    expect(args).toMatchObject({
      parameterFile: 'params.yaml',
      entrypoint: 'other',
      output: 'json',
      runtime: 'host',
      runDir: '/tmp/r',
    });
  });

  it('rejects an output format other than json, yaml or wide', () => {
    expect(() => parseCliArgs(['run', 'wf.yaml', '-o', 'toString'])).toThrow(/--output must be one of/);
  });

  it('rejects runtimes that do not exist yet', () => {
    expect(() => parseCliArgs(['run', 'wf.yaml', '--runtime', 'kubernetes'])).toThrow(UsageError);
    expect(parseCliArgs(['run', 'wf.yaml', '--runtime', 'podman'])).toMatchObject({ runtime: 'podman' });
  });

  it('names an unknown flag and keeps the command for its usage', () => {
    try {
      parseCliArgs(['run', 'wf.yaml', '--bogus']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe('unknown flag "--bogus"');
      expect((error as UsageError).command).toBe('run');
    }
  });

  it('rejects an unknown command and an unknown top-level flag', () => {
    expect(() => parseCliArgs(['frobnicate'])).toThrow('unknown command "frobnicate"');
    expect(() => parseCliArgs(['--frobnicate'])).toThrow('unknown flag "--frobnicate"');
  });

  it('requires at least one file for run and lint', () => {
    expect(() => parseCliArgs(['run'])).toThrow(/at least one FILE/);
    expect(() => parseCliArgs(['lint'])).toThrow(/at least one FILE/);
  });

  it('treats no arguments, -h, --help and help as a request for help', () => {
    expect(parseCliArgs([])).toEqual({ command: 'help' });
    expect(parseCliArgs(['-h'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['help', 'run'])).toEqual({ command: 'help', topic: 'run' });
    expect(parseCliArgs(['run', '--help'])).toEqual({ command: 'help', topic: 'run' });
    expect(parseCliArgs(['lint', '-h'])).toEqual({ command: 'help', topic: 'lint' });
  });

  it('accepts version as a command and as --version', () => {
    expect(parseCliArgs(['version'])).toEqual({ command: 'version' });
    expect(parseCliArgs(['--version'])).toEqual({ command: 'version' });
  });
});

describe('splitParameter', () => {
  it('splits on the first equals sign only', () => {
    expect(splitParameter('expr=a=b==c')).toEqual({ name: 'expr', value: 'a=b==c' });
  });

  it('allows an empty value', () => {
    expect(splitParameter('empty=')).toEqual({ name: 'empty', value: '' });
  });

  it('rejects a parameter without a name or without an equals sign', () => {
    expect(() => splitParameter('=value')).toThrow(/NAME=VALUE/);
    expect(() => splitParameter('novalue')).toThrow(/NAME=VALUE/);
  });
});
