import type { PodContainer } from '@weft/core';
import type { CollectedArtifact, StartStepRequest } from '../types.js';
import { moveFromView } from './move-output.js';
import { copyFromView, readViewFile, type StepView } from './view.js';

export interface CollectedOutputs {
  readonly parameters: Record<string, string | undefined>;
  readonly artifacts: CollectedArtifact[];
  /** Names the first required artifact that was not found. */
  readonly missing?: string;
}

/** Reads output parameters and copies output artifacts from the container's view of the filesystem. */
export async function collectOutputs(
  request: StartStepRequest,
  view: StepView,
  container: PodContainer | undefined,
  options: { readonly move?: boolean } = {},
): Promise<CollectedOutputs> {
  const parameters: Record<string, string | undefined> = {};
  const artifacts: CollectedArtifact[] = [];
  let missing: string | undefined;
  for (const parameter of request.outputParameters) {
    parameters[parameter.name] = container ? await readViewFile(view, container, parameter.path) : undefined;
  }
  for (const artifact of request.outputArtifacts) {
    const others = request.outputArtifacts.filter((a) => a !== artifact).map((a) => a.path);
    const moved =
      container !== undefined &&
      options.move === true &&
      (await moveFromView(view, container, artifact.path, artifact.destination, others));
    const found =
      moved || (container ? await copyArtifact(view, container, artifact.path, artifact.destination) : false);
    if (found) artifacts.push({ name: artifact.name, location: artifact.destination });
    else if (artifact.optional) artifacts.push({ name: artifact.name });
    else missing ??= `output artifact "${artifact.name}": path ${artifact.path} does not exist`;
  }
  return missing === undefined ? { parameters, artifacts } : { parameters, artifacts, missing };
}

async function copyArtifact(
  view: StepView,
  container: PodContainer,
  path: string,
  destination: string,
): Promise<boolean> {
  try {
    return await copyFromView(view, container, path, destination);
  } catch {
    return false;
  }
}
