import type { Store, StoredObject } from '@weft/engine';
import type { ObjectEvent, ObjectEvents } from '../watch/object-events.js';
import { cronCompletedLabel, cronWorkflowLabel, lastUsedScheduleAnnotation } from './argo-names.js';
import { toChild } from './children.js';
import { type Clock, systemClock } from './clock.js';
import { type CronContext, type CronWorkflowStarter, errorMessage } from './context.js';
import { describe, fireCronWorkflow } from './fire.js';
import { KeyedQueue } from './keyed-queue.js';
import { latestMissedRun, nextRunTime, scheduleWithTimezoneString } from './next-run-times.js';
import type { CronSchedule } from './schedule.js';
import { hasCondition, removeCondition, setCondition, writeCronChanges } from './status.js';
import { syncCronWorkflow } from './sync.js';
import { asCronWorkflow, ConditionType, type CronWorkflowObject, cronKey } from './types.js';
import { validateCronWorkflow } from './validate.js';

export interface CronControllerOptions {
  readonly store: Store;
  readonly events: ObjectEvents;
  readonly controller: CronWorkflowStarter;
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
  /** Zone of CronWorkflows without `timezone`; the machine's by default, as Argo. */
  readonly defaultTimezone?: string;
}

/**
 * Runs CronWorkflows: arms one timer per CronWorkflow for its next run time, fires it through the
 * WorkflowController, runs a missed schedule on start as Argo does, and keeps `status` and the run
 * history in step with the Workflow events. Work on one CronWorkflow is serialized.
 *
 * ```
 * ObjectEvents ─► CronWorkflow ADDED/MODIFIED ─► process: validate ─► missed run? ─► arm timer
 *              └► Workflow ADDED/finished/DELETED ─► sync: history limits, active, counters, stop
 * Clock timer ─► fire: stopStrategy, suspend, when, concurrencyPolicy ─► submitFrom ─► status ─► arm
 * ```
 */
export class CronController {
  readonly #context: CronContext;
  readonly #events: ObjectEvents;
  readonly #queue: KeyedQueue;
  readonly #timers = new Map<string, () => void>();
  readonly #fingerprints = new Map<string, string>();
  readonly #seenFinished = new Set<string>();
  #unsubscribe: (() => void) | undefined;
  #running = false;

  constructor(options: CronControllerOptions) {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.#context = {
      store: options.store,
      controller: options.controller,
      clock: options.clock ?? systemClock,
      log,
      scheduleOptions: { defaultTimezone: options.defaultTimezone },
    };
    this.#events = options.events;
    this.#queue = new KeyedQueue((key, error) => log(`cron ${key}: ${errorMessage(error)}`));
  }

  /** Subscribes to object events, then processes and syncs every stored CronWorkflow; resolves when done. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe = this.#events.subscribe((event) => this.#onEvent(event));
    let token: string | undefined;
    do {
      const page = await this.#context.store.list('CronWorkflow', { limit: 500, continue: token });
      for (const object of page.items) {
        this.#fingerprints.set(keyOf(object), fingerprint(object));
        this.#enqueueProcess(object);
        this.#enqueueSync(object);
      }
      token = page.continue;
    } while (token);
    await this.#queue.idle();
  }

  /** Stops listening and cancels every timer; work already running finishes on its own. */
  stop(): void {
    this.#running = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
    this.#fingerprints.clear();
  }

  /** Resolves once no work is queued or running (for tests and graceful shutdown). */
  whenIdle(): Promise<void> {
    return this.#queue.idle();
  }

  #onEvent(event: ObjectEvent): void {
    if (!this.#running) return;
    if (event.kind === 'CronWorkflow') this.#onCronWorkflowEvent(event);
    else if (event.kind === 'Workflow') this.#onWorkflowEvent(event);
  }

  #onCronWorkflowEvent({ type, object }: ObjectEvent): void {
    const key = keyOf(object);
    if (type === 'DELETED') {
      this.#cancelTimer(key);
      this.#fingerprints.delete(key);
      return;
    }
    const print = fingerprint(object);
    if (this.#fingerprints.get(key) === print) return; // our own status writes
    this.#fingerprints.set(key, print);
    this.#enqueueProcess(object);
  }

  #onWorkflowEvent({ type, object }: ObjectEvent): void {
    const cronName = object.metadata.labels?.[cronWorkflowLabel];
    if (!cronName) return;
    const uid = object.metadata.uid;
    if (type === 'DELETED') this.#seenFinished.delete(uid);
    else if (type === 'MODIFIED') {
      if (!toChild(object).finished || this.#seenFinished.has(uid)) return;
      this.#seenFinished.add(uid);
    }
    this.#enqueueSync({ metadata: { ...object.metadata, name: cronName } });
  }

  #enqueueProcess(object: Pick<StoredObject, 'metadata'>): void {
    const { namespace = 'default', name } = object.metadata;
    void this.#queue.enqueue(cronKey(namespace, name), () => this.#process(namespace, name), 'process');
  }

  #enqueueSync(object: Pick<StoredObject, 'metadata'>): void {
    const { namespace = 'default', name } = object.metadata;
    void this.#queue.enqueue(cronKey(namespace, name), () => this.#sync(namespace, name), 'sync');
  }

  /** Argo's processNextCronItem: validate, run a missed schedule, (re)arm the timer. */
  async #process(namespace: string, name: string): Promise<void> {
    const key = cronKey(namespace, name);
    const cron = this.#running ? await this.#read(namespace, name) : undefined;
    if (!cron || cron.metadata.labels?.[cronCompletedLabel] === 'true') return this.#cancelTimer(key);
    const validation = validateCronWorkflow(cron, this.#context.scheduleOptions);
    if (!validation.ok) {
      this.#cancelTimer(key);
      return this.#reportSpecError(cron, validation.message);
    }
    let current = cron;
    if (hasCondition(cron, ConditionType.SpecError)) {
      current =
        (await writeCronChanges(this.#context.store, cron, [removeCondition(ConditionType.SpecError)])) ??
        cron;
    }
    const missed = this.#missedRun(current, validation.schedules);
    if (missed) {
      this.#context.log(`cron ${describe(current)}: running the missed schedule of ${missed.toISOString()}`);
      await fireCronWorkflow(this.#context, current, missed);
    }
    this.#arm(key, namespace, name, validation.schedules, this.#context.clock.now());
  }

  /** Argo's shouldOutstandingWorkflowsBeRun: not after a schedule change, and only within the deadline. */
  #missedRun(cron: CronWorkflowObject, schedules: readonly CronSchedule[]): Date | undefined {
    const usedSchedule = cron.metadata.annotations?.[lastUsedScheduleAnnotation];
    const last = cron.status?.lastScheduledTime;
    if (usedSchedule !== scheduleWithTimezoneString(cron.spec) || !last) return undefined;
    const deadline = cron.spec.startingDeadlineSeconds ?? undefined;
    return latestMissedRun(schedules, new Date(last), this.#context.clock.now(), deadline);
  }

  #arm(key: string, namespace: string, name: string, schedules: readonly CronSchedule[], after: Date): void {
    this.#cancelTimer(key);
    const at = nextRunTime(schedules, after);
    if (!at) {
      this.#context.log(`cron ${key}: its schedules never match again`);
      return;
    }
    const fire = () => void this.#queue.enqueue(key, () => this.#onTimer(namespace, name, at));
    this.#timers.set(key, this.#context.clock.setTimer(at, fire));
  }

  async #onTimer(namespace: string, name: string, at: Date): Promise<void> {
    const cron = this.#running ? await this.#read(namespace, name) : undefined;
    if (!cron || cron.metadata.labels?.[cronCompletedLabel] === 'true') return;
    const validation = validateCronWorkflow(cron, this.#context.scheduleOptions);
    if (validation.ok && !isRunTime(validation.schedules, at)) return; // schedule changed; process re-armed
    await fireCronWorkflow(this.#context, cron, at);
    const after = await this.#read(namespace, name);
    if (!this.#running || !after || after.metadata.labels?.[cronCompletedLabel] === 'true') return;
    const again = validateCronWorkflow(after, this.#context.scheduleOptions);
    const now = this.#context.clock.now();
    if (again.ok) this.#arm(cronKey(namespace, name), namespace, name, again.schedules, now > at ? now : at);
  }

  async #sync(namespace: string, name: string): Promise<void> {
    const cron = this.#running ? await this.#read(namespace, name) : undefined;
    if (cron) await syncCronWorkflow(this.#context, cron);
  }

  async #reportSpecError(cron: CronWorkflowObject, message: string): Promise<void> {
    this.#context.log(`cron ${describe(cron)}: ${message}`);
    if (hasCondition(cron, ConditionType.SpecError, message)) return;
    await writeCronChanges(this.#context.store, cron, [setCondition(ConditionType.SpecError, message)]);
  }

  async #read(namespace: string, name: string): Promise<CronWorkflowObject | undefined> {
    const object = await this.#context.store.get({ kind: 'CronWorkflow', namespace, name });
    return object ? asCronWorkflow(object) : undefined;
  }

  #cancelTimer(key: string): void {
    this.#timers.get(key)?.();
    this.#timers.delete(key);
  }
}

/** Whether `at` is still a run time of the schedules (`@every` runs whenever it was armed for). */
function isRunTime(schedules: readonly CronSchedule[], at: Date): boolean {
  const time = at.getTime();
  return schedules.some((schedule) => schedule.everyMs !== undefined || schedule.next(time - 1) === time);
}

function keyOf(object: Pick<StoredObject, 'metadata'>): string {
  return cronKey(object.metadata.namespace, object.metadata.name);
}

/** What decides scheduling: a change elsewhere (status, our own writes) needs no reprocessing. */
function fingerprint(object: StoredObject): string {
  const completed = object.metadata.labels?.[cronCompletedLabel] ?? '';
  return JSON.stringify([object.metadata.uid, object.spec ?? null, completed]);
}
