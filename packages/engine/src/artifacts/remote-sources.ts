/**
 * Input artifacts that come from outside any repository: `http` (GET with headers, as Argo's HTTP
 * artifact driver) and `git` (a clone with the `git` binary at a revision, optionally shallow).
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { ArtifactTooLargeError } from './entry-checks.js';
import type { RepositorySources } from './repository-config.js';
import { secretValue } from './repository-config.js';

const run = promisify(execFile);

export interface HttpSource {
  readonly url: string;
  readonly headers?: readonly { name: string; value: string }[];
}

/** Downloads `url` to `destination`; a status other than 2xx is an error naming it. */
export async function fetchHttp(source: HttpSource, destination: string, sizeLimit?: number): Promise<void> {
  const headers: Record<string, string> = {};
  for (const header of source.headers ?? []) headers[header.name] = header.value;
  const response = await fetch(source.url, { headers, redirect: 'follow' }).catch((error: Error) => {
    const cause = (error.cause as Error | undefined)?.message;
    throw new Error(`GET ${source.url} failed${cause ? `: ${cause}` : ''}`);
  });
  if (!response.ok || !response.body)
    throw new Error(`GET ${source.url} answered ${response.status} ${response.statusText}`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (sizeLimit !== undefined && declared > sizeLimit)
    throw new ArtifactTooLargeError(`the download from ${source.url}`, declared, sizeLimit);
  await mkdir(dirname(destination), { recursive: true });
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (sizeLimit !== undefined && seen > sizeLimit)
        callback(new ArtifactTooLargeError(`the download from ${source.url}`, seen, sizeLimit));
      else callback(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as never), limiter, createWriteStream(destination));
}

export interface GitSource {
  readonly repo: string;
  readonly revision?: string;
  readonly depth?: number;
  readonly fetch?: readonly string[];
  readonly singleBranch?: boolean;
  readonly branch?: string;
  readonly disableSubmodules?: boolean;
  readonly usernameSecret?: unknown;
  readonly passwordSecret?: unknown;
  readonly insecureIgnoreHostKey?: boolean;
}

/** Clones `repo` into `destination` and checks out `revision` (Argo's git artifact). */
export async function fetchGit(
  source: GitSource,
  destination: string,
  sources: RepositorySources,
): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  const url = withCredentials(source, sources);
  const clone = ['clone', '--quiet'];
  if (source.depth !== undefined && source.depth > 0) clone.push('--depth', String(source.depth));
  if (source.singleBranch) clone.push('--single-branch');
  if (source.branch) clone.push('--branch', source.branch);
  if (!source.disableSubmodules) clone.push('--recurse-submodules');
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
  await git([...clone, '--', url, destination], undefined, env);
  for (const refspec of source.fetch ?? [])
    await git(['fetch', '--quiet', 'origin', refspec], destination, env);
  if (source.revision) {
    try {
      await git(['checkout', '--quiet', source.revision], destination, env);
    } catch {
      // A shallow clone may not have the revision yet: fetch it, then check it out.
      await git(
        ['fetch', '--quiet', '--depth', String(source.depth ?? 1), 'origin', source.revision],
        destination,
        env,
      );
      await git(['checkout', '--quiet', 'FETCH_HEAD'], destination, env);
    }
  }
}

async function git(args: string[], cwd: string | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run('git', args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`git ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

function withCredentials(source: GitSource, sources: RepositorySources): string {
  const username = secretValue(source.usernameSecret, sources);
  const password = secretValue(source.passwordSecret, sources);
  if (!username || !/^https?:\/\//.test(source.repo)) return source.repo;
  const url = new URL(source.repo);
  url.username = username;
  if (password) url.password = password;
  return url.toString();
}
