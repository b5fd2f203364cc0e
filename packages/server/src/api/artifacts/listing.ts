/** The HTML page argo-server shows for a directory artifact: a link per file or subdirectory. */
import { readdir } from 'node:fs/promises';

/** The entries directly in `dir`, sorted; subdirectories end with `/`. */
export async function listedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function directoryListing(entries: readonly string[]): string {
  const items = entries.map((entry) => {
    const href = `./${entry.split('/').map(encodeURIComponent).join('/')}`;
    return `<li><a href="${escapeHtml(href)}">${escapeHtml(entry)}</a></li>\n`;
  });
  return `<html><body><ul>\n<li><a href="..">..</a></li>\n${items.join('')}</ul></body></html>`;
}
