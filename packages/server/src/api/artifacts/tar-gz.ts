/**
 * A gzipped tar of a file or directory, streamed: the archive an Argo artifact is stored as (one
 * root entry named after the artifact's path), so a download gets the `.tgz` argo-server serves.
 * POSIX ustar with PAX records for long names; regular files, directories and symlinks.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

const BLOCK = 512;

interface Entry {
  readonly name: string;
  readonly type: '0' | '2' | '5';
  readonly mode: number;
  readonly size: number;
  readonly mtime: number;
  readonly linkname?: string;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(
  entry: Entry | { name: string; type: 'x'; size: number; mode: number; mtime: number },
): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(entry.name.slice(0, 100), 0, 'utf8');
  block.write(octal(entry.mode & 0o7777, 8), 100, 'latin1');
  block.write(octal(0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  block.write(octal(entry.size, 12), 124, 'latin1');
  block.write(octal(Math.floor(entry.mtime), 12), 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(entry.type, 156, 'latin1');
  if ('linkname' in entry && entry.linkname) block.write(entry.linkname.slice(0, 100), 157, 'utf8');
  block.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** A PAX `x` header carrying names that do not fit ustar's 100 bytes. */
function paxRecords(entry: Entry): Buffer[] {
  const fields: [string, string][] = [];
  if (Buffer.byteLength(entry.name) > 100) fields.push(['path', entry.name]);
  if (entry.linkname && Buffer.byteLength(entry.linkname) > 100) fields.push(['linkpath', entry.linkname]);
  if (fields.length === 0) return [];
  const body = Buffer.concat(fields.map(([key, value]) => paxRecord(key, value)));
  const name = `PaxHeader/${entry.name.slice(-80)}`;
  return [
    header({ name, type: 'x', size: body.length, mode: 0o644, mtime: entry.mtime }),
    body,
    padding(body.length),
  ];
}

/** `<length> key=value\n`, where the length counts itself. */
function paxRecord(key: string, value: string): Buffer {
  const rest = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(rest) + 1;
  while (String(length).length + Buffer.byteLength(rest) !== length) length++;
  return Buffer.from(`${length}${rest}`);
}

async function* entries(path: string, name: string): AsyncGenerator<{ entry: Entry; path: string }> {
  const stats = await lstat(path);
  const mtime = stats.mtimeMs / 1000;
  if (stats.isDirectory()) {
    yield { entry: { name: `${name}/`, type: '5', mode: stats.mode, size: 0, mtime }, path };
    const children = (await readdir(path)).sort();
    for (const child of children) yield* entries(join(path, child), `${name}/${child}`);
  } else if (stats.isSymbolicLink()) {
    yield {
      entry: { name, type: '2', mode: stats.mode, size: 0, mtime, linkname: await readlink(path) },
      path,
    };
  } else if (stats.isFile()) {
    yield { entry: { name, type: '0', mode: stats.mode, size: stats.size, mtime }, path };
  }
}

async function* tarChunks(source: string, rootName: string): AsyncGenerator<Buffer> {
  for await (const { entry, path } of entries(source, rootName)) {
    yield* paxRecords(entry);
    yield header(entry);
    if (entry.type !== '0') continue;
    let written = 0;
    for await (const chunk of createReadStream(path)) {
      const buffer = chunk as Buffer;
      // A file that grew while archived is cut at the size in its header.
      const part = buffer.subarray(0, Math.max(0, entry.size - written));
      written += part.length;
      if (part.length > 0) yield part;
    }
    if (written < entry.size) yield Buffer.alloc(entry.size - written);
    yield padding(entry.size);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** The gzipped tar of `source`, its root entry named `rootName`. */
export function tarGzStream(source: string, rootName: string): Readable {
  const gzip = createGzip();
  pipeline(Readable.from(tarChunks(source, rootName)), gzip, (error) => {
    if (error) gzip.destroy(error);
  });
  return gzip;
}
