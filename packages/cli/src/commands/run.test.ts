import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError as CoreInvalidInputError, type Workflow } from '@weft/core';
import type { RunWorkflowOptions, RunWorkflowResult } from '@weft/engine';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { at, node, workflowWith } from '../testing/builders.js';

const engine = vi.hoisted(() => ({
  run: undefined as undefined | ((options: RunWorkflowOptions) => Promise<RunWorkflowResult>),
}));

vi.mock('@weft/engine', async (importOriginal) => {
  const original = await importOriginal<typeof import('@weft/engine')>();
  return {
    ...original,
    runWorkflow: (options: RunWorkflowOptions) => {
      if (!engine.run) throw new Error('no fake engine');
      return engine.run(options);
    },
  };
});

const { assignName, isolationWarning, prepareRun, runCommand, runDirName } = await import('./run.js');

interface FakeIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
  interrupt(): void;
}

function fakeIo(cwd: string): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  let handler: (() => void) | undefined;
  return {
    out,
    err,
    cwd,
    env: {},
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    onInterrupt(h) {
      handler = h;
      return () => {
        handler = undefined;
      };
    },
    interrupt: () => handler?.(),
  };
}

let dir = '';
const runArgs = (extra: Partial<RunArgs> = {}): RunArgs => ({
  command: 'run',
  files: [join(dir, 'wf.yaml')],
  parameters: [],
  runtime: 'host',
  resumeAfter: [],
  supplied: [],
  ...extra,
});

function finished(phase: 'Succeeded' | 'Failed', submitted: Workflow): Workflow {
  const nodes = [node('w', { type: 'Pod', phase, startedAt: at(0), finishedAt: at(1) })];
  return { ...workflowWith('w', nodes, { phase }), spec: submitted.spec };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-cli-run-'));
  const wf =
    'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n  entrypoint: main\n  arguments: {parameters: [{name: a, value: x}, {name: b, value: x}]}\n  templates: [{name: main, container: {image: x, command: ["true"]}}]\n';
  await writeFile(join(dir, 'wf.yaml'), wf);
  await writeFile(join(dir, 'params.yaml'), 'a: from-file\nb: from-file\n');
});

beforeEach(() => {
  engine.run = undefined;
});

describe('weft run', () => {
  it('hands the engine the workflow, merged parameters and a default run directory', async () => {
    const options = await prepareRun(
      runArgs({ parameterFile: join(dir, 'params.yaml'), parameters: [{ name: 'a', value: 'flag' }] }),
      '/work',
    );
    expect(options.workflow.metadata.name).toBe('w');
    expect(options.parameters).toEqual([
      { name: 'a', value: 'flag' },
      { name: 'b', value: 'from-file' },
    ]);
    expect(options.runDir).toBe('/work/.weft-runs/w');
  });

  it('names a workflow that only has generateName, and its run directory after that name', () => {
    const wf = assignName({ metadata: { generateName: 'hello-' } } as Workflow, () => 0);
    expect(wf.metadata.name).toBe('hello-bbbbb');
    expect(runDirName(wf)).toBe('hello-bbbbb');
  });

  it('keeps a name the workflow already has', () => {
    const wf = { metadata: { name: 'mine', generateName: 'x-' } } as Workflow;
    expect(assignName(wf)).toBe(wf);
  });

  it('exits 0 and prints the final tree when the workflow succeeds', async () => {
    engine.run = async (options) => ({
      workflow: finished('Succeeded', options.workflow),
      isolation: 'overlay',
      logDirs: {},
    });
    const io = fakeIo(dir);
    expect(await runCommand(runArgs(), io)).toBe(0);
    expect(io.out.join('')).toMatch(/Status: +Succeeded[\s\S]*✔ w/);
    expect(io.err.join('')).toContain(`Run directory: ${join(dir, '.weft-runs', 'w')}`);
    expect(io.err.join('')).not.toContain('warning');
  });

  it('exits 1 and prints JSON for -o json when the workflow fails', async () => {
    engine.run = async (options) => ({
      workflow: finished('Failed', options.workflow),
      isolation: 'overlay',
      logDirs: {},
    });
    const io = fakeIo(dir);
    expect(await runCommand(runArgs({ output: 'json' }), io)).toBe(1);
    expect(JSON.parse(io.out.join('')).status.phase).toBe('Failed');
  });

  it('warns as the run starts, before any step, when steps are not isolated', async () => {
    const io = fakeIo(dir);
    let errBeforeSteps = '';
    engine.run = async (options) => {
      options.onStart?.({ name: 'w', isolation: 'none: no mount namespaces; steps share the host' });
      errBeforeSteps = io.err.join('');
      return { workflow: finished('Succeeded', options.workflow), isolation: 'none: …', logDirs: {} };
    };
    expect(await runCommand(runArgs(), io)).toBe(0);
    expect(errBeforeSteps).toContain(
      'weft: steps are not isolated: no mount namespaces; steps share the host\n',
    );
    expect(io.err.join('').match(/not isolated/g)).toHaveLength(1);
  });

  it('says nothing about isolation when steps are isolated', () => {
    expect(isolationWarning({ name: 'w', isolation: 'overlay mount namespace' })).toBeUndefined();
    expect(isolationWarning({ name: 'w', isolation: 'none: no overlay' })).toBe(
      'weft: steps are not isolated: no overlay',
    );
  });

  it('prints plain progress lines while running when stderr is not a terminal', async () => {
    engine.run = async (options) => {
      const running = workflowWith('w', [node('w', { type: 'Pod', phase: 'Running' })], { phase: 'Running' });
      options.onChange?.(running);
      return { workflow: finished('Succeeded', options.workflow), isolation: 'overlay', logDirs: {} };
    };
    const io = fakeIo(dir);
    await runCommand(runArgs(), io);
    const err = io.err.join('');
    expect(err).toMatch(/\d\d:\d\d:\d\d {2}w {2}Running\n/);
    expect(err).toMatch(/\d\d:\d\d:\d\d {2}w {2}Succeeded\n/);
  });

  it('stops the run on the first Ctrl-C, terminates it on the second, and still reports the final status', async () => {
    const io = fakeIo(dir);
    const requests: string[] = [];
    engine.run = (options) =>
      new Promise((resolve) => {
        options.control?.attach((request) => {
          requests.push(request.action);
          if (request.action === 'terminate')
            resolve({ workflow: finished('Failed', options.workflow), isolation: 'overlay', logDirs: {} });
          return { ok: true, message: request.action };
        });
        io.interrupt();
        io.interrupt();
      });
    expect(await runCommand(runArgs(), io)).toBe(1);
    expect(requests).toEqual(['stop', 'terminate']);
    expect(io.err.join('')).toContain('Stopping the workflow');
    expect(io.err.join('')).toContain('Terminating the workflow');
    expect(io.out.join('')).toMatch(/Status: +Failed/);
  });

  it('refuses to run an invalid workflow and runs nothing', async () => {
    await writeFile(
      join(dir, 'no-templates.yaml'),
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: no-templates}\nspec: {entrypoint: main}\n',
    );
    engine.run = vi.fn();
    await expect(
      runCommand(runArgs({ files: [join(dir, 'no-templates.yaml')] }), fakeIo(dir)),
    ).rejects.toThrow(/no-templates\.yaml:1: spec/);
    expect(engine.run).not.toHaveBeenCalled();
  });

  it('refuses an unknown -p parameter and runs nothing', async () => {
    engine.run = vi.fn();
    await expect(
      runCommand(runArgs({ parameters: [{ name: 'nope', value: '1' }] }), fakeIo(dir)),
    ).rejects.toThrow(/unknown parameter "nope"/);
    expect(engine.run).not.toHaveBeenCalled();
  });

  it('passes on the invalid-input error the engine raises before starting, for exit 2', async () => {
    const invalid = new CoreInvalidInputError([
      {
        code: 'missing-template',
        path: 'spec.workflowTemplateRef',
        message: 'WorkflowTemplate "lib" not found',
      },
    ]);
    engine.run = () => Promise.reject(invalid);
    await expect(runCommand(runArgs(), fakeIo(dir))).rejects.toBe(invalid);
  });

  it('prints a note for an object of a kind weft does not run, and runs the workflow', async () => {
    const wf = await readFile(join(dir, 'wf.yaml'), 'utf8');
    const pvc = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\n';
    await writeFile(join(dir, 'with-pvc.yaml'), `${pvc}---\n${wf}`);
    engine.run = async (options) => ({
      workflow: finished('Succeeded', options.workflow),
      isolation: 'overlay',
      logDirs: {},
    });
    const io = fakeIo(dir);
    expect(await runCommand(runArgs({ files: [join(dir, 'with-pvc.yaml')] }), io)).toBe(0);
    expect(io.err.join('')).toMatch(/note: .*with-pvc\.yaml:\d+: kind: PersistentVolumeClaim/);
  });
});
