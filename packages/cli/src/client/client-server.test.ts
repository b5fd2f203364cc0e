/**
 * The client end to end against a fake argo-server (./testing/fake-argo-server.ts): `main` runs in
 * this process with WEFT_SERVER pointing at it, exactly as the `weft` binary would.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workflow } from '@weft/core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { main } from '../main.js';
import { FakeArgoServer } from './testing/fake-argo-server.js';

let fake: FakeArgoServer;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-client-'));
  await writeFile(join(dir, 'hello.yaml'), workflowYaml('hello-'));
  await writeFile(join(dir, 'params.yaml'), 'message: from-file\nother: kept\n');
});

beforeEach(async () => {
  fake = await new FakeArgoServer().start();
});

afterEach(async () => {
  await fake.close();
});

function workflowYaml(generateName: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ${generateName}
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: message
      value: default
  templates:
  - name: main
    container: {image: busybox, command: [echo, hi]}
`;
}

/** A file of the scratch directory (the CLI reads paths as given, like `weft run`). */
const file = (name: string) => join(dir, name);

async function weft(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    cwd: dir,
    env: { WEFT_SERVER: fake.url, ...env },
    onInterrupt: () => () => {},
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/**
 * Runs every created workflow: once someone watches it (or after a second), Running, then `phase`.
 * Waiting for the watcher keeps the Running state visible to the client whatever the timing.
 */
function runCreatedTo(phase: 'Succeeded' | 'Failed' | 'Error') {
  fake.onCreate = async (wf) => {
    const ns = wf.metadata.namespace ?? 'default';
    const name = wf.metadata.name ?? '';
    const startedAt = new Date().toISOString();
    const end = Date.now() + 1000;
    while (fake.watcherCount === 0 && Date.now() < end) await sleep(5);
    fake.update(ns, name, { phase: 'Running', startedAt, nodes: { [name]: podNode(name, 'Running') } });
    await sleep(20);
    const nodes = { [name]: podNode(name, phase === 'Succeeded' ? 'Succeeded' : 'Failed') };
    fake.update(ns, name, { phase, startedAt, finishedAt: new Date().toISOString(), nodes });
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function podNode(id: string, phase: 'Running' | 'Succeeded' | 'Failed') {
  return { id, name: id, displayName: id, type: 'Pod' as const, phase, templateName: 'main' };
}

const requestsTo = (method: string, path: string) =>
  fake.requests.filter((r) => r.method === method && r.url.split('?')[0] === path);

describe('weft submit', () => {
  it('submits a file, waits, prints argo final status line and exits 0 when it succeeded', async () => {
    runCreatedTo('Succeeded');
    const result = await weft(['submit', file('hello.yaml'), '--wait']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Name: +hello-1x\n/);
    expect(result.stdout).toMatch(/\nhello-1x Succeeded at \d{4}-\d\d-\d\dT/);
    // Not a terminal: a progress line per node change on stderr.
    expect(result.stderr).toMatch(/hello-1x {2}Running/);
    expect(result.stderr).toMatch(/hello-1x {2}Succeeded/);
  });

  it('exits 1 when the workflow it waited for failed or errored', async () => {
    runCreatedTo('Failed');
    expect((await weft(['submit', file('hello.yaml'), '--wait'])).code).toBe(1);
    runCreatedTo('Error');
    expect((await weft(['submit', file('hello.yaml'), '--watch'])).code).toBe(1);
  });

  it('prints only the finished workflow as one JSON document with -o json --wait', async () => {
    runCreatedTo('Succeeded');
    const result = await weft(['submit', file('hello.yaml'), '--wait', '-o', 'json']);
    const printed = JSON.parse(result.stdout) as Workflow;
    expect(printed.status?.phase).toBe('Succeeded');
    expect(printed.metadata.name).toBe('hello-1x');
  });

  it('shows the final tree after --watch', async () => {
    runCreatedTo('Succeeded');
    const result = await weft(['submit', file('hello.yaml'), '--watch']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Status: +Succeeded/);
    expect(result.stdout).toMatch(/STEP +TEMPLATE +PODNAME +DURATION +MESSAGE\n +✔ hello-1x +main/);
  });

  it('applies argo submit options to the workflow it sends, parameter file first and -p winning', async () => {
    const result = await weft([
      'submit',
      file('hello.yaml'),
      '-n',
      'ci',
      '-f',
      file('params.yaml'),
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
    const [request] = requestsTo('POST', '/api/v1/workflows/ci');
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
    fake.resources.set('WorkflowTemplate/default/build', { metadata: { name: 'build' } });
    const result = await weft([
      'submit',
      '--from',
      'workflowtemplate/build',
      '-p',
      'x=1',
      '--entrypoint',
      'e',
    ]);
    expect(result.code).toBe(0);
    expect(requestsTo('POST', '/api/v1/workflows/default/submit')[0]?.body).toEqual({
      namespace: 'default',
      resourceKind: 'WorkflowTemplate',
      resourceName: 'build',
      submitOptions: { entryPoint: 'e', parameters: ['x=1'] },
    });
  });

  it('sends nothing and exits 2 when a file is missing or holds no Workflow', async () => {
    await writeFile(
      join(dir, 'template.yaml'),
      workflowYaml('t-').replace('kind: Workflow', 'kind: WorkflowTemplate'),
    );
    const result = await weft(['submit', file('hello.yaml'), file('missing.yaml'), file('template.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing\.yaml: no such file/);
    expect(result.stderr).toMatch(/template\.yaml:1: a WorkflowTemplate; weft submit takes Workflow objects/);
    expect(requestsTo('POST', '/api/v1/workflows/default')).toEqual([]);
  });
});

describe('weft list and get', () => {
  beforeEach(() => {
    const add = (name: string, phase: 'Running' | 'Succeeded' | 'Failed', template?: string) => {
      const labels = template ? { 'workflows.argoproj.io/workflow-template': template } : {};
      fake.create('default', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { name, labels },
        spec: {},
      });
      fake.update('default', name, { phase, startedAt: new Date().toISOString() });
    };
    add('a-run', 'Running', 'build');
    add('b-ok', 'Succeeded', 'build');
    add('c-bad', 'Failed');
  });

  it('lists workflows in argo table', async () => {
    const result = await weft(['list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^NAME +STATUS +AGE +DURATION +PRIORITY +MESSAGE\n/);
    expect(result.stdout).toMatch(/\na-run +Running +\d+s/);
    expect(result.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('filters by template and status through the label selector', async () => {
    const result = await weft(['list', '--template', 'build', '--status', 'Succeeded', '-o', 'name']);
    expect(result.stdout).toBe('b-ok\n');
    const [request] = requestsTo('GET', '/api/v1/workflows/default');
    expect(request?.query['listOptions.labelSelector']).toBe(
      'workflows.argoproj.io/workflow-template=build,workflows.argoproj.io/phase=Succeeded',
    );
  });

  it('selects several statuses as argo does and pages with --chunk-size up to --limit', async () => {
    expect((await weft(['list', '--status', 'Running,Failed', '-o', 'name'])).stdout).toBe('a-run\nc-bad\n');
    expect(requestsTo('GET', '/api/v1/workflows/default')[0]?.query['listOptions.labelSelector']).toBe(
      'workflows.argoproj.io/phase in (Running,Failed)',
    );
    fake.requests.length = 0;
    const limited = await weft(['list', '--chunk-size', '1', '--limit', '2', '-o', 'name']);
    expect(limited.stdout.trim().split('\n')).toHaveLength(2);
    expect(
      requestsTo('GET', '/api/v1/workflows/default').map((r) => r.query['listOptions.continue']),
    ).toEqual([undefined, '1']);
  });

  it('prints -o json as one list', async () => {
    const items = JSON.parse((await weft(['list', '-o', 'json'])).stdout) as Workflow[];
    expect(items.map((wf) => wf.metadata.name).sort()).toEqual(['a-run', 'b-ok', 'c-bad']);
  });

  it('gets a workflow as argo get tree, or as JSON', async () => {
    expect((await weft(['get', 'b-ok'])).stdout).toMatch(/^Name: +b-ok\nStatus: +Succeeded\n/);
    expect(JSON.parse((await weft(['get', 'b-ok', '-o', 'json'])).stdout)).toMatchObject({
      metadata: { name: 'b-ok' },
    });
  });

  it('prints the server message and HTTP status for a missing workflow, and exits 1', async () => {
    const result = await weft(['get', 'nope']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('weft: workflows.argoproj.io "nope" not found (HTTP 404)\n');
  });
});

describe('weft logs', () => {
  it('prints each line with its pod name, passing argo log options as query', async () => {
    fake.create('default', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'w' },
      spec: {},
    });
    fake.logLines = [
      { podName: 'w-1', content: 'one' },
      { podName: 'w-2', content: 'two' },
    ];
    expect((await weft(['logs', 'w'])).stdout).toBe('w-1: one\nw-2: two\n');
    const result = await weft([
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
    expect(requestsTo('GET', '/api/v1/workflows/default/w/log').at(-1)?.query).toMatchObject({
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
    const wf = fake.create('default', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'long' },
      spec: {},
    });
    fake.dropWatchAfter = 1;
    const startedAt = new Date().toISOString();
    const script = (async () => {
      await until(() => fake.watcherCount === 1);
      const running = fake.update('default', 'long', { phase: 'Running', startedAt });
      await until(
        () => requestsTo('GET', '/api/v1/workflow-events/default').length === 2 && fake.watcherCount === 1,
      );
      fake.update('default', 'long', { phase: 'Succeeded', startedAt, finishedAt: new Date().toISOString() });
      return running;
    })();
    const result = await weft(['watch', 'long']);
    const running = await script;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Status: +Succeeded/);
    expect(result.stderr).toMatch(/reconnecting to watch long \(the watch ended\)/);
    const watches = requestsTo('GET', '/api/v1/workflow-events/default');
    // Watched from the state read first, then again from where the dropped stream left off.
    expect(watches.map((r) => r.query['listOptions.resourceVersion'])).toEqual([
      wf.metadata.resourceVersion,
      running.metadata.resourceVersion,
    ]);
    expect(watches[0]?.query['listOptions.fieldSelector']).toBe('metadata.name=long');
  });
});

describe('weft retry, resubmit, stop, delete', () => {
  beforeEach(() => {
    fake.create('default', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'w' },
      spec: {},
    });
  });

  it('retries with argo request fields and waits for the result', async () => {
    runCreatedTo('Succeeded');
    setTimeout(
      () => fake.update('default', 'w', { phase: 'Succeeded', finishedAt: new Date().toISOString() }),
      50,
    );
    const result = await weft([
      'retry',
      'w',
      '--node-field-selector',
      'displayName=a',
      '--wait',
      '-o',
      'name',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: 'w\n' });
    expect(requestsTo('PUT', '/api/v1/workflows/default/w/retry')[0]?.body).toEqual({
      name: 'w',
      namespace: 'default',
      restartSuccessful: false,
      nodeFieldSelector: 'displayName=a',
    });
  });

  it('waits for the new workflow a resubmit creates', async () => {
    runCreatedTo('Failed');
    const result = await weft(['resubmit', 'w', '--memoized', '--wait', '-o', 'name']);
    expect(result).toMatchObject({ code: 1, stdout: 'w-2x\n' });
  });

  it('stops and deletes workflows by name, as argo reports them', async () => {
    expect((await weft(['stop', 'w', '--message', 'enough'])).stdout).toBe('workflow w stopped\n');
    expect(requestsTo('PUT', '/api/v1/workflows/default/w/stop')[0]?.body).toMatchObject({
      message: 'enough',
    });
    expect((await weft(['delete', '--all'])).stdout).toBe("Workflow 'w' deleted\n");
    expect(fake.workflows.size).toBe(0);
  });
});

describe('templates and cron workflows', () => {
  it('creates a template, lists it, submits from it and shows its runs', async () => {
    await writeFile(
      join(dir, 'build.yaml'),
      workflowYaml('x')
        .replace('kind: Workflow', 'kind: WorkflowTemplate')
        .replace('generateName: x', 'name: build'),
    );
    expect((await weft(['template', 'create', file('build.yaml')])).stdout).toMatch(
      /^Name: +build\nNamespace: +default\n/,
    );
    expect((await weft(['template', 'list'])).stdout).toBe('NAME\nbuild\n');
    runCreatedTo('Succeeded');
    expect((await weft(['submit', '--from', 'wftmpl/build', '--wait'])).code).toBe(0);
    expect((await weft(['submit', '--from', 'wftmpl/build', '-o', 'name'])).stdout).toBe('build-2x\n');
    const runs = (await weft(['template', 'runs', 'build'])).stdout.split('\n');
    expect(runs[0]).toMatch(/^RUN +NAME +STATUS +STARTED +DURATION$/);
    expect(runs[1]).toMatch(/^#2 +build-2x +/);
    expect(runs[2]).toMatch(/^#1 +build-1x +Succeeded +\d{4}-/);
  });

  it('reports the server lint problems of a template and exits 2', async () => {
    await writeFile(
      join(dir, 'bad.yaml'),
      'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: bad}\nspec: {templates: []}\n',
    );
    const result = await weft(['template', 'lint', file('bad.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('WorkflowTemplate bad: spec.entrypoint: is required\n');
  });

  it('says a template exists already with the server message, exit 1', async () => {
    fake.resources.set('WorkflowTemplate/default/build', { metadata: { name: 'build' } });
    await writeFile(
      join(dir, 'dup.yaml'),
      'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: build}\nspec: {entrypoint: x}\n',
    );
    const result = await weft(['template', 'create', file('dup.yaml')]);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'weft: WorkflowTemplate "build" already exists (HTTP 409)\n',
    });
  });

  it('suspends and resumes a cron workflow', async () => {
    fake.resources.set('CronWorkflow/default/nightly', {
      kind: 'CronWorkflow',
      metadata: { name: 'nightly' },
      spec: { schedule: '0 1 * * *' },
    });
    expect((await weft(['cron', 'suspend', 'nightly'])).stdout).toBe("CronWorkflow 'nightly' suspended\n");
    expect((await weft(['cron', 'get', 'nightly'])).stdout).toMatch(
      /Schedules: +0 1 \* \* \*\nSuspended: +true/,
    );
    expect((await weft(['cron', 'resume', 'nightly'])).stdout).toBe("CronWorkflow 'nightly' resumed\n");
  });
});

describe('connection and authentication', () => {
  it('sends WEFT_TOKEN as a bearer token', async () => {
    await weft(['list'], { WEFT_TOKEN: 'secret' });
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer secret');
  });

  it('explains a 401 and exits 1', async () => {
    fake.failWith = { status: 401, code: 16, message: 'token not valid' };
    const result = await weft(['list']);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'weft: token not valid (HTTP 401; set WEFT_TOKEN to a valid token)\n',
    });
  });

  it('names the URL it could not reach and exits 1', async () => {
    const url = fake.url;
    await fake.close();
    const result = await weft(['list'], { WEFT_SERVER: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `weft: cannot reach the server at ${url}: connection refused (is it running? check --server or WEFT_SERVER)\n`,
    );
    fake = await new FakeArgoServer().start();
  });

  it('says that submit needs a server when none is given, exit 2', async () => {
    const result = await weft(['submit', file('hello.yaml')], { WEFT_SERVER: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^weft: weft submit talks to a weft server: give --server URL or set WEFT_SERVER/,
    );
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
