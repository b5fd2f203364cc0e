/**
 * The runtime `weft server` runs steps with. `--runtime` is the default; a template can ask for
 * another with the `weft.dev/runtime` annotation (engine runtime/choice):
 *   host    steps run under the step runner process (<data>/runner), which outlives the server
 *   podman  each step's Pod runs as podman containers, which outlive the server on their own and
 *           are re-attached by their deterministic names (<data>/podman-steps); created on first
 *           use unless it is the default, so a machine without podman fails only steps asking for it
 * Closing the server leaves steps running for the next start; a shutdown ends them.
 */
import { join } from 'node:path';
import {
  connectRunner,
  createChoiceRuntime,
  createHostRuntime,
  createPodmanRuntime,
  type PodmanRuntime,
  parseImageAliases,
  type RunnerRuntime,
  type Runtime,
  type StepExitListener,
} from '@weft/engine';
import type { DurableRuntime } from './controller/step-host.js';
import type { ObjectCache } from './object-cache.js';
import type { ServerOptions } from './options.js';
import { runnerDirOf } from './paths.js';

export async function createStepRuntime(
  options: ServerOptions,
  objects: ObjectCache,
  onExit: StepExitListener,
  onStart: (id: string) => void,
): Promise<DurableRuntime> {
  const volumesDir = join(options.dataDir, 'volumes');
  const aliases = parseImageAliases(options.imageAliases ?? []);
  if (typeof aliases === 'string') throw new Error(`--image-alias: ${aliases}`);
  // The host runtime is connected first (async); the choice runtime then takes its exits.
  let hostExit: StepExitListener = onExit;
  let runner: RunnerRuntime | undefined;
  let inProcess: Runtime | undefined;
  if (options.inProcessSteps) {
    inProcess = createHostRuntime({ onExit: (result) => hostExit(result), onStart, volumesDir });
  } else {
    runner = await connectRunner({
      dir: runnerDirOf(options.dataDir),
      onExit: (result) => hostExit(result),
      onStart,
      volumesDir,
    });
  }
  let podman: PodmanRuntime | undefined;
  const choice = createChoiceRuntime({
    defaultKind: options.runtime,
    onExit,
    onStart,
    factories: {
      host: (listeners) => {
        hostExit = listeners.onExit;
        return (runner ?? inProcess) as Runtime;
      },
      podman: (listeners) => {
        podman = createPodmanRuntime({
          ...listeners,
          stateDir: join(options.dataDir, 'podman-steps'),
          imageAliases: aliases,
          objects: (kind, namespace, name) => objects.data(kind, namespace, name),
        });
        // The choice runtime closes what it created: for podman that means leaving its
        // containers running for the next start (a shutdown removes them, below).
        const created = podman;
        return {
          name: created.name,
          isolation: created.isolation,
          start: (request) => created.start(request),
          kill: (id, graceMs) => created.kill(id, graceMs),
          knows: (id: string) => created.knows(id),
          removeWorkflow: (namespace: string, workflow: string) =>
            created.removeWorkflow(namespace, workflow),
          close: () => created.detach(),
        } as Runtime;
      },
    },
  });
  return {
    name: choice.name,
    isolation: choice.isolation,
    start: (request) => choice.start(request),
    kill: (id, graceMs) => choice.kill(id, graceMs),
    knows: (id) => choice.knows(id),
    ack: (id) => runner?.ack(id),
    close: () => choice.close(),
    shutdown: async () => {
      await runner?.shutdown();
      await inProcess?.close();
      await podman?.close();
    },
  };
}
