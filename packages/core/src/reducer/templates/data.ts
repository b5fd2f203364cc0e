/**
 * `data` templates: list artifacts (`source.artifactPaths`), then apply the `transformation`
 * expressions in order, each seeing the previous value as `data`; the final value, as JSON, is
 * `outputs.result`. The listing is the engine's work (a `ListArtifacts` of the run's artifact
 * repository, where s3 keys live under `keys/`); the transformation is pure and happens here.
 *
 *   Pending ──► Running ──(ListArtifacts … ArtifactsListed)──► Succeeded | Failed
 */
import { evaluateExpr } from '../../expr/index.js';
import type { Artifact } from '../../spec/types.js';
import { type Exec, getNode, markRunning, setPhase } from '../nodes.js';
import type { Frame } from '../state.js';

/** Argo's `data` template fields. */
export interface DataTemplate {
  readonly source?: { readonly artifactPaths?: Artifact };
  readonly transformation?: readonly { readonly expression?: string }[];
}

/** Where key-only s3 artifacts live in the run's artifact repository (see pod.ts `artifactSource`). */
const s3Root = 'keys/';

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
  if (!source.s3) {
    const message =
      'unable to process data source: artifactPaths can only list s3 artifacts (kept in the run directory) for now';
    setPhase(ex, nodeId, 'Failed', message);
    return;
  }
  ex.state.engineWork.set(nodeId, frame);
  const key = String(source.s3.key ?? '').replace(/^\/+/, '');
  ex.commands.push({ type: 'ListArtifacts', nodeId, prefix: `${s3Root}${key}` });
}

/** The engine listed the artifacts of a data template's source. */
export function onArtifactsListed(
  ex: Exec,
  nodeId: string,
  keys: readonly string[] | undefined,
  error: string | undefined,
): void {
  const frame = ex.state.engineWork.get(nodeId);
  const node = ex.state.nodes.get(nodeId);
  if (!frame || !node || node.phase !== 'Running') return;
  ex.state.engineWork.delete(nodeId);
  if (!keys) {
    setPhase(ex, nodeId, 'Failed', `unable to source artifact paths: ${error ?? 'listing failed'}`);
    return;
  }
  const listed = keys.map((k) => (k.startsWith(s3Root) ? k.slice(s3Root.length) : k));
  const result = transform(listed, ((frame.template.data ?? {}) as DataTemplate).transformation ?? []);
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
