import { describe, expect, it } from 'vitest';
import { at, node, T0, workflowWith } from '../testing/builders.js';
import { renderNodeTable, renderTree } from './tree.js';

const end = new Date(T0 + 60_000);

/** The STEP column only, trailing blanks removed: the tree shape without the other columns. */
function stepColumn(lines: readonly string[]): string[] {
  const width = lines[0].indexOf('TEMPLATE');
  return lines.map((line) => line.slice(0, width).trimEnd());
}

describe('renderTree', () => {
  it('draws parallel steps of one group under a single branch, as argo get does', () => {
    //  [0] hello1  →  [1] hello2a ‖ hello2b
    const wf = workflowWith('steps-z2zdn', [
      node('steps-z2zdn', {
        type: 'Steps',
        templateName: 'hello-hello-hello',
        children: ['g0'],
        startedAt: at(0),
      }),
      node('g0', {
        type: 'StepGroup',
        displayName: '[0]',
        boundaryID: 'steps-z2zdn',
        children: ['hello1'],
        startedAt: at(0),
      }),
      node('hello1', {
        type: 'Pod',
        boundaryID: 'steps-z2zdn',
        templateName: 'print-message',
        startedAt: at(0),
        finishedAt: at(2),
        children: ['g1'],
      }),
      node('g1', {
        type: 'StepGroup',
        displayName: '[1]',
        boundaryID: 'steps-z2zdn',
        children: ['hello2a', 'hello2b'],
        startedAt: at(2),
      }),
      node('hello2a', {
        type: 'Pod',
        boundaryID: 'steps-z2zdn',
        templateName: 'print-message',
        startedAt: at(2),
        finishedAt: at(5),
      }),
      node('hello2b', {
        type: 'Pod',
        boundaryID: 'steps-z2zdn',
        templateName: 'print-message',
        startedAt: at(2),
        finishedAt: at(5),
      }),
    ]);
    const table = renderNodeTable(wf, end);
    expect(stepColumn(table)).toEqual([
      'STEP',
      ' ✔ steps-z2zdn',
      ' ├───✔ hello1',
      ' └─┬─✔ hello2a',
      '   └─✔ hello2b',
    ]);
    expect(table[2]).toMatch(/├───✔ hello1\s+print-message\s+hello1\s+2s$/);
  });

  it('hides DAG task groups and attaches their tasks to the DAG', () => {
    //  A → (B ‖ C)
    const wf = workflowWith('dag', [
      node('dag', { type: 'DAG', templateName: 'diamond', children: ['A'], startedAt: at(0) }),
      node('A', {
        type: 'Pod',
        boundaryID: 'dag',
        templateName: 'echo',
        startedAt: at(0),
        finishedAt: at(1),
        children: ['tg'],
      }),
      node('tg', {
        type: 'TaskGroup',
        displayName: 'B',
        boundaryID: 'dag',
        children: ['B(0:x)', 'B(1:y)'],
        startedAt: at(1),
      }),
      node('B(0:x)', { type: 'Pod', displayName: 'B(0:x)', boundaryID: 'dag', startedAt: at(1) }),
      node('B(1:y)', { type: 'Pod', displayName: 'B(1:y)', boundaryID: 'dag', startedAt: at(1) }),
      node('C', {
        type: 'Pod',
        boundaryID: 'dag',
        phase: 'Failed',
        message: 'exit code 1',
        startedAt: at(1),
      }),
    ]);
    expect(stepColumn(renderNodeTable(wf, end))).toEqual([
      'STEP',
      ' ✔ dag',
      ' ├─✔ A',
      ' ├─✔ B(0:x)',
      ' ├─✔ B(1:y)',
      ' └─✖ C',
    ]);
  });

  it('orders loop children by their index, not alphabetically', () => {
    const children = ['step(10:k)', 'step(2:b)', 'step(0:z)'];
    const wf = workflowWith('loop', [
      node('loop', { type: 'Steps', children: ['g'], startedAt: at(0) }),
      node('g', { type: 'StepGroup', displayName: '[0]', boundaryID: 'loop', children, startedAt: at(0) }),
      ...children.map((id) => node(id, { type: 'Pod', boundaryID: 'loop', startedAt: at(0) })),
    ]);
    expect(stepColumn(renderNodeTable(wf, end)).slice(2)).toEqual([
      ' └─┬─✔ step(0:z)',
      '   ├─✔ step(2:b)',
      '   └─✔ step(10:k)',
    ]);
  });

  it('shows a retry node with its attempts, and only the attempt when there was one', () => {
    const wf = workflowWith('retry', [
      node('retry', { type: 'Steps', children: ['g'], startedAt: at(0) }),
      node('g', {
        type: 'StepGroup',
        displayName: '[0]',
        boundaryID: 'retry',
        children: ['flaky', 'once'],
        startedAt: at(0),
      }),
      node('flaky', {
        type: 'Retry',
        boundaryID: 'retry',
        children: ['flaky(0)', 'flaky(1)'],
        startedAt: at(0),
      }),
      node('flaky(0)', { type: 'Pod', boundaryID: 'retry', phase: 'Failed', startedAt: at(0) }),
      node('flaky(1)', { type: 'Pod', boundaryID: 'retry', startedAt: at(3) }),
      node('once', { type: 'Retry', boundaryID: 'retry', children: ['once(0)'], startedAt: at(1) }),
      node('once(0)', { type: 'Pod', boundaryID: 'retry', startedAt: at(1) }),
    ]);
    expect(stepColumn(renderNodeTable(wf, end))).toEqual([
      'STEP',
      ' ✔ retry',
      ' └─┬─✔ flaky',
      '   │ ├─✖ flaky(0)',
      '   │ └─✔ flaky(1)',
      '   └─✔ once(0)',
    ]);
  });

  it('keeps the next step group under the steps node when a retry lists it among its children', () => {
    const wf = workflowWith('r', [
      node('r', { type: 'Steps', children: ['g0'], startedAt: at(0) }),
      node('g0', {
        type: 'StepGroup',
        displayName: '[0]',
        boundaryID: 'r',
        children: ['one'],
        startedAt: at(0),
      }),
      node('one', { type: 'Retry', boundaryID: 'r', children: ['one(0)', 'g1'], startedAt: at(0) }),
      node('one(0)', { type: 'Pod', boundaryID: 'r', startedAt: at(0) }),
      node('g1', {
        type: 'StepGroup',
        displayName: '[1]',
        boundaryID: 'r',
        children: ['two'],
        startedAt: at(1),
      }),
      node('two', { type: 'Pod', boundaryID: 'r', startedAt: at(1) }),
    ]);
    expect(stepColumn(renderNodeTable(wf, end))).toEqual(['STEP', ' ✔ r', ' ├───✔ one(0)', ' └───✔ two']);
  });

  it('hides omitted nodes', () => {
    const wf = workflowWith('dag', [
      node('dag', { type: 'DAG', startedAt: at(0) }),
      node('A', { type: 'Pod', boundaryID: 'dag', startedAt: at(0) }),
      node('B', { type: 'Skipped', boundaryID: 'dag', phase: 'Omitted', startedAt: at(1) }),
      node('C', {
        type: 'Skipped',
        boundaryID: 'dag',
        phase: 'Skipped',
        message: 'when false',
        startedAt: at(1),
      }),
    ]);
    expect(stepColumn(renderNodeTable(wf, end))).toEqual(['STEP', ' ✔ dag', ' ├─✔ A', ' └─○ C']);
  });

  it('prints the onExit tree after the main tree, separated by a blank row', () => {
    const wf = workflowWith('exit', [
      node('exit.onExit', { type: 'Pod', name: 'exit.onExit', displayName: 'exit.onExit', startedAt: at(5) }),
      node('exit', { type: 'Steps', name: 'exit', children: ['g'], startedAt: at(0) }),
      node('g', {
        type: 'StepGroup',
        displayName: '[0]',
        boundaryID: 'exit',
        children: ['work'],
        startedAt: at(0),
      }),
      node('work', { type: 'Pod', boundaryID: 'exit', phase: 'Error', startedAt: at(0) }),
    ]);
    expect(stepColumn(renderNodeTable(wf, end))).toEqual([
      'STEP',
      ' ✔ exit',
      ' └───⚠ work',
      '',
      ' ✔ exit.onExit',
    ]);
  });

  it('starts with a header of name, status, message, duration and progress', () => {
    const wf = workflowWith('wf', [node('wf', { type: 'Pod', phase: 'Running', startedAt: at(0) })], {
      phase: 'Running',
      finishedAt: undefined,
      message: 'waiting',
      progress: '0/1',
    });
    const lines = renderTree(wf, new Date(T0 + 75_000));
    expect(lines.slice(0, 6)).toEqual([
      'Name:                wf',
      'Status:              Running',
      'Message:             waiting',
      'Duration:            1m15s',
      'Progress:            0/1',
      '',
    ]);
    expect(lines[7]).toMatch(/^ ● wf\s+wf\s+1m15s$/);
  });

  it('renders only the header while there are no nodes yet', () => {
    const wf = workflowWith('wf', [], { phase: undefined, startedAt: undefined, progress: undefined });
    expect(renderTree(wf, end)).toEqual([
      'Name:                wf',
      'Status:              Pending',
      'Progress:',
    ]);
  });

  it('shows a waiting suspend node with the suspend icon and a templateRef as name/template', () => {
    const wf = workflowWith('s', [
      node('s', { type: 'Steps', children: ['g'], startedAt: at(0) }),
      node('g', { type: 'StepGroup', displayName: '[0]', boundaryID: 's', children: ['approve'] }),
      node('approve', {
        type: 'Suspend',
        boundaryID: 's',
        phase: 'Running',
        templateRef: { name: 'lib', template: 'gate' },
      }),
    ]);
    expect(renderNodeTable(wf, end)[2]).toMatch(/^ └───ǁ approve\s+lib\/gate$/);
  });

  it('colours icons without changing the column alignment', () => {
    const wf = workflowWith('wf', [
      node('wf', { type: 'Pod', phase: 'Failed', startedAt: at(0), finishedAt: at(1) }),
    ]);
    const plain = renderNodeTable(wf, end);
    const coloured = renderNodeTable(wf, end, { color: true });
    expect(coloured[1]).toBe(plain[1].replace('✖', '\u001b[31m✖\u001b[0m'));
  });

  it('adds an ARTIFACTS column in wide mode', () => {
    const artifacts = [{ name: 'out' }, { name: 'log' }];
    const wf = workflowWith('wf', [node('wf', { type: 'Pod', outputs: { artifacts }, startedAt: at(0) })]);
    const table = renderNodeTable(wf, end, { wide: true });
    expect(table[0]).toMatch(/DURATION\s+ARTIFACTS\s+MESSAGE$/);
    expect(table[1]).toMatch(/out,log$/);
  });
});
