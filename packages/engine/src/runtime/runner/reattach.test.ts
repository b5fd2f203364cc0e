import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { shell, stepRequest } from '../runtime-suite-fixtures.js';
import { connectRunner } from './client.js';
import {
  isAlive,
  ledgerCount,
  ledgerStep,
  processesWith,
  removeTempDirs,
  stopRunners,
  tempDir,
  testClient,
  waitUntil,
} from './runner-test-support.js';

const volumesDir = tempDir('volumes');
const runners = new Set<number>();
afterEach(() => stopRunners(runners));
afterAll(removeTempDirs);

/** A separate Node process that connects (starting the runner), starts `request`, prints the runner's pid, then waits. */
function startClientProcess(dir: string, request: unknown) {
  const script = join(tempDir('child'), 'client.mjs');
  const client = pathToFileURL(join(import.meta.dirname, 'client.ts')).href;
  writeFileSync(
    script,
    `import { connectRunner } from ${JSON.stringify(client)};
const { dir, volumesDir, request } = JSON.parse(process.env.WEFT_TEST_INPUT);
const runtime = await connectRunner({ dir, volumesDir, onExit: () => undefined });
runtime.start(request);
console.log(runtime.pid);
setInterval(() => undefined, 1000);
`,
  );
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', loader, script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, WEFT_TEST_INPUT: JSON.stringify({ dir, volumesDir, request }) },
  });
  const runnerPid = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(Number(line)));
    child.once('exit', (code) => reject(new Error(`the client process exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, runnerPid, exited };
}

describe('step runner: re-attaching after a client or the runner dies', () => {
  it('delivers the result of a step whose client was killed with SIGKILL to the next client, the step having run once', async () => {
    const dir = tempDir('reattach');
    const workflow = `reattach-${process.pid}`;
    const request = ledgerStep('reattach-step', workflow, 'sleep 1; echo done');
    const client = startClientProcess(dir, request);
    const runnerPid = await client.runnerPid;
    runners.add(runnerPid);
    await waitUntil(() => ledgerCount(volumesDir, workflow) === 1, 5000, 'the step started');
    client.child.kill('SIGKILL');
    await client.exited;

    expect(isAlive(runnerPid)).toBe(true);
    const next = await testClient({ dir, volumesDir, spawnIfMissing: false }, runners);
    expect(next.runtime.pid).toBe(runnerPid);
    expect(next.runtime.knows(request.id)).toBe(true);
    const result = await next.result(request.id);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'done\n' });
    expect(ledgerCount(volumesDir, workflow)).toBe(1);
    next.runtime.ack(request.id);
    await next.runtime.shutdown();
  });

  it('reports running steps as lost when the runner dies, and a new runner still delivers the stored results', async () => {
    const dir = tempDir('died');
    const marker = `32.${process.pid}2`;
    const client = await testClient({ dir, volumesDir }, runners);
    const finished = stepRequest({ containers: [shell('main', 'echo stored')] });
    const running = stepRequest({ containers: [shell('main', `sleep ${marker}`)] });
    client.runtime.start(finished);
    await client.result(finished.id);
    client.runtime.start(running);
    await waitUntil(() => processesWith(`sleep ${marker}`).length > 0, 5000, 'the step runs');
    process.kill(client.runtime.pid, 'SIGKILL');

    expect(await client.result(running.id)).toMatchObject({ exitCode: null, error: 'step runner died' });
    await waitUntil(() => processesWith(`sleep ${marker}`).length === 0, 5000, 'the orphaned step died');
    expect(existsSync(join(dir, 'runner.sock'))).toBe(true);
    const late = stepRequest({ containers: [shell('main', 'true')] });
    client.runtime.start(late);
    expect(await client.result(late.id)).toMatchObject({
      exitCode: null,
      error: 'step runner is not connected',
    });

    const next = await testClient({ dir, volumesDir }, runners);
    expect(next.runtime.pid).not.toBe(client.runtime.pid);
    expect(next.runtime.known()).toEqual({ running: [], exited: [finished.id] });
    expect(next.runtime.knows(running.id)).toBe(false);
    expect((await next.result(finished.id)).stdout).toBe('stored\n');
    await next.runtime.shutdown();
  });

  it('refuses to start a runner when told not to, and refuses a live runner that uses other volumes', async () => {
    const dir = tempDir('refuse');
    const onExit = () => undefined;
    await expect(connectRunner({ dir, onExit, spawnIfMissing: false })).rejects.toThrow(
      `no step runner serves ${dir}`,
    );
    const client = await testClient({ dir, volumesDir }, runners);
    await expect(connectRunner({ dir, onExit, volumesDir: tempDir('other') })).rejects.toThrow(
      /^volumesDir: the step runner at .* uses /,
    );
    await client.runtime.shutdown();
  });
});
