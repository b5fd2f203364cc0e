/**
 * Resolving a request path to a file of the built UI: inside the UI's directory only, with the
 * content type browsers need, and the single-page-app fallback (paths without a file extension
 * are pages of the app: they get index.html and the app's router picks the page).
 */
import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

export const contentTypeOf = (file: string) => contentTypes[extname(file)] ?? 'application/octet-stream';

export type Resolved =
  | { readonly type: 'file'; readonly path: string; readonly immutable: boolean }
  | { readonly type: 'missing' };

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/** The file serving `urlPath` (decoded, without the query) under `root`. */
export function resolveUiPath(root: string, urlPath: string): Resolved {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { type: 'missing' };
  }
  if (decoded.includes('\0')) return { type: 'missing' };
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const candidate = join(root, relative);
  if (candidate !== root && !candidate.startsWith(root.endsWith(sep) ? root : root + sep))
    return { type: 'missing' };
  if (relative !== '' && isFile(candidate))
    return { type: 'file', path: candidate, immutable: relative.startsWith(`assets${sep}`) };
  if (extname(relative) !== '') return { type: 'missing' };
  const index = join(root, 'index.html');
  return isFile(index) ? { type: 'file', path: index, immutable: false } : { type: 'missing' };
}
