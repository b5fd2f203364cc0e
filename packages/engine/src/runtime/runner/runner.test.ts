import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createHostRuntime } from '../host/index.js';
import { runtimeConformanceSuite } from '../runtime-suite.js';
import { createHarness, shell, stepRequest } from '../runtime-suite-fixtures.js';
import type { StepResult } from '../types.js';
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
afterAll(async () => {
  await stopRunners(runners);
  removeTempDirs();
});

describe('step runner: the runtime conformance suite through the runner', () => {
  const dir = tempDir('suite');
  afterAll(() => stopRunners(runners));
  runtimeConformanceSuite(async (onExit) => {
    const runtime = await connectRunner({ dir, onExit, volumesDir, hostOptions: { sidecarGraceMs: 2000 } });
    runners.add(runtime.pid);
    // The suite closes its runtime at the end: end the runner with it.
    return {
      name: runtime.name,
      isolation: runtime.isolation,
      start: (request) => runtime.start(request),
      kill: (id, graceMs) => runtime.kill(id, graceMs),
      close: () => runtime.shutdown(),
    };
  });
});

describe('step runner', () => {
  afterEach(() => stopRunners(runners));

  it('delivers the same exit code, stdout and output parameters as the host runtime does', async () => {
    const script = 'echo out; printf 42 > /tmp/answer; exit 3';
    const request = () =>
      stepRequest({
        containers: [shell('main', script)],
        outputParameters: [{ name: 'answer', path: '/tmp/answer' }],
      });
    const direct = await createHarness((onExit) => createHostRuntime({ onExit, volumesDir }));
    const expected = await direct.run(request());
    await direct.runtime.close();
    const client = await testClient({ dir: tempDir('same'), volumesDir }, runners);
    const through = request();
    client.runtime.start(through);
    const actual = await client.result(through.id);
    const fields = (result: StepResult) => ({
      exitCode: result.exitCode,
      stdout: result.stdout,
      parameters: result.parameters,
      error: result.error,
    });
    expect(fields(actual)).toEqual(fields(expected));
    expect(fields(actual)).toEqual({
      exitCode: 3,
      stdout: 'out\n',
      parameters: { answer: '42' },
      error: undefined,
    });
    await client.runtime.shutdown();
  });

  it('delivers an un-acked result again to the next client, and an acked one to nobody', async () => {
    const dir = tempDir('ack');
    const first = await testClient({ dir, volumesDir }, runners);
    const kept = stepRequest({ containers: [shell('main', 'echo kept')] });
    const acked = stepRequest({ containers: [shell('main', 'echo acked')] });
    first.runtime.start(kept);
    first.runtime.start(acked);
    await first.result(kept.id);
    await first.result(acked.id);
    first.runtime.ack(acked.id);
    await first.runtime.close();

    const second = await testClient({ dir, volumesDir }, runners);
    expect(second.runtime.known()).toEqual({ running: [], exited: [kept.id] });
    expect(second.runtime.knows(acked.id)).toBe(false);
    expect((await second.result(kept.id)).stdout).toBe('kept\n');
    second.runtime.ack(kept.id);
    await second.runtime.close();

    const third = await testClient({ dir, volumesDir }, runners);
    expect(third.runtime.known()).toEqual({ running: [], exited: [] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(third.results).toEqual([]);
    await third.runtime.shutdown();
  });

  it('never runs a step twice: a duplicate start of a running or exited id is not run again', async () => {
    const workflow = `dup-${process.pid}`;
    const client = await testClient({ dir: tempDir('dup'), volumesDir }, runners);
    const request = ledgerStep('dup-step', workflow, 'sleep 0.3; echo once');
    client.runtime.start(request);
    client.runtime.start(request);
    const result = await client.result(request.id);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'once\n' });
    client.runtime.start(request);
    await waitUntil(() => client.results.length === 2, 5000, 'the stored result came back');
    expect(client.results[1]).toEqual(result);
    expect(ledgerCount(volumesDir, workflow)).toBe(1);
    await client.runtime.shutdown();
  });

  it('tells a client that connects while a step runs that it is running and has started', async () => {
    const dir = tempDir('started');
    const first = await testClient({ dir, volumesDir }, runners);
    const request = stepRequest({ containers: [shell('main', 'sleep 0.5; echo late')] });
    first.runtime.start(request);
    await waitUntil(() => first.starts.includes(request.id), 5000, 'the step started');
    await first.runtime.close();
    const second = await testClient({ dir, volumesDir }, runners);
    expect(second.runtime.known()).toEqual({ running: [request.id], exited: [] });
    await waitUntil(() => second.starts.includes(request.id), 1000, 'the start was replayed');
    expect((await second.result(request.id)).stdout).toBe('late\n');
    expect(second.runtime.known()).toEqual({ running: [], exited: [request.id] });
    await second.runtime.shutdown();
  });

  it('kills a running step through the runner as the host runtime does', async () => {
    const client = await testClient({ dir: tempDir('kill'), volumesDir }, runners);
    const request = stepRequest({ containers: [shell('main', 'sleep 30')] });
    client.runtime.start(request);
    await waitUntil(() => client.starts.includes(request.id), 5000, 'the step started');
    client.runtime.kill(request.id, 5000);
    expect(await client.result(request.id)).toMatchObject({
      exitCode: null,
      signal: 'SIGTERM',
      error: 'step terminated',
    });
    await client.runtime.shutdown();
  });

  it('ends every step and exits on shutdown, leaving no process and no socket behind', async () => {
    const dir = tempDir('shutdown');
    const marker = `31.${process.pid}1`;
    const client = await testClient({ dir, volumesDir }, runners);
    const request = stepRequest({ containers: [shell('main', `sleep ${marker}`)] });
    client.runtime.start(request);
    await waitUntil(() => processesWith(`sleep ${marker}`).length > 0, 5000, 'the step runs');
    expect(statSync(join(dir, 'runner.sock')).mode & 0o777).toBe(0o600);
    await client.runtime.shutdown();
    expect(client.results.map((result) => result.error)).toEqual(['step terminated']);
    await waitUntil(() => !isAlive(client.runtime.pid), 5000, 'the runner exited');
    expect(processesWith(`sleep ${marker}`)).toEqual([]);
    expect(existsSync(join(dir, 'runner.sock'))).toBe(false);
    expect(existsSync(join(dir, 'runner.pid'))).toBe(false);
  });

  it('exits on its own once idle: no client and no running step', async () => {
    const dir = tempDir('idle');
    const client = await testClient({ dir, volumesDir, idleExitMs: 300 }, runners);
    const request = stepRequest({ containers: [shell('main', 'sleep 0.5')] });
    client.runtime.start(request);
    await client.runtime.close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(isAlive(client.runtime.pid)).toBe(true);
    await waitUntil(() => !isAlive(client.runtime.pid), 5000, 'the idle runner exited');
    expect(existsSync(join(dir, 'runner.sock'))).toBe(false);
    const next = await testClient({ dir, volumesDir }, runners);
    expect(next.runtime.pid).not.toBe(client.runtime.pid);
    expect((await next.result(request.id)).exitCode).toBe(0);
    await next.runtime.shutdown();
  });
});
