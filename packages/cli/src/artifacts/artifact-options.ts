/** What `weft run` passes the engine about artifacts, and the rows of its end-of-run table. */

import type { LoadedObject } from '@weft/core';
import type { RunWorkflowOptions, RunWorkflowResult, SecretManifest, StoredArtifact } from '@weft/engine';
import type { RunArgs } from '../args.js';

/** Secret manifests among the loaded files, and `--artifact-size-limit`; nothing when neither is given. */
export function artifactOptions(
  args: RunArgs,
  objects: readonly LoadedObject[],
): Pick<RunWorkflowOptions, 'secrets' | 'artifactSizeLimit'> {
  const secrets = objects
    .filter((o) => o.object.kind === 'Secret')
    .map((o) => o.object as unknown as SecretManifest);
  return {
    ...(secrets.length > 0 ? { secrets } : {}),
    ...(args.artifactSizeLimit === undefined ? {} : { artifactSizeLimit: args.artifactSizeLimit }),
  };
}

/** The stored artifacts of a finished run with their nodes' display names. */
export function storedArtifactRows(result: RunWorkflowResult): (StoredArtifact & { displayName: string })[] {
  const nodes = (result.workflow.status?.nodes ?? {}) as Record<string, { displayName?: string }>;
  return (result.artifacts ?? []).map((a) => ({
    ...a,
    displayName: nodes[a.nodeId]?.displayName ?? a.nodeId,
  }));
}
