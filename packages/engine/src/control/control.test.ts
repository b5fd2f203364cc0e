import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workflow } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { runWorkflow } from '../run/run-workflow.js';
import { RunControl } from './protocol.js';
import { sendControlRequest } from './socket.js';

/** approve (suspend, supplied output `message`) → release echoes it. */
function approvalWorkflow(suspend = false): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'approval' },
    spec: {
      entrypoint: 'main',
      ...(suspend ? { suspend: true } : {}),
      templates: [
        {
          name: 'main',
          steps: [
            [{ name: 'approve', template: 'approve' }],
            [
              {
                name: 'release',
                template: 'print',
                arguments: {
                  parameters: [{ name: 'm', value: '{{steps.approve.outputs.parameters.message}}' }],
                },
              },
            ],
          ],
        },
        {
          name: 'approve',
          suspend: {},
          outputs: { parameters: [{ name: 'message', valueFrom: { supplied: {} } }] },
        },
        {
          name: 'print',
          inputs: { parameters: [{ name: 'm' }] },
          container: { image: 'alpine:3', command: ['sh', '-c', 'echo "{{inputs.parameters.m}}"'] },
        },
      ],
    },
  };
}

/** Resolves once `ready` holds for a live workflow object. */
function whenChanged(ready: (wf: Workflow) => boolean) {
  let fire: () => void = () => {};
  const reached = new Promise<void>((done) => {
    fire = done;
  });
  return { reached, onChange: (wf: Workflow) => ready(wf) && fire() };
}

const approveSuspended = (wf: Workflow) =>
  Object.values(wf.status?.nodes ?? {}).some((n) => n.displayName === 'approve' && n.phase === 'Running');

describe('the control channel of a run', () => {
  it('answers status, refuses a resume Argo refuses, and resumes with supplied values over the socket', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'weft-control-'));
    const socket = join(runDir, 'control.sock');
    const watch = whenChanged(approveSuspended);
    const run = runWorkflow({
      workflow: approvalWorkflow(),
      templates: [],
      configMaps: [],
      runDir,
      controlSocket: socket,
      onChange: watch.onChange,
    });
    await watch.reached;
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(await sendControlRequest(socket, { action: 'status' })).toMatchObject({
      ok: true,
      status: { name: 'approval', phase: 'Running', suspendedNodes: ['approve'], workflowSuspended: false },
    });
    expect(await sendControlRequest(socket, { action: 'resume' })).toEqual({
      ok: false,
      error: "raw output parameter 'message' has not been set and does not have a default value",
    });
    expect(
      await sendControlRequest(socket, { action: 'resume', node: 'approve', values: { message: 'go' } }),
    ).toEqual({ ok: true, message: 'resumed node approve with message="go"' });
    const { workflow } = await run;
    expect(workflow.status?.phase).toBe('Succeeded');
    const release = Object.values(workflow.status?.nodes ?? {}).find((n) => n.displayName === 'release');
    expect(release?.outputs?.result).toBe('go');
    expect(existsSync(socket)).toBe(false);
  });

  it('lifts spec.suspend through an in-process RunControl, then stops the run', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'weft-control-'));
    const control = new RunControl();
    const watch = whenChanged(approveSuspended);
    const run = runWorkflow({
      workflow: approvalWorkflow(true),
      templates: [],
      configMaps: [],
      runDir,
      control,
      onChange: watch.onChange,
    });
    await new Promise((done) => setTimeout(done, 50));
    expect(control.request({ action: 'resume' })).toEqual({ ok: true, message: 'resumed workflow approval' });
    await watch.reached;
    expect(control.request({ action: 'stop' })).toEqual({
      ok: true,
      message: 'stopping workflow approval (strategy Stop)',
    });
    const { workflow } = await run;
    expect(workflow.status).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Stop'" });
    expect(control.request({ action: 'terminate' })).toEqual({
      ok: false,
      error: 'the workflow is not running',
    });
  });

  it('rejects malformed requests on the socket', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'weft-control-'));
    const socket = join(runDir, 'control.sock');
    const control = new RunControl();
    const watch = whenChanged(approveSuspended);
    const run = runWorkflow({
      workflow: approvalWorkflow(),
      templates: [],
      configMaps: [],
      runDir,
      control,
      controlSocket: socket,
      onChange: watch.onChange,
    });
    await watch.reached;
    expect(await sendControlRequest(socket, { action: 'explode' } as never)).toEqual({
      ok: false,
      error: 'unknown action "explode"',
    });
    control.request({ action: 'terminate' });
    expect((await run).workflow.status?.message).toBe("Stopped with strategy 'Terminate'");
  });
});
