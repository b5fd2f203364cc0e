import type { Store } from '@weft/engine';
import type { WorkflowController } from '../controller/types.js';
import type { Clock } from './clock.js';
import type { ScheduleOptions } from './next-run-times.js';

/** The part of the WorkflowController the cron controller calls. */
export type CronWorkflowStarter = Pick<WorkflowController, 'submitFrom' | 'stop' | 'terminate' | 'delete'>;

/** What the cron operations (firing, syncing) work with; one per CronController. */
export interface CronContext {
  readonly store: Store;
  readonly controller: CronWorkflowStarter;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly scheduleOptions: ScheduleOptions;
}

/** Store and controller errors carry a stable `code` (NotFound, AlreadyExists, …). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
