/** `weft run` end to end: daemon steps, http templates, data templates and lifecycle hooks. */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratch, workflowYaml } from './weft.js';

const bin = resolve(import.meta.dirname, '../../packages/cli/bin/weft.js');

/** Runs `weft run` without blocking this process's event loop (the test's HTTP server must answer). */
interface NodeJson {
  readonly name: string;
  readonly displayName: string;
  readonly phase: string;
  readonly [field: string]: unknown;
}
interface WorkflowJson {
  readonly metadata: { readonly name: string };
  readonly status: {
    readonly phase: string;
    readonly nodes: Record<string, NodeJson>;
    readonly [field: string]: unknown;
  };
}

function runJson(
  spec: Record<string, unknown>,
): Promise<{ status: number | null; workflow: WorkflowJson; stderr: string }> {
  const dir = scratch({ 'wf.yaml': workflowYaml(spec) });
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, 'run', 'wf.yaml', '-o', 'json', '--run-dir', 'run'],
      { cwd: dir, timeout: 60_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ status, workflow: stdout ? JSON.parse(stdout) : undefined, stderr });
      },
    );
  });
}

function byDisplayName(workflow: WorkflowJson, displayName: string): NodeJson | undefined {
  return Object.values(workflow.status.nodes).find((n) => n.displayName === displayName);
}

const sh = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  container: { image: 'alpine:3', command: ['sh', '-c', script] },
  ...extra,
});

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') {
      res.setHeader('x-served-by', 'weft-test');
      res.end(`hello ${req.method} ${req.headers['x-token'] ?? ''}`);
    } else {
      res.statusCode = 404;
      res.end('missing');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('daemon steps', () => {
  it('starts the next steps once the daemon is ready, reaches it at {{steps.X.ip}}, then kills it', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const { status, workflow, stderr } = await runJson({
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          steps: [
            [{ name: 'server', template: 'server' }],
            [
              {
                name: 'client',
                template: 'client',
                arguments: { parameters: [{ name: 'ip', value: '{{steps.server.ip}}' }] },
              },
            ],
          ],
        },
        {
          name: 'server',
          daemon: true,
          container: {
            image: 'python:3',
            command: ['python3', '-m', 'http.server', String(port), '--bind', '127.0.0.1'],
            readinessProbe: { httpGet: { path: '/', port } },
          },
        },
        {
          name: 'client',
          inputs: { parameters: [{ name: 'ip' }] },
          script: {
            image: 'python:3',
            command: ['python3'],
            source: `import urllib.request\nprint(urllib.request.urlopen('http://{{inputs.parameters.ip}}:${port}/').status)`,
          },
        },
      ],
    });
    expect(stderr).not.toContain('internal error');
    expect(status).toBe(0);
    expect(byDisplayName(workflow, 'client')).toMatchObject({
      phase: 'Succeeded',
      outputs: { result: '200' },
    });
    expect(byDisplayName(workflow, 'server').phase).toBe('Succeeded');
    expect(byDisplayName(workflow, 'server').daemoned).toBeUndefined();
  });
});

describe('http templates', () => {
  it('makes the requests itself: body as result, non-2xx fails (excused by continueOn), successCondition on headers', async () => {
    const call = (name: string, url: string, extra: Record<string, unknown> = {}) => ({
      name,
      http: { url, headers: [{ name: 'X-Token', value: 't1' }], ...extra },
    });
    const { status, workflow } = await runJson({
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          steps: [
            [
              { name: 'good', template: 'good' },
              { name: 'bad', template: 'bad', continueOn: { failed: true } },
              { name: 'header', template: 'header' },
            ],
          ],
        },
        call('good', `${base}/ok`),
        call('bad', `${base}/nope`),
        call('header', `${base}/ok`, {
          method: 'POST',
          successCondition: 'response.headers["X-Served-By"][0] == "weft-test" && response.statusCode == 200',
        }),
      ],
    });
    expect(status).toBe(0);
    expect(byDisplayName(workflow, 'good')).toMatchObject({
      type: 'HTTP',
      phase: 'Succeeded',
      outputs: { result: 'hello GET t1' },
    });
    expect(byDisplayName(workflow, 'bad')).toMatchObject({
      phase: 'Failed',
      message: 'received non-2xx response code: 404',
    });
    expect(byDisplayName(workflow, 'header')).toMatchObject({
      phase: 'Succeeded',
      outputs: { result: 'hello POST t1' },
    });
  });

  it('fails the node when nothing answers', async () => {
    const { status, workflow } = await runJson({
      entrypoint: 'call',
      templates: [{ name: 'call', http: { url: 'http://127.0.0.1:1/', timeoutSeconds: 5 } }],
    });
    expect(status).toBe(1);
    expect(workflow.status.nodes[Object.keys(workflow.status.nodes)[0]].message).toMatch(/ECONNREFUSED/);
  });
});

describe('data templates', () => {
  it('lists the s3 keys stored by earlier steps, filters them with an expression, and loops over them', async () => {
    const { status, workflow } = await runJson({
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          steps: [
            [
              {
                name: 'write-a',
                template: 'write',
                arguments: { parameters: [{ name: 'key', value: 'logs/a/main.log' }] },
              },
              {
                name: 'write-b',
                template: 'write',
                arguments: { parameters: [{ name: 'key', value: 'logs/b/other.txt' }] },
              },
            ],
            [{ name: 'list', template: 'list' }],
            [
              {
                name: 'each',
                template: 'each',
                withParam: '{{steps.list.outputs.result}}',
                arguments: { parameters: [{ name: 'f', value: '{{item}}' }] },
              },
            ],
          ],
        },
        sh('write', 'echo x > /tmp/out', {
          inputs: { parameters: [{ name: 'key' }] },
          outputs: {
            artifacts: [{ name: 'out', path: '/tmp/out', s3: { key: '{{inputs.parameters.key}}' } }],
          },
        }),
        {
          name: 'list',
          data: {
            source: { artifactPaths: { name: 'logs', s3: { bucket: 'my-bucket', key: 'logs' } } },
            transformation: [{ expression: 'filter(data, {# endsWith "main.log"})' }],
          },
        },
        sh('each', 'echo {{inputs.parameters.f}}', { inputs: { parameters: [{ name: 'f' }] } }),
      ],
    });
    expect(status).toBe(0);
    expect(byDisplayName(workflow, 'list').outputs.result).toBe('["logs/a/main.log"]');
    expect(byDisplayName(workflow, 'each(0:logs/a/main.log)').outputs.result).toBe('logs/a/main.log');
  });
});

describe('lifecycle hooks', () => {
  it('runs workflow-level and step-level expression hooks once, as Argo names them', async () => {
    const { status, workflow } = await runJson({
      entrypoint: 'main',
      hooks: { running: { expression: 'workflow.status == "Running"', template: 'note' } },
      templates: [
        {
          name: 'main',
          steps: [
            [
              {
                name: 'step-1',
                template: 'work',
                hooks: { done: { expression: 'steps["step-1"].status == "Succeeded"', template: 'note' } },
              },
            ],
          ],
        },
        sh('work', 'echo work'),
        sh('note', 'echo note'),
      ],
    });
    expect(status).toBe(0);
    const name: string = workflow.metadata.name;
    const names = Object.values(workflow.status.nodes).map((n) => n.name);
    expect(names).toContain(`${name}.hooks.running`);
    expect(names).toContain(`${name}[0].step-1.hooks.done`);
    expect(byDisplayName(workflow, 'step-1.hooks.done').phase).toBe('Succeeded');
  });
});
