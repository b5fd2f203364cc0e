/**
 * argo-server's REST API on a real `weft server` process with the real controller, step runner and
 * SQLite store: workflows and their actions, templates, crons, logs, artifacts, streams, errors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type ServerProcess, startServerProcess, stopStepRunner } from './server-process.js';

let server: ServerProcess;
let dataDir = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'weft-api-'));
  server = await startServerProcess(dataDir);
});

afterAll(async () => {
  await server?.stop();
  stopStepRunner(dataDir);
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read argo-server answers loosely, field by field
type Json = Record<string, any>;

const ns = '/api/v1/workflows/default';

function spec(command: string[], extra: Json = {}): Json {
  return {
    entrypoint: 'main',
    templates: [{ name: 'main', container: { image: 'busybox', command }, ...extra }],
  };
}

async function create(workflow: Json): Promise<string> {
  const { status, body } = await api<Json>(server.url, ns, { method: 'POST', body: { workflow } });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.metadata.name;
}

async function finished(name: string, timeoutMs = 20_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api<Json>(server.url, `${ns}/${name}`);
    if (body.metadata?.labels?.['workflows.argoproj.io/completed'] === 'true') return body;
    if (Date.now() > deadline) throw new Error(`${name} did not finish: ${JSON.stringify(body.status)}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * POSTs a large body as careful HTTP clients (curl) do, with `Expect: 100-continue`: the server
 * says 100 before the body is sent, or answers at once (413 for a body over the limit). Sending
 * the body unasked would race the server closing the connection, which discards its answer.
 */
function postRaw(url: string, body: string): Promise<number> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => Number(match[1]));
      const final = statuses.find((status) => status !== 100);
      if (final !== undefined) {
        socket.destroy();
        resolve(final);
      } else if (statuses.includes(100) && !socket.writableEnded) socket.end(body);
    });
    // The server may answer while the body is still being written, then close: the write fails
    // but the answer is what counts.
    socket.on('error', () => undefined);
    socket.on('close', () =>
      reject(new Error(`no final HTTP answer: ${JSON.stringify(answer.slice(0, 200))}`)),
    );
    socket.write(
      `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
  });
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('workflows over the REST API of a real server', () => {
  it('creates a workflow, reads it with its nodes, and lists it by label with paging', async () => {
    const name = await create({
      metadata: { generateName: 'hello-', labels: { team: 'a' } },
      spec: spec(['echo', 'hello']),
    });
    const done = await finished(name);
    expect(done.status.phase).toBe('Succeeded');
    expect(Object.values(done.status.nodes as Json).map((n: Json) => n.phase)).toEqual(['Succeeded']);
    await create({ metadata: { generateName: 'hello-', labels: { team: 'a' } }, spec: spec(['true']) });
    const page = await api<Json>(server.url, `${ns}?listOptions.labelSelector=team%3Da&listOptions.limit=1`);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.metadata.continue).toBeTruthy();
    const next = await api<Json>(
      server.url,
      `${ns}?listOptions.labelSelector=team%3Da&listOptions.limit=1&listOptions.continue=${page.body.metadata.continue}`,
    );
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].metadata.name).not.toBe(page.body.items[0].metadata.name);
  });

  it('retries a failed workflow from its failed node and resubmits it as a new one', async () => {
    const name = await create({
      metadata: { generateName: 'flaky-' },
      spec: {
        entrypoint: 'main',
        arguments: { parameters: [{ name: 'code', value: '1' }] },
        templates: [
          { name: 'main', steps: [[{ name: 'ok', template: 'ok' }], [{ name: 'exit', template: 'exit' }]] },
          { name: 'ok', container: { image: 'busybox', command: ['true'] } },
          {
            name: 'exit',
            container: { image: 'busybox', command: ['sh', '-c', 'exit {{workflow.parameters.code}}'] },
          },
        ],
      },
    });
    expect((await finished(name)).status.phase).toBe('Failed');
    const retried = await api<Json>(server.url, `${ns}/${name}/retry`, {
      method: 'PUT',
      body: { parameters: ['code=0'] },
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect((await finished(name)).status.phase).toBe('Succeeded');
    // As in Argo, the retry's parameters stay with the workflow; resubmit gets its own.
    const again = await api<Json>(server.url, `${ns}/${name}/resubmit`, {
      method: 'PUT',
      body: { parameters: ['code=2'] },
    });
    expect(again.status).toBe(200);
    expect(again.body.metadata.name).not.toBe(name);
    expect((await finished(again.body.metadata.name)).status.phase).toBe('Failed');
  });

  it('suspends, resumes, stops and terminates running workflows', async () => {
    const slow = {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[{ name: 'a', template: 'nap' }], [{ name: 'b', template: 'nap' }]] },
        { name: 'nap', container: { image: 'busybox', command: ['sleep', '0.4'] } },
      ],
    };
    const name = await create({ metadata: { generateName: 'slow-' }, spec: slow });
    expect((await api(server.url, `${ns}/${name}/suspend`, { method: 'PUT', body: {} })).status).toBe(200);
    expect((await api<Json>(server.url, `${ns}/${name}`)).body.spec.suspend).toBe(true);
    expect((await api(server.url, `${ns}/${name}/resume`, { method: 'PUT', body: {} })).status).toBe(200);
    expect((await finished(name)).status.phase).toBe('Succeeded');

    const long = spec(['sleep', '30']);
    const stopped = await create({ metadata: { generateName: 'stop-' }, spec: long });
    await until(
      async () => (await api<Json>(server.url, `${ns}/${stopped}`)).body.status?.phase === 'Running',
    );
    expect((await api(server.url, `${ns}/${stopped}/stop`, { method: 'PUT', body: {} })).status).toBe(200);
    expect((await finished(stopped)).status.phase).toBe('Failed');
    const terminated = await create({ metadata: { generateName: 'term-' }, spec: long });
    await until(
      async () => (await api<Json>(server.url, `${ns}/${terminated}`)).body.status?.phase === 'Running',
    );
    expect((await api(server.url, `${ns}/${terminated}/terminate`, { method: 'PUT', body: {} })).status).toBe(
      200,
    );
    expect((await finished(terminated)).status.phase).toBe('Failed');
  });

  it('sets the output of a suspended node and resumes it', async () => {
    const name = await create({
      metadata: { generateName: 'approve-' },
      spec: {
        entrypoint: 'main',
        templates: [
          {
            name: 'main',
            steps: [
              [{ name: 'approve', template: 'approve' }],
              [
                {
                  name: 'use',
                  template: 'use',
                  arguments: {
                    parameters: [{ name: 'm', value: '{{steps.approve.outputs.parameters.message}}' }],
                  },
                },
              ],
            ],
          },
          {
            name: 'approve',
            suspend: {},
            outputs: { parameters: [{ name: 'message', valueFrom: { supplied: {} } }] },
          },
          {
            name: 'use',
            inputs: { parameters: [{ name: 'm' }] },
            container: { image: 'busybox', command: ['echo', '{{inputs.parameters.m}}'] },
          },
        ],
      },
    });
    await until(async () => {
      const { body } = await api<Json>(server.url, `${ns}/${name}`);
      return Object.values((body.status?.nodes ?? {}) as Json).some(
        (n: Json) => n.type === 'Suspend' && n.phase === 'Running',
      );
    });
    const set = await api<Json>(server.url, `${ns}/${name}/set`, {
      method: 'PUT',
      body: {
        nodeFieldSelector: 'displayName=approve',
        outputParameters: '{"message":"ship it"}',
        phase: 'Succeeded',
      },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((await finished(name)).status.phase).toBe('Succeeded');
    const log = await fetch(`${server.url}${ns}/${name}/log?logOptions.container=main`);
    expect(await log.text()).toContain('ship it');
  });

  it('deletes a workflow with its nodes', async () => {
    const name = await create({ metadata: { generateName: 'gone-' }, spec: spec(['true']) });
    await finished(name);
    expect((await api(server.url, `${ns}/${name}`, { method: 'DELETE' })).status).toBe(200);
    expect((await api(server.url, `${ns}/${name}`)).status).toBe(404);
  });
});

describe('templates and crons over the REST API of a real server', () => {
  const template = {
    metadata: { name: 'build' },
    spec: {
      entrypoint: 'main',
      arguments: { parameters: [{ name: 'message', value: 'default' }] },
      templates: [
        {
          name: 'main',
          container: { image: 'busybox', command: ['echo', '{{workflow.parameters.message}}'] },
        },
      ],
    },
  };

  it('submits runs of a template with parameters, numbered, listed newest first', async () => {
    const created = await api<Json>(server.url, '/api/v1/workflow-templates/default', {
      method: 'POST',
      body: { template },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const names: string[] = [];
    for (const message of ['one', 'two']) {
      const submitted = await api<Json>(server.url, `${ns}/submit`, {
        method: 'POST',
        body: {
          resourceKind: 'WorkflowTemplate',
          resourceName: 'build',
          submitOptions: { parameters: [`message=${message}`] },
        },
      });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      names.push(submitted.body.metadata.name);
      await finished(submitted.body.metadata.name);
    }
    const runs = await api<Json>(server.url, '/api/v1/workflow-templates/default/build/runs');
    expect(runs.body.items.map((run: Json) => run.metadata?.name ?? run.name)).toEqual([...names].reverse());
    const log = await fetch(`${server.url}${ns}/${names[1]}/log?logOptions.container=main`);
    expect(await log.text()).toContain('two');
  });

  it('refuses a stale update of a template with 409 and a missing one with 404', async () => {
    const { body } = await api<Json>(server.url, '/api/v1/workflow-templates/default/build');
    const stale = { ...body, metadata: { ...body.metadata, resourceVersion: '1' } };
    const conflict = await api<Json>(server.url, '/api/v1/workflow-templates/default/build', {
      method: 'PUT',
      body: { template: stale },
    });
    expect(conflict.status).toBe(409);
    expect(typeof conflict.body.message).toBe('string');
    expect((await api(server.url, '/api/v1/workflow-templates/default/nope')).status).toBe(404);
    const missing = await api<Json>(server.url, `${ns}/submit`, {
      method: 'POST',
      body: { resourceKind: 'WorkflowTemplate', resourceName: 'nope' },
    });
    expect(missing.status).toBe(404);
  });

  it('creates a cron workflow, suspends and resumes it, and shows its next run', async () => {
    const cron = {
      metadata: { name: 'nightly' },
      spec: { schedules: ['0 3 * * *'], timezone: 'Europe/Paris', workflowSpec: template.spec },
    };
    const created = await api<Json>(server.url, '/api/v1/cron-workflows/default', {
      method: 'POST',
      body: { cronWorkflow: cron },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const suspended = await api<Json>(server.url, '/api/v1/cron-workflows/default/nightly/suspend', {
      method: 'PUT',
      body: {},
    });
    expect(suspended.body.spec.suspend).toBe(true);
    const resumed = await api<Json>(server.url, '/api/v1/cron-workflows/default/nightly/resume', {
      method: 'PUT',
      body: {},
    });
    expect(resumed.body.spec.suspend).toBeFalsy();
    const run = await api<Json>(server.url, `${ns}/submit`, {
      method: 'POST',
      body: { resourceKind: 'CronWorkflow', resourceName: 'nightly' },
    });
    expect(run.body.metadata.labels['workflows.argoproj.io/cron-workflow']).toBe('nightly');
    expect((await finished(run.body.metadata.name)).status.phase).toBe('Succeeded');
  });
});

describe('streams, logs and bad input on a real server', () => {
  it('replays current workflows as ADDED on the watch stream, then sends changes', async () => {
    const response = await fetch(`${server.url}/api/v1/workflow-events/default`, {
      headers: { accept: 'text/event-stream' },
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const name = await create({ metadata: { generateName: 'watched-' }, spec: spec(['true']) });
    while (!/"type":"MODIFIED"[^\n]*watched-/.test(text) || !text.includes('"type":"ADDED"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    await reader.cancel();
    expect(text).toContain('data: {"result":');
    expect(text).toContain(name);
  });

  it('follows a running step log until the workflow ends', async () => {
    const name = await create({
      metadata: { generateName: 'follow-' },
      spec: spec(['sh', '-c', 'for i in 1 2 3; do echo line $i; sleep 0.2; done']),
    });
    const response = await fetch(
      `${server.url}${ns}/${name}/log?logOptions.container=main&logOptions.follow=true`,
    );
    const text = await response.text();
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).result.content);
    expect(lines).toEqual(['line 1', 'line 2', 'line 3']);
  });

  it('answers bad input with argo-server errors and stores nothing', async () => {
    const before = (await api<Json>(server.url, ns)).body.items?.length ?? 0;
    const malformed = await fetch(`${server.url}${ns}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"workflow": ',
    });
    expect(malformed.status).toBe(400);
    const badName = await api<Json>(server.url, ns, {
      method: 'POST',
      body: { workflow: { metadata: { name: 'Not_A_Name' }, spec: spec(['true']) } },
    });
    expect(badName.status).toBe(400);
    expect(badName.body.message).toMatch(/name/);
    const lint = await api<Json>(server.url, ns, {
      method: 'POST',
      body: {
        workflow: {
          metadata: { generateName: 'x-' },
          spec: { entrypoint: 'missing', templates: [{ name: 'main', container: { image: 'x' } }] },
        },
      },
    });
    expect(lint.status).toBe(400);
    expect(lint.body.code).toBe(3);
    expect(lint.body.message).toMatch(/missing/);
    const huge = await postRaw(
      `${server.url}${ns}`,
      JSON.stringify({
        workflow: {
          metadata: { generateName: 'x-' },
          spec: {
            ...spec(['true']),
            arguments: { parameters: [{ name: 'p', value: 'x'.repeat(5 * 1024 * 1024) }] },
          },
        },
      }),
    );
    expect(huge).toBe(413);
    expect((await api<Json>(server.url, ns)).body.items?.length ?? 0).toBe(before);
  });

  it('serves health, metrics and the OpenAPI document', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/weft_steps_started_total [1-9]\d*/);
    expect(metrics).toMatch(/weft_steps_finished_total\{phase="Succeeded"\} [1-9]\d*/);
    expect(metrics).toContain('weft_workflows{phase="Succeeded"}');
    const openapi = await api<Json>(server.url, '/api/v1/openapi.json');
    expect(Object.keys(openapi.body.paths)).toContain('/api/v1/workflows/{namespace}');
  });
});
