import { describe, expect, it } from 'vitest';
import { scriptPath, translatePod } from '../pod/translate.js';
import type { Template } from '../spec/types.js';
import { container, Harness, script, workflow } from './testing/builders.js';

function translate(template: Template) {
  return translatePod({
    workflowName: 'wf',
    namespace: 'default',
    podName: 'wf-main-1',
    nodeId: 'wf-1',
    nodeName: 'wf.main',
    template,
    spec: {},
    inputArtifacts: [],
  });
}

describe('pod translation', () => {
  it('stages a script’s source at /argo/staging/script and appends that path to args', () => {
    const plan = translate(script('main', 'print("hi")'));
    expect(scriptPath).toBe('/argo/staging/script');
    expect(plan.pod.spec.containers[0]).toMatchObject({
      name: 'main',
      command: ['python'],
      args: [scriptPath],
    });
    expect(plan.inputFiles).toEqual([
      { path: scriptPath, kind: 'content', content: 'print("hi")', mode: 0o755 },
    ]);
  });

  it('lists containerSet containers as main containers with their dependencies', () => {
    const plan = translate({
      name: 'main',
      containerSet: {
        volumeMounts: [{ name: 'ws', mountPath: '/ws' }],
        containers: [
          { name: 'a', image: 'alpine' },
          { name: 'b', image: 'alpine', dependencies: ['a'] },
        ],
      },
    });
    expect(plan.mainContainers).toEqual([
      { name: 'a', dependencies: [] },
      { name: 'b', dependencies: ['a'] },
    ]);
    expect(plan.pod.spec.containers.map((c) => c.name)).toEqual(['a', 'b']);
    expect(plan.pod.spec.containers[1]).not.toHaveProperty('dependencies');
    expect(plan.pod.spec.containers[1]?.volumeMounts).toEqual([{ name: 'ws', mountPath: '/ws' }]);
  });

  it('merges podSpecPatch into a container’s resources by name', () => {
    const plan = translate(
      container('main', {
        podSpecPatch: '{"containers":[{"name":"main","resources":{"limits":{"memory":"1Gi"}}}]}',
      }),
    );
    expect(plan.pod.spec.containers).toHaveLength(1);
    expect(plan.pod.spec.containers[0]).toMatchObject({
      name: 'main',
      image: 'alpine:3',
      resources: { limits: { memory: '1Gi' } },
    });
  });

  it('errors the node when podSpecPatch is not YAML or JSON', () => {
    const h = Harness.start(workflow({ templates: [container('main', { podSpecPatch: '{' })] }));
    expect(h.node('wf').phase).toBe('Error');
    expect(h.node('wf').message).toMatch(/podSpecPatch/);
  });

  it('puts sidecars after the main container', () => {
    const plan = translate(container('main', { sidecars: [{ name: 'db', image: 'postgres' }] }));
    expect(plan.pod.spec.containers.map((c) => c.name)).toEqual(['main', 'db']);
  });

  it('labels and annotates the pod with its workflow and node', () => {
    const { pod } = translate(container('main'));
    expect(pod.metadata.labels).toMatchObject({ 'workflows.argoproj.io/workflow': 'wf' });
    expect(pod.metadata.annotations).toMatchObject({
      'workflows.argoproj.io/node-name': 'wf.main',
      'workflows.argoproj.io/node-id': 'wf-1',
    });
  });

  it('asks the engine to collect declared output parameters and artifacts', () => {
    const h = Harness.start(
      workflow({
        templates: [
          container('main', {
            outputs: {
              parameters: [{ name: 'p', valueFrom: { path: '/tmp/p' } }],
              artifacts: [{ name: 'out', path: '/tmp/out' }],
            },
          }),
        ],
      }),
    );
    const start = h.startStep('wf');
    expect(start.outputParameters).toEqual([{ name: 'p', path: '/tmp/p' }]);
    expect(start.outputArtifacts).toEqual([
      {
        name: 'out',
        path: '/tmp/out',
        optional: false,
        key: 'nodes/wf/out',
        declared: { name: 'out', path: '/tmp/out' },
      },
    ]);
    h.exit('wf', { parameters: { p: 'v' }, artifacts: [{ name: 'out', key: 'nodes/wf/out' }] });
    expect(h.node('wf').outputs).toMatchObject({
      parameters: [{ name: 'p', value: 'v' }],
      artifacts: [{ name: 'out', key: 'nodes/wf/out' }],
    });
  });

  it('errors a pod that exited 0 without its declared output parameter', () => {
    const h = Harness.start(workflow({ templates: [container('main', { outputs: ['p'] })] }));
    h.succeed('wf');
    expect(h.node('wf')).toMatchObject({ phase: 'Error' });
    expect(h.node('wf').message).toMatch(/output parameter "p"/);
  });
});
