/** `weft run` end to end: Argo-shaped output, exit codes, logs of failed steps, isolated steps. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeId } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { scratch, weft, workflowYaml } from './weft.js';

function runJson(spec: Record<string, unknown>, extra: string[] = []) {
  const dir = scratch({ 'wf.yaml': workflowYaml(spec) });
  const result = weft(['run', 'wf.yaml', '-o', 'json', '--run-dir', 'run', ...extra], dir);
  return { ...result, dir, workflow: result.stdout ? JSON.parse(result.stdout) : undefined };
}

const sh = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  container: { image: 'alpine:3', command: ['sh', '-c', script] },
  ...extra,
});

describe('weft run', () => {
  it('prints the final workflow in Argo shape with Argo node ids and exits 0 on success', () => {
    const { status, workflow } = runJson({
      entrypoint: 'main',
      templates: [{ name: 'main', steps: [[{ name: 'hello', template: 'say' }]] }, sh('say', 'echo hello')],
    });
    expect(status).toBe(0);
    const name: string = workflow.metadata.name;
    expect(name).toMatch(/^e2e-[a-z0-9]{5}$/);
    expect(workflow.status.phase).toBe('Succeeded');
    expect(workflow.status.startedAt).toMatch(/Z$/);
    expect(workflow.status.finishedAt).toMatch(/Z$/);
    expect(workflow.status.progress).toBe('1/1');
    const hello = workflow.status.nodes[nodeId(name, `${name}[0].hello`)];
    expect(hello).toMatchObject({
      displayName: 'hello',
      type: 'Pod',
      phase: 'Succeeded',
      templateName: 'say',
    });
    expect(hello.outputs.result).toBe('hello');
    expect(workflow.status.nodes[name]).toMatchObject({ type: 'Steps', phase: 'Succeeded' });
  });

  it('exits 1 on a failed workflow and prints the failed step log', () => {
    const { status, stderr, workflow } = runJson({
      entrypoint: 'boom',
      templates: [sh('boom', 'echo about to fail; exit 3')],
    });
    expect(status).toBe(1);
    expect(workflow.status.phase).toBe('Failed');
    expect(workflow.status.nodes[workflow.metadata.name].message).toBe('Error (exit code 3)');
    expect(stderr).toContain('about to fail');
  });

  it('keeps each step log in the run directory', () => {
    const { dir, workflow } = runJson({ entrypoint: 'say', templates: [sh('say', 'echo kept >&2')] });
    const log = join(dir, 'run', 'steps', workflow.metadata.name, 'logs', 'main.log');
    expect(existsSync(log)).toBe(true);
    expect(readFileSync(log, 'utf8')).toContain('kept');
  });

  it('gives parallel steps their own view of the same absolute path', () => {
    const write = sh('write', 'echo {{inputs.parameters.v}} > /tmp/out.txt; sleep 0.3; cat /tmp/out.txt', {
      inputs: { parameters: [{ name: 'v' }] },
      outputs: { parameters: [{ name: 'seen', valueFrom: { path: '/tmp/out.txt' } }] },
    });
    const steps = [
      [1, 2, 3, 4].map((v) => ({
        name: `w${v}`,
        template: 'write',
        arguments: { parameters: [{ name: 'v', value: String(v) }] },
      })),
    ];
    const { status, workflow } = runJson({ entrypoint: 'main', templates: [{ name: 'main', steps }, write] });
    expect(status).toBe(0);
    const nodes = Object.values(workflow.status.nodes) as {
      displayName: string;
      outputs?: { result?: string; parameters?: { value: string }[] };
    }[];
    for (const v of [1, 2, 3, 4]) {
      const node = nodes.find((n) => n.displayName === `w${v}`);
      expect(node?.outputs?.result).toBe(String(v));
      expect(node?.outputs?.parameters?.[0].value).toBe(String(v));
    }
  });

  it('applies -p overrides and --entrypoint', () => {
    const spec = {
      entrypoint: 'first',
      arguments: { parameters: [{ name: 'who', value: 'nobody' }] },
      templates: [sh('first', 'echo first'), sh('second', 'echo {{workflow.parameters.who}}')],
    };
    const { status, workflow } = runJson(spec, ['-p', 'who=weft', '--entrypoint', 'second']);
    expect(status).toBe(0);
    expect(workflow.status.nodes[workflow.metadata.name].outputs.result).toBe('weft');
  });
});
