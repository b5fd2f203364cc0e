/**
 * `weft retry`, `resubmit`, `stop`, `delete`, templates, cron workflows, and connection errors end to
 * end against a fake argo-server (./testing/fake-argo-server.ts).
 */
import { writeFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClientHarness, until, workflowYaml } from './testing/client-harness.js';
import { FakeArgoServer } from './testing/fake-argo-server.js';

const h = new ClientHarness().install();

describe('weft retry, resubmit, stop, delete', () => {
  beforeEach(() => {
    h.fake.create('default', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'w' },
      spec: {},
    });
  });

  it('retries with argo request fields and waits for the result', async () => {
    // The retried workflow runs again once the client watches it.
    const finish = (async () => {
      await until(() => h.requestsTo('PUT', '/api/v1/workflows/default/w/retry').length === 1);
      await until(() => h.fake.watcherCount === 1);
      h.fake.update('default', 'w', { phase: 'Succeeded', finishedAt: new Date().toISOString() });
    })();
    const result = await h.weft([
      'retry',
      'w',
      '--node-field-selector',
      'displayName=a',
      '--wait',
      '-o',
      'name',
    ]);
    await finish;
    expect(result).toMatchObject({ code: 0, stdout: 'w\n' });
    expect(h.requestsTo('PUT', '/api/v1/workflows/default/w/retry')[0]?.body).toEqual({
      name: 'w',
      namespace: 'default',
      restartSuccessful: false,
      nodeFieldSelector: 'displayName=a',
    });
  });

  it('waits for the new workflow a resubmit creates', async () => {
    h.runCreatedTo('Failed');
    const result = await h.weft(['resubmit', 'w', '--memoized', '--wait', '-o', 'name']);
    expect(result).toMatchObject({ code: 1, stdout: 'w-2x\n' });
  });

  it('stops and deletes workflows by name, as argo reports them', async () => {
    expect((await h.weft(['stop', 'w', '--message', 'enough'])).stdout).toBe('workflow w stopped\n');
    expect(h.requestsTo('PUT', '/api/v1/workflows/default/w/stop')[0]?.body).toMatchObject({
      message: 'enough',
    });
    expect((await h.weft(['delete', '--all'])).stdout).toBe("Workflow 'w' deleted\n");
    expect(h.fake.workflows.size).toBe(0);
  });
});

describe('templates and cron workflows', () => {
  it('creates a template, lists it, submits from it and shows its runs', async () => {
    await writeFile(
      h.file('build.yaml'),
      workflowYaml('x')
        .replace('kind: Workflow', 'kind: WorkflowTemplate')
        .replace('generateName: x', 'name: build'),
    );
    expect((await h.weft(['template', 'create', h.file('build.yaml')])).stdout).toMatch(
      /^Name: +build\nNamespace: +default\n/,
    );
    expect((await h.weft(['template', 'list'])).stdout).toBe('NAME\nbuild\n');
    h.runCreatedTo('Succeeded');
    expect((await h.weft(['submit', '--from', 'wftmpl/build', '--wait'])).code).toBe(0);
    expect((await h.weft(['submit', '--from', 'wftmpl/build', '-o', 'name'])).stdout).toBe('build-2x\n');
    const runs = (await h.weft(['template', 'runs', 'build'])).stdout.split('\n');
    expect(runs[0]).toMatch(/^RUN +NAME +STATUS +STARTED +DURATION$/);
    expect(runs[1]).toMatch(/^#2 +build-2x +/);
    expect(runs[2]).toMatch(/^#1 +build-1x +Succeeded +\d{4}-/);
  });

  it('reports the server lint problems of a template and exits 2', async () => {
    await writeFile(
      h.file('bad.yaml'),
      'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: bad}\nspec: {templates: []}\n',
    );
    const result = await h.weft(['template', 'lint', h.file('bad.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('WorkflowTemplate bad: spec.entrypoint: is required\n');
  });

  it('says a template exists already with the server message, exit 1', async () => {
    h.fake.resources.set('WorkflowTemplate/default/build', { metadata: { name: 'build' } });
    await writeFile(
      h.file('dup.yaml'),
      'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: build}\nspec: {entrypoint: x}\n',
    );
    const result = await h.weft(['template', 'create', h.file('dup.yaml')]);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'weft: WorkflowTemplate "build" already exists (HTTP 409)\n',
    });
  });

  it('suspends and resumes a cron workflow', async () => {
    h.fake.resources.set('CronWorkflow/default/nightly', {
      kind: 'CronWorkflow',
      metadata: { name: 'nightly' },
      spec: { schedule: '0 1 * * *' },
    });
    expect((await h.weft(['cron', 'suspend', 'nightly'])).stdout).toBe("CronWorkflow 'nightly' suspended\n");
    expect((await h.weft(['cron', 'get', 'nightly'])).stdout).toMatch(
      /Schedules: +0 1 \* \* \*\nSuspended: +true/,
    );
    expect((await h.weft(['cron', 'resume', 'nightly'])).stdout).toBe("CronWorkflow 'nightly' resumed\n");
  });
});

describe('connection and authentication', () => {
  it('sends WEFT_TOKEN as a bearer token', async () => {
    await h.weft(['list'], { WEFT_TOKEN: 'secret' });
    expect(h.fake.requests[0]?.headers.authorization).toBe('Bearer secret');
  });

  it('explains a 401 and exits 1', async () => {
    h.fake.failWith = { status: 401, code: 16, message: 'token not valid' };
    const result = await h.weft(['list']);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'weft: token not valid (HTTP 401; set WEFT_TOKEN to a valid token)\n',
    });
  });

  it('names the URL it could not reach and exits 1', async () => {
    const url = h.fake.url;
    await h.fake.close();
    const result = await h.weft(['list'], { WEFT_SERVER: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `weft: cannot reach the server at ${url}: connection refused (is it running? check --server or WEFT_SERVER)\n`,
    );
    h.fake = await new FakeArgoServer().start();
  });

  it('says that submit needs a server when none is given, exit 2', async () => {
    const result = await h.weft(['submit', h.file('hello.yaml')], { WEFT_SERVER: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^weft: weft submit talks to a weft server: give --server URL or set WEFT_SERVER/,
    );
  });
});
