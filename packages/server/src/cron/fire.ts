import { isoSeconds } from '@weft/core';
import type { StoredObject } from '@weft/engine';
import {
  childWorkflowName,
  cronCompletedLabel,
  cronWorkflowLabel,
  lastUsedScheduleAnnotation,
} from './argo-names.js';
import { activeReference, listChildren, toChild } from './children.js';
import { type CronContext, errorMessage, hasErrorCode } from './context.js';
import { evaluateCronWhen, evaluateStopStrategy } from './expressions.js';
import { scheduleWithTimezoneString } from './next-run-times.js';
import {
  addActive,
  type CronChange,
  CronDraft,
  removeCondition,
  setAnnotation,
  setCondition,
  setLabel,
  statusOf,
} from './status.js';
import { ConditionType, CronPhase, type CronWorkflowObject } from './types.js';
import { validateCronWorkflow } from './validate.js';

/**
 * One firing of a CronWorkflow for `scheduledTime`, as Argo's cron operator runs it: record the
 * schedule used, validate, check the stopStrategy, apply suspend / `when` / concurrencyPolicy, submit
 * the run under its deterministic name, and write the status (with conflict retries).
 */
export async function fireCronWorkflow(
  context: CronContext,
  cron: CronWorkflowObject,
  scheduledTime: Date,
): Promise<void> {
  const draft = new CronDraft(cron);
  const schedules = scheduleWithTimezoneString(cron.spec);
  if (cron.metadata.annotations?.[lastUsedScheduleAnnotation] !== schedules) {
    draft.apply(setAnnotation(lastUsedScheduleAnnotation, schedules));
  }
  await decideAndSubmit(context, draft, scheduledTime);
  await draft.write(context.store);
}

async function decideAndSubmit(context: CronContext, draft: CronDraft, scheduledTime: Date): Promise<void> {
  const say = (line: string) => context.log(`cron ${describe(draft.cron)}: ${line}`);
  const validation = validateCronWorkflow(draft.cron, context.scheduleOptions);
  if (!validation.ok) {
    draft.apply(setCondition(ConditionType.SpecError, validation.message));
    say(validation.message);
    return;
  }
  draft.apply(removeCondition(ConditionType.SpecError));
  try {
    if (evaluateStopStrategy(draft.cron.spec.stopStrategy, draft.cron, context.clock.now()))
      draft.apply(markStopped);
  } catch (error) {
    const message = `failed to check CronWorkflow '${draft.cron.metadata.name}' stopping condition: ${errorMessage(error)}`;
    draft.apply(setCondition(ConditionType.SpecError, message));
    say(message);
    return;
  }
  let proceed: boolean;
  try {
    proceed = await runtimePolicyAllows(context, draft.cron, say);
  } catch (error) {
    draft.apply(submissionError(`run policy error: ${errorMessage(error)}`));
    say(`run policy error: ${errorMessage(error)}`);
    return;
  }
  if (proceed) await submit(context, draft, scheduledTime, say);
}

export function describe(cron: CronWorkflowObject): string {
  return `${cron.metadata.namespace ?? 'default'}/${cron.metadata.name}`;
}

/** Argo's setAsCompleted: phase Stopped and the completed label, after which nothing is scheduled. */
export const markStopped: CronChange = (cron) => {
  statusOf(cron).phase = CronPhase.Stopped;
  setLabel(cronCompletedLabel, 'true')(cron);
};

/** Argo counts a submission error (including a failing `when`) as a failed run. */
function submissionError(message: string): CronChange {
  return (cron) => {
    setCondition(ConditionType.SubmissionError, message)(cron);
    const status = statusOf(cron);
    status.failed = (status.failed ?? 0) + 1;
  };
}

/** Argo's enforceRuntimePolicy: suspend, Stopped phase, `when`, then concurrencyPolicy. Throws on errors. */
async function runtimePolicyAllows(
  context: CronContext,
  cron: CronWorkflowObject,
  say: (line: string) => void,
): Promise<boolean> {
  if (cron.spec.suspend === true) {
    say('suspended, skipping execution');
    return false;
  }
  if (cron.status?.phase === CronPhase.Stopped) {
    say('stopped: its stopStrategy expression held, skipping execution');
    return false;
  }
  if (!evaluateCronWhen(cron.spec.when ?? '', cron, context.clock.now())) {
    say(`when "${cron.spec.when}" is false, skipping execution`);
    return false;
  }
  const policy = cron.spec.concurrencyPolicy ?? 'Allow';
  if (policy === 'Allow' || policy === '') return true;
  const active = (await listChildren(context.store, cron)).filter((child) => !child.finished);
  if (active.length === 0) return true;
  if (policy === 'Forbid') {
    say(`'ConcurrencyPolicy: Forbid' and has an active Workflow (${active[0]?.name}) so it was not run`);
    return false;
  }
  for (const run of active) await terminateRun(context, run.object, say);
  return true;
}

/** Argo's Replace terminates (exit handlers do not run); a run already gone or finished is skipped. */
async function terminateRun(context: CronContext, run: StoredObject, say: (line: string) => void) {
  const namespace = run.metadata.namespace ?? 'default';
  say(`'ConcurrencyPolicy: Replace': terminating ${run.metadata.name}`);
  try {
    await context.controller.terminate(namespace, run.metadata.name);
  } catch (error) {
    const now = await context.store.get({ kind: 'Workflow', namespace, name: run.metadata.name });
    if (!now || toChild(now).finished || hasErrorCode(error, 'NotFound')) return;
    throw new Error(`error stopping workflow ${run.metadata.name}: ${errorMessage(error)}`);
  }
}

async function submit(
  context: CronContext,
  draft: CronDraft,
  scheduledTime: Date,
  say: (line: string) => void,
): Promise<void> {
  const { name, namespace = 'default' } = draft.cron.metadata;
  const runName = childWorkflowName(name, scheduledTime);
  let run: StoredObject;
  try {
    run = await context.controller.submitFrom(
      namespace,
      { kind: 'CronWorkflow', name },
      { scheduledTime, name: runName },
    );
  } catch (error) {
    if (hasErrorCode(error, 'AlreadyExists'))
      return recordExistingRun(context, draft, runName, scheduledTime, say);
    draft.apply(submissionError(`Failed to submit Workflow: ${errorMessage(error)}`));
    say(`Failed to submit Workflow: ${errorMessage(error)}`);
    return;
  }
  say(`submitted ${runName} for ${isoSeconds(scheduledTime.getTime())}`);
  draft.apply(addActive(activeReference(run)));
  draft.apply(scheduled(scheduledTime));
  draft.apply(removeCondition(ConditionType.SubmissionError));
}

function scheduled(scheduledTime: Date): CronChange {
  return (cron) => {
    const status = statusOf(cron);
    status.phase = CronPhase.Active;
    const last = status.lastScheduledTime ? Date.parse(status.lastScheduledTime) : Number.NEGATIVE_INFINITY;
    if (scheduledTime.getTime() > last) status.lastScheduledTime = isoSeconds(scheduledTime.getTime());
  };
}

/**
 * The run for this time exists already (another controller, or a restart between its submission and
 * the status write): it is recorded as this firing's run, so nothing runs twice. Argo returns
 * without recording; recording it keeps `lastScheduledTime` true to what ran.
 */
async function recordExistingRun(
  context: CronContext,
  draft: CronDraft,
  runName: string,
  scheduledTime: Date,
  say: (line: string) => void,
): Promise<void> {
  const namespace = draft.cron.metadata.namespace ?? 'default';
  const existing = await context.store.get({ kind: 'Workflow', namespace, name: runName });
  if (!existing || existing.metadata.labels?.[cronWorkflowLabel] !== draft.cron.metadata.name) {
    say(`a Workflow named ${runName} exists and is not a run of this CronWorkflow; nothing submitted`);
    return;
  }
  say(`${runName} was already submitted for ${isoSeconds(scheduledTime.getTime())}`);
  if (!toChild(existing).finished) draft.apply(addActive(activeReference(existing)));
  draft.apply(scheduled(scheduledTime));
}
