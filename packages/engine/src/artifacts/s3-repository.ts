/**
 * An S3-compatible artifact repository (AWS S3, MinIO, Ceph, …) through the AWS SDK v3. Objects
 * are written as Argo's executor writes them: a `.tgz` (or `.zip`) per archived artifact, the raw
 * file for `archive.none`, and one object per file under `key/` for a directory with `archive.none`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { type ArchiveStrategy, createTarGz, createZip } from './archive.js';
import { type ArtifactRepository, cleanKey, type FetchResult } from './repository.js';

/** Argo's `s3` artifact repository fields (credentials already resolved). */
export interface S3RepositoryConfig {
  readonly bucket: string;
  /** `host:port`, as Argo writes it (a scheme, if given, is kept). */
  readonly endpoint?: string;
  readonly region?: string;
  /** Plain HTTP instead of HTTPS. */
  readonly insecure?: boolean;
  /** Path-style addressing (`endpoint/bucket/key`); default on for every endpoint but AWS's own. */
  readonly pathStyle?: boolean;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Argo's location fields to show in node outputs (bucket, endpoint, secrets' names, …). */
  readonly locationFields: Record<string, unknown>;
}

function endpointUrl(config: S3RepositoryConfig): string | undefined {
  if (!config.endpoint) return undefined;
  if (/^https?:\/\//.test(config.endpoint)) return config.endpoint;
  return `${config.insecure ? 'http' : 'https'}://${config.endpoint}`;
}

export class S3ArtifactRepository implements ArtifactRepository {
  readonly description: string;
  readonly #config: S3RepositoryConfig;
  readonly #client: S3Client;

  constructor(config: S3RepositoryConfig) {
    this.#config = config;
    const endpoint = endpointUrl(config);
    this.description = `s3 ${endpoint ?? 'aws'}/${config.bucket}`;
    this.#client = new S3Client({
      region: config.region || 'us-east-1',
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: config.pathStyle ?? !(endpoint ?? '').includes('amazonaws.com'),
      // Checksums only where S3 requires them: many S3-compatible servers cannot read the
      // aws-chunked uploads that the SDK's default checksums bring.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(config.credentials ? { credentials: config.credentials } : {}),
    });
  }

  location(key: string): Record<string, unknown> {
    return { s3: { ...this.#config.locationFields, key: cleanKey(key) } };
  }

  where(key: string): string {
    return `s3://${this.#config.bucket}/${cleanKey(key)}`;
  }

  async save(key: string, staged: string, archive: ArchiveStrategy): Promise<void> {
    const stats = await lstat(staged);
    if (archive.format === 'none') {
      if (!stats.isDirectory()) return this.#putFile(key, staged);
      for (const file of await filesBelow(staged))
        await this.#putFile(`${cleanKey(key)}/${file}`, join(staged, file));
      return;
    }
    const work = await mkdtemp(join(dirname(staged), '.archive-'));
    try {
      const archiveFile = join(work, archive.format === 'zip' ? 'artifact.zip' : 'artifact.tgz');
      if (archive.format === 'zip') await createZip(staged, archiveFile);
      else await createTarGz(staged, archiveFile, archive.compressionLevel);
      await this.#putFile(key, archiveFile);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  async #putFile(key: string, file: string): Promise<void> {
    const { size } = await lstat(file);
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#config.bucket,
        Key: cleanKey(key),
        Body: createReadStream(file),
        ContentLength: size,
      }),
    );
  }

  async fetch(key: string, destination: string): Promise<FetchResult> {
    const clean = cleanKey(key);
    if (await this.#exists(clean)) {
      await this.#download(clean, destination);
      return 'object';
    }
    const keys = await this.list(clean);
    if (keys.length === 0) return 'missing';
    for (const found of keys) await this.#download(found, join(destination, found.slice(clean.length + 1)));
    return 'directory';
  }

  async #exists(key: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.#config.bucket, Key: key }));
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === 'NotFound') return false;
      throw error;
    }
  }

  async #download(key: string, destination: string): Promise<void> {
    const response = await this.#client.send(new GetObjectCommand({ Bucket: this.#config.bucket, Key: key }));
    await mkdir(dirname(destination), { recursive: true });
    await pipeline(response.Body as Readable, createWriteStream(destination));
  }

  async list(prefix: string): Promise<string[]> {
    const clean = cleanKey(prefix);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#config.bucket,
          Prefix: clean === '' ? '' : `${clean}/`,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    const clean = cleanKey(key);
    const keys = [clean, ...(await this.list(clean))];
    for (let i = 0; i < keys.length; i += 1000) {
      await this.#client.send(
        new DeleteObjectsCommand({
          Bucket: this.#config.bucket,
          Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }

  /** Releases the client's sockets. */
  close(): void {
    this.#client.destroy();
  }
}

async function filesBelow(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await visit(path);
      else out.push(relative(root, path));
    }
  };
  await visit(root);
  return out;
}
