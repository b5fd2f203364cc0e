/** Leaf templates (container, script, containerSet): one Pod each, run by the runtime. */
import { PodSpecPatchError, translatePod } from '../../pod/translate.js';
import type { Artifact, Outputs, Parameter } from '../../spec/types.js';
import { goDurationMs } from '../../text/duration.js';
import type { StepOutcome, WorkflowCommand } from '../events.js';
import { trimResult, trimTrailingNewline } from '../format.js';
import { podName } from '../ids.js';
import { type Exec, getNode, markRunning, setPhase } from '../nodes.js';
import { evaluateOutputExpression, publishGlobalOutputs } from '../outputs.js';
import type { ArtifactRef, Frame } from '../state.js';
import { enqueuePod } from '../sync/pod-priority.js';
import { setTimer } from '../timers.js';
import { daemonExitPhase, forgetDaemon } from './daemon.js';

export function startPod(ex: Exec, frame: Frame, nodeId: string): void {
  const { state } = ex;
  const workflowName = state.workflow.metadata.name ?? '';
  let command: WorkflowCommand;
  try {
    const plan = translatePod({
      workflowName,
      namespace: state.workflow.metadata.namespace ?? 'default',
      podName: podName(workflowName, frame.template.name, frame.nodeName),
      nodeId,
      nodeName: frame.nodeName,
      template: frame.template,
      spec: state.spec,
      inputArtifacts: podInputArtifacts(frame),
    });
    command = {
      type: 'StartStep',
      nodeId,
      pod: plan.pod,
      inputFiles: plan.inputFiles,
      outputParameters: plan.outputParameters,
      outputArtifacts: plan.outputArtifacts.map((a) => ({
        ...a,
        key: artifactKey(frame, nodeId, a.name),
        declared: frame.template.outputs?.artifacts?.find((d) => d.name === a.name),
      })),
      mainContainers: plan.mainContainers,
      ...archiveLocationOf(frame),
    };
  } catch (error) {
    if (!(error instanceof PodSpecPatchError)) throw error;
    setPhase(ex, nodeId, 'Error', error.message);
    return;
  }
  state.pods.set(nodeId, { frame, hooks: {}, killGraceMs: killGraceMsOf(command) });
  state.totalPods++;
  const limit = state.spec.parallelism;
  if (limit !== undefined && limit > 0 && state.runningPods >= limit) {
    enqueuePod(state, command);
    return;
  }
  dispatchPod(ex, command);
}

function dispatchPod(ex: Exec, command: WorkflowCommand): void {
  if (command.type !== 'StartStep') return;
  const entry = ex.state.pods.get(command.nodeId);
  ex.state.runningPods++;
  markRunning(ex, command.nodeId);
  ex.commands.push(command);
  const deadline = entry ? podDeadlineSeconds(entry.frame) : undefined;
  if (deadline !== undefined) {
    setTimer(ex, {
      id: `deadline:${command.nodeId}`,
      at: ex.ctx.now + deadline * 1000,
      action: { kind: 'podDeadline', nodeId: command.nodeId },
    });
  }
}

function podDeadlineSeconds(frame: Frame): number | undefined {
  const values = [frame.template.activeDeadlineSeconds, frame.template.timeout]
    .map(durationSeconds)
    .filter((v): v is number => v !== undefined);
  return values.length ? Math.min(...values) : undefined;
}

/** Kubernetes' default grace between SIGTERM and SIGKILL when a pod does not set its own. */
export const defaultKillGraceMs = 30_000;

function killGraceMsOf(command: WorkflowCommand): number {
  if (command.type !== 'StartStep') return defaultKillGraceMs;
  const seconds = command.pod.spec.terminationGracePeriodSeconds;
  return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : defaultKillGraceMs;
}

/** The grace a running pod gets between SIGTERM and SIGKILL when weft stops it. */
export function killGraceMs(ex: Exec, nodeId: string): number {
  return ex.state.pods.get(nodeId)?.killGraceMs ?? defaultKillGraceMs;
}

/** Go durations (`30s`, `1m30s`, `2h`) or plain seconds, in seconds; undefined when neither (or negative). */
export function durationSeconds(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return value;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = /^[+-]/.test(text) ? undefined : goDurationMs(text);
  return ms === undefined ? undefined : ms / 1000;
}

function podInputArtifacts(frame: Frame) {
  return Object.values(frame.inputs.artifacts)
    .filter((a) => a.path)
    .flatMap((a) => {
      const source = artifactSource(a);
      return source ? [{ name: a.name, path: a.path as string, mode: a.mode, source }] : [];
    });
}

function artifactSource(a: ArtifactRef) {
  if (a.raw) return { kind: 'content' as const, content: a.raw.data };
  if (a.key) return { kind: 'artifact' as const, key: a.key, artifact: a };
  if (a.s3?.key !== undefined) return { kind: 'artifact' as const, key: `keys/${a.s3.key}`, artifact: a };
  // Other locations (http, git, gcs, …) and optional artifacts that were not supplied: the engine decides.
  return { kind: 'artifact' as const, key: '', artifact: a };
}

function artifactKey(frame: Frame, nodeId: string, name: string): string {
  const declared = frame.template.outputs?.artifacts?.find((a) => a.name === name);
  if (declared?.s3?.key) return `keys/${declared.s3.key}`;
  return `nodes/${nodeId}/${name}`;
}

/** A pod's exit: outputs, phase, and the next queued pod. */
export function onPodExited(ex: Exec, nodeId: string, outcome: StepOutcome): void {
  const { state } = ex;
  const entry = state.pods.get(nodeId);
  const node = getNode(ex, nodeId);
  state.runningPods = Math.max(0, state.runningPods - 1);
  ex.state.timers.delete(`deadline:${nodeId}`);
  startQueuedPods(ex);
  if (!entry || node.phase !== 'Running') return;
  const daemonEnded = daemonExitPhase(ex, nodeId);
  forgetDaemon(ex, nodeId);
  const killedFor = state.killReasons.get(nodeId);
  const { outputs, problem } = collectOutputs(entry.frame, outcome);
  node.outputs = outputs;
  if (killedFor) {
    setPhase(ex, nodeId, killedFor.phase, killedFor.message);
  } else if (outcome.error) {
    setPhase(ex, nodeId, 'Error', outcome.error);
  } else if (outcome.exitCode !== 0) {
    setPhase(ex, nodeId, 'Failed', `Error (exit code ${outcome.exitCode ?? 'unknown'})`);
  } else if (problem) {
    setPhase(ex, nodeId, 'Error', problem);
  } else if (daemonEnded) {
    setPhase(ex, nodeId, daemonEnded, 'daemon exited before its scope ended');
  } else {
    state.succeededPods++;
    setPhase(ex, nodeId, 'Succeeded');
  }
  publishGlobalOutputs(ex, entry.frame.template.outputs, outputs);
}

export function startQueuedPods(ex: Exec): void {
  const { state } = ex;
  const limit = state.spec.parallelism;
  while (state.podQueue.length > 0 && (limit === undefined || limit <= 0 || state.runningPods < limit)) {
    const next = state.podQueue.shift() as WorkflowCommand;
    if (next.type === 'StartStep' && getNode(ex, next.nodeId).phase !== 'Pending') continue;
    dispatchPod(ex, next);
  }
}

function collectOutputs(frame: Frame, outcome: StepOutcome): { outputs: Outputs; problem?: string } {
  const outputs: Outputs = {};
  const problems: string[] = [];
  const result = trimResult(outcome.stdout);
  if (frame.template.script || frame.template.container || frame.template.containerSet)
    outputs.result = result;
  if (outcome.exitCode !== null) outputs.exitCode = String(outcome.exitCode);
  const parameters: Parameter[] = [];
  for (const declared of frame.template.outputs?.parameters ?? []) {
    const value = outputParameterValue(declared, outcome, frame);
    if (value === undefined) {
      problems.push(
        `failed to get output parameter "${declared.name}": ${declared.valueFrom?.path ?? 'no value'} not found`,
      );
      continue;
    }
    parameters.push({ ...stripParameter(declared), value });
  }
  if (parameters.length) outputs.parameters = parameters;
  const artifacts: Artifact[] = [];
  for (const declared of frame.template.outputs?.artifacts ?? []) {
    const found = outcome.artifacts.find((a) => a.name === declared.name);
    if (found?.location) artifacts.push({ ...withoutLocation(declared), ...found.location } as Artifact);
    else if (found?.key) artifacts.push({ ...declared, key: found.key } as Artifact);
    else if (!declared.optional && outcome.exitCode === 0 && !outcome.error) {
      problems.push(`output artifact "${declared.name}": ${declared.path ?? ''} not found`);
    }
  }
  // Argo's archived main log (archiveLogs): stored by the engine, listed with the outputs.
  const mainLogs = outcome.artifacts.find((a) => a.name === 'main-logs' && a.location);
  if (mainLogs && !artifacts.some((a) => a.name === 'main-logs'))
    artifacts.push({ name: 'main-logs', ...mainLogs.location } as Artifact);
  if (artifacts.length) outputs.artifacts = artifacts;
  return { outputs, problem: problems[0] };
}

function archiveLocationOf(frame: Frame): { archiveLocation?: Record<string, unknown> } {
  const location = frame.template.archiveLocation;
  return location && typeof location === 'object'
    ? { archiveLocation: location as Record<string, unknown> }
    : {};
}

/** A declared output artifact without the repository fields the stored location replaces. */
function withoutLocation(declared: Artifact): Artifact {
  const { s3: _s3, ...rest } = declared;
  return rest as Artifact;
}

function stripParameter(parameter: Parameter): Parameter {
  const out: Parameter = { name: parameter.name };
  if (parameter.globalName) out.globalName = parameter.globalName;
  if (parameter.valueFrom) out.valueFrom = parameter.valueFrom;
  return out;
}

function outputParameterValue(declared: Parameter, outcome: StepOutcome, frame: Frame): string | undefined {
  const from = declared.valueFrom;
  if (from?.path !== undefined) {
    const value = outcome.parameters[declared.name];
    if (value !== undefined) return trimTrailingNewline(value);
    return from.default !== undefined ? String(from.default) : undefined;
  }
  if (from?.expression !== undefined) return evaluateOutputExpression(from.expression, frame, outcome);
  if (declared.value !== undefined) return String(declared.value);
  return from?.default !== undefined ? String(from.default) : undefined;
}
