import type { Artifact, EngineWorkCommand, WorkflowEvent } from '@weft/core';
import { performHttpRequest } from './http-request.js';

/** Lists the keys stored under an artifact's location (a data template's `artifactPaths`). */
export type ArtifactLister = (artifact: Artifact) => Promise<string[]>;

/** A lister of s3 locations over `list(prefix)` of the repository holding them (Argo lists the bucket under `key`). */
export function s3Lister(list: (prefix: string) => Promise<string[]>): ArtifactLister {
  return async (artifact) => {
    if (!artifact.s3) throw new Error('artifactPaths: only s3 locations can be listed for now');
    return list(String(artifact.s3.key ?? '').replace(/^\/+|\/+$/g, ''));
  };
}

export class EngineWork {
  readonly #list: ArtifactLister;
  readonly #dispatch: (event: WorkflowEvent) => void;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(list: ArtifactLister, dispatch: (event: WorkflowEvent) => void) {
    this.#list = list;
    this.#dispatch = dispatch;
  }

  execute(command: EngineWorkCommand): void {
    const work =
      command.type === 'HttpRequest'
        ? performHttpRequest(command).then((outcome) =>
            this.#dispatch({ type: 'HttpResponded', nodeId: command.nodeId, ...outcome }),
          )
        : this.#listing(command.artifact).then((answer) =>
            this.#dispatch({ type: 'ArtifactsListed', nodeId: command.nodeId, ...answer }),
          );
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  /** Resolves when nothing is in flight (the run is ending). */
  async settle(): Promise<void> {
    await Promise.all(this.#inFlight);
  }

  async #listing(artifact: Artifact): Promise<{ keys: string[] } | { error: string }> {
    try {
      return { keys: await this.#list(artifact) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
}
