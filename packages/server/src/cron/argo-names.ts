/**
 * The label and annotation names Argo's cron controller reads and writes, and its child-workflow
 * names. Kept in one place so the WorkflowController sets exactly what the cron controller reads.
 */

/** On a Workflow started by a CronWorkflow: the CronWorkflow's name (Argo's LabelKeyCronWorkflow). */
export const cronWorkflowLabel = 'workflows.argoproj.io/cron-workflow';

/** On a Workflow: `true` once it finished (Argo's LabelKeyCompleted). */
export const workflowCompletedLabel = 'workflows.argoproj.io/completed';

/** On a Workflow: its phase (Argo's LabelKeyPhase). */
export const workflowPhaseLabel = 'workflows.argoproj.io/phase';

/**
 * On a Workflow started by a CronWorkflow: the scheduled time in RFC 3339 (Argo's
 * AnnotationKeyCronWfScheduledTime); also `{{workflow.scheduledTime}}`.
 */
export const scheduledTimeAnnotation = 'workflows.argoproj.io/scheduled-time';

/** On a CronWorkflow: `true` once its stopStrategy held (Argo's LabelKeyCronWorkflowCompleted). */
export const cronCompletedLabel = 'cronworkflows.argoproj.io/completed';

/**
 * On a CronWorkflow: the schedules (with `CRON_TZ=` prefixes) its last firing used. A CronWorkflow
 * whose schedules differ from it was just changed, and runs no missed schedule (Argo's
 * annotationKeyLatestSchedule).
 */
export const lastUsedScheduleAnnotation = 'cronworkflows.argoproj.io/last-used-schedule';

export const workflowApiVersion = 'argoproj.io/v1alpha1';

/**
 * The name of the run for one scheduled time: `<cron name>-<unix seconds>`, as Argo's
 * getChildWorkflowName. The same time always gives the same name, so a second submission for it
 * (another controller, a restart) fails with AlreadyExists instead of starting a second run.
 *
 * @example
 * childWorkflowName('nightly', new Date('2024-01-01T00:00:00Z')) // 'nightly-1704067200'
 */
export function childWorkflowName(cronName: string, scheduledTime: Date): string {
  return `${cronName}-${Math.floor(scheduledTime.getTime() / 1000)}`;
}
