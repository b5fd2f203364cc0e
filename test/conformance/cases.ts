/** The conformance corpus in ../shared/conformance: Argo's examples with the phase each must end in. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const conformanceDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/conformance');
export const examplesDir = join(conformanceDir, 'argo-examples');

export interface ManifestEntry {
  readonly file: string;
  readonly docIndex: number;
  readonly kind: string;
  readonly name: string;
  readonly features: readonly string[];
  readonly needs: readonly string[];
  readonly locallyRunnable: boolean;
  readonly requires: readonly string[];
  readonly expectedPhase: string;
  readonly expectedPhaseProbability: number;
  readonly minDurationSec: number | null;
  readonly notes: string;
}

export function loadManifest(): ManifestEntry[] {
  return JSON.parse(
    readFileSync(join(conformanceDir, 'argo-examples.manifest.json'), 'utf8'),
  ) as ManifestEntry[];
}

/** The acceptance set as the corpus README defines it. */
export function acceptanceCases(): ManifestEntry[] {
  return loadManifest().filter(
    (e) =>
      e.kind === 'Workflow' &&
      e.locallyRunnable &&
      (e.expectedPhase === 'Succeeded' || e.expectedPhase === 'Failed') &&
      e.expectedPhaseProbability === 1 &&
      (e.minDurationSec === null || e.minDurationSec <= 30),
  );
}

export function caseId(entry: ManifestEntry): string {
  return `${entry.file}#${entry.docIndex}`;
}
