/** containerSet.retryStrategy re-runs a failed container's command in place, as Argo's executor does. */
import { describe, expect, it } from 'vitest';
import { scratch, weft, workflowYaml } from './weft.js';

function containerSet(retries: number, failures: number) {
  const flaky = `n=$(cat /tmp/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > /tmp/count; echo attempt $n; [ $n -gt ${failures} ]`;
  return {
    entrypoint: 'set',
    templates: [
      {
        name: 'set',
        containerSet: {
          retryStrategy: { retries: String(retries), duration: '100ms' },
          containers: [
            { name: 'ok', image: 'busybox', command: ['sh', '-c', 'echo fine'] },
            { name: 'main', image: 'busybox', command: ['sh', '-c', flaky], dependencies: ['ok'] },
          ],
        },
      },
    ],
  };
}

describe('containerSet retryStrategy', () => {
  it('re-runs a failing container until it succeeds within the retries', () => {
    const dir = scratch({ 'wf.yaml': workflowYaml(containerSet(3, 2)) });
    const result = weft(['run', 'wf.yaml', '-o', 'json', '--run-dir', 'run'], dir);
    expect(result.status, result.stderr).toBe(0);
    const workflow = JSON.parse(result.stdout);
    expect(workflow.status.nodes[workflow.metadata.name].outputs.result).toBe('attempt 3');
  });

  it('fails the step once the retries are used up', () => {
    const dir = scratch({ 'wf.yaml': workflowYaml(containerSet(1, 5)) });
    const result = weft(['run', 'wf.yaml', '-o', 'json', '--run-dir', 'run'], dir);
    expect(result.status).toBe(1);
    const workflow = JSON.parse(result.stdout);
    const root = workflow.status.nodes[workflow.metadata.name];
    expect(root.phase).toBe('Failed');
    expect(root.outputs.result).toBe('attempt 2');
  });
});
