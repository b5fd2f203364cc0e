/** archiveLogs stores the main log as Argo does: the plain text the container printed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scratch, weft, workflowYaml } from './weft.js';

it('archives the main log as plain text, without the stored timestamps', () => {
  const spec = {
    entrypoint: 'main',
    templates: [
      {
        name: 'main',
        archiveLocation: { archiveLogs: true },
        container: { image: 'busybox', command: ['sh', '-c', 'echo first line; echo second line >&2'] },
      },
    ],
  };
  const dir = scratch({ 'wf.yaml': workflowYaml(spec) });
  const run = weft(['run', 'wf.yaml', '-o', 'json', '--run-dir', 'run'], dir);
  expect(run.status, run.stderr).toBe(0);
  const name = JSON.parse(run.stdout).metadata.name;
  const got = weft(['artifacts', 'get', 'run', name, 'main-logs', '-o', 'main.log'], dir);
  expect(got.status, got.stderr).toBe(0);
  const text = readFileSync(join(dir, 'main.log'), 'utf8');
  expect(text.split('\n').filter(Boolean).sort()).toEqual(['first line', 'second line']);
});
