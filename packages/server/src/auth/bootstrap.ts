/**
 * The first start in `client` mode: with no admin token made yet, one granting `admin` in every
 * namespace is created and written to `<data>/admin.token` (mode 0600). Later starts find it by
 * its label and leave it alone (revoke it and delete the file to get a new one at next start).
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allNamespaces } from './roles.js';
import type { TokenService } from './tokens.js';

export const bootstrapLabel = 'weft.dev/bootstrap-admin';

export function adminTokenPathOf(dataDir: string): string {
  return join(dataDir, 'admin.token');
}

/** Creates the admin token when needed; returns the file it is in, and whether it was made now. */
export async function ensureAdminToken(
  tokens: TokenService,
  dataDir: string,
): Promise<{ readonly path: string; readonly created: boolean }> {
  const path = adminTokenPathOf(dataDir);
  const existing = await tokens.list(undefined, `${bootstrapLabel}=true`);
  if (existing.length > 0 && existsSync(path)) return { path, created: false };
  // The file is gone: the tokens it held are replaced by a new one.
  for (const token of existing) await tokens.revoke(token.name);
  const created = await tokens.create({
    namespace: allNamespaces,
    role: 'admin',
    description: 'created at first start',
    labels: { [bootstrapLabel]: 'true' },
  });
  writeFileSync(path, `${created.token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { path, created: true };
}
