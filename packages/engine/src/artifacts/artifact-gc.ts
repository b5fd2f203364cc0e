/**
 * Argo's artifactGC: `OnWorkflowCompletion` artifacts are deleted when the run ends (whatever its
 * phase); `OnWorkflowDeletion` artifacts when the run is deleted — for a local run, by
 * `weft delete RUN_DIR`, which reads the run's artifact index. `Never` (the default) keeps them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalArtifactRepository } from './local-repository.js';
import type { ArtifactRepository } from './repository.js';
import { type RepositorySources, type RepositorySpec, repositoryFromSpec } from './repository-config.js';
import type { StoredArtifact } from './step-artifacts.js';

export type GcStrategy = 'OnWorkflowCompletion' | 'OnWorkflowDeletion';

/**
 * Deletes every stored artifact with `strategy`; returns the problems met (a deletion that failed
 * is reported, never fatal, as Argo's GC marks but does not fail the workflow).
 */
export async function collectArtifactGarbage(
  stored: readonly StoredArtifact[],
  strategy: GcStrategy,
  repositoryOf: (entry: StoredArtifact) => ArtifactRepository,
): Promise<string[]> {
  const problems: string[] = [];
  const touched = new Set<ArtifactRepository>();
  for (const entry of stored.filter((s) => s.gcStrategy === strategy)) {
    const repository = repositoryOf(entry);
    try {
      await repository.delete(entry.key);
      touched.add(repository);
    } catch (error) {
      problems.push(`artifactGC: could not delete ${entry.where}: ${(error as Error).message}`);
    }
  }
  for (const repository of touched)
    if (repository instanceof LocalArtifactRepository) await repository.sweep();
  return problems;
}

/** The artifacts a run directory's index lists (empty when it has none). */
export function readArtifactIndex(runDir: string): (StoredArtifact & { displayName?: string })[] {
  const file = join(runDir, 'artifacts', 'index.json');
  if (!existsSync(file)) return [];
  return (
    (JSON.parse(readFileSync(file, 'utf8')) as { artifacts?: (StoredArtifact & { displayName?: string })[] })
      .artifacts ?? []
  );
}

/** The repository an index entry was stored in, rebuilt from its spec (credentials from `sources`). */
export function repositoryForEntry(
  runDir: string,
  entry: Pick<StoredArtifact, 'repository'>,
  sources: RepositorySources,
): ArtifactRepository {
  const spec: RepositorySpec | undefined = entry.repository;
  return spec ? repositoryFromSpec(spec, sources) : new LocalArtifactRepository(join(runDir, 'artifacts'));
}

/** `OnWorkflowDeletion` for a run directory about to be removed. */
export async function collectGarbageOnDeletion(
  runDir: string,
  sources: RepositorySources,
): Promise<string[]> {
  const stored = readArtifactIndex(runDir);
  return collectArtifactGarbage(stored, 'OnWorkflowDeletion', (entry) =>
    repositoryForEntry(runDir, entry, sources),
  );
}
