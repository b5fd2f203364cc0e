/**
 * `data` templates: list artifacts (`source.artifactPaths`), then apply the `transformation`
 * expressions in order, each seeing the previous value as `data`; the final value, as JSON, is
 * `outputs.result`. The listing is the engine's work (a `ListArtifacts`: the engine owns the
 * artifact repositories); the transformation is pure and happens here.
 *
 *   Pending ──► Running ──(ListArtifacts … ArtifactsListed)──► Succeeded | Failed
 */
import { evaluateExpr } from '../../expr/index.js';
import type { Artifact } from '../../spec/types.js';
import { type Exec, getNode, markRunning, setPhase, takeEngineWork } from '../nodes.js';
import type { Frame } from '../state.js';

/** Argo's `data` template fields. */
export interface DataTemplate {
  readonly source?: { readonly artifactPaths?: Artifact };
  readonly transformation?: readonly { readonly expression?: string }[];
}

export function startData(ex: Exec, frame: Frame, nodeId: string): void {
  const data = (frame.template.data ?? {}) as DataTemplate;
  markRunning(ex, nodeId);
  const source = data.source?.artifactPaths;
  if (!source) {
    setPhase(
      ex,
      nodeId,
      'Failed',
      'unable to process data source: no valid source is used for data template',
    );
    return;
  }
  ex.state.engineWork.set(nodeId, frame);
  ex.commands.push({ type: 'ListArtifacts', nodeId, artifact: source });
}

/** The engine listed the artifacts of a data template's source. */
export function onArtifactsListed(
  ex: Exec,
  nodeId: string,
  keys: readonly string[] | undefined,
  error: string | undefined,
): void {
  const taken = takeEngineWork(ex, nodeId);
  if (!taken) return;
  const { frame } = taken;
  if (!keys) {
    setPhase(ex, nodeId, 'Failed', `unable to source artifact paths: ${error ?? 'listing failed'}`);
    return;
  }
  const result = transform(keys, ((frame.template.data ?? {}) as DataTemplate).transformation ?? []);
  if (!result.ok) {
    setPhase(ex, nodeId, 'Failed', `unable to process data transformation: ${result.message}`);
    return;
  }
  getNode(ex, nodeId).outputs = { result: result.json };
  setPhase(ex, nodeId, 'Succeeded');
}

/** Applies the transformation steps to `data`; the result as JSON (as Argo's executor marshals it). */
export function transform(
  data: unknown,
  steps: readonly { readonly expression?: string }[],
): { readonly ok: true; readonly json: string } | { readonly ok: false; readonly message: string } {
  let value = data;
  for (const [index, step] of steps.entries()) {
    if (!step.expression) continue;
    try {
      value = evaluateExpr(step.expression, { data: value });
    } catch (error) {
      return { ok: false, message: `error processing data step ${index}: ${(error as Error).message}` };
    }
  }
  return { ok: true, json: JSON.stringify(value ?? null) };
}
