import { describe, expect, it } from 'vitest';
import type { Template, WorkflowSpec } from '../spec/types.js';
import { translatePod } from './translate.js';

function translate(template: Template, spec: WorkflowSpec = {}) {
  return translatePod({
    workflowName: 'wf',
    namespace: 'team',
    podName: 'wf-build-123',
    nodeId: 'wf-123',
    nodeName: 'wf.build',
    template,
    spec,
    inputArtifacts: [{ name: 'src', path: '/src/in.txt', source: { kind: 'content', content: 'hi' } }],
  });
}

describe('Pod translation (whole manifests)', () => {
  it('produces the Pod Kubernetes would run for a container template with init containers, sidecars and volumes', () => {
    const template = {
      name: 'build',
      metadata: { labels: { tier: 'build' }, annotations: { owner: 'me' } },
      initContainers: [{ name: 'fetch', image: 'alpine', command: ['true'] }],
      sidecars: [{ name: 'db', image: 'postgres:16', env: [{ name: 'PORT', value: 5432 }] }],
      container: {
        image: 'golang:1.22',
        command: ['go', 'build'],
        workingDir: '/src',
        resources: { limits: { memory: '1Gi' } },
        volumeMounts: [{ name: 'work', mountPath: '/work' }],
      },
      volumes: [{ name: 'scratch', emptyDir: {} }],
      nodeSelector: { disk: 'ssd' },
      tolerations: [{ key: 'gpu', operator: 'Exists' }],
      activeDeadlineSeconds: 60,
    } as Template;
    const spec = {
      podMetadata: { labels: { team: 'a' } },
      volumeClaimTemplates: [{ metadata: { name: 'work' }, spec: {} }],
    } as WorkflowSpec;
    const plan = translate(template, spec);
    expect(plan.pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'wf-build-123',
        namespace: 'team',
        labels: { team: 'a', tier: 'build', 'workflows.argoproj.io/workflow': 'wf' },
        annotations: {
          owner: 'me',
          'workflows.argoproj.io/node-name': 'wf.build',
          'workflows.argoproj.io/node-id': 'wf-123',
          'weft.dev/workflow-volumes': 'work',
        },
      },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'main',
            image: 'golang:1.22',
            command: ['go', 'build'],
            workingDir: '/src',
            resources: { limits: { memory: '1Gi' } },
            volumeMounts: [{ name: 'work', mountPath: '/work' }],
          },
          { name: 'db', image: 'postgres:16', env: [{ name: 'PORT', value: '5432' }] },
        ],
        initContainers: [{ name: 'fetch', image: 'alpine', command: ['true'] }],
        volumes: [
          { name: 'scratch', emptyDir: {} },
          { name: 'work', persistentVolumeClaim: { claimName: 'work' } },
        ],
        activeDeadlineSeconds: 60,
        nodeSelector: { disk: 'ssd' },
        tolerations: [{ key: 'gpu', operator: 'Exists' }],
      },
    });
    expect(plan.mainContainers).toEqual([{ name: 'main', dependencies: [] }]);
    expect(plan.inputFiles).toEqual([
      { path: '/src/in.txt', kind: 'content', content: 'hi', mode: undefined },
    ]);
  });

  it('produces a script Pod whose source is staged as a file and whose outputs are listed', () => {
    const template = {
      name: 'py',
      script: { image: 'python:alpine3.23', command: ['python'], source: 'print(1)' },
      outputs: {
        parameters: [
          { name: 'n', valueFrom: { path: '/tmp/n' } },
          { name: 'x', valueFrom: { jsonPath: '{.a}' } },
        ],
        artifacts: [{ name: 'out', path: '/tmp/out', optional: true }],
      },
    } as Template;
    const plan = translate(template);
    expect(plan.pod.spec.containers).toEqual([
      { name: 'main', image: 'python:alpine3.23', command: ['python'], args: ['/argo/staging/script'] },
    ]);
    expect(plan.pod.metadata.annotations).not.toHaveProperty('weft.dev/workflow-volumes');
    expect(plan.inputFiles[0]).toEqual({
      path: '/argo/staging/script',
      kind: 'content',
      content: 'print(1)',
      mode: 0o755,
    });
    expect(plan.outputParameters).toEqual([{ name: 'n', path: '/tmp/n' }]);
    expect(plan.outputArtifacts).toEqual([{ name: 'out', path: '/tmp/out', optional: true }]);
  });

  it('marks the pod of a daemon template so runtimes keep it reachable by later steps, and only that pod', () => {
    const daemon = translate({ name: 'db', daemon: true, container: { image: 'redis' } } as Template);
    expect(daemon.pod.metadata.annotations?.['weft.dev/daemon']).toBe('true');
    const plain = translate({ name: 'job', container: { image: 'alpine' } } as Template);
    expect(plain.pod.metadata.annotations).not.toHaveProperty('weft.dev/daemon');
  });
});
