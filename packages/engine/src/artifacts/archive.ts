/**
 * Argo's artifact archives: tar+gzip (the default), zip, or none. Creation walks a staged file or
 * directory; extraction first checks every entry (entry-checks.ts), then unpacks into a fresh
 * directory beside the destination and renames it into place, so a refused archive writes nothing.
 */
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import yauzl from 'yauzl';
import yazl from 'yazl';
import {
  type ArchiveEntry,
  checkArchiveEntries,
  type EntryKind,
  UnsafeArchiveError,
} from './entry-checks.js';

export type ArchiveFormat = 'tar' | 'none' | 'zip';

export interface ArchiveStrategy {
  readonly format: ArchiveFormat;
  /** gzip level for tar (Argo: unset means the default level, 0 means no compression). */
  readonly compressionLevel?: number;
}

/** Argo's `archive` field of an artifact; absent means tar with gzip's default level. */
export function archiveStrategyOf(archive: unknown): ArchiveStrategy {
  const value = (archive ?? {}) as { none?: unknown; zip?: unknown; tar?: { compressionLevel?: number } };
  if (value.none !== undefined) return { format: 'none' };
  if (value.zip !== undefined) return { format: 'zip' };
  const level = value.tar?.compressionLevel;
  return level === undefined ? { format: 'tar' } : { format: 'tar', compressionLevel: level };
}

/** Writes `source` (file or directory) as a gzipped tar whose single root entry is its base name. */
export async function createTarGz(source: string, archiveFile: string, level?: number): Promise<void> {
  const stream = tar.c({ gzip: { level: level ?? 6 }, cwd: dirname(source), portable: true, follow: false }, [
    basename(source),
  ]);
  await pipeline(stream, createWriteStream(archiveFile));
}

/** Writes `source` as a zip: a directory's entries relative to it, a file under its base name. */
export async function createZip(source: string, archiveFile: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const stats = await lstat(source);
  if (stats.isDirectory()) await addDirectoryToZip(zip, source, source);
  else zip.addFile(source, basename(source), { mode: stats.mode });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(archiveFile));
}

async function addDirectoryToZip(zip: yazl.ZipFile, root: string, dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const name = relative(root, path);
    const stats = await lstat(path);
    if (entry.isDirectory()) {
      zip.addEmptyDirectory(name, { mode: stats.mode });
      await addDirectoryToZip(zip, root, path);
    } else if (entry.isSymbolicLink()) {
      zip.addBuffer(Buffer.from(await readlink(path)), name, { mode: stats.mode });
    } else if (entry.isFile()) {
      zip.addFile(path, name, { mode: stats.mode });
    }
  }
}

/** True when the file starts like a gzip stream or a plain ustar archive (Argo's tarball detection). */
export async function looksLikeTarball(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(262);
    const { bytesRead } = await handle.read(header, 0, 262, 0);
    if (bytesRead >= 2 && header[0] === 0x1f && header[1] === 0x8b) return true;
    return bytesRead >= 262 && header.subarray(257, 262).toString('latin1') === 'ustar';
  } finally {
    await handle.close();
  }
}

function tarEntryKind(type: string): EntryKind {
  if (type === 'File' || type === 'OldFile' || type === 'ContiguousFile') return 'file';
  if (type === 'Directory') return 'directory';
  if (type === 'SymbolicLink') return 'symlink';
  if (type === 'Link') return 'hardlink';
  return 'other';
}

async function listTarEntries(archiveFile: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  await tar.t({
    file: archiveFile,
    strict: true,
    onReadEntry: (entry) => {
      entries.push({
        path: entry.path,
        kind: tarEntryKind(entry.type),
        typeName: entry.type,
        linkTarget: entry.linkpath,
        size: entry.size,
      });
    },
  });
  return entries;
}

/**
 * Extracts a tar (gzipped or not) to `destination` as Argo does: one root entry becomes the
 * destination itself; several become the destination directory's contents.
 */
export async function extractTar(
  archiveFile: string,
  destination: string,
  sizeLimit?: number,
): Promise<void> {
  const entries = await listTarEntries(archiveFile);
  checkArchiveEntries(entries, sizeLimit);
  const staging = await mkdtemp(`${destination}.extract-`);
  try {
    await tar.x({ file: archiveFile, cwd: staging, strict: true, preservePaths: false, umask: 0 });
    await moveIntoPlace(staging, destination, true);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function moveIntoPlace(staging: string, destination: string, unwrapSingleRoot: boolean): Promise<void> {
  const names = await readdir(staging);
  await mkdir(dirname(destination), { recursive: true });
  if (unwrapSingleRoot && names.length === 1) await rename(join(staging, names[0] as string), destination);
  else await rename(staging, destination);
}

interface ZipEntryInfo {
  readonly entry: yauzl.Entry;
  readonly name: string;
  readonly kind: EntryKind;
  readonly mode: number;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false }, (error, zip) =>
      error ? reject(error) : resolve(zip as yauzl.ZipFile),
    ),
  );
}

function readZipEntries(zip: yauzl.ZipFile): Promise<ZipEntryInfo[]> {
  return new Promise((resolve, reject) => {
    const found: ZipEntryInfo[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = (entry.fileName as unknown as Buffer).toString('utf8');
      const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
      const type = unixMode & 0o170000;
      const kind: EntryKind =
        type === 0o120000 ? 'symlink' : name.endsWith('/') || type === 0o040000 ? 'directory' : 'file';
      found.push({ entry, name, kind, mode: unixMode & 0o7777 });
      zip.readEntry();
    });
    zip.on('end', () => resolve(found));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function readZipEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) =>
      error ? reject(error) : resolve(stream as NodeJS.ReadableStream),
    ),
  );
}

async function streamToString(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Extracts a zip into the directory `destination` (as Argo's unzip), after checking every entry. */
export async function extractZip(
  archiveFile: string,
  destination: string,
  sizeLimit?: number,
): Promise<void> {
  const zip = await openZip(archiveFile);
  try {
    const infos = await readZipEntries(zip);
    const links = await Promise.all(
      infos.map(async (info) =>
        info.kind === 'symlink' ? streamToString(await readZipEntry(zip, info.entry)) : undefined,
      ),
    );
    checkArchiveEntries(
      infos.map((info, i) => ({
        path: info.name,
        kind: info.kind,
        linkTarget: links[i],
        size: info.entry.uncompressedSize,
      })),
      sizeLimit,
    );
    const staging = await mkdtemp(`${destination}.extract-`);
    try {
      for (const [i, info] of infos.entries()) await writeZipEntry(zip, info, staging, links[i]);
      await moveIntoPlace(staging, destination, false);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } finally {
    zip.close();
  }
}

async function writeZipEntry(
  zip: yauzl.ZipFile,
  info: ZipEntryInfo,
  root: string,
  link?: string,
): Promise<void> {
  const target = join(root, info.name);
  if (!target.startsWith(`${root}/`) && target !== root)
    throw new UnsafeArchiveError(info.name, 'would be written outside the target');
  if (info.kind === 'directory') {
    await mkdir(target, { recursive: true, ...(info.mode ? { mode: info.mode } : {}) });
    return;
  }
  await mkdir(dirname(target), { recursive: true });
  if (info.kind === 'symlink') {
    await symlink(link ?? '', target);
    return;
  }
  const output = createWriteStream(target, { mode: info.mode || 0o644 });
  await pipeline(await readZipEntry(zip, info.entry), output);
}
