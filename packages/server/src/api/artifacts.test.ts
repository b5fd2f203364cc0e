import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactRepository } from '@weft/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDirOf } from '../paths.js';
import { type ApiHarness, startApi } from './testing/api-harness.js';
import { helloWorkflow, podNode } from './testing/builders.js';

let api: ApiHarness;
let scratch: string;
let repository: LocalArtifactRepository;
const longName = `${'deep/'.repeat(30)}file.txt`;

async function stage(name: string, files: Record<string, string>): Promise<string> {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

beforeEach(async () => {
  api = await startApi();
  scratch = mkdtempSync(join(tmpdir(), 'weft-artifacts-test-'));
  const created = await api.request('POST', '/api/v1/workflows/argo', {
    workflow: helloWorkflow({ name: 'wf' }),
  });
  repository = new LocalArtifactRepository(
    join(runDirOf(api.dataDir, created.body.metadata.uid), 'artifacts'),
  );
  writeFileSync(join(scratch, 'out.txt'), 'hello artifact\n');
  await repository.save('wf/wf-1/out.tgz', join(scratch, 'out.txt'), { format: 'tar' });
  writeFileSync(join(scratch, 'plain.json'), '{"a":1}');
  await repository.save('wf/wf-1/plain.json', join(scratch, 'plain.json'), { format: 'none' });
  const site = await stage('site', { 'index.html': '<h1>hi</h1>', 'css/app.css': 'body{}' });
  await repository.save('wf/wf-1/site', site, { format: 'none' });
  const files = await stage('files', { 'a.txt': 'A', 'sub/b.txt': 'B' });
  await repository.save('wf/wf-1/files', files, { format: 'none' });
  const tree = await stage('tree', { 'x.txt': 'X', [longName]: 'long' });
  symlinkSync('x.txt', join(tree, 'link'));
  await repository.save('wf/wf-1/tree.tgz', tree, { format: 'tar' });
  await api.controller.putNodes('argo', 'wf', [
    podNode('wf-1', 'Succeeded', {
      outputs: {
        artifacts: [
          { name: 'out', path: '/tmp/out.txt', s3: { key: 'wf/wf-1/out.tgz' } },
          {
            name: 'plain',
            path: '/tmp/plain.json',
            s3: { key: 'wf/wf-1/plain.json' },
            archive: { none: {} },
          },
          { name: 'site', path: '/tmp/site', s3: { key: 'wf/wf-1/site' }, archive: { none: {} } },
          { name: 'files', path: '/tmp/files', s3: { key: 'wf/wf-1/files' }, archive: { none: {} } },
          { name: 'tree', path: '/work/tree', s3: { key: 'wf/wf-1/tree.tgz' } },
          { name: 'note', raw: { data: 'raw text' } },
        ],
      },
      inputs: { artifacts: [{ name: 'in', path: '/tmp/in.txt', s3: { key: 'wf/wf-1/out.tgz' } }] },
    }),
  ]);
});
afterEach(async () => {
  await api.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The status of a GET sent with its path exactly as given (fetch would resolve `..`). */
function rawStatus(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(api.base);
    get({ hostname, port, path }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

async function download(path: string) {
  const response = await fetch(api.base + path, { redirect: 'manual' });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

function untar(bytes: Buffer): string {
  const dir = mkdtempSync(join(scratch, 'untar-'));
  writeFileSync(join(dir, 'a.tgz'), bytes);
  execFileSync('tar', ['-xzf', 'a.tgz'], { cwd: dir });
  return dir;
}

describe('GET /artifacts/{ns}/{wf}/{node}/{name}', () => {
  it('sends a tar artifact as the .tgz Argo stores, its root named after the artifact path', async () => {
    const { response, bytes } = await download('/artifacts/argo/wf/wf-1/out');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    expect(response.headers.get('content-disposition')).toBe('filename="out.tgz"');
    expect(readFileSync(join(untar(bytes), 'out.txt'), 'utf8')).toBe('hello artifact\n');
  });

  it('sends an unarchived file as stored, typed by its extension', async () => {
    const { response, bytes } = await download('/artifacts/argo/wf/wf-1/plain');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('content-disposition')).toBe('filename="plain.json"');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(bytes.toString()).toBe('{"a":1}');
  });

  it('archives a directory with symlinks and long paths faithfully', async () => {
    const { bytes } = await download('/artifacts/argo/wf/wf-1/tree');
    const dir = untar(bytes);
    expect(readFileSync(join(dir, 'tree', longName), 'utf8')).toBe('long');
    expect(readFileSync(join(dir, 'tree', 'link'), 'utf8')).toBe('X');
  });

  it('sends a raw artifact’s data and an input artifact by its key', async () => {
    expect((await download('/artifacts/argo/wf/wf-1/note')).bytes.toString()).toBe('raw text');
    const input = await download('/input-artifacts/argo/wf/wf-1/in');
    expect(readFileSync(join(untar(input.bytes), 'in.txt'), 'utf8')).toBe('hello artifact\n');
  });

  it('answers 404 for a missing workflow, node or artifact, with a message', async () => {
    for (const path of [
      '/artifacts/argo/nope/wf-1/out',
      '/artifacts/argo/wf/wf-9/out',
      '/artifacts/argo/wf/wf-1/nope',
    ]) {
      const response = await api.request('GET', path);
      expect(response.status, path).toBe(404);
      expect(response.body.code, path).toBe(5);
    }
  });
});

describe('GET /artifact-files/{ns}/workflows/{wf}/{node}/outputs/{name}', () => {
  const base = '/artifact-files/argo/workflows/wf/wf-1/outputs';

  it('sends a file artifact as stored', async () => {
    expect((await download(`${base}/plain`)).bytes.toString()).toBe('{"a":1}');
    const { bytes } = await download(`${base}/out`);
    expect(readFileSync(join(untar(bytes), 'out.txt'), 'utf8')).toBe('hello artifact\n');
  });

  it('redirects a directory to its listing, which links each entry', async () => {
    const redirect = await download(`${base}/files`);
    expect(redirect.response.status).toBe(307);
    expect(redirect.response.headers.get('location')).toBe(`${base}/files/`);
    const listing = await download(`${base}/files/`);
    expect(listing.response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = listing.bytes.toString();
    expect(html).toContain('<a href="./a.txt">a.txt</a>');
    expect(html).toContain('<a href="./sub/">sub/</a>');
    expect((await download(`${base}/files/sub/b.txt`)).bytes.toString()).toBe('B');
  });

  it('redirects a directory holding index.html to it', async () => {
    const response = await download(`${base}/site/`);
    expect(response.response.status).toBe(307);
    expect(response.response.headers.get('location')).toBe(`${base}/site/index.html`);
    expect((await download(`${base}/site/index.html`)).bytes.toString()).toBe('<h1>hi</h1>');
  });

  it('sends a file inside a tar artifact by its path', async () => {
    expect((await download(`${base}/tree/x.txt`)).bytes.toString()).toBe('X');
  });

  it('refuses .. segments, unknown directions and archived workflows', async () => {
    expect(await rawStatus(`${base}/files/../secret`)).toBe(400);
    expect(await rawStatus(`${base}/files/%2E%2E/secret`)).toBe(400);
    expect((await api.request('GET', '/artifact-files/argo/workflows/wf/wf-1/sideways/out')).status).toBe(
      400,
    );
    expect(
      (await api.request('GET', '/artifact-files/argo/archived-workflows/uid/wf-1/outputs/out')).status,
    ).toBe(404);
  });
});
