/**
 * Artifacts in real runs (runWorkflow + host runtime + local repository): passing between steps
 * and DAG tasks, archives, loops, optional and missing artifacts, http and git inputs, the size
 * limit, archived logs and artifact GC.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeStatus, Workflow } from '@weft/core';
import { describe, expect, it } from 'vitest';
import type { RunWorkflowOptions } from '../run/options.js';
import { runWorkflow } from '../run/run-workflow.js';

function workflow(name: string, templates: unknown[], spec: Record<string, unknown> = {}): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name },
    spec: { entrypoint: 'main', templates, ...spec },
  } as Workflow;
}

async function run(wf: Workflow, extra: Partial<RunWorkflowOptions> = {}) {
  const runDir = mkdtempSync(join(tmpdir(), 'weft-run-artifacts-'));
  const result = await runWorkflow({ workflow: wf, templates: [], configMaps: [], runDir, ...extra });
  const nodes = Object.values(result.workflow.status?.nodes ?? {}) as NodeStatus[];
  const node = (displayName: string) => nodes.find((n) => n.displayName === displayName) as NodeStatus;
  return { result, runDir, phase: result.workflow.status?.phase, node, nodes };
}

const sh = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  ...extra,
  container: { image: 'busybox', command: ['sh', '-c', script] },
});

const makeTree =
  'mkdir -p /tmp/out/a/b/empty && echo top > /tmp/out/top.txt && printf "#!/bin/sh\\necho tool\\n" > /tmp/out/a/b/tool ' +
  '&& chmod 755 /tmp/out/a/b/tool && echo private > /tmp/out/a/b/private && chmod 600 /tmp/out/a/b/private';
const showTree =
  'cd /tmp/in && find . | sort && stat -c "%a %n" a/b/tool a/b/private && ./a/b/tool && cat top.txt';
const expectedTree = [
  '.',
  './a',
  './a/b',
  './a/b/empty',
  './a/b/private',
  './a/b/tool',
  './top.txt',
  '755 a/b/tool',
  '600 a/b/private',
  'tool',
  'top',
].join('\n');

function producer(archive?: unknown) {
  return sh('produce', makeTree, {
    outputs: { artifacts: [{ name: 'tree', path: '/tmp/out', ...(archive ? { archive } : {}) }] },
  });
}
const consumer = sh('consume', showTree, { inputs: { artifacts: [{ name: 'tree', path: '/tmp/in' }] } });

describe('artifacts between steps', () => {
  it.each([
    ['tar+gzip (default)', undefined, /\/tree\.tgz$/],
    ['none', { none: {} }, /\/out$/],
    ['zip', { zip: {} }, /\/tree\.zip$/],
    ['tar without compression', { tar: { compressionLevel: 0 } }, /\/tree\.tgz$/],
  ])(
    'passes a directory with nested folders and modes from step to step, archived as %s',
    async (_l, archive, key) => {
      const { phase, node } = await run(
        workflow('pass', [
          {
            name: 'main',
            steps: [
              [{ name: 'gen', template: 'produce' }],
              [
                {
                  name: 'use',
                  template: 'consume',
                  arguments: { artifacts: [{ name: 'tree', from: '{{steps.gen.outputs.artifacts.tree}}' }] },
                },
              ],
            ],
          },
          producer(archive),
          consumer,
        ]),
      );
      expect(phase).toBe('Succeeded');
      // As in an S3 bucket, a directory stored without an archive keeps no empty folders.
      const expected =
        archive && 'none' in archive ? expectedTree.replace('./a/b/empty\n', '') : expectedTree;
      expect(node('use').outputs?.result).toBe(expected);
      const stored = node('gen').outputs?.artifacts?.[0] as { s3?: { key?: string } };
      expect(stored.s3?.key).toMatch(/^pass\/pass-produce-\d+\//);
      expect(stored.s3?.key).toMatch(key);
    },
  );

  it('passes an artifact between DAG tasks, with subPath and mode', async () => {
    const { phase, node } = await run(
      workflow('dag', [
        {
          name: 'main',
          dag: {
            tasks: [
              { name: 'gen', template: 'produce' },
              {
                name: 'run-tool',
                depends: 'gen',
                template: 'exec',
                arguments: {
                  artifacts: [
                    { name: 'tool', from: '{{tasks.gen.outputs.artifacts.tree}}', subPath: 'a/b/tool' },
                  ],
                },
              },
            ],
          },
        },
        producer(),
        sh('exec', 'stat -c %a /tmp/tool && /tmp/tool', {
          inputs: { artifacts: [{ name: 'tool', path: '/tmp/tool', mode: 0o700 }] },
        }),
      ]),
    );
    expect(phase).toBe('Succeeded');
    expect(node('run-tool').outputs?.result).toBe('700\ntool');
  });

  it('aggregates artifacts written by loop iterations under one key prefix and reads them as a directory', async () => {
    const { phase, node } = await run(
      workflow('loop', [
        {
          name: 'main',
          steps: [
            [
              {
                name: 'part',
                template: 'part',
                withItems: ['a', 'b', 'c'],
                arguments: { parameters: [{ name: 'i', value: '{{item}}' }] },
              },
            ],
            [{ name: 'gather', template: 'gather' }],
          ],
        },
        sh('part', 'echo part-{{inputs.parameters.i}} > /tmp/p.txt', {
          inputs: { parameters: [{ name: 'i' }] },
          outputs: {
            artifacts: [
              {
                name: 'p',
                path: '/tmp/p.txt',
                archive: { none: {} },
                s3: { key: 'loop/parts/{{inputs.parameters.i}}.txt' },
              },
            ],
          },
        }),
        sh('gather', 'cat /tmp/parts/*', {
          inputs: { artifacts: [{ name: 'parts', path: '/tmp/parts', s3: { key: 'loop/parts' } }] },
        }),
      ]),
    );
    expect(phase).toBe('Succeeded');
    expect(node('gather').outputs?.result).toBe('part-a\npart-b\npart-c');
  });

  it('skips a missing optional input and output, and fails a missing required input with Argo’s message', async () => {
    const { phase, node } = await run(
      workflow('optional', [
        {
          name: 'main',
          steps: [
            [{ name: 'maybe', template: 'maybe' }],
            [{ name: 'reader', template: 'reader' }],
            [{ name: 'strict', template: 'strict' }],
          ],
        },
        sh('maybe', 'true', {
          outputs: { artifacts: [{ name: 'x', path: '/tmp/nothing', optional: true }] },
        }),
        sh('reader', 'ls /tmp/opt 2>/dev/null || echo absent', {
          inputs: {
            artifacts: [{ name: 'opt', path: '/tmp/opt', optional: true, s3: { key: 'no/such/key' } }],
          },
        }),
        sh('strict', 'true', {
          inputs: { artifacts: [{ name: 'need', path: '/tmp/need', s3: { key: 'no/such/key' } }] },
        }),
      ]),
    );
    expect(node('maybe').phase).toBe('Succeeded');
    expect(node('maybe').outputs?.artifacts).toBeUndefined();
    expect(node('reader').outputs?.result).toBe('absent');
    expect(phase).toBe('Failed');
    expect(node('strict').phase).toBe('Error');
    expect(node('strict').message).toMatch(
      /^artifact need failed to load: key "no\/such\/key" in the artifact repository/,
    );
  });

  it('fails a step whose output artifact is over the size limit, with the sizes in the message', async () => {
    const { phase, node } = await run(
      workflow('limit', [
        sh('main', 'head -c 5000 /dev/zero > /tmp/big', {
          outputs: { artifacts: [{ name: 'big', path: '/tmp/big' }] },
        }),
      ]),
      { artifactSizeLimit: 1000 },
    );
    expect(phase).toBe('Error');
    expect(node('limit').message).toBe(
      'output artifact "big" (/tmp/big) is 4.9 KiB, over the artifact size limit of 1000 B (--artifact-size-limit)',
    );
  });
});

describe('input artifact sources', () => {
  it('downloads an http artifact with headers, and unpacks it when it is a tarball', async () => {
    const server = createServer((request, response) => {
      if (request.headers['x-token'] !== 'secret') return void response.writeHead(403).end();
      response.end('from http\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file.txt`;
    try {
      const { phase, node } = await run(
        workflow('http', [
          sh('main', 'cat /tmp/f.txt', {
            inputs: {
              artifacts: [
                {
                  name: 'f',
                  path: '/tmp/f.txt',
                  http: { url, headers: [{ name: 'X-Token', value: 'secret' }] },
                },
              ],
            },
          }),
        ]),
      );
      expect(phase).toBe('Succeeded');
      expect(node('http').outputs?.result).toBe('from http');
    } finally {
      server.close();
    }
  });

  it('clones a git artifact at a revision', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'weft-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args])
        .toString()
        .trim();
    git('init', '-q');
    writeFileSync(join(repo, 'v.txt'), 'one\n');
    git('add', '.');
    git('commit', '-qm', 'one');
    const first = git('rev-parse', 'HEAD');
    writeFileSync(join(repo, 'v.txt'), 'two\n');
    git('commit', '-qam', 'two');
    const { phase, node } = await run(
      workflow('git', [
        sh('main', 'cat /src/v.txt', {
          inputs: {
            artifacts: [{ name: 'src', path: '/src', git: { repo: `file://${repo}`, revision: first } }],
          },
        }),
      ]),
    );
    expect(phase).toBe('Succeeded');
    expect(node('git').outputs?.result).toBe('one');
  });
});

describe('archived logs and artifact GC', () => {
  it('archives the main log as main-logs when the template asks (archiveLocation.archiveLogs)', async () => {
    const { phase, node, result } = await run(
      workflow('logs', [sh('main', 'echo logged line', { archiveLocation: { archiveLogs: true } })]),
    );
    expect(phase).toBe('Succeeded');
    expect(node('logs').outputs?.artifacts).toEqual([
      { name: 'main-logs', s3: { key: expect.stringMatching(/^logs\/logs\/main\.log$/) } },
    ]);
    expect(result.artifacts?.map((a) => a.name)).toEqual(['main-logs']);
  });

  it('deletes OnWorkflowCompletion artifacts when the run ends and keeps the others', async () => {
    const { phase, runDir, result } = await run(
      workflow(
        'gc',
        [
          sh('main', 'echo a > /tmp/a; echo b > /tmp/b', {
            outputs: {
              artifacts: [
                { name: 'gone', path: '/tmp/a' },
                { name: 'kept', path: '/tmp/b', artifactGC: { strategy: 'Never' } },
              ],
            },
          }),
        ],
        { artifactGC: { strategy: 'OnWorkflowCompletion' } },
      ),
    );
    expect(phase).toBe('Succeeded');
    expect(result.artifacts?.map((a) => a.name)).toEqual(['kept']);
    const refs = join(runDir, 'artifacts', 'refs', 'gc', 'gc');
    expect(readdirSync(refs)).toEqual(['kept.tgz.ref']);
    const blobs = join(runDir, 'artifacts', 'blobs');
    expect(readdirSync(blobs).flatMap((d) => readdirSync(join(blobs, d)))).toHaveLength(1);
  });
});

describe('repository selection', () => {
  it('falls back to the local repository with a notice when artifactRepositoryRef names a ConfigMap not given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-ref-'));
    mkdirSync(dir, { recursive: true });
    const { phase } = await run(
      workflow(
        'ref',
        [sh('main', 'echo x > /tmp/x', { outputs: { artifacts: [{ name: 'x', path: '/tmp/x' }] } })],
        {
          artifactRepositoryRef: { configMap: 'missing', key: 'k' },
        },
      ),
    );
    expect(phase).toBe('Succeeded');
    expect(existsSync(dir)).toBe(true);
  });
});
