/**
 * Directory input artifacts are shown to a step as a copy-on-write layer over the stored bytes:
 * what a step changes stays its own, and the stored artifact (shared, content-addressed) is untouched.
 */
import { expect, it } from 'vitest';
import { scratch, weft, workflowYaml } from './weft.js';

it('lets a step change its input directory without changing the artifact the next step gets', () => {
  const make = 'mkdir -p /tmp/out/sub && echo original > /tmp/out/sub/a.txt && echo keep > /tmp/out/b.txt';
  const mutate =
    'echo changed >> /tmp/in/sub/a.txt && rm /tmp/in/b.txt && echo new > /tmp/in/c.txt && cat /tmp/in/sub/a.txt && ls /tmp/in';
  const read = 'cat /tmp/in/sub/a.txt /tmp/in/b.txt && ls /tmp/in';
  const pass = { artifacts: [{ name: 'd', from: '{{steps.make.outputs.artifacts.d}}' }] };
  const spec = {
    entrypoint: 'main',
    templates: [
      {
        name: 'main',
        steps: [
          [{ name: 'make', template: 'make' }],
          [{ name: 'mutate', template: 'mutate', arguments: pass }],
          [{ name: 'read', template: 'read', arguments: pass }],
        ],
      },
      {
        name: 'make',
        container: { image: 'busybox', command: ['sh', '-c', make] },
        outputs: { artifacts: [{ name: 'd', path: '/tmp/out' }] },
      },
      {
        name: 'mutate',
        inputs: { artifacts: [{ name: 'd', path: '/tmp/in' }] },
        container: { image: 'busybox', command: ['sh', '-c', mutate] },
        outputs: { artifacts: [{ name: 'changed', path: '/tmp/in' }] },
      },
      {
        name: 'read',
        inputs: { artifacts: [{ name: 'd', path: '/tmp/in' }] },
        container: { image: 'busybox', command: ['sh', '-c', read] },
      },
    ],
  };
  const dir = scratch({ 'wf.yaml': workflowYaml(spec) });
  const result = weft(['run', 'wf.yaml', '-o', 'json', '--run-dir', 'run'], dir);
  expect(result.status, result.stderr).toBe(0);
  const nodes = Object.values(JSON.parse(result.stdout).status.nodes) as {
    displayName: string;
    outputs?: { result?: string };
  }[];
  const result_ = (name: string) => nodes.find((n) => n.displayName === name)?.outputs?.result;
  expect(result_('mutate')).toBe('original\nchanged\nc.txt\nsub');
  expect(result_('read')).toBe('original\nkeep\nb.txt\nsub');
});
