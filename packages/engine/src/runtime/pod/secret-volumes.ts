/**
 * `secret` volumes, for every runtime on this machine: each volume's files are written, with
 * their modes, into the step's own `secrets/<volume>/` dir just before it runs (bound at each
 * mountPath like any volume), and that dir is removed as soon as the step ends.
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PodManifest } from '@weft/core';
import { type SecretData, secretVolumeFiles } from '../../secrets/pod-secrets.js';

/** A `secret` volume's files live in the step's own dir while it runs (removed when it ends). */
export function secretVolumeDir(stepDir: string, volume: string): string {
  return join(stepDir, 'secrets', volume);
}

/** Writes every secret volume of the pod; returns the error naming a missing Secret or key. */
export async function writeSecretVolumes(
  stepDir: string,
  pod: PodManifest,
  secretData: SecretData | undefined,
): Promise<string | undefined> {
  for (const volume of pod.spec.volumes ?? []) {
    if (!('secret' in volume)) continue;
    const files = secretVolumeFiles(volume, secretData);
    if (!files.ok) return files.error;
    const dir = secretVolumeDir(stepDir, String(volume.name));
    await mkdir(dir, { recursive: true, mode: 0o755 });
    for (const file of files.value) {
      const path = join(dir, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content, { mode: file.mode });
      await chmod(path, file.mode);
    }
  }
  return undefined;
}

export function removeSecretVolumes(stepDir: string): Promise<void> {
  return rm(join(stepDir, 'secrets'), { recursive: true, force: true });
}
