/**
 * `weft` as a client of a real `weft server` process: submit --wait, list, get, logs, template
 * create + submit --from, template runs and retry, each as a separate `weft` process with
 * WEFT_SERVER set, as a user would run them. Uses the compiled dist/ (`npx tsc -b` first).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess, stopStepRunner } from '../server/server-process.js';

const bin = resolve(import.meta.dirname, '../../packages/cli/bin/weft.js');

let server: ServerProcess;
let dataDir = '';
let dir = '';

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `weft ARGS` against the server (async, so the test's own timers keep running). */
function weft(...args: string[]): Promise<Result> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: dir,
    env: { ...process.env, WEFT_SERVER: server.url, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    }),
  );
}

/** A workflow (or template) whose one step prints its `message` and exits with `code`. */
function manifest(kind: 'Workflow' | 'WorkflowTemplate', metadata: object, code: string): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind,
    metadata,
    spec: {
      entrypoint: 'main',
      arguments: {
        parameters: [
          { name: 'message', value: 'hello' },
          { name: 'code', value: code },
        ],
      },
      templates: [
        {
          name: 'main',
          inputs: { parameters: [{ name: 'message' }, { name: 'code' }] },
          container: {
            image: 'busybox',
            command: ['sh', '-c'],
            args: ['echo "said {{inputs.parameters.message}}"; exit {{inputs.parameters.code}}'],
          },
        },
      ],
    },
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'weft-client-server-data-'));
  dir = mkdtempSync(join(tmpdir(), 'weft-client-server-'));
  writeFileSync(join(dir, 'ok.json'), manifest('Workflow', { generateName: 'ok-' }, '0'));
  writeFileSync(join(dir, 'bad.json'), manifest('Workflow', { generateName: 'bad-' }, '3'));
  writeFileSync(join(dir, 'template.json'), manifest('WorkflowTemplate', { name: 'greet' }, '1'));
  server = await startServerProcess(dataDir);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  stopStepRunner(dataDir);
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe('weft against a running weft server', () => {
  let okName = '';

  it('submits and waits: exit 0 and argo final line when it succeeded, 1 when it failed', async () => {
    const ok = await weft('submit', 'ok.json', '--wait', '-p', 'message=from-cli');
    expect(ok.code, ok.stderr).toBe(0);
    const line = /^(ok-\w+) Succeeded at \d{4}-\d\d-\d\dT/m.exec(ok.stdout);
    expect(line, ok.stdout).not.toBeNull();
    okName = line?.[1] ?? '';
    const bad = await weft('submit', 'bad.json', '--wait');
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/^bad-\w+ Failed at /m);
  });

  it('lists the workflows and filters them by status', async () => {
    const all = await weft('list');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^NAME +STATUS +AGE +DURATION +PRIORITY +MESSAGE$/m);
    expect(all.stdout).toContain(okName);
    const failed = await weft('list', '--status', 'Failed', '-o', 'name');
    expect(failed.stdout.trim()).toMatch(/^bad-\w+$/);
  });

  it('gets a workflow as argo get tree and as JSON', async () => {
    const tree = await weft('get', okName);
    expect(tree.stdout).toMatch(new RegExp(`^Name: +${okName}\\nStatus: +Succeeded\\n`));
    expect(tree.stdout).toMatch(new RegExp(`✔ ${okName} +main`));
    const json = JSON.parse((await weft('get', okName, '-o', 'json')).stdout);
    expect(json.status.phase).toBe('Succeeded');
    expect(json.spec.arguments.parameters).toContainEqual({ name: 'message', value: 'from-cli' });
  });

  it('prints the logs of a workflow, each line after its pod name', async () => {
    const logs = await weft('logs', okName);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/^\S+: said from-cli$/m);
  });

  it('creates a template, submits from it, shows its runs, and retries a failed run with a new parameter', async () => {
    const created = await weft('template', 'create', 'template.json');
    expect(created.stdout).toMatch(/^Name: +greet\n/);
    const first = await weft('submit', '--from', 'workflowtemplate/greet', '--wait', '-o', 'json');
    expect(first.code, first.stderr).toBe(1);
    const failed = JSON.parse(first.stdout);
    expect(failed.metadata.labels['workflows.argoproj.io/workflow-template']).toBe('greet');
    const retried = await weft('retry', failed.metadata.name, '-p', 'code=0', '--wait');
    expect(retried.code, retried.stderr + retried.stdout).toBe(0);
    expect(retried.stdout).toMatch(new RegExp(`^${failed.metadata.name} Succeeded at `, 'm'));
    const runs = await weft('template', 'runs', 'greet');
    expect(runs.stdout).toMatch(/^RUN +NAME +STATUS +STARTED +DURATION$/m);
    expect(runs.stdout).toMatch(new RegExp(`^#1 +${failed.metadata.name} +Succeeded +\\d{4}-`, 'm'));
  });

  it('prints the server error and exits 1 for a workflow that does not exist', async () => {
    const missing = await weft('get', 'no-such-workflow');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^weft: .*"no-such-workflow" not found.* \(HTTP 404\)$/m);
  });
});
