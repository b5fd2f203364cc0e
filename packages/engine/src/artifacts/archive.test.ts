/**
 * Archives: Argo's formats round-trip, and crafted archives that try to write outside their target
 * (tar-slip, zip-slip, links pointing out, writes through links) are refused with nothing written.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createTarGz, createZip, extractTar, extractZip, looksLikeTarball } from './archive.js';
import { ArtifactTooLargeError, UnsafeArchiveError } from './entry-checks.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'weft-archive-'));
}

/** One ustar header block plus content, padded to 512 bytes. */
function tarEntry(
  name: string,
  type: string,
  options: { link?: string; body?: string; mode?: number } = {},
): Buffer {
  const header = Buffer.alloc(512);
  const body = Buffer.from(options.body ?? '');
  header.write(name, 0, 100, 'utf8');
  header.write(`${(options.mode ?? 0o644).toString(8).padStart(7, '0')}\0`, 100, 'latin1');
  header.write('0000000\0', 108, 'latin1');
  header.write('0000000\0', 116, 'latin1');
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.write('00000000000\0', 136, 'latin1');
  header.write('        ', 148, 'latin1');
  header.write(type, 156, 'latin1');
  header.write(options.link ?? '', 157, 100, 'utf8');
  header.write('ustar\0', 257, 'latin1');
  header.write('00', 263, 'latin1');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const padded = Buffer.alloc(Math.ceil(body.length / 512) * 512);
  body.copy(padded);
  return Buffer.concat([header, padded]);
}

function tarGz(...entries: Buffer[]): Buffer {
  return gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));
}

/** A minimal zip (deflated entries) whose names and unix modes are written as given. */
function zip(entries: { name: string; body?: string; mode?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const raw = Buffer.from(entry.body ?? '');
    const data = deflateRawSync(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const craftedTars: [string, Buffer][] = [
  ['a ../ path', tarGz(tarEntry('../evil.txt', '0', { body: 'x' }))],
  ['a nested ../ path', tarGz(tarEntry('ok/../../evil.txt', '0', { body: 'x' }))],
  ['an absolute path', tarGz(tarEntry('/tmp/weft-evil-absolute.txt', '0', { body: 'x' }))],
  ['a symlink to an absolute path', tarGz(tarEntry('link', '2', { link: '/etc' }))],
  ['a symlink pointing up and out', tarGz(tarEntry('dir/link', '2', { link: '../../outside' }))],
  [
    'a file written through a symlink',
    tarGz(tarEntry('link', '2', { link: 'sub' }), tarEntry('link/file.txt', '0', { body: 'x' })),
  ],
  ['a hardlink to a file outside', tarGz(tarEntry('hard', '1', { link: '../evil.txt' }))],
  ['a hardlink to an absolute path', tarGz(tarEntry('hard', '1', { link: '/etc/passwd' }))],
  ['a character device', tarGz(tarEntry('dev', '3'))],
  ['a fifo', tarGz(tarEntry('fifo', '6'))],
];

const craftedZips: [string, Buffer][] = [
  ['a ../ path', zip([{ name: '../evil.txt', body: 'x' }])],
  ['an absolute path', zip([{ name: '/tmp/weft-evil-zip.txt', body: 'x' }])],
  ['a nested ../ path', zip([{ name: 'a/b/../../../evil.txt', body: 'x' }])],
  ['a symlink pointing out', zip([{ name: 'link', body: '../../etc', mode: 0o120777 }])],
  [
    'a file written through a symlink',
    zip([
      { name: 'link', body: 'sub', mode: 0o120777 },
      { name: 'link/f.txt', body: 'x' },
    ]),
  ],
];

describe('archive safety', () => {
  it.each(craftedTars)('refuses a tar with %s and writes nothing', async (_label, bytes) => {
    const dir = scratch();
    const file = join(dir, 'crafted.tgz');
    writeFileSync(file, bytes);
    const target = join(dir, 'target', 'artifact');
    mkdirSync(join(dir, 'target'));
    await expect(extractTar(file, target)).rejects.toThrow(UnsafeArchiveError);
    expect(readdirSync(join(dir, 'target'))).toEqual([]);
    expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
    expect(existsSync('/tmp/weft-evil-absolute.txt')).toBe(false);
  });

  it.each(craftedZips)('refuses a zip with %s and writes nothing', async (_label, bytes) => {
    const dir = scratch();
    const file = join(dir, 'crafted.zip');
    writeFileSync(file, bytes);
    mkdirSync(join(dir, 'target'));
    await expect(extractZip(file, join(dir, 'target', 'artifact'))).rejects.toThrow(
      /nothing was extracted|invalid/,
    );
    expect(readdirSync(join(dir, 'target'))).toEqual([]);
    expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
    expect(existsSync('/tmp/weft-evil-zip.txt')).toBe(false);
  });

  it('names the entry and the reason in the error', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.tgz'), craftedTars[0]?.[1] as Buffer);
    await expect(extractTar(join(dir, 'a.tgz'), join(dir, 'out'))).rejects.toThrow(
      'archive entry "../evil.txt" would be written outside the target (..); nothing was extracted',
    );
  });

  it('refuses an archive whose contents exceed the size limit', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'big.tgz'), tarGz(tarEntry('big.txt', '0', { body: 'x'.repeat(4000) })));
    await expect(extractTar(join(dir, 'big.tgz'), join(dir, 'out'), 1000)).rejects.toThrow(
      ArtifactTooLargeError,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('accepts links that stay inside the target', async () => {
    const dir = scratch();
    const file = join(dir, 'ok.tgz');
    writeFileSync(
      file,
      tarGz(
        tarEntry('root/', '5', { mode: 0o755 }),
        tarEntry('root/a.txt', '0', { body: 'A' }),
        tarEntry('root/sub/', '5', { mode: 0o755 }),
        tarEntry('root/sub/up', '2', { link: '../a.txt' }),
        tarEntry('root/hard', '1', { link: 'root/a.txt' }),
      ),
    );
    await extractTar(file, join(dir, 'out'));
    expect(readFileSync(join(dir, 'out', 'sub', 'up'), 'utf8')).toBe('A');
    expect(readFileSync(join(dir, 'out', 'hard'), 'utf8')).toBe('A');
  });
});

describe('archive round trips', () => {
  function sampleTree(root: string): void {
    mkdirSync(join(root, 'nested', 'deeper'), { recursive: true });
    writeFileSync(join(root, 'top.txt'), 'top\n', { mode: 0o644 });
    writeFileSync(join(root, 'nested', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(root, 'nested', 'deeper', 'secret'), 's', { mode: 0o600 });
    symlinkSync('top.txt', join(root, 'alias'));
  }

  it('tar+gzip keeps nested folders, file modes and symlinks, with the directory as its single root', async () => {
    const dir = scratch();
    sampleTree(join(dir, 'src'));
    await createTarGz(join(dir, 'src'), join(dir, 'a.tgz'));
    expect(await looksLikeTarball(join(dir, 'a.tgz'))).toBe(true);
    await extractTar(join(dir, 'a.tgz'), join(dir, 'out'));
    expect(readFileSync(join(dir, 'out', 'nested', 'deeper', 'secret'), 'utf8')).toBe('s');
    expect(statSync(join(dir, 'out', 'nested', 'run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'out', 'nested', 'deeper', 'secret')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'out', 'alias'), 'utf8')).toBe('top\n');
  });

  it('tar with compression level 0 is still a gzip stream (as Argo writes it)', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'f.txt'), 'hello');
    await createTarGz(join(dir, 'f.txt'), join(dir, 'f.tgz'), 0);
    expect(readFileSync(join(dir, 'f.tgz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    await extractTar(join(dir, 'f.tgz'), join(dir, 'out.txt'));
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('hello');
  });

  it('zip keeps nested folders and file modes', async () => {
    const dir = scratch();
    sampleTree(join(dir, 'src'));
    await createZip(join(dir, 'src'), join(dir, 'a.zip'));
    expect(readFileSync(join(dir, 'a.zip')).subarray(0, 2).toString()).toBe('PK');
    await extractZip(join(dir, 'a.zip'), join(dir, 'out'));
    expect(readFileSync(join(dir, 'out', 'top.txt'), 'utf8')).toBe('top\n');
    expect(statSync(join(dir, 'out', 'nested', 'run.sh')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, 'out', 'alias'), 'utf8')).toBe('top\n');
  });
});
