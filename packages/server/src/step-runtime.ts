/**
 * The runtime `weft server` runs steps with (`--runtime`):
 *   host    steps run under the step runner process (<data>/runner), which outlives the server
 *   podman  each step's Pod runs as podman containers, which outlive the server on their own;
 *           re-attached by their deterministic names (<data>/podman-steps)
 */
import { join } from 'node:path';
import { connectRunner, createHostRuntime, createPodmanRuntime, parseImageAliases } from '@weft/engine';
import type { DurableRuntime } from './controller/step-host.js';
import type { ObjectCache } from './object-cache.js';
import type { ServerOptions } from './options.js';
import { runnerDirOf } from './paths.js';

export async function createStepRuntime(
  options: ServerOptions,
  objects: ObjectCache,
  onExit: Parameters<typeof createHostRuntime>[0]['onExit'],
  onStart: (id: string) => void,
): Promise<DurableRuntime> {
  const volumesDir = join(options.dataDir, 'volumes');
  if (options.runtime === 'podman') {
    const aliases = parseImageAliases(options.imageAliases ?? []);
    if (typeof aliases === 'string') throw new Error(`--image-alias: ${aliases}`);
    const podman = createPodmanRuntime({
      onExit,
      onStart,
      stateDir: join(options.dataDir, 'podman-steps'),
      imageAliases: aliases,
      objects: (kind, namespace, name) => objects.data(kind, namespace, name),
    });
    // Closing the server leaves containers running for the next start; a shutdown removes them.
    return {
      name: podman.name,
      isolation: podman.isolation,
      start: (request) => podman.start(request),
      kill: (id, graceMs) => podman.kill(id, graceMs),
      knows: (id) => podman.knows(id),
      close: () => podman.detach(),
      shutdown: () => podman.close(),
    };
  }
  if (options.inProcessSteps) return createHostRuntime({ onExit, onStart, volumesDir });
  return connectRunner({ dir: runnerDirOf(options.dataDir), onExit, onStart, volumesDir });
}
