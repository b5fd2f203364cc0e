export {
  childWorkflowName,
  cronCompletedLabel,
  cronWorkflowLabel,
  lastUsedScheduleAnnotation,
  scheduledTimeAnnotation,
  workflowCompletedLabel,
  workflowPhaseLabel,
} from './argo-names.js';
export { type Clock, systemClock } from './clock.js';
export type { CronWorkflowStarter } from './context.js';
export { CronController, type CronControllerOptions } from './controller.js';
export { evaluateCronWhen, evaluateStopStrategy } from './expressions.js';
export {
  type CronScheduleSpec,
  compileSchedules,
  nextRunTimes,
  nextRunTimesOf,
  type ScheduleOptions,
  schedulesOf,
} from './next-run-times.js';
export { type CronSchedule, ScheduleError } from './schedule.js';
export type { ActiveReference, CronCondition, CronWorkflowSpec, CronWorkflowStatus } from './types.js';
export { type CronValidation, type CronWorkflowInput, validateCronWorkflow } from './validate.js';
