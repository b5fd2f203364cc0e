import type { PodManifest } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { containerEnvironment } from '../pod/env.js';
import { cpuCores, podmanRunArgs, quantityBytes, type RunArgsInput, securityArgs } from './run-args.js';

const pod: PodManifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'wf-1', labels: { app: 'x' }, annotations: { note: 'y' } },
  spec: { containers: [] },
};

function argsFor(container: PodManifest['spec']['containers'][number]) {
  const resolved = containerEnvironment(container, {});
  return podmanRunArgs({
    env: resolved.ok ? resolved.env : {},
    name: 'weft-wf-1-main',
    stepId: 'wf-1',
    pod,
    container,
    image: 'localhost/weft/busybox:latest',
    mounts: [{ host: '/steps/wf-1/volumes/work', target: '/work', readOnly: true }],
    placement: { pod: 'weft-default-wf' },
  });
}

/** The arguments for a bare alpine container, with some inputs changed. */
function plainArgs(changes: Partial<RunArgsInput>) {
  return podmanRunArgs({
    name: 'n',
    stepId: 's',
    pod,
    container: { name: 'main', image: 'alpine' },
    image: 'alpine',
    mounts: [],
    placement: { pod: 'p' },
    env: {},
    ...changes,
  });
}

describe('podman run arguments', () => {
  it('replaces the entrypoint with command and passes args after the image, expanding $(VAR) references', () => {
    const args = argsFor({
      name: 'main',
      image: 'alpine',
      command: ['sh', '-c'],
      args: ['echo $(GREETING) $$(literal)'],
      env: [{ name: 'GREETING', value: 'hi' }],
    });
    expect(args.slice(0, 8)).toEqual([
      'run',
      '--name',
      'weft-wf-1-main',
      '--replace',
      '--init',
      '--pull=never',
      '--pod',
      'weft-default-wf',
    ]);
    expect(args.slice(-2)).toEqual(['localhost/weft/busybox:latest', 'echo hi $(literal)']);
    expect(args).toContain('--entrypoint');
    expect(args[args.indexOf('--entrypoint') + 1]).toBe('["sh","-c"]');
    expect(args[args.indexOf('--env') + 1]).toBe('GREETING=hi');
  });

  it('keeps the image entrypoint when only args are given', () => {
    const args = argsFor({ name: 'main', image: 'argosay', args: ['echo', 'x'] });
    expect(args).not.toContain('--entrypoint');
    expect(args.slice(-3)).toEqual(['localhost/weft/busybox:latest', 'echo', 'x']);
  });

  it('labels the container with the pod labels and the step, and carries annotations and mounts', () => {
    const args = argsFor({ name: 'main', image: 'alpine', workingDir: '/work' });
    expect(args).toEqual(expect.arrayContaining(['--label', 'app=x', '--label', 'dev.weft.step=wf-1']));
    expect(args).toEqual(expect.arrayContaining(['--annotation', 'note=y']));
    expect(args).toEqual(expect.arrayContaining(['--volume', '/steps/wf-1/volumes/work:/work:ro']));
    expect(args).toEqual(expect.arrayContaining(['--workdir', '/work']));
  });

  it('uses a podman network instead of the workflow pod when the step asks for one', () => {
    const args = plainArgs({ placement: { network: 'bridge' } });
    expect(args).toEqual(expect.arrayContaining(['--network', 'bridge']));
    expect(args).not.toContain('--pod');
  });

  it('names variables that hold a Secret without their value, so the value never reaches a command line', () => {
    const args = plainArgs({ env: { PLAIN: 'visible', TOKEN: 's3cret' }, hiddenEnv: new Set(['TOKEN']) });
    expect(args).toEqual(expect.arrayContaining(['--env', 'PLAIN=visible', '--env', 'TOKEN']));
    expect(args.join(' ')).not.toContain('s3cret');
  });

  it('turns resource limits into --memory and --cpus', () => {
    const args = argsFor({
      name: 'main',
      image: 'alpine',
      resources: { limits: { memory: '64Mi', cpu: '500m' } },
    });
    expect(args).toEqual(expect.arrayContaining(['--memory', String(64 * 1024 * 1024), '--cpus', '0.5']));
    expect(quantityBytes('1G')).toBe(1e9);
    expect(quantityBytes('12x')).toBeUndefined();
    expect(cpuCores('2')).toBe(2);
  });

  it('applies the pod securityContext with the container one taking precedence', () => {
    const args = securityArgs(
      { runAsUser: 1000, runAsGroup: 100 },
      { runAsUser: 0, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    );
    expect(args).toEqual(['--user', '0:100', '--read-only', '--cap-drop', 'ALL']);
  });
});
