/** Key-only artifacts of any provider (`gcs: {key}`, `s3: {key}`) name objects in the configured default repository. */
import { expect, it } from 'vitest';
import { scratch, weft, workflowYaml } from './weft.js';

it('passes a gcs key-only artifact between steps through the default repository', () => {
  const spec = {
    entrypoint: 'main',
    templates: [
      {
        name: 'main',
        steps: [[{ name: 'put', template: 'put' }], [{ name: 'get', template: 'get' }]],
      },
      {
        name: 'put',
        container: { image: 'busybox', command: ['sh', '-c', 'echo stored by key > /tmp/out.txt'] },
        outputs: { artifacts: [{ name: 'out', path: '/tmp/out.txt', gcs: { key: 'shared/out.txt' } }] },
      },
      {
        name: 'get',
        inputs: { artifacts: [{ name: 'in', path: '/tmp/in.txt', gcs: { key: 'shared/out.txt' } }] },
        container: { image: 'busybox', command: ['cat', '/tmp/in.txt'] },
      },
    ],
  };
  const dir = scratch({ 'wf.yaml': workflowYaml(spec) });
  const result = weft(['run', 'wf.yaml', '-o', 'json', '--run-dir', 'run'], dir);
  expect(result.status, result.stderr).toBe(0);
  const workflow = JSON.parse(result.stdout);
  const get = Object.values(workflow.status.nodes).find(
    (n) => (n as { displayName: string }).displayName === 'get',
  );
  expect((get as { outputs: { result: string } }).outputs.result).toBe('stored by key');
});
