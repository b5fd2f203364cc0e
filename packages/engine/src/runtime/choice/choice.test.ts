import { describe, expect, it } from 'vitest';
import { shell, stepRequest } from '../runtime-suite-fixtures.js';
import type { Runtime, StartStepRequest, StepResult } from '../types.js';
import {
  createChoiceRuntime,
  type RuntimeFactory,
  type RuntimeListeners,
  runtimeAnnotation,
} from './index.js';

/** A runtime that records what it is asked and finishes a step when the test says so. */
class RecordingRuntime implements Runtime {
  readonly started: string[] = [];
  readonly killed: string[] = [];
  closed = false;
  readonly isolation: string;
  readonly #listeners: RuntimeListeners;

  constructor(
    readonly name: string,
    listeners: RuntimeListeners,
  ) {
    this.isolation = `${name} isolation`;
    this.#listeners = listeners;
  }

  start(request: StartStepRequest): void {
    this.started.push(request.id);
  }

  kill(id: string): void {
    this.killed.push(id);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  finish(id: string): void {
    this.#listeners.onExit({
      id,
      exitCode: 0,
      stdout: '',
      parameters: {},
      artifacts: [],
      startedAt: 0,
      finishedAt: 0,
    });
  }
}

function asking(kind: string | undefined): StartStepRequest {
  const request = stepRequest({ containers: [shell('main', 'true')] });
  if (kind === undefined) return request;
  const metadata = request.pod.metadata;
  return {
    ...request,
    pod: { ...request.pod, metadata: { ...metadata, annotations: { [runtimeAnnotation]: kind } } },
  };
}

function setup(podman: RuntimeFactory | 'recording' = 'recording') {
  const made: Record<string, RecordingRuntime> = {};
  const results: StepResult[] = [];
  const recording =
    (name: string): RuntimeFactory =>
    (listeners) => {
      made[name] = new RecordingRuntime(name, listeners);
      return made[name];
    };
  const runtime = createChoiceRuntime({
    defaultKind: 'host',
    onExit: (result) => results.push(result),
    factories: { host: recording('host'), podman: podman === 'recording' ? recording('podman') : podman },
  });
  const nextResult = async () => {
    for (let i = 0; i < 50 && results.length === 0; i++)
      await new Promise((resolve) => setImmediate(resolve));
    return results.shift();
  };
  return { runtime, made, results, nextResult };
}

describe('choice runtime', () => {
  it('runs steps without the annotation on the default runtime and creates the other only when a step asks for it', () => {
    const { runtime, made } = setup();
    const plain = asking(undefined);
    runtime.start(plain);
    expect(made.host?.started).toEqual([plain.id]);
    expect(made.podman).toBeUndefined();
    const boxed = asking('podman');
    runtime.start(boxed);
    expect(made.podman?.started).toEqual([boxed.id]);
    expect(made.host?.started).toEqual([plain.id]);
  });

  it('sends kill to the runtime that runs the step and knows a step until its result is reported', () => {
    const { runtime, made, results } = setup();
    const boxed = asking('podman');
    runtime.start(boxed);
    runtime.kill(boxed.id, 5);
    expect(made.podman?.killed).toEqual([boxed.id]);
    expect(made.host?.killed).toEqual([]);
    expect(runtime.knows(boxed.id)).toBe(true);
    made.podman?.finish(boxed.id);
    expect(results.map((result) => result.id)).toEqual([boxed.id]);
    expect(runtime.knows(boxed.id)).toBe(false);
  });

  it('fails only the steps that ask for a runtime that cannot be created, with its message', async () => {
    let attempts = 0;
    const { runtime, made, nextResult } = setup(() => {
      attempts += 1;
      throw new Error('podman is not installed; run "sudo sh scripts/setup-podman.sh"');
    });
    const boxed = asking('podman');
    runtime.start(boxed);
    expect(await nextResult()).toMatchObject({
      id: boxed.id,
      exitCode: null,
      error: 'weft.dev/runtime: podman: podman is not installed; run "sudo sh scripts/setup-podman.sh"',
    });
    runtime.start(asking('podman'));
    expect((await nextResult())?.error).toMatch(/podman is not installed/);
    expect(attempts).toBe(1);
    const plain = asking(undefined);
    runtime.start(plain);
    expect(made.host?.started).toEqual([plain.id]);
  });

  it('fails a step whose annotation names no runtime, naming the annotation and the choices', async () => {
    const { runtime, nextResult } = setup();
    runtime.start(asking('docker'));
    expect((await nextResult())?.error).toBe('weft.dev/runtime: "docker" is not a runtime (host or podman)');
  });

  it('closes every runtime it created and throws when the default cannot be created', async () => {
    const { runtime, made } = setup();
    runtime.start(asking('podman'));
    await runtime.close();
    expect([made.host?.closed, made.podman?.closed]).toEqual([true, true]);
    expect(() =>
      createChoiceRuntime({
        defaultKind: 'podman',
        onExit: () => undefined,
        factories: {
          host: () => {
            throw new Error('not expected');
          },
          podman: () => {
            throw new Error('podman is not installed');
          },
        },
      }),
    ).toThrow('podman is not installed');
  });
});
