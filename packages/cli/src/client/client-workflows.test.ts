/**
 * `weft submit`, `list`, `get`, `logs` and `watch` end to end against a fake argo-server
 * (./testing/fake-argo-server.ts), `main` running in this process as the `weft` binary would.
 */
import { writeFile } from 'node:fs/promises';
import type { Workflow } from '@weft/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClientHarness, until, workflowYaml } from './testing/client-harness.js';

const h = new ClientHarness().install();

describe('weft submit', () => {
  it('submits a file, waits, prints argo final status line and exits 0 when it succeeded', async () => {
    h.runCreatedTo('Succeeded');
    const result = await h.weft(['submit', h.file('hello.yaml'), '--wait']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Name: +hello-1x\n/);
    expect(result.stdout).toMatch(/\nhello-1x Succeeded at \d{4}-\d\d-\d\dT/);
    // Not a terminal: a progress line per node change on stderr.
    expect(result.stderr).toMatch(/hello-1x {2}Running/);
    expect(result.stderr).toMatch(/hello-1x {2}Succeeded/);
  });

  it('exits 1 when the workflow it waited for failed or errored', async () => {
    h.runCreatedTo('Failed');
    expect((await h.weft(['submit', h.file('hello.yaml'), '--wait'])).code).toBe(1);
    h.runCreatedTo('Error');
    expect((await h.weft(['submit', h.file('hello.yaml'), '--watch'])).code).toBe(1);
  });

  it('prints only the finished workflow as one JSON document with -o json --wait', async () => {
    h.runCreatedTo('Succeeded');
    const result = await h.weft(['submit', h.file('hello.yaml'), '--wait', '-o', 'json']);
    const printed = JSON.parse(result.stdout) as Workflow;
    expect(printed.status?.phase).toBe('Succeeded');
    expect(printed.metadata.name).toBe('hello-1x');
  });

  it('shows the final tree after --watch', async () => {
    h.runCreatedTo('Succeeded');
    const result = await h.weft(['submit', h.file('hello.yaml'), '--watch']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Status: +Succeeded/);
    expect(result.stdout).toMatch(/STEP +TEMPLATE +PODNAME +DURATION +MESSAGE\n +✔ hello-1x +main/);
  });

  it('streams the logs with --log, then waits with --wait', async () => {
    h.runCreatedTo('Succeeded');
    h.fake.logLines = [{ podName: 'hello-1x', content: 'hi' }];
    const result = await h.weft(['submit', h.file('hello.yaml'), '--log', '--wait', '-o', 'name']);
    expect(result).toMatchObject({ code: 0, stdout: 'hello-1x\nhello-1x: hi\n' });
    expect(h.requestsTo('GET', '/api/v1/workflows/default/hello-1x/log')[0]?.query).toMatchObject({
      'logOptions.follow': 'true',
      'logOptions.container': 'main',
    });
  });

  it('prints several created workflows as one JSON list, and will not watch more than one', async () => {
    const two = await h.weft(['submit', h.file('hello.yaml'), h.file('hello.yaml'), '-o', 'json']);
    expect((JSON.parse(two.stdout) as Workflow[]).map((wf) => wf.metadata.name)).toEqual([
      'hello-1x',
      'hello-2x',
    ]);
    const watch = await h.weft(['submit', h.file('hello.yaml'), h.file('hello.yaml'), '--watch']);
    expect(watch.code).toBe(2);
    expect(watch.stderr).toMatch(/^weft: cannot watch more than one workflow/);
  });

  it('prints the name once, at the end, with --watch -o name', async () => {
    h.runCreatedTo('Succeeded');
    expect(await h.weft(['submit', h.file('hello.yaml'), '--watch', '-o', 'name'])).toMatchObject({
      code: 0,
      stdout: 'hello-1x\n',
    });
  });

  it('applies argo submit options to the workflow it sends, parameter file first and -p winning', async () => {
    const result = await h.weft([
      'submit',
      h.file('hello.yaml'),
      '-n',
      'ci',
      '-f',
      h.file('params.yaml'),
      '-p',
      'message=from-flag',
      '--entrypoint',
      'other',
      '-l',
      'team=ci,tier=1',
      '--generate-name',
      'custom-',
      '-o',
      'name',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: 'custom-1x\n' });
    const [request] = h.requestsTo('POST', '/api/v1/workflows/ci');
    const { namespace, workflow } = (request?.body ?? {}) as { namespace: string; workflow: Workflow };
    expect(namespace).toBe('ci');
    expect(workflow.metadata).toMatchObject({
      generateName: 'custom-',
      namespace: 'ci',
      labels: { team: 'ci', tier: '1' },
    });
    expect(workflow.spec.entrypoint).toBe('other');
    expect(workflow.spec.arguments?.parameters).toEqual([
      { name: 'message', value: 'from-flag' },
      { name: 'other', value: 'kept' },
    ]);
  });

  it('submits from a stored template with argo SubmitOpts', async () => {
    h.fake.resources.set('WorkflowTemplate/default/build', { metadata: { name: 'build' } });
    const result = await h.weft([
      'submit',
      '--from',
      'workflowtemplate/build',
      '-p',
      'x=1',
      '--entrypoint',
      'e',
    ]);
    expect(result.code).toBe(0);
    expect(h.requestsTo('POST', '/api/v1/workflows/default/submit')[0]?.body).toEqual({
      namespace: 'default',
      resourceKind: 'WorkflowTemplate',
      resourceName: 'build',
      submitOptions: { entryPoint: 'e', parameters: ['x=1'] },
    });
  });

  it('sends nothing and exits 2 when a file is missing or holds no Workflow', async () => {
    await writeFile(
      h.file('template.yaml'),
      workflowYaml('t-').replace('kind: Workflow', 'kind: WorkflowTemplate'),
    );
    const result = await h.weft([
      'submit',
      h.file('hello.yaml'),
      h.file('missing.yaml'),
      h.file('template.yaml'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing\.yaml: no such file/);
    expect(result.stderr).toMatch(/template\.yaml:1: a WorkflowTemplate; weft submit takes Workflow objects/);
    expect(h.requestsTo('POST', '/api/v1/workflows/default')).toEqual([]);
  });
});

describe('weft list and get', () => {
  beforeEach(() => {
    const add = (name: string, phase: 'Running' | 'Succeeded' | 'Failed', template?: string) => {
      const labels = template ? { 'workflows.argoproj.io/workflow-template': template } : {};
      h.fake.create('default', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { name, labels },
        spec: {},
      });
      const now = new Date().toISOString();
      h.fake.update('default', name, {
        phase,
        startedAt: now,
        ...(phase === 'Running' ? {} : { finishedAt: now }),
      });
    };
    add('a-run', 'Running', 'build');
    add('b-ok', 'Succeeded', 'build');
    add('c-bad', 'Failed');
  });

  it('lists workflows in argo table, running ones first', async () => {
    const result = await h.weft(['list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^NAME +STATUS +AGE +DURATION +PRIORITY +MESSAGE\na-run +Running +\d+s/);
    expect(result.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('filters by template and status through the label selector', async () => {
    const result = await h.weft(['list', '--template', 'build', '--status', 'Succeeded', '-o', 'name']);
    expect(result.stdout).toBe('b-ok\n');
    const [request] = h.requestsTo('GET', '/api/v1/workflows/default');
    expect(request?.query['listOptions.labelSelector']).toBe(
      'workflows.argoproj.io/workflow-template=build,workflows.argoproj.io/phase=Succeeded',
    );
  });

  it('selects several statuses as argo does and pages with --chunk-size up to --limit', async () => {
    expect((await h.weft(['list', '--status', 'Running,Failed', '-o', 'name'])).stdout).toBe(
      'a-run\nc-bad\n',
    );
    expect(h.requestsTo('GET', '/api/v1/workflows/default')[0]?.query['listOptions.labelSelector']).toBe(
      'workflows.argoproj.io/phase in (Running,Failed)',
    );
    h.fake.requests.length = 0;
    const limited = await h.weft(['list', '--chunk-size', '1', '--limit', '2', '-o', 'name']);
    expect(limited.stdout.trim().split('\n')).toHaveLength(2);
    expect(
      h.requestsTo('GET', '/api/v1/workflows/default').map((r) => r.query['listOptions.continue']),
    ).toEqual([undefined, '1']);
  });

  it('prints -o json as one list', async () => {
    const items = JSON.parse((await h.weft(['list', '-o', 'json'])).stdout) as Workflow[];
    expect(items.map((wf) => wf.metadata.name).sort()).toEqual(['a-run', 'b-ok', 'c-bad']);
  });

  it('gets a workflow as argo get tree, or as JSON', async () => {
    expect((await h.weft(['get', 'b-ok'])).stdout).toMatch(/^Name: +b-ok\nStatus: +Succeeded\n/);
    expect(JSON.parse((await h.weft(['get', 'b-ok', '-o', 'json'])).stdout)).toMatchObject({
      metadata: { name: 'b-ok' },
    });
  });

  it('prints the server message and HTTP status for a missing workflow, and exits 1', async () => {
    const result = await h.weft(['get', 'nope']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('weft: workflows.argoproj.io "nope" not found (HTTP 404)\n');
  });
});

describe('weft logs', () => {
  it('prints each line with its pod name, passing argo log options as query', async () => {
    h.fake.create('default', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'w' },
      spec: {},
    });
    h.fake.logLines = [
      { podName: 'w-1', content: 'one' },
      { podName: 'w-2', content: 'two' },
    ];
    expect((await h.weft(['logs', 'w'])).stdout).toBe('w-1: one\nw-2: two\n');
    const result = await h.weft([
      'logs',
      'w',
      'w-2',
      '-c',
      'init',
      '--grep',
      't',
      '--tail',
      '3',
      '--since',
      '1m',
    ]);
    expect(result.stdout).toBe('w-2: two\n');
    expect(h.requestsTo('GET', '/api/v1/workflows/default/w/log').at(-1)?.query).toMatchObject({
      podName: 'w-2',
      'logOptions.container': 'init',
      grep: 't',
      'logOptions.tailLines': '3',
      'logOptions.sinceSeconds': '60',
    });
  });
});

describe('weft watch', () => {
  it('reconnects from the last resourceVersion when the stream drops and still sees the end', async () => {
    const wf = h.fake.create('default', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'long' },
      spec: {},
    });
    h.fake.dropWatchAfter = 1;
    const startedAt = new Date().toISOString();
    const script = (async () => {
      await until(() => h.fake.watcherCount === 1);
      const running = h.fake.update('default', 'long', { phase: 'Running', startedAt });
      await until(
        () =>
          h.requestsTo('GET', '/api/v1/workflow-events/default').length === 2 && h.fake.watcherCount === 1,
      );
      h.fake.update('default', 'long', {
        phase: 'Succeeded',
        startedAt,
        finishedAt: new Date().toISOString(),
      });
      return running;
    })();
    const result = await h.weft(['watch', 'long']);
    const running = await script;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Status: +Succeeded/);
    expect(result.stderr).toMatch(/reconnecting to watch long \(the watch ended\)/);
    const watches = h.requestsTo('GET', '/api/v1/workflow-events/default');
    // Watched from the state read first, then again from where the dropped stream left off.
    expect(watches.map((r) => r.query['listOptions.resourceVersion'])).toEqual([
      wf.metadata.resourceVersion,
      running.metadata.resourceVersion,
    ]);
    expect(watches[0]?.query['listOptions.fieldSelector']).toBe('metadata.name=long');
  });
});
