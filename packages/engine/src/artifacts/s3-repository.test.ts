/**
 * The S3 repository against a real S3-protocol server (s3rver, on 127.0.0.1 only): objects as
 * Argo writes them, and a whole run selecting it through the `artifact-repositories` ConfigMap
 * with credentials from a Secret manifest.
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ConfigMap, NodeStatus, Workflow } from '@weft/core';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkflow } from '../run/run-workflow.js';
import { collectGarbageOnDeletion, readArtifactIndex } from './artifact-gc.js';
import { S3ArtifactRepository } from './s3-repository.js';

let server: S3rver;
let lastRun = { runDir: '', key: '' };
let endpoint = '';
const bucket = 'weft-test';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

beforeAll(async () => {
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: mkdtempSync(join(tmpdir(), 'weft-s3rver-')),
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = (await server.run()) as { address: string; port: number };
  endpoint = `${address.address}:${address.port}`;
});

afterAll(async () => {
  await server?.close();
});

function repository(): S3ArtifactRepository {
  return new S3ArtifactRepository({
    bucket,
    endpoint,
    insecure: true,
    credentials,
    locationFields: { bucket, endpoint },
  });
}

async function objectBytes(key: string): Promise<Buffer> {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: `http://${endpoint}`,
    forcePathStyle: true,
    credentials,
  });
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(
    await (response.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
  client.destroy();
  return bytes;
}

function tree(root: string): string {
  mkdirSync(join(root, 'nested'), { recursive: true });
  writeFileSync(join(root, 'a.txt'), 'A');
  writeFileSync(join(root, 'nested', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  return root;
}

describe('S3 artifact repository', () => {
  it('stores a directory as a gzipped tar object and fetches the same object back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-s3-'));
    const repo = repository();
    await repo.save('wf/pod/tree.tgz', tree(join(dir, 'src')), { format: 'tar' });
    expect((await objectBytes('wf/pod/tree.tgz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(await repo.fetch('wf/pod/tree.tgz', join(dir, 'back.tgz'))).toBe('object');
    expect(repo.location('wf/pod/tree.tgz')).toEqual({ s3: { bucket, endpoint, key: 'wf/pod/tree.tgz' } });
    repo.close();
  });

  it('stores zip archives as zip objects and `none` directories as one object per file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-s3-'));
    const repo = repository();
    await repo.save('wf/pod/tree.zip', tree(join(dir, 'zip-src')), { format: 'zip' });
    expect((await objectBytes('wf/pod/tree.zip')).subarray(0, 2).toString()).toBe('PK');
    await repo.save('wf/pod/plain', tree(join(dir, 'plain-src')), { format: 'none' });
    expect(await repo.list('wf/pod/plain')).toEqual(['wf/pod/plain/a.txt', 'wf/pod/plain/nested/run.sh']);
    expect(await repo.fetch('wf/pod/plain', join(dir, 'plain-back'))).toBe('directory');
    expect(readFileSync(join(dir, 'plain-back', 'nested', 'run.sh'), 'utf8')).toBe('#!/bin/sh\n');
    expect(await repo.fetch('wf/pod/absent', join(dir, 'absent'))).toBe('missing');
    await repo.delete('wf/pod/plain');
    expect(await repo.list('wf/pod/plain')).toEqual([]);
    repo.close();
  });

  it('runs a workflow whose artifacts go to the S3 repository named by the artifact-repositories ConfigMap', async () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'artifact-repositories',
        annotations: { 'workflows.argoproj.io/default-artifact-repository': 'minio' },
      },
      data: {
        minio: [
          's3:',
          `  bucket: ${bucket}`,
          `  endpoint: ${endpoint}`,
          '  insecure: true',
          '  accessKeySecret: {name: minio-creds, key: accesskey}',
          '  secretKeySecret: {name: minio-creds, key: secretkey}',
        ].join('\n'),
      },
    } as unknown as ConfigMap;
    const secret = {
      metadata: { name: 'minio-creds' },
      stringData: { accesskey: 'S3RVER', secretkey: 'S3RVER' },
    };
    const wf = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'on-s3' },
      spec: {
        entrypoint: 'main',
        templates: [
          {
            name: 'main',
            steps: [
              [{ name: 'gen', template: 'gen' }],
              [
                {
                  name: 'use',
                  template: 'use',
                  arguments: { artifacts: [{ name: 'd', from: '{{steps.gen.outputs.artifacts.d}}' }] },
                },
              ],
            ],
          },
          {
            name: 'gen',
            container: {
              image: 'busybox',
              command: ['sh', '-c', 'mkdir -p /tmp/d/x && echo deep > /tmp/d/x/f && chmod 640 /tmp/d/x/f'],
            },
            outputs: { artifacts: [{ name: 'd', path: '/tmp/d' }] },
          },
          {
            name: 'use',
            inputs: { artifacts: [{ name: 'd', path: '/in' }] },
            container: { image: 'busybox', command: ['sh', '-c', 'stat -c %a /in/x/f; cat /in/x/f'] },
          },
        ],
      },
    } as unknown as Workflow;
    (wf.spec as Record<string, unknown>).artifactGC = { strategy: 'OnWorkflowDeletion' };
    const runDir = mkdtempSync(join(tmpdir(), 'weft-s3-run-'));
    const result = await runWorkflow({
      workflow: wf,
      templates: [],
      configMaps: [configMap],
      secrets: [secret],
      runDir,
    });
    const nodes = Object.values(result.workflow.status?.nodes ?? {}) as NodeStatus[];
    const gen = nodes.find((n) => n.displayName === 'gen');
    expect(result.workflow.status?.phase).toBe('Succeeded');
    expect(nodes.find((n) => n.displayName === 'use')?.outputs?.result).toBe('640\ndeep');
    const location = gen?.outputs?.artifacts?.[0]?.s3 as { key: string; bucket: string };
    expect(location).toMatchObject({
      bucket,
      endpoint,
      insecure: true,
      key: expect.stringMatching(/^on-s3\/on-s3-gen-\d+\/d\.tgz$/),
    });
    expect((await objectBytes(location.key)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(result.artifacts?.[0]?.where).toBe(`s3://${bucket}/${location.key}`);
    expect(statSync(runDir).isDirectory()).toBe(true);
    lastRun = { runDir, key: location.key };
  });

  it('deletes OnWorkflowDeletion artifacts from S3 when the run is deleted, with credentials from the environment', async () => {
    const { runDir, key } = lastRun;
    const index = readArtifactIndex(runDir);
    expect(index.map((e) => e.gcStrategy)).toEqual(['OnWorkflowDeletion']);
    const env = { WEFT_SECRET_MINIO_CREDS_ACCESSKEY: 'S3RVER', WEFT_SECRET_MINIO_CREDS_SECRETKEY: 'S3RVER' };
    expect(await collectGarbageOnDeletion(runDir, { configMaps: [], secrets: [], env })).toEqual([]);
    await expect(objectBytes(key)).rejects.toThrow();
  });
});
