/**
 * Output artifacts moved rather than copied out of a step's view: a path the step wrote to its
 * own overlay upper dir or private `/tmp` is thrown away when the step ends, so renaming it to the
 * engine's staging path (same filesystem) costs nothing whatever its size. Paths that need merging
 * with the host (a directory that also exists on the host) or live in shared volumes are copied.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import type { PodContainer } from '@weft/core';
import type { StepView } from './view.js';

/** True when it moved `viewPath` to `destination`; false when the caller must copy instead. */
export async function moveFromView(
  view: StepView,
  container: PodContainer,
  viewPath: string,
  destination: string,
  otherPaths: readonly string[],
): Promise<boolean> {
  if (!view.isolated) return false;
  const path = posix.normalize(viewPath).replace(/(.)\/$/, '$1');
  const overlaps = otherPaths.some((other) => {
    const o = posix.normalize(other).replace(/(.)\/$/, '$1');
    return o !== path && (o.startsWith(`${path}/`) || path.startsWith(`${o}/`) || o === '/' || path === '/');
  });
  if (overlaps) return false;
  // An input layer's writes alone are not the whole directory: copy (merging) instead.
  if (view.inInputLayer(container, path)) return false;
  const located = view.locateSync(container, path);
  const containerDir = dirname(view.upperDir(container));
  if (located === undefined || !located.startsWith(`${containerDir}/`)) return false;
  const inUpper = located.startsWith(`${view.upperDir(container)}/`);
  if (inUpper && existsSync(path)) return false;
  try {
    await mkdir(dirname(destination), { recursive: true });
    await rename(located, destination);
    return true;
  } catch {
    return false;
  }
}
