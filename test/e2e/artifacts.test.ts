/** Artifacts end to end: the table `weft run` prints, `weft artifacts get`, and `weft delete`. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratch, weft, workflowYaml } from './weft.js';

const producer = {
  entrypoint: 'main',
  artifactGC: { strategy: 'OnWorkflowDeletion' },
  templates: [
    {
      name: 'main',
      container: {
        image: 'alpine:3',
        command: [
          'sh',
          '-c',
          'mkdir -p /tmp/out/sub && echo deep > /tmp/out/sub/f && chmod 700 /tmp/out/sub/f',
        ],
      },
      outputs: { artifacts: [{ name: 'tree', path: '/tmp/out' }] },
    },
  ],
};

describe('weft artifacts', () => {
  it('prints where each output artifact is stored, extracts one by node name, and deletes the run', () => {
    const dir = scratch({ 'wf.yaml': workflowYaml(producer, 'art-') });
    const run = weft(['run', 'wf.yaml', '--run-dir', 'run'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/Artifacts \(weft artifacts get .*run NODE NAME\):\nNODE +NAME +STORED AT\n/);
    const row = run.stderr.split('\n').find((line) => line.includes(' tree '));
    expect(row).toMatch(/^art-[a-z0-9]{5} +tree +local:art-[a-z0-9]{5}\/art-[a-z0-9]{5}\/tree\.tgz$/);
    const node = (row as string).split(/ +/)[0] as string;

    const got = weft(['artifacts', 'get', 'run', node, 'tree', '-o', 'copy'], dir);
    expect(got.status).toBe(0);
    expect(readFileSync(join(dir, 'copy', 'sub', 'f'), 'utf8')).toBe('deep\n');
    expect(statSync(join(dir, 'copy', 'sub', 'f')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'copy', 'sub', 'f')).nlink).toBe(1);

    const again = weft(['artifacts', 'get', 'run', node, 'tree', '-o', 'copy'], dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/copy already exists/);
    const unknown = weft(['artifacts', 'get', 'run', node, 'nope'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(`no stored artifact "nope" of node "${node}"`);
    expect(unknown.stderr).toContain(`(stored: ${node}/tree)`);

    const deleted = weft(['delete', 'run'], dir);
    expect(deleted.status).toBe(0);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });

  it('fails a run whose artifact exceeds --artifact-size-limit with a clear message', () => {
    const dir = scratch({ 'wf.yaml': workflowYaml(producer, 'big-') });
    const run = weft(['run', 'wf.yaml', '--run-dir', 'run', '--artifact-size-limit', '2', '-o', 'json'], dir);
    expect(run.status).toBe(1);
    const workflow = JSON.parse(run.stdout);
    const node = Object.values(workflow.status.nodes)[0] as { phase: string; message: string };
    expect(node.phase).toBe('Error');
    expect(node.message).toBe(
      'output artifact "tree" (/tmp/out) is 5 B, over the artifact size limit of 2 B (--artifact-size-limit)',
    );
  });
});
