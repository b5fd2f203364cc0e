/**
 * Where a node's artifact is stored: the node's `inputs`/`outputs.artifacts[name]` gives the key
 * (Argo's location shape, `s3.key` for the local repository too); the run's artifact index says
 * which repository holds that key (an S3 repository, rebuilt with credentials from the
 * environment), else it is in the run's local repository (`<run dir>/artifacts`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ArtifactRepository,
  type FetchResult,
  LocalArtifactRepository,
  readArtifactIndex,
  repositoryForEntry,
  type Store,
} from '@weft/engine';
import { runDirOf } from '../../paths.js';
import { invalidField, notFound } from '../errors/api-error.js';

export interface ArtifactRecord {
  readonly name: string;
  readonly path?: string;
  readonly raw?: { readonly data?: string };
  readonly [location: string]: unknown;
}

export interface LocatedArtifact {
  readonly artifact: ArtifactRecord;
  readonly key?: string;
  readonly repository: ArtifactRepository;
}

/** The key of an artifact location (`s3.key`, `gcs.key`, `oss.key`, `azure.blob`, …). */
export function keyOf(artifact: ArtifactRecord): string | undefined {
  for (const [kind, location] of Object.entries(artifact)) {
    if (kind === 'raw' || location === null || typeof location !== 'object') continue;
    const { key, blob } = location as { key?: unknown; blob?: unknown };
    if (typeof key === 'string' && key !== '') return key;
    if (typeof blob === 'string' && blob !== '') return blob;
  }
  return undefined;
}

export async function locateArtifact(
  store: Store,
  dataDir: string,
  where: {
    namespace: string;
    workflow: string;
    nodeId: string;
    direction: 'inputs' | 'outputs';
    name: string;
  },
): Promise<LocatedArtifact> {
  const workflow = await store.get({ kind: 'Workflow', namespace: where.namespace, name: where.workflow });
  if (!workflow)
    throw notFound(`workflows.argoproj.io "${where.workflow}" not found in namespace "${where.namespace}"`);
  const [node] = await store.getNodes(workflow.metadata.uid, { ids: [where.nodeId] });
  if (!node) throw notFound(`node "${where.nodeId}" not found in workflow "${where.workflow}"`);
  const artifacts = (node[where.direction]?.artifacts ?? []) as unknown as ArtifactRecord[];
  const artifact = artifacts.find((a) => a.name === where.name);
  if (!artifact)
    throw notFound(`artifact "${where.name}" not found in the ${where.direction} of node "${where.nodeId}"`);
  const runDir = runDirOf(dataDir, workflow.metadata.uid);
  const key = keyOf(artifact);
  const entry = key === undefined ? undefined : readArtifactIndex(runDir).find((e) => e.key === key);
  const repository = entry
    ? repositoryForEntry(runDir, entry, { configMaps: [], secrets: [], env: process.env })
    : new LocalArtifactRepository(join(runDir, 'artifacts'));
  return { artifact, key, repository };
}

export interface FetchedArtifact {
  readonly result: FetchResult;
  /** Where the bytes are (a file or directory). */
  readonly path: string;
  /** Removes the temporary copy. */
  readonly cleanup: () => Promise<void>;
}

/** Fetches the artifact (or a file below it) into a temporary directory. */
export async function fetchArtifact(located: LocatedArtifact, subPath?: string): Promise<FetchedArtifact> {
  if (located.key === undefined) throw notFound(`artifact "${located.artifact.name}" has no stored location`);
  if (subPath?.split('/').some((s) => s === '..' || s === '.'))
    throw invalidField('path', `"${subPath}" must not have "." or ".." segments`);
  const dir = await mkdtemp(join(tmpdir(), 'weft-artifact-'));
  const path = join(dir, 'artifact');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const key = subPath ? `${located.key}/${subPath}` : located.key;
    const result = await located.repository.fetch(key, path);
    return { result, path, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
