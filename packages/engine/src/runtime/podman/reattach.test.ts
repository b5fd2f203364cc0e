import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';
import { shell, stepRequest } from '../runtime-suite-fixtures.js';
import type { StepResult } from '../types.js';
import { createPodmanRuntime, localImageAliases } from './index.js';
import { containerName } from './names.js';
import { existingContainers } from './reattach.js';
import { describeWithPodman } from './test-support.js';

const distIndex = new URL('../../../dist/runtime/podman/index.js', import.meta.url).href;

/** A separate engine process that starts `request` with podman and reports when its step started. */
function startInChild(stateDir: string, request: unknown): Promise<ReturnType<typeof spawn>> {
  const script = `
    import { createPodmanRuntime, localImageAliases } from ${JSON.stringify(distIndex)};
    const runtime = createPodmanRuntime({ onExit: () => {}, onStart: () => console.log('started'),
      stateDir: ${JSON.stringify(stateDir)}, imageAliases: localImageAliases });
    runtime.start(${JSON.stringify(request)});
    setInterval(() => {}, 1000);`;
  const file = join(stateDir, '..', `${basename(stateDir)}-engine.mjs`);
  writeFileSync(file, script);
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', () => resolve(child));
    child.on('exit', (code) => reject(new Error(`child exited ${code} before the step started`)));
  });
}

describeWithPodman('podman runtime re-attach', () => {
  it('reports the exit, stdout and outputs of a step whose engine was SIGKILLed, without starting it again', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'weft-podman-state-'));
    const request = stepRequest({
      containers: [
        shell('main', 'echo $$ >> /tmp/runs; sleep 1.5; echo finished; printf 7 > /tmp/n; exit 3'),
      ],
      outputParameters: [{ name: 'n', path: '/tmp/n' }],
    });
    const child = await startInChild(stateDir, request);
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGKILL');
    const results: StepResult[] = [];
    const runtime = createPodmanRuntime({
      onExit: (result) => results.push(result),
      stateDir,
      imageAliases: localImageAliases,
    });
    expect(runtime.knows(request.id)).toBe(true);
    expect(runtime.knows('some-other-step')).toBe(false);
    for (let i = 0; i < 200 && results.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      id: request.id,
      exitCode: 3,
      stdout: 'finished\n',
      parameters: { n: '7' },
    });
    expect(runtime.knows(request.id)).toBe(false);
    await runtime.close();
    const again = createPodmanRuntime({ onExit: () => undefined, stateDir });
    expect(again.knows(request.id)).toBe(false);
    await again.close();
  }, 30_000);

  it('leaves a running step alone on detach, and a new runtime on the same state directory reports it', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'weft-podman-state-'));
    const request = stepRequest({ containers: [shell('main', 'sleep 1; echo survived')] });
    const first: StepResult[] = [];
    const started: string[] = [];
    const runtime = createPodmanRuntime({
      onExit: (result) => first.push(result),
      onStart: (id) => started.push(id),
      stateDir,
      imageAliases: localImageAliases,
    });
    runtime.start(request);
    for (let i = 0; i < 200 && started.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    // Started means podman was asked; detach once the container exists (podman may be slow under load).
    const name = containerName(request.id, 'main');
    for (let i = 0; i < 100 && !existingContainers('podman').has(name); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await runtime.detach();
    const second: StepResult[] = [];
    const next = createPodmanRuntime({ onExit: (result) => second.push(result), stateDir });
    expect(next.knows(request.id)).toBe(true);
    for (let i = 0; i < 200 && second.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(first).toEqual([]);
    expect(second[0]).toMatchObject({ id: request.id, exitCode: 0, stdout: 'survived\n' });
    await next.close();
    await next.removeWorkflow('default', `wf-${process.pid}`);
  }, 30_000);
});
