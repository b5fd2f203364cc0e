import { listChildren, reconcileActive, runsBeyondHistoryLimits } from './children.js';
import { type CronContext, errorMessage, hasErrorCode } from './context.js';
import { evaluateStopStrategy } from './expressions.js';
import { describe, markStopped } from './fire.js';
import { type CronChange, writeCronChanges } from './status.js';
import type { CronWorkflowObject } from './types.js';

/**
 * Argo's syncCronWorkflow for one CronWorkflow, from one read of its runs: delete finished runs
 * beyond the history limits (through the WorkflowController), then reconcile `status.active` and the
 * succeeded/failed counters, checking the stopStrategy when a run finished.
 */
export async function syncCronWorkflow(context: CronContext, cron: CronWorkflowObject): Promise<void> {
  const say = (line: string) => context.log(`cron ${describe(cron)}: ${line}`);
  const children = await listChildren(context.store, cron);
  for (const run of runsBeyondHistoryLimits(cron, children)) {
    try {
      await context.controller.delete(run.object.metadata.namespace ?? 'default', run.name);
      say(`deleted ${run.name} (${run.phase ?? 'finished'}) beyond the history limit`);
    } catch (error) {
      if (!hasErrorCode(error, 'NotFound')) say(`could not delete ${run.name}: ${errorMessage(error)}`);
    }
  }
  await writeCronChanges(context.store, cron, [
    reconcileActive(children, stopIfExpressionHolds(context, say)),
  ]);
}

function stopIfExpressionHolds(context: CronContext, say: (line: string) => void): CronChange {
  return (cron) => {
    try {
      if (evaluateStopStrategy(cron.spec.stopStrategy, cron, context.clock.now())) {
        markStopped(cron);
        say('stopStrategy expression holds: stopped');
      }
    } catch (error) {
      say(`failed to check CronWorkflow '${cron.metadata.name}' stopping condition: ${errorMessage(error)}`);
    }
  };
}
