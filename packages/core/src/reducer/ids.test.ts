import { describe, expect, it } from 'vitest';
import { fnv32a, nodeId, podName } from './ids.js';
import { container, dag, Harness, step, steps, task, workflow } from './testing/builders.js';

describe('node ids', () => {
  it('hashes with 32-bit FNV-1a over UTF-8 bytes', () => {
    // By hand: 0x811c9dc5 ^ 0x61 ('a') = 0x811c9da4; × 0x01000193 mod 2^32 = 0xe40c292c.
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('')).toBe(0x811c9dc5);
    // 'é' is two UTF-8 bytes (0xc3 0xa9), not one UTF-16 unit.
    expect(fnv32a('wf.é')).toBe(1032384982);
  });

  it('gives the root node the workflow name as its id', () => {
    expect(nodeId('wf', 'wf')).toBe('wf');
  });

  it('gives every other node the id <workflow>-<fnv32a(node name)>', () => {
    expect(nodeId('wf', 'wf[0].a')).toBe('wf-3986212215');
    expect(nodeId('wf', 'wf[0].a')).toBe(`wf-${fnv32a('wf[0].a')}`);
    expect(nodeId('wf', 'wf.onExit')).toBe('wf-403321795');
  });

  it('names pods <workflow>-<template>-<hash> and the root pod after the workflow', () => {
    expect(podName('wf', 'hello', 'wf[0].a')).toBe('wf-hello-3986212215');
    expect(podName('wf', 'hello', 'wf')).toBe('wf');
  });
});

describe('node names as Argo forms them', () => {
  /*
   *  wf (Steps)
   *   └─ wf[0] (StepGroup)
   *       └─ wf[0].a (Pod)
   */
  it('names steps <parent>[<group>].<step>', () => {
    const h = Harness.start(workflow({ templates: [steps('main', [[step('a', 'c')]]), container('c')] }));
    expect(h.nodeNames()).toEqual(['wf', 'wf[0]', 'wf[0].a']);
    expect(h.node('wf[0]').displayName).toBe('[0]');
    expect(h.node('wf[0]').type).toBe('StepGroup');
    expect(h.node('wf[0].a').id).toBe('wf-3986212215');
    expect(h.node('wf[0].a').boundaryID).toBe('wf');
  });

  it('names dag tasks <dag>.<task>', () => {
    const h = Harness.start(workflow({ templates: [dag('main', [task('a', 'c')]), container('c')] }));
    expect(h.nodeNames()).toEqual(['wf', 'wf.a']);
    expect(h.node('wf.a').displayName).toBe('a');
    expect(h.node('wf').type).toBe('DAG');
  });

  it('names loop children <step>(<index>:<item>)', () => {
    const h = Harness.start(
      workflow({
        templates: [steps('main', [[step('a', 'c', { withItems: ['x', 'y'] })]]), container('c')],
      }),
    );
    expect(h.runningNames()).toEqual(['a(0:x)', 'a(1:y)']);
    expect(h.has('wf[0].a(1:y)')).toBe(true);
  });

  it('names retry attempts <node>(<attempt>) under a Retry node', () => {
    const h = Harness.start(
      workflow({ templates: [container('main', { retryStrategy: { limit: 1 } })], name: 'retry' }),
    );
    expect(h.node('retry').type).toBe('Retry');
    expect(h.node('retry(0)').type).toBe('Pod');
    expect(h.node('retry').children).toEqual([h.node('retry(0)').id]);
  });

  it('names the workflow exit handler <workflow>.onExit', () => {
    const h = Harness.start(workflow({ templates: [container('main'), container('bye')], onExit: 'bye' }));
    h.succeed('wf');
    expect(h.node('wf.onExit').id).toBe(nodeId('wf', 'wf.onExit'));
    expect(h.runningNames()).toEqual(['wf.onExit']);
  });

  it('uses the generated name when the workflow has only generateName', () => {
    const wf = workflow({ templates: [container('main')] });
    wf.metadata = { generateName: 'hello-' };
    const h = Harness.start(wf);
    expect(h.nodeNames()).toEqual(['wf-generated']);
    expect(h.startStep('wf-generated').pod.metadata.name).toBe('wf-generated');
  });
});
