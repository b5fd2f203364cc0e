/** Recording a workflow's end: logs closed, artifacts collected, Argo's labels and outputs stored. */
import type { Workflow } from '@weft/core';
import { finishRunArtifacts, type Store } from '@weft/engine';
import { assembleWorkflow } from './assemble.js';
import { updateWorkflowObject } from './object-update.js';
import { Labels } from './submission.js';
import type { WorkflowRun } from './workflow-run.js';

export async function finishWorkflow(
  store: Store,
  run: WorkflowRun,
  namespace: string,
  name: string,
): Promise<Workflow | undefined> {
  await run.execution.settle();
  const state = run.state;
  run.execution.logs.endRun(state.phase, new Date().toISOString());
  await finishRunArtifacts(run.execution.flow.artifacts);
  const object = await store.get({ kind: 'Workflow', namespace, name });
  if (!object || object.metadata.uid !== run.uid) return undefined;
  const final = run.finalObject();
  const labels = {
    ...(object.metadata.labels ?? {}),
    [Labels.completed]: 'true',
    [Labels.phase]: state.phase,
  };
  const status = {
    ...(object.status as object),
    ...(final.status?.outputs ? { outputs: final.status.outputs } : {}),
  };
  const updated = await updateWorkflowObject(store, object, { labels, status });
  return assembleWorkflow(store, updated);
}
