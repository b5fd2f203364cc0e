/**
 * Acting on a running `weft run` from another process: `weft resume`, `weft node set`, `weft stop`,
 * `weft terminate` through the run's control socket, and Ctrl-C (stop, then terminate).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWeft } from './background.js';
import { scratch, weft, workflowYaml } from './weft.js';

const sh = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  container: { image: 'alpine:3', command: ['sh', '-c', script] },
  ...extra,
});

/** approve (suspend with a supplied output `message`) → release echoes it. */
const approval = {
  entrypoint: 'main',
  templates: [
    {
      name: 'main',
      steps: [
        [{ name: 'approve', template: 'approve' }],
        [
          {
            name: 'release',
            template: 'print',
            arguments: { parameters: [{ name: 'm', value: '{{steps.approve.outputs.parameters.message}}' }] },
          },
        ],
      ],
    },
    {
      name: 'approve',
      suspend: {},
      outputs: { parameters: [{ name: 'message', valueFrom: { supplied: {} } }] },
    },
    sh('print', 'echo "{{inputs.parameters.m}}"', { inputs: { parameters: [{ name: 'm' }] } }),
  ],
};

/** A long step, and an exit handler that takes a while too. */
const longWithExitHandler = (exitSeconds: number) => ({
  entrypoint: 'main',
  onExit: 'bye',
  templates: [sh('main', 'sleep 30'), sh('bye', `sleep ${exitSeconds}; echo bye`)],
});

function background(spec: Record<string, unknown>, name: string, extra: string[] = []) {
  const dir = scratch({ 'wf.yaml': workflowYaml(spec, `${name}-`) });
  const run = startWeft(['run', 'wf.yaml', '-o', 'json', ...extra], dir);
  return { dir, run };
}

function nodeNamed(workflow: { status: { nodes: Record<string, { displayName: string }> } }, name: string) {
  return Object.values(workflow.status.nodes).find((n) => n.displayName === name) as Record<string, unknown>;
}

describe('weft resume and weft node set', () => {
  it('resumes a suspended node from another process with a supplied value, after refusing a bare resume', async () => {
    const { dir, run } = background(approval, 'approval');
    await run.waitFor(/approve\s+Running/);
    const runDir = readdirSync(join(dir, '.weft-runs'))[0] as string;
    const socket = join(dir, '.weft-runs', runDir, 'control.sock');
    expect(statSync(socket).mode & 0o777).toBe(0o600);

    const refused = weft(['resume'], dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      "raw output parameter 'message' has not been set and does not have a default value",
    );
    const set = weft(['node', 'set', runDir, '--node', 'approve', '-p', 'message=ship it'], dir);
    expect(set).toMatchObject({ status: 0, stdout: 'set message="ship it" on node approve\n' });
    const resumed = weft(['resume', runDir], dir);
    expect(resumed).toMatchObject({ status: 0, stdout: 'resumed node approve\n' });

    const finished = await run.finished;
    expect(finished.status).toBe(0);
    const workflow = JSON.parse(finished.stdout);
    expect(workflow.status.phase).toBe('Succeeded');
    expect(nodeNamed(workflow, 'release').outputs).toMatchObject({ result: 'ship it' });
    expect(existsSync(socket)).toBe(false);
  });

  it('starts a spec.suspend workflow only when resumed, by --resume-after with --set values', async () => {
    const { run } = background({ ...approval, suspend: true }, 'held', [
      '--resume-after',
      '0',
      '--resume-after',
      '0.2:approve',
      '--set',
      'approve:message=from flags',
    ]);
    const finished = await run.finished;
    expect(finished.status).toBe(0);
    expect(finished.stderr).toMatch(/--resume-after: resumed workflow held-\w+/);
    expect(finished.stderr).toContain('--resume-after: resumed node approve with message="from flags"');
    const workflow = JSON.parse(finished.stdout);
    expect(workflow.spec.suspend).toBeUndefined();
    expect(nodeNamed(workflow, 'release').outputs).toMatchObject({ result: 'from flags' });
  });

  it('says clearly when no workflow is running, and exits 1', () => {
    const dir = scratch({});
    const result = weft(['resume'], dir);
    expect(result).toMatchObject({ status: 1, stderr: 'weft: no workflow is running under .weft-runs/\n' });
    const named = weft(['stop', 'nope'], dir);
    expect(named.status).toBe(1);
    expect(named.stderr).toContain('no run directory "nope"');
  });

  it('exits 2 on bad arguments', () => {
    const dir = scratch({});
    expect(weft(['stop', '--node', 'x'], dir).status).toBe(2);
    expect(weft(['node', 'set', '--node', 'x'], dir).status).toBe(2);
    expect(weft(['resume', '-p', 'novalue'], dir).status).toBe(2);
    expect(weft(['run', 'wf.yaml', '--resume-after', 'soon'], dir).status).toBe(2);
  });
});

describe('weft stop and weft terminate', () => {
  it('stop kills the running step, still runs the exit handler, and fails the workflow', async () => {
    const { dir, run } = background(longWithExitHandler(0), 'stopped');
    await run.waitFor(/stopped-\w+\s+Running/);
    const stopped = weft(['stop'], dir);
    expect(stopped.status).toBe(0);
    expect(stopped.stdout).toMatch(/^stopping workflow stopped-\w+ \(strategy Stop\)\n$/);
    const finished = await run.finished;
    expect(finished.status).toBe(1);
    const workflow = JSON.parse(finished.stdout);
    expect(workflow.status).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Stop'" });
    expect(workflow.status.nodes[workflow.metadata.name]).toMatchObject({
      phase: 'Failed',
      message: 'workflow shutdown with strategy:  Stop',
    });
    expect(nodeNamed(workflow, `${workflow.metadata.name}.onExit`)).toMatchObject({ phase: 'Succeeded' });
  });

  it('terminate kills the running step and runs no exit handler', async () => {
    const { dir, run } = background(longWithExitHandler(0), 'terminated');
    await run.waitFor(/terminated-\w+\s+Running/);
    expect(weft(['terminate'], dir).status).toBe(0);
    const finished = await run.finished;
    expect(finished.status).toBe(1);
    const workflow = JSON.parse(finished.stdout);
    expect(workflow.status).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Terminate'" });
    expect(nodeNamed(workflow, `${workflow.metadata.name}.onExit`)).toBeUndefined();
    expect(weft(['terminate'], dir)).toMatchObject({ status: 1 });
  });
});

describe('Ctrl-C', () => {
  it('stops on the first, terminates (killing the exit handler) on the second, and still prints the result', async () => {
    const { run } = background(longWithExitHandler(30), 'interrupted');
    await run.waitFor(/interrupted-\w+\s+Running/);
    run.child.kill('SIGINT');
    await run.waitFor(/onExit\s+Running/);
    run.child.kill('SIGINT');
    const finished = await run.finished;
    expect(finished.status).toBe(1);
    expect(finished.stderr).toContain('Stopping the workflow');
    expect(finished.stderr).toContain('Terminating the workflow');
    const workflow = JSON.parse(finished.stdout);
    // As in Argo, the workflow's message names the strategy in force at the end.
    expect(workflow.status).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Terminate'" });
    expect(nodeNamed(workflow, `${workflow.metadata.name}.onExit`)).toMatchObject({
      phase: 'Failed',
      message: 'workflow shutdown with strategy:  Terminate',
    });
  });
});
