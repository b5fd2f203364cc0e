import { join } from 'node:path';

/**
 * Where the server keeps things in its data directory:
 *   <data>/weft.db            the SQLite store (unless --database postgres://…)
 *   <data>/runs/<uid>/         one workflow's run directory, laid out as `weft run`'s: step logs
 *                              (FileLogStore), `artifacts/` (local repository), step scratch
 *   <data>/runner/             the step runner's socket, log and unacknowledged results
 */
export function runDirOf(dataDir: string, workflowUid: string): string {
  return join(dataDir, 'runs', workflowUid);
}

export function sqlitePathOf(dataDir: string): string {
  return join(dataDir, 'weft.db');
}

export function runnerDirOf(dataDir: string): string {
  return join(dataDir, 'runner');
}
