/** `weft run --runtime podman` end to end, with the local images scripts/setup-podman.sh builds. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithPodman } from '../../packages/engine/src/runtime/podman/test-support.js';
import { scratch, weft, workflowYaml } from '../e2e/weft.js';

type Node = { displayName: string; phase: string; message?: string; outputs?: { result?: string } };

function nodes(stdout: string): Node[] {
  return Object.values((JSON.parse(stdout) as { status: { nodes: Record<string, Node> } }).status.nodes);
}

const passing = {
  entrypoint: 'main',
  templates: [
    {
      name: 'main',
      steps: [
        [{ name: 'server', template: 'server' }],
        [{ name: 'write', template: 'write' }],
        [
          {
            name: 'read',
            template: 'read',
            arguments: {
              parameters: [{ name: 'ip', value: '{{steps.server.ip}}' }],
              artifacts: [{ name: 'in', from: '{{steps.write.outputs.artifacts.out}}' }],
            },
          },
        ],
      ],
    },
    {
      name: 'server',
      daemon: true,
      container: {
        image: 'busybox',
        command: ['sh', '-c', 'sleep 0.5; while :; do echo served | nc -l -p 8000; done'],
        readinessProbe: { tcpSocket: { port: 8000 } },
      },
    },
    {
      name: 'write',
      container: { image: 'alpine:3.23', command: ['sh', '-c', 'echo from-write > /tmp/out.txt'] },
      outputs: { artifacts: [{ name: 'out', path: '/tmp/out.txt' }] },
    },
    {
      name: 'read',
      inputs: { parameters: [{ name: 'ip' }], artifacts: [{ name: 'in', path: '/data/in.txt' }] },
      script: {
        image: 'python:alpine3.23',
        command: ['python'],
        source: [
          'import socket, time',
          'for _ in range(50):',
          '    try:',
          '        s = socket.create_connection(("{{inputs.parameters.ip}}", 8000)); break',
          '    except OSError: time.sleep(0.1)',
          'print(open("/data/in.txt").read().strip(), s.recv(100).decode().strip())',
        ].join('\n'),
      },
    },
  ],
};

describeWithPodman('weft run --runtime podman', () => {
  it('runs steps in their images, passes an artifact and reaches a daemon at {{steps.X.ip}} once its readinessProbe passes', () => {
    const dir = scratch({ 'wf.yaml': workflowYaml(passing) });
    const run = weft(
      ['run', 'wf.yaml', '--runtime', 'podman', '--image-alias', 'local', '-o', 'json', '--run-dir', 'run'],
      dir,
    );
    expect(run.status, run.stderr).toBe(0);
    const read = nodes(run.stdout).find((node) => node.displayName === 'read');
    expect(read?.outputs?.result).toBe('from-write served');
  });

  it('fails a step whose image cannot be pulled with ImagePullBackOff naming the image', () => {
    const spec = {
      entrypoint: 'main',
      templates: [{ name: 'main', container: { image: 'localhost:1/nowhere/image:1', command: ['true'] } }],
    };
    const dir = scratch({ 'wf.yaml': workflowYaml(spec) });
    const run = weft(['run', 'wf.yaml', '--runtime', 'podman', '-o', 'json', '--run-dir', 'run'], dir);
    expect(run.status).toBe(1);
    const [node] = nodes(run.stdout);
    expect(node?.message).toMatch(
      /^ImagePullBackOff: Back-off pulling image "localhost:1\/nowhere\/image:1"/,
    );
  });
});

/** A template whose step prints its input and where it ran (podman gives containers /run/.containerenv). */
function whereTemplate(name: string, annotations: Record<string, string>) {
  return {
    name,
    metadata: { annotations },
    inputs: { parameters: [{ name: 'before' }] },
    container: {
      image: 'localhost/weft/busybox:latest',
      command: [
        'sh',
        '-c',
        'test -e /run/.containerenv && where=podman || where=host; echo "{{inputs.parameters.before}} $where"',
      ],
    },
  };
}

/** One step in a podman container (by annotation), two on the host: each says where it ran. */
const mixed = {
  entrypoint: 'main',
  templates: [
    {
      name: 'main',
      steps: [
        [
          {
            name: 'boxed',
            template: 'where',
            arguments: { parameters: [{ name: 'before', value: 'start' }] },
          },
          {
            name: 'early',
            template: 'where-on-host',
            arguments: { parameters: [{ name: 'before', value: 'first' }] },
          },
        ],
        [
          {
            name: 'plain',
            template: 'where-on-host',
            arguments: { parameters: [{ name: 'before', value: '{{steps.boxed.outputs.result}}' }] },
          },
        ],
      ],
    },
    whereTemplate('where', { 'weft.dev/runtime': 'podman' }),
    whereTemplate('where-on-host', {}),
  ],
};

function resultOf(stdout: string, step: string): string | undefined {
  return nodes(stdout).find((node) => node.displayName === step)?.outputs?.result;
}

describeWithPodman('weft run with a runtime per template', () => {
  it('runs a template annotated weft.dev/runtime: podman in a container and the others on the host', () => {
    const dir = scratch({ 'wf.yaml': workflowYaml(mixed) });
    const run = weft(['run', 'wf.yaml', '-o', 'json', '--run-dir', 'run'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(resultOf(run.stdout, 'boxed')).toBe('start podman');
    expect(resultOf(run.stdout, 'plain')).toBe('start podman host');
    expect(resultOf(run.stdout, 'early')).toBe('first host');
  });
});

describe('weft run with a runtime per template, without podman', () => {
  it('fails only the step that asks for podman, saying what to run', () => {
    const dir = scratch({ 'wf.yaml': workflowYaml(mixed) });
    const noPodman = mkdtempSync(join(tmpdir(), 'weft-no-podman-'));
    const bin = resolve(import.meta.dirname, '../../packages/cli/bin/weft.js');
    const run = spawnSync(process.execPath, [bin, 'run', 'wf.yaml', '-o', 'json', '--run-dir', 'run'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PATH: noPodman },
    });
    expect(run.status, run.stderr).toBe(1);
    expect(resultOf(run.stdout, 'early')).toBe('first host');
    const boxed = nodes(run.stdout).find((node) => node.displayName === 'boxed');
    expect(boxed?.message).toMatch(
      /^weft\.dev\/runtime: podman: podman is not installed .*run "sudo sh scripts\/setup-podman\.sh"/,
    );
  });
});

/** A Secret given to `weft run` reaches a podman step and a host step (by annotation) alike. */
const withSecret = {
  entrypoint: 'main',
  templates: [
    {
      name: 'main',
      steps: [
        [
          { name: 'boxed', template: 'use-secret' },
          { name: 'plain', template: 'use-secret-on-host' },
        ],
      ],
    },
    ...['use-secret', 'use-secret-on-host'].map((name) => ({
      name,
      ...(name.endsWith('host') ? { metadata: { annotations: { 'weft.dev/runtime': 'host' } } } : {}),
      volumes: [{ name: 'creds', secret: { secretName: 'creds' } }],
      container: {
        image: 'busybox',
        command: [
          'sh',
          '-c',
          'test "$TOKEN" = "$(cat /creds/token)" && echo env-ok; test "$APP_user" = robot && echo envfrom-ok; echo "$TOKEN"',
        ],
        env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }],
        envFrom: [{ prefix: 'APP_', secretRef: { name: 'creds' } }],
        volumeMounts: [{ name: 'creds', mountPath: '/creds' }],
      },
    })),
  ],
};

const secretManifest = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds' },
  data: { token: Buffer.from('tok-123').toString('base64') },
  stringData: { user: 'robot' },
});

describeWithPodman('weft run with Secrets', () => {
  it('gives podman and host steps secretKeyRef, envFrom and secret volumes from a Secret file, redacting the value', () => {
    const dir = scratch({ 'wf.yaml': workflowYaml(withSecret), 'secret.yaml': secretManifest });
    const run = weft(
      [
        'run',
        'wf.yaml',
        'secret.yaml',
        '--runtime',
        'podman',
        '--image-alias',
        'local',
        '-o',
        'json',
        '--run-dir',
        'run',
      ],
      dir,
    );
    expect(run.status, run.stderr).toBe(0);
    for (const step of ['boxed', 'plain'])
      expect(resultOf(run.stdout, step)).toBe('env-ok\nenvfrom-ok\n[redacted]');
    expect(run.stdout).not.toContain('tok-123');
  });
});

describe('weft run --image-alias', () => {
  it('is taken on a host-default run (for steps annotated weft.dev/runtime: podman), and a bad entry is named', () => {
    const simple = {
      entrypoint: 'main',
      templates: [{ name: 'main', container: { image: 'alpine', command: ['true'] } }],
    };
    const dir = scratch({ 'wf.yaml': workflowYaml(passing), 'simple.yaml': workflowYaml(simple) });
    const hostRun = weft(['run', 'simple.yaml', '--image-alias', 'local'], dir);
    expect(hostRun.status, hostRun.stderr).toBe(0);
    const bad = weft(['run', 'wf.yaml', '--runtime', 'podman', '--image-alias', 'alpine'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"alpine" is not FROM=TO');
  });
});
