/**
 * Which run `weft logs` reads: a run directory given as a path, a run's name under `.weft-runs/`,
 * or — with no argument — the run under `.weft-runs/` that started last.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { FileLogStore, LOG_INDEX_FILE } from '@weft/engine';
import { InvalidInputError } from '../errors.js';

const RUNS_DIR = '.weft-runs';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function hasLogs(dir: string): boolean {
  return existsSync(join(dir, LOG_INDEX_FILE));
}

function namedRunDir(run: string, cwd: string): string {
  const candidates = [resolve(cwd, run), resolve(cwd, RUNS_DIR, run)];
  const dir = candidates.find(isDirectory);
  if (dir === undefined)
    throw new InvalidInputError([`weft: no run "${run}" (neither a directory nor a run under ${RUNS_DIR}/)`]);
  if (!hasLogs(dir))
    throw new InvalidInputError([
      `weft: ${relative(cwd, dir) || dir} holds no logs (no ${LOG_INDEX_FILE}): not a run directory of weft run`,
    ]);
  return dir;
}

async function startedAt(dir: string): Promise<string> {
  const index = await new FileLogStore(dir).index();
  return index.run?.startedAt ?? '';
}

/** The most recently started run under `<cwd>/.weft-runs/`. */
async function latestRunDir(cwd: string): Promise<string> {
  const runsDir = resolve(cwd, RUNS_DIR);
  const dirs = existsSync(runsDir)
    ? readdirSync(runsDir)
        .map((name) => join(runsDir, name))
        .filter(hasLogs)
    : [];
  if (dirs.length === 0)
    throw new InvalidInputError([
      `weft: no runs under ${relative(cwd, runsDir) || runsDir}/; name a run directory (weft logs RUN_DIR)`,
    ]);
  const dated = await Promise.all(dirs.map(async (dir) => ({ dir, startedAt: await startedAt(dir) })));
  dated.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return (dated[0] as { dir: string }).dir;
}

export function resolveLogsRunDir(run: string | undefined, cwd: string): Promise<string> {
  return run === undefined ? latestRunDir(cwd) : Promise.resolve(namedRunDir(run, cwd));
}
