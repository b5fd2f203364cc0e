/** `weft run --runtime podman` end to end, with the local images scripts/setup-podman.sh builds. */
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
      container: { image: 'busybox', command: ['sh', '-c', 'while :; do echo served | nc -l -p 8000; done'] },
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
  it('runs steps in their images, passes an artifact and reaches a daemon at {{steps.X.ip}}', () => {
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

describe('weft run --image-alias', () => {
  it('is refused without --runtime podman, and a bad entry is named', () => {
    const dir = scratch({ 'wf.yaml': workflowYaml(passing) });
    const hostRun = weft(['run', 'wf.yaml', '--image-alias', 'local'], dir);
    expect(hostRun.status).toBe(2);
    expect(hostRun.stderr).toContain('--image-alias needs --runtime podman');
    const bad = weft(['run', 'wf.yaml', '--runtime', 'podman', '--image-alias', 'alpine'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"alpine" is not FROM=TO');
  });
});
