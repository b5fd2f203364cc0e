import { daemonAnnotation } from '@weft/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeHarness } from '../runtime-suite-fixtures.js';
import { createHarness, shell, stepRequest } from '../runtime-suite-fixtures.js';
import type { StartStepRequest } from '../types.js';
import { runPodman } from './command.js';
import { createPodmanRuntime, localImageAliases, networkAnnotation, type PodmanRuntime } from './index.js';
import { containerName } from './names.js';
import { describeWithPodman } from './test-support.js';

/** A step of workflow `workflow` (steps of one workflow share the pod's loopback). */
function inWorkflow(request: StartStepRequest, workflow: string, annotations: Record<string, string> = {}) {
  const metadata = request.pod.metadata;
  return {
    ...request,
    pod: {
      ...request.pod,
      metadata: {
        ...metadata,
        labels: { ...metadata.labels, 'workflows.argoproj.io/workflow': workflow },
        annotations: { ...metadata.annotations, ...annotations },
      },
    },
  };
}

/** What core puts on the pod of a `daemon: true` template. */
const daemonMark = { [daemonAnnotation]: 'true' };

describeWithPodman('podman runtime behaviour', () => {
  let harness: RuntimeHarness;
  const started: string[] = [];
  beforeAll(async () => {
    harness = await createHarness((onExit) =>
      createPodmanRuntime({ onExit, onStart: (id) => started.push(id), imageAliases: localImageAliases }),
    );
  });
  afterAll(() => harness.runtime.close());

  it('fails a step whose image is missing and cannot be pulled with an ImagePullBackOff message naming it', async () => {
    const image = 'localhost:1/weft/no-such-image:never';
    const result = await harness.run(
      stepRequest({ containers: [{ name: 'main', image, command: ['true'] }] }),
    );
    expect(result.exitCode).toBeNull();
    expect(result.error).toMatch(
      /^ImagePullBackOff: Back-off pulling image "localhost:1\/weft\/no-such-image:never"/,
    );
  });

  it('refuses an absent image with imagePullPolicy Never without pulling', async () => {
    const container = {
      name: 'main',
      image: 'localhost/weft/absent:1',
      imagePullPolicy: 'Never',
      command: ['true'],
    };
    const result = await harness.run(stepRequest({ containers: [container] }));
    expect(result.error).toMatch(/^ErrImageNeverPull: .*"localhost\/weft\/absent:1"/);
  });

  it('gives a step only a loopback interface unless it asks for a network', async () => {
    const links = "ip -o link | awk -F': ' '{print $2}' | sort | tr '\\n' ' '";
    const plain = await harness.run(stepRequest({ containers: [shell('main', links)] }));
    expect(plain.stdout).toBe('lo ');
    const asked = inWorkflow(stepRequest({ containers: [shell('main', links)] }), 'net', {
      [networkAnnotation]: 'bridge',
    });
    expect((await harness.run(asked)).stdout).toMatch(/eth0/);
  });

  it('lets a later step of the same workflow reach a running daemon at 127.0.0.1, but not another workflow', async () => {
    const daemon = inWorkflow(
      stepRequest({ containers: [shell('main', 'while :; do echo pong | nc -l -p 7070; done')] }),
      'daemons',
      daemonMark,
    );
    const finished = harness.run(daemon);
    await waitFor(() => started.includes(daemon.id));
    const ask =
      'for i in 1 2 3 4 5 6 7 8 9 10; do nc 127.0.0.1 7070 </dev/null && exit 0; sleep 0.2; done; exit 1';
    const client = await harness.run(
      inWorkflow(stepRequest({ containers: [shell('main', ask)] }), 'daemons'),
    );
    expect(client).toMatchObject({ exitCode: 0, stdout: 'pong\n' });
    const stranger = await harness.run(
      inWorkflow(stepRequest({ containers: [shell('main', 'nc -w 1 127.0.0.1 7070 </dev/null')] }), 'other'),
    );
    expect(stranger.exitCode).not.toBe(0);
    harness.runtime.kill(daemon.id, 1000);
    expect(await finished).toMatchObject({ error: 'step terminated' });
  });

  it('starts a lone container outside the workflow pod, and joins it for daemons, the steps after a daemon and steps with sidecars', async () => {
    const kept = await createHarness((onExit) =>
      createPodmanRuntime({ onExit, imageAliases: localImageAliases, keepContainers: true }),
    );
    const podOf = async (request: StartStepRequest) => {
      await kept.run(request);
      const name = containerName(request.id, 'main');
      const pod = (await runPodman('podman', ['inspect', '--format', '{{.Pod}}', name])).stdout.trim();
      await runPodman('podman', ['rm', '--force', '--ignore', name, containerName(request.id, 'side')]);
      return pod;
    };
    const plain = () => inWorkflow(stepRequest({ containers: [shell('main', 'true')] }), 'placed');
    expect(await podOf(plain())).toBe('');
    const withSidecar = inWorkflow(
      stepRequest({ containers: [shell('main', 'true'), shell('side', 'sleep 5')] }),
      'placed',
    );
    const podId = await podOf(withSidecar);
    expect(podId).not.toBe('');
    expect(
      await podOf(inWorkflow(stepRequest({ containers: [shell('main', 'true')] }), 'placed', daemonMark)),
    ).toBe(podId);
    expect(await podOf(plain())).toBe(podId);
    await kept.runtime.close();
  });

  it('keeps a persistentVolumeClaim in a named volume across steps and removes volumeClaimTemplates volumes with the workflow', async () => {
    const mounts = [{ name: 'data', mountPath: '/data' }];
    const step = (script: string) =>
      inWorkflow(
        stepRequest({
          containers: [shell('main', script, { volumeMounts: mounts })],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'work' } }],
        }),
        'claims',
        { 'weft.dev/workflow-volumes': 'work' },
      );
    expect((await harness.run(step('echo kept > /data/f'))).exitCode).toBe(0);
    expect(await harness.run(step('cat /data/f'))).toMatchObject({ exitCode: 0, stdout: 'kept\n' });
    await (harness.runtime as PodmanRuntime).removeWorkflow('default', 'claims');
    expect(await harness.run(step('cat /data/f 2>/dev/null || echo gone'))).toMatchObject({
      stdout: 'gone\n',
    });
    await (harness.runtime as PodmanRuntime).removeWorkflow('default', 'claims');
  });

  it('reports a daemon with an httpGet readinessProbe as started only once the probe passes inside its pod', async () => {
    const serve = 'sleep 1.5; mkdir -p /www && echo ok > /www/ping && exec httpd -f -p 7072 -h /www';
    const daemon = inWorkflow(
      stepRequest({
        containers: [
          shell('main', serve, {
            readinessProbe: { httpGet: { path: '/ping', port: 7072 }, periodSeconds: 0.2 },
          }),
        ],
      }),
      'probes',
      daemonMark,
    );
    const startedAt = Date.now();
    const finished = harness.run(daemon);
    await waitFor(() => started.includes(daemon.id), 10_000);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1500);
    harness.runtime.kill(daemon.id, 1000);
    expect(await finished).toMatchObject({ error: 'step terminated' });
  });

  it('never reports a daemon started whose tcpSocket readinessProbe does not pass', async () => {
    const daemon = inWorkflow(
      stepRequest({
        containers: [
          shell('main', 'sleep 30', { readinessProbe: { tcpSocket: { port: 7073 }, periodSeconds: 0.2 } }),
        ],
      }),
      'probes',
      daemonMark,
    );
    const finished = harness.run(daemon);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(started).not.toContain(daemon.id);
    harness.runtime.kill(daemon.id, 1000);
    await finished;
    expect(started).not.toContain(daemon.id);
  });

  it('names the pod as the container hostname and reports the start of each step', async () => {
    const request = stepRequest({ containers: [shell('main', 'hostname')] });
    const result = await harness.run(request);
    expect(result.stdout).toBe(`${request.pod.metadata.name}\n`);
    expect(started).toContain(request.id);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe('podman runtime without podman', () => {
  it('says podman is missing and the command that installs it', () => {
    expect(() => createPodmanRuntime({ onExit: () => undefined, binary: 'weft-no-such-podman' })).toThrow(
      /podman is not installed \(no "weft-no-such-podman" on PATH\); run "sudo sh scripts\/setup-podman.sh"/,
    );
  });
});
