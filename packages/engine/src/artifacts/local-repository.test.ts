/** The local repository: content-addressed storage of files and directory trees under Argo keys. */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalArtifactRepository } from './local-repository.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'weft-local-repo-'));
  const repository = new LocalArtifactRepository(join(dir, 'repo'));
  return { dir, repository };
}

function sampleTree(root: string): void {
  mkdirSync(join(root, 'a', 'b', 'empty'), { recursive: true });
  writeFileSync(join(root, 'top.txt'), 'same bytes\n', { mode: 0o644 });
  writeFileSync(join(root, 'a', 'copy.txt'), 'same bytes\n', { mode: 0o644 });
  writeFileSync(join(root, 'a', 'b', 'tool'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  writeFileSync(join(root, 'a', 'b', 'private'), 'secret', { mode: 0o600 });
  symlinkSync('../top.txt', join(root, 'a', 'link'));
}

function countBlobs(root: string): number {
  const blobs = join(root, 'blobs');
  return readdirSync(blobs).reduce((n, d) => n + readdirSync(join(blobs, d)).length, 0);
}

describe('local artifact repository', () => {
  it('round-trips a directory with nested folders, empty folders, file modes and symlinks', async () => {
    const { dir, repository } = setup();
    sampleTree(join(dir, 'src'));
    cpSync(join(dir, 'src'), join(dir, 'staged'), { recursive: true, verbatimSymlinks: true });
    await repository.save('wf/pod/out.tgz', join(dir, 'staged'), { format: 'tar' });
    expect(await repository.fetch('wf/pod/out.tgz', join(dir, 'back'))).toBe('unpacked');
    expect(readFileSync(join(dir, 'back', 'a', 'b', 'tool'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(statSync(join(dir, 'back', 'a', 'b', 'tool')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'back', 'a', 'b', 'private')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'back', 'a', 'b', 'empty')).isDirectory()).toBe(true);
    expect(readlinkSync(join(dir, 'back', 'a', 'link'))).toBe('../top.txt');
  });

  it('stores the same bytes once, across files and across artifacts', async () => {
    const { dir, repository } = setup();
    sampleTree(join(dir, 'one'));
    sampleTree(join(dir, 'two'));
    await repository.save('k/one.tgz', join(dir, 'one'), { format: 'tar' });
    await repository.save('k/two.tgz', join(dir, 'two'), { format: 'tar' });
    expect(countBlobs(repository.root)).toBe(3);
  });

  it('fetches a file whose mode differs from the stored blob as a copy with its own mode', async () => {
    const { dir, repository } = setup();
    writeFileSync(join(dir, 'x'), 'content', { mode: 0o644 });
    writeFileSync(join(dir, 'y'), 'content', { mode: 0o755 });
    await repository.save('x', join(dir, 'x'), { format: 'none' });
    await repository.save('y', join(dir, 'y'), { format: 'none' });
    expect(await repository.fetch('y', join(dir, 'y-back'))).toBe('object');
    expect(statSync(join(dir, 'y-back')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'y-back')).nlink).toBe(1);
  });

  it('stores a directory without archive as one object per file, fetched back as a prefix', async () => {
    const { dir, repository } = setup();
    sampleTree(join(dir, 'src'));
    await repository.save('wf/parts', join(dir, 'src'), { format: 'none' });
    expect(await repository.list('wf/parts')).toEqual([
      'wf/parts/a/b/private',
      'wf/parts/a/b/tool',
      'wf/parts/a/copy.txt',
      'wf/parts/a/link',
      'wf/parts/top.txt',
    ]);
    expect(await repository.fetch('wf/parts/a/copy.txt', join(dir, 'one'))).toBe('object');
    expect(await repository.fetch('wf/parts/', join(dir, 'all'))).toBe('directory');
    expect(readFileSync(join(dir, 'all', 'a', 'b', 'private'), 'utf8')).toBe('secret');
  });

  it('fetches a sub-path of a stored directory tree (subPath into a tar artifact)', async () => {
    const { dir, repository } = setup();
    sampleTree(join(dir, 'src'));
    await repository.save('wf/pod/out.tgz', join(dir, 'src'), { format: 'tar' });
    expect(await repository.fetch('wf/pod/out.tgz/a/b', join(dir, 'sub'))).toBe('unpacked');
    expect(readdirSync(join(dir, 'sub')).sort()).toEqual(['empty', 'private', 'tool']);
    expect(await repository.fetch('wf/pod/nothing', join(dir, 'none'))).toBe('missing');
  });

  it('deletes a key and sweeps the blobs nothing refers to any more', async () => {
    const { dir, repository } = setup();
    writeFileSync(join(dir, 'kept'), 'kept');
    writeFileSync(join(dir, 'gone'), 'gone');
    await repository.save('kept', join(dir, 'kept'), { format: 'tar' });
    await repository.save('gone', join(dir, 'gone'), { format: 'tar' });
    await repository.delete('gone');
    await repository.sweep();
    expect(countBlobs(repository.root)).toBe(1);
    expect(await repository.fetch('gone', join(dir, 'g'))).toBe('missing');
    expect(await repository.fetch('kept', join(dir, 'k'))).toBe('unpacked');
  });

  it('refuses keys with . or .. segments', async () => {
    const { dir, repository } = setup();
    writeFileSync(join(dir, 'f'), 'f');
    await expect(repository.save('../escape', join(dir, 'f'), { format: 'none' })).rejects.toThrow(
      '".." segment',
    );
  });
});
