import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../spec/types.js';
import { lintObject } from './index.js';

const limits: ConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'my-config' },
  data: { template: '2', zero: '0' },
};

function lint(synchronization: unknown, where: 'workflow' | 'template', configMaps = [limits]) {
  const leaf = { name: 'work', container: { image: 'alpine', command: ['true'] } };
  const spec =
    where === 'workflow'
      ? { entrypoint: 'main', synchronization, templates: [{ ...leaf, name: 'main' }] }
      : {
          entrypoint: 'main',
          templates: [
            { name: 'main', steps: [[{ name: 'a', template: 'work' }]] },
            { ...leaf, synchronization },
          ],
        };
  const object = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'wf' }, spec };
  return lintObject({ kind: 'Workflow', object }, { templates: [], configMaps }).map(
    ({ code, path }) => `${code} ${path}`,
  );
}

describe('lint of synchronization', () => {
  it('accepts a semaphore whose ConfigMap and key were given, and named mutexes', () => {
    const sync = {
      mutexes: [{ name: 'm' }],
      semaphores: [{ configMapKeyRef: { name: 'my-config', key: 'template' } }],
    };
    expect(lint(sync, 'template')).toEqual([]);
    expect(lint(sync, 'workflow')).toEqual([]);
  });

  it('names the key field of a template semaphore whose key the ConfigMap lacks', () => {
    const sync = { semaphores: [{ configMapKeyRef: { name: 'my-config', key: 'nope' } }] };
    expect(lint(sync, 'template')).toEqual([
      'missing-configmap-key spec.templates[1].synchronization.semaphores[0].configMapKeyRef.key',
    ]);
  });

  it('names the ConfigMap field when the semaphore’s ConfigMap was not given', () => {
    const sync = { semaphore: { configMapKeyRef: { name: 'other', key: 'workflow' } } };
    expect(lint(sync, 'workflow')).toEqual([
      'missing-configmap spec.synchronization.semaphore.configMapKeyRef.name',
    ]);
  });

  it('reports a limit that is not a positive integer', () => {
    const sync = { semaphores: [{ configMapKeyRef: { name: 'my-config', key: 'zero' } }] };
    expect(lint(sync, 'template')).toEqual([
      'invalid-semaphore-limit spec.templates[1].synchronization.semaphores[0].configMapKeyRef.key',
    ]);
  });

  it('reports an empty mutex name, in the list and in the deprecated singular form', () => {
    expect(lint({ mutexes: [{ name: 'ok' }, { name: '' }] }, 'template')).toEqual([
      'empty-mutex-name spec.templates[1].synchronization.mutexes[1].name',
    ]);
    expect(lint({ mutex: { name: ' ' } }, 'workflow')).toEqual([
      'empty-mutex-name spec.synchronization.mutex.name',
    ]);
  });

  it('leaves templated ConfigMap names to run time', () => {
    const sync = { semaphores: [{ configMapKeyRef: { name: '{{workflow.parameters.cm}}', key: 'k' } }] };
    expect(lint(sync, 'template').filter((i) => !i.startsWith('unresolved-variable'))).toEqual([]);
  });
});
