import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLogRecords } from '../logs/log-record.js';
import {
  createHarness,
  type MakeRuntime,
  type RuntimeHarness,
  scratchDir,
  shell,
  stepRequest,
} from './runtime-suite-fixtures.js';

export type { MakeRuntime } from './runtime-suite-fixtures.js';

/** A container's log records (format: ../logs/README.md). */
function logRecords(stepDir: string, container: string) {
  return parseLogRecords(readFileSync(join(stepDir, 'logs', `${container}.log`)));
}

/** A container's output as it printed it. */
function logText(stepDir: string, container: string): string {
  return logRecords(stepDir, container)
    .map((record) => `${record.text}\n`)
    .join('');
}

export interface SuiteCapabilities {
  /** Each step has a private view of absolute paths (false for a host runtime without isolation). */
  readonly isolated: boolean;
}

/**
 * The behaviour every Runtime must show, run once per implementation:
 * `runtimeConformanceSuite(() => createHostRuntime(...))`.
 */
export function runtimeConformanceSuite(
  makeRuntime: MakeRuntime,
  capabilities: SuiteCapabilities = { isolated: true },
) {
  let harness: RuntimeHarness;
  beforeAll(async () => {
    harness = await createHarness(makeRuntime);
  });
  afterAll(async () => {
    await harness.runtime.close();
  });

  describe('exit and output', () => {
    it('reports exit code 0 and the main container stdout', async () => {
      const result = await harness.run(
        stepRequest({ containers: [shell('main', 'echo hello; echo oops >&2')] }),
      );
      expect(result).toMatchObject({ exitCode: 0, stdout: 'hello\n' });
      expect(result.error).toBeUndefined();
      expect(result.finishedAt).toBeGreaterThanOrEqual(result.startedAt);
    });

    it('reports a non-zero exit code without an error', async () => {
      const result = await harness.run(stepRequest({ containers: [shell('main', 'exit 3')] }));
      expect(result).toMatchObject({ exitCode: 3 });
      expect(result.error).toBeUndefined();
    });

    it('reads output parameters from files and leaves missing ones undefined', async () => {
      const request = stepRequest({
        containers: [shell('main', 'printf 42 > /tmp/answer.txt')],
        outputParameters: [
          { name: 'answer', path: '/tmp/answer.txt' },
          { name: 'absent', path: '/tmp/never-written.txt' },
        ],
      });
      const result = await harness.run(request);
      expect(result.parameters).toEqual({ answer: '42', absent: undefined });
    });

    it('writes stdout and stderr of every container to its log file', async () => {
      const request = stepRequest({
        containers: [shell('main', 'echo out; echo err >&2; echo out2')],
        initContainers: [shell('setup', 'echo preparing')],
      });
      await harness.run(request);
      const records = logRecords(request.stepDir, 'main');
      // Each stream keeps its order; across streams, lines interleave in the order they arrived.
      const lines = (stream: string) => records.filter((r) => r.stream === stream).map((r) => r.text);
      expect(lines('stdout')).toEqual(['out', 'out2']);
      expect(lines('stderr')).toEqual(['err']);
      const times = records.map((r) => r.time);
      expect(times).toEqual([...times].sort());
      expect(times[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      expect(logText(request.stepDir, 'setup')).toBe('preparing\n');
    });

    it('reports a missing executable as an error with no exit code', async () => {
      const request = stepRequest({
        containers: [{ name: 'main', image: 'busybox', command: ['no-such-program-x'] }],
      });
      const result = await harness.run(request);
      expect(result).toMatchObject({ exitCode: null, error: 'executable "no-such-program-x" not found' });
    });
  });

  describe('artifacts', () => {
    it('copies a file artifact and a directory artifact to their destinations', async () => {
      const out = scratchDir();
      const script =
        'echo file > /tmp/a.txt; mkdir -p /tmp/dir/sub; echo x > /tmp/dir/x; echo y > /tmp/dir/sub/y';
      const request = stepRequest({
        containers: [shell('main', script)],
        outputArtifacts: [
          { name: 'a', path: '/tmp/a.txt', destination: join(out, 'a.txt') },
          { name: 'dir', path: '/tmp/dir', destination: join(out, 'dir') },
        ],
      });
      const result = await harness.run(request);
      expect(result.artifacts).toEqual([
        { name: 'a', location: join(out, 'a.txt') },
        { name: 'dir', location: join(out, 'dir') },
      ]);
      expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('file\n');
      expect(readFileSync(join(out, 'dir', 'sub', 'y'), 'utf8')).toBe('y\n');
    });

    it('fails the step naming the path of a missing required artifact, and skips an optional one', async () => {
      const out = scratchDir();
      const request = stepRequest({
        containers: [shell('main', 'true')],
        outputArtifacts: [
          { name: 'maybe', path: '/tmp/maybe.txt', destination: join(out, 'maybe'), optional: true },
          { name: 'needed', path: '/tmp/needed.txt', destination: join(out, 'needed') },
        ],
      });
      const result = await harness.run(request);
      expect(result.artifacts).toEqual([{ name: 'maybe' }]);
      expect(result.error).toContain('/tmp/needed.txt');
    });
  });

  describe('filesystem view', () => {
    it.runIf(capabilities.isolated)(
      'gives parallel steps writing the same /tmp path their own file',
      async () => {
        const steps = ['one', 'two', 'three'].map((word) =>
          stepRequest({
            containers: [shell('main', `echo ${word} > /tmp/out.txt; sleep 0.2; cat /tmp/out.txt`)],
            outputParameters: [{ name: 'out', path: '/tmp/out.txt' }],
          }),
        );
        const results = await Promise.all(steps.map((step) => harness.run(step)));
        expect(results.map((result) => result.stdout)).toEqual(['one\n', 'two\n', 'three\n']);
        expect(results.map((result) => result.parameters.out)).toEqual(['one\n', 'two\n', 'three\n']);
      },
    );

    it('places input files at their absolute paths with their mode', async () => {
      const source = join(scratchDir(), 'stored.txt');
      await import('node:fs/promises').then((fs) => fs.writeFile(source, 'stored artifact\n'));
      const request = stepRequest({
        containers: [
          shell('main', 'stat -c %a /argo/inputs/run.sh; /argo/inputs/run.sh; cat /argo/inputs/art/a.txt'),
        ],
        inputFiles: [
          { path: '/argo/inputs/run.sh', kind: 'content', content: '#!/bin/sh\necho ran\n', mode: 0o755 },
          { path: '/argo/inputs/art/a.txt', kind: 'copy', source },
        ],
      });
      const result = await harness.run(request);
      expect(result).toMatchObject({ exitCode: 0, stdout: '755\nran\nstored artifact\n' });
    });

    it('runs a script source placed as an input file', async () => {
      const request = stepRequest({
        containers: [
          { name: 'main', image: 'python:alpine3.23', command: ['python', '/argo/staging/script'] },
        ],
        inputFiles: [{ path: '/argo/staging/script', kind: 'content', content: 'print(6 * 7)\n' }],
      });
      expect(await harness.run(request)).toMatchObject({ exitCode: 0, stdout: '42\n' });
    });

    it('shares an emptyDir volume between the init containers and the main container', async () => {
      const mounts = [{ name: 'shared', mountPath: '/mnt/shared' }];
      const request = stepRequest({
        volumes: [{ name: 'shared', emptyDir: {} }],
        initContainers: [shell('init', 'echo from-init > /mnt/shared/f', { volumeMounts: mounts })],
        containers: [shell('main', 'cat /mnt/shared/f', { volumeMounts: mounts })],
        outputParameters: [{ name: 'f', path: '/mnt/shared/f' }],
      });
      const result = await harness.run(request);
      expect(result).toMatchObject({ exitCode: 0, stdout: 'from-init\n', parameters: { f: 'from-init\n' } });
    });
  });

  describe('containers', () => {
    it('runs init containers in order before the main container', async () => {
      const request = stepRequest({
        volumes: [{ name: 'v', emptyDir: {} }],
        initContainers: ['first', 'second'].map((name) =>
          shell(name, `echo ${name} >> /v/order`, { volumeMounts: [{ name: 'v', mountPath: '/v' }] }),
        ),
        containers: [shell('main', 'cat /v/order', { volumeMounts: [{ name: 'v', mountPath: '/v' }] })],
      });
      expect(await harness.run(request)).toMatchObject({ exitCode: 0, stdout: 'first\nsecond\n' });
    });

    it('fails the step with an error when an init container fails, without running main', async () => {
      const request = stepRequest({
        initContainers: [shell('init', 'exit 4')],
        containers: [shell('main', 'echo should-not-run')],
      });
      const result = await harness.run(request);
      expect(result).toMatchObject({ exitCode: null, stdout: '' });
      expect(result.error).toContain('init');
    });

    it('kills sidecars once the main container has ended', async () => {
      const request = stepRequest({
        containers: [shell('main', 'sleep 0.2; echo done'), shell('sidecar', 'echo up; sleep 60')],
      });
      const started = Date.now();
      const result = await harness.run(request);
      expect(result).toMatchObject({ exitCode: 0, stdout: 'done\n' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(logText(request.stepDir, 'sidecar')).toBe('up\n');
    });

    it('starts containerSet containers after their dependencies and skips dependents of a failure', async () => {
      const mounts = [{ name: 'v', mountPath: '/v' }];
      const request = stepRequest({
        volumes: [{ name: 'v', emptyDir: {} }],
        containers: [
          shell('a', 'sleep 0.1; echo a >> /v/log', { volumeMounts: mounts }),
          shell('b', 'echo b >> /v/log; exit 2', { volumeMounts: mounts }),
          shell('main', 'echo main >> /v/log', { volumeMounts: mounts }),
        ],
        mainContainers: [
          { name: 'a', dependencies: [] },
          { name: 'b', dependencies: ['a'] },
          { name: 'main', dependencies: ['b'] },
        ],
        outputParameters: [{ name: 'log', path: '/v/log' }],
      });
      const result = await harness.run(request);
      expect(result.exitCode).toBe(2);
      expect(result.parameters.log).toBe('a\nb\n');
    });

    it('runs argosay for argoproj/argosay images without a command', async () => {
      const image = 'argoproj/argosay:v2';
      const request = stepRequest({
        initContainers: [{ name: 'init', image, args: ['echo', 'hi there', '/tmp/said.txt'] }],
        containers: [{ name: 'main', image, args: ['echo', 'hello'] }],
      });
      expect(await harness.run(request)).toMatchObject({ exitCode: 0, stdout: 'hello\n' });
      const exit = stepRequest({ containers: [{ name: 'main', image, args: ['exit', '5'] }] });
      expect(await harness.run(exit)).toMatchObject({ exitCode: 5 });
      const plain = stepRequest({ containers: [{ name: 'main', image }] });
      expect(await harness.run(plain)).toMatchObject({ exitCode: 0, stdout: 'hello argo\n' });
    });

    it('runs args as the command for images with no entrypoint', async () => {
      const request = stepRequest({
        containers: [{ name: 'main', image: 'alpine:3.23', args: ['echo', 'hi'] }],
      });
      expect(await harness.run(request)).toMatchObject({ exitCode: 0, stdout: 'hi\n' });
    });
  });

  describe('kill', () => {
    it('terminates a step with SIGTERM and reports it', async () => {
      const request = stepRequest({ containers: [shell('main', 'sleep 30')] });
      const result = harness.run(request);
      setTimeout(() => harness.runtime.kill(request.id, 5000), 200);
      expect(await result).toMatchObject({ exitCode: null, signal: 'SIGTERM', error: 'step terminated' });
    });

    it('sends SIGKILL after the grace period when SIGTERM is ignored', async () => {
      const request = stepRequest({
        containers: [shell('main', "trap '' TERM; echo ready; while :; do sleep 0.05; done")],
      });
      const result = harness.run(request);
      setTimeout(() => harness.runtime.kill(request.id, 300), 300);
      const started = Date.now();
      expect(await result).toMatchObject({ exitCode: null, signal: 'SIGKILL', error: 'step terminated' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    });
  });

  describe('stepDir', () => {
    it('creates the logs directory in the step directory', async () => {
      const request = stepRequest({ containers: [shell('main', 'true')] });
      await harness.run(request);
      expect(statSync(join(request.stepDir, 'logs')).isDirectory()).toBe(true);
    });
  });
}
