import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { normalizeServer, parseClientArgs } from './client-args.js';

const server = { WEFT_SERVER: 'http://weft:2746' };

function parse(argv: string[], env: Record<string, string> = server) {
  return parseClientArgs(argv, env);
}

function usageError(argv: string[], env: Record<string, string> = server): UsageError {
  try {
    parse(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('which commands go to the server', () => {
  it('leaves logs, resume, stop, terminate and delete local when no server is given', () => {
    for (const command of ['logs', 'resume', 'stop', 'terminate', 'delete'])
      expect(parse([command, 'x'], {})).toBeUndefined();
  });

  it('sends them to the server when WEFT_SERVER is set or --server is given', () => {
    expect(parse(['stop', 'wf-1'])).toMatchObject({ action: 'stop', names: ['wf-1'] });
    expect(parse(['stop', 'wf-1', '--server', 'http://h:1'], {})).toMatchObject({
      action: 'stop',
      connection: { server: 'http://h:1', namespace: 'default' },
    });
    expect(parse(['logs', 'wf-1', '--server=http://h:1'], {})).toMatchObject({
      action: 'logs',
      name: 'wf-1',
    });
  });

  it('leaves run, lint and unknown commands to the local parser', () => {
    expect(parse(['run', 'wf.yaml'])).toBeUndefined();
    expect(parse(['lint', 'wf.yaml'])).toBeUndefined();
    expect(parse(['nonsense'])).toBeUndefined();
    expect(parse([])).toBeUndefined();
  });

  it('says that a server-only command needs --server or WEFT_SERVER', () => {
    for (const argv of [
      ['submit', 'a.yaml'],
      ['list'],
      ['get', 'x'],
      ['template', 'list'],
      ['cron', 'list'],
    ]) {
      expect(usageError(argv, {}).message).toMatch(
        /talks to a weft server: give --server URL or set WEFT_SERVER/,
      );
    }
  });

  it('shows help for a server-only command even without a server', () => {
    expect(parse(['submit', '--help'], {})).toEqual({ action: 'help', topic: 'submit' });
    expect(parse(['template'], {})).toEqual({ action: 'help', topic: 'template' });
    expect(parse(['logs', '-h'])).toEqual({ action: 'help', topic: 'client:logs' });
  });
});

describe('connection flags', () => {
  it('takes the namespace from -n and the token from WEFT_TOKEN', () => {
    expect(parse(['get', 'wf', '-n', 'ci'], { ...server, WEFT_TOKEN: 'abc' })).toMatchObject({
      connection: { server: 'http://weft:2746', namespace: 'ci', token: 'abc' },
    });
  });

  it('prefers --server over WEFT_SERVER', () => {
    expect(parse(['get', 'wf', '--server', 'other:9000'])).toMatchObject({
      connection: { server: 'http://other:9000' },
    });
  });

  it('adds http:// to host:port and drops a trailing slash', () => {
    expect(normalizeServer('localhost:2746', 'get')).toBe('http://localhost:2746');
    expect(normalizeServer('https://argo.example.com/', 'get')).toBe('https://argo.example.com');
  });

  it('rejects a server URL that is not http(s) and a namespace that is not a name', () => {
    expect(usageError(['get', 'wf', '--server', 'ftp://h']).message).toMatch(/must start with http/);
    expect(usageError(['get', 'wf', '-n', 'Bad_NS']).message).toMatch(/--namespace must be/);
  });
});

describe('submit', () => {
  it('reads files, parameters, labels, names and the follow flags', () => {
    const args = parse([
      'submit',
      'a.yaml',
      'b.yaml',
      '-p',
      'x=1',
      '--parameter',
      'y=a=b',
      '-f',
      'params.yaml',
      '--entrypoint',
      'main',
      '-l',
      'team=ci',
      '--generate-name',
      'build-',
      '--wait',
      '-o',
      'json',
    ]);
    expect(args).toMatchObject({
      action: 'submit',
      files: ['a.yaml', 'b.yaml'],
      parameters: ['x=1', 'y=a=b'],
      parameterFile: 'params.yaml',
      entrypoint: 'main',
      labels: 'team=ci',
      generateName: 'build-',
      wait: true,
      watch: false,
      log: false,
      output: 'json',
    });
  });

  it('takes --from in any of argo spellings of the kind', () => {
    expect(parse(['submit', '--from', 'workflowtemplate/build'])).toMatchObject({
      from: { kind: 'WorkflowTemplate', name: 'build' },
    });
    expect(parse(['submit', '--from', 'cronwf/nightly'])).toMatchObject({
      from: { kind: 'CronWorkflow', name: 'nightly' },
    });
    expect(parse(['submit', '--from=ClusterWorkflowTemplate/shared'])).toMatchObject({
      from: { kind: 'ClusterWorkflowTemplate', name: 'shared' },
    });
  });

  it('refuses what argo refuses: --from with files, --wait with --watch, no input, a bad -p or -o', () => {
    expect(usageError(['submit', 'a.yaml', '--from', 'workflowtemplate/x']).message).toMatch(
      /cannot combine/,
    );
    expect(usageError(['submit', 'a.yaml', '--wait', '--watch']).message).toMatch(
      /--wait cannot be combined/,
    );
    expect(usageError(['submit']).message).toMatch(/needs FILE\.\.\. or --from/);
    expect(usageError(['submit', 'a.yaml', '-p', 'novalue']).message).toMatch(/NAME=VALUE/);
    expect(usageError(['submit', 'a.yaml', '-o', 'table']).message).toMatch(/--output must be one of/);
    expect(usageError(['submit', '--from', 'pod/x']).message).toMatch(/--from must be KIND\/NAME/);
    expect(usageError(['submit', 'a.yaml', '--bogus']).message).toBe('unknown flag "--bogus"');
  });

  it('names the command whose usage to show', () => {
    expect(usageError(['submit']).command).toBe('submit');
    expect(usageError(['logs']).command).toBe('client:logs');
  });
});

describe('list', () => {
  it('splits comma-separated statuses and reads --template, --since, --limit and --chunk-size', () => {
    expect(
      parse([
        'list',
        '--status',
        'Running,Failed',
        '--phase',
        'Error',
        '--template',
        'build',
        '--since',
        '2d',
      ]),
    ).toMatchObject({ statuses: ['Running', 'Failed', 'Error'], template: 'build', sinceMs: 2 * 86_400_000 });
    expect(parse(['list', '--limit', '5', '--chunk-size', '2', '-l', 'a=b'])).toMatchObject({
      limit: 5,
      chunkSize: 2,
      labels: 'a=b',
    });
  });

  it('rejects an unknown status, a bad duration and a non-number limit', () => {
    expect(usageError(['list', '--status', 'Done']).message).toMatch(/--status must be one of/);
    expect(usageError(['list', '--since', 'yesterday']).message).toMatch(/--since must be a duration/);
    expect(usageError(['list', '--limit', 'ten']).message).toMatch(/--limit must be a whole number/);
  });
});

describe('logs, retry, resubmit and the workflow actions', () => {
  it('reads argo logs flags, the pod as the second argument', () => {
    expect(
      parse([
        'logs',
        'wf',
        'wf-123',
        '-c',
        'init',
        '-f',
        '--grep',
        'err',
        '--timestamps',
        '--since',
        '90s',
        '--tail',
        '5',
      ]),
    ).toMatchObject({
      name: 'wf',
      podName: 'wf-123',
      container: 'init',
      follow: true,
      grep: 'err',
      timestamps: true,
      sinceSeconds: 90,
      tail: 5,
    });
  });

  it('treats --tail -1 as every line, as argo does', () => {
    expect(parse(['logs', 'wf', '--tail=-1'])).not.toHaveProperty('tail');
  });

  it('reads retry and resubmit flags', () => {
    expect(
      parse(['retry', 'wf', '--node-field-selector', 'displayName=a', '--restart-successful', '-p', 'x=2']),
    ).toMatchObject({ nodeFieldSelector: 'displayName=a', restartSuccessful: true, parameters: ['x=2'] });
    expect(parse(['resubmit', 'wf', '--memoized', '--watch'])).toMatchObject({ memoized: true, watch: true });
  });

  it('takes several workflows for stop and only the flags each action has', () => {
    expect(parse(['stop', 'a', 'b', '--message', 'bye'])).toMatchObject({
      names: ['a', 'b'],
      message: 'bye',
    });
    expect(usageError(['terminate', 'a', '--message', 'x']).message).toBe('unknown flag "--message"');
    expect(usageError(['suspend']).message).toMatch(/needs at least one WORKFLOW/);
  });

  it('deletes names or --all, not both', () => {
    expect(parse(['delete', '--all'])).toMatchObject({ action: 'delete', all: true, names: [] });
    expect(usageError(['delete', 'a', '--all']).message).toMatch(/not both/);
  });
});

describe('template, cluster-template and cron', () => {
  it('parses each subcommand into the kind it acts on', () => {
    expect(parse(['template', 'create', 't.yaml'])).toMatchObject({
      action: 'resource-create',
      kind: { kind: 'WorkflowTemplate' },
      operands: ['t.yaml'],
    });
    expect(parse(['cluster-template', 'get', 'x', '-o', 'yaml'])).toMatchObject({
      action: 'resource-get',
      kind: { kind: 'ClusterWorkflowTemplate' },
      output: 'yaml',
    });
    expect(parse(['cron', 'suspend', 'nightly'])).toMatchObject({
      action: 'cron-suspend',
      names: ['nightly'],
    });
    expect(parse(['template', 'runs', 'build', '--limit', '3'])).toMatchObject({
      action: 'runs',
      kind: { kind: 'WorkflowTemplate' },
      name: 'build',
      limit: 3,
    });
    expect(parse(['cron', 'runs', 'nightly'])).toMatchObject({
      action: 'runs',
      kind: { kind: 'CronWorkflow' },
    });
  });

  it('refuses unknown subcommands and flags a subcommand does not take', () => {
    expect(usageError(['template', 'apply']).message).toMatch(/unknown template subcommand "apply"/);
    expect(usageError(['cluster-template', 'suspend', 'x']).message).toMatch(
      /unknown cluster-template subcommand/,
    );
    expect(usageError(['template', 'create', 'a.yaml', '--all']).message).toMatch(/takes no --all/);
    expect(usageError(['cron', 'get']).message).toMatch(/needs at least one NAME/);
  });
});
