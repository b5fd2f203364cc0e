/** `weft run` gives steps variables from the ConfigMap manifests it is given and from the pod's fields. */
import { describe, expect, it } from 'vitest';
import { scratch, weft, workflowYaml } from './weft.js';

const configMap = JSON.stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'app-config' },
  data: { greeting: 'hello there', color: 'blue' },
});

function workflowUsing(mapName: string): string {
  return workflowYaml({
    entrypoint: 'show',
    templates: [
      {
        name: 'show',
        container: {
          image: 'alpine:3',
          command: ['sh', '-c', 'echo "$GREETING|$CFG_color|$WF|$NS"'],
          env: [
            { name: 'GREETING', valueFrom: { configMapKeyRef: { name: mapName, key: 'greeting' } } },
            {
              name: 'WF',
              valueFrom: { fieldRef: { fieldPath: "metadata.labels['workflows.argoproj.io/workflow']" } },
            },
            { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          ],
          envFrom: [{ prefix: 'CFG_', configMapRef: { name: mapName } }],
        },
      },
    ],
  });
}

function run(mapName: string) {
  const dir = scratch({ 'wf.yaml': workflowUsing(mapName), 'cm.yaml': configMap });
  const result = weft(['run', 'wf.yaml', 'cm.yaml', '-o', 'json', '--run-dir', 'run'], dir);
  return { ...result, workflow: result.stdout ? JSON.parse(result.stdout) : undefined };
}

describe('weft run with ConfigMaps in the environment', () => {
  it('gives a step configMapKeyRef, envFrom configMapRef and fieldRef variables from a ConfigMap file', () => {
    const { status, stderr, workflow } = run('app-config');
    expect(status, stderr).toBe(0);
    const name: string = workflow.metadata.name;
    expect(workflow.status.nodes[name].outputs.result).toBe(`hello there|blue|${name}|default`);
  });

  it('fails the step naming a ConfigMap that was not given', () => {
    const { status, workflow } = run('other-config');
    expect(status).toBe(1);
    const node = workflow.status.nodes[workflow.metadata.name];
    expect(node.phase).toMatch(/Error|Failed/);
    expect(node.message).toMatch(/CreateContainerConfigError: .*configmap "other-config" not found/);
  });
});
