/**
 * The commands of a replayed event log that no later event answered: what a restarted engine
 * must carry out again (or re-attach to) to go on where the crashed one stopped.
 *
 *   StartStep(n)                 until StepExited(n)
 *   KillStep(n)                  while step n is outstanding
 *   SetTimer(t)                  until TimerFired(t) (a later SetTimer(t) replaces it)
 *   LookupMemo(n)                until MemoLookedUp(n)
 *   HttpRequest(n)               until HttpResponded(n)
 *   ListArtifacts(n)             until ArtifactsListed(n)
 *   SaveMemo                     always again (saving twice is harmless)
 *   WorkflowCompleted            marks the run completed
 */
import type { WorkflowCommand, WorkflowEvent } from '@weft/core';

type Command<T extends WorkflowCommand['type']> = Extract<WorkflowCommand, { type: T }>;

export class Outstanding {
  readonly steps = new Map<string, Command<'StartStep'>>();
  readonly #kills = new Map<string, Command<'KillStep'>>();
  readonly #timers = new Map<string, Command<'SetTimer'>>();
  readonly #work = new Map<string, WorkflowCommand>();
  readonly #saves: Command<'SaveMemo'>[] = [];
  completed = false;

  record(command: WorkflowCommand): void {
    switch (command.type) {
      case 'StartStep':
        this.steps.set(command.nodeId, command);
        return;
      case 'KillStep':
        this.#kills.set(command.nodeId, command);
        return;
      case 'SetTimer':
        this.#timers.set(command.timerId, command);
        return;
      case 'SaveMemo':
        this.#saves.push(command);
        return;
      case 'WorkflowCompleted':
        this.completed = true;
        return;
      default:
        this.#work.set(`${command.type}:${command.nodeId}`, command);
    }
  }

  /**
   * Whether `event` answers something outstanding (false for an exit of a step that is not
   * running, a timer that is not set, …); events that answer nothing (start, stop, resume) are true.
   */
  answers(event: WorkflowEvent): boolean {
    switch (event.type) {
      case 'StepExited':
      case 'StepStarted':
        return this.steps.has(event.nodeId);
      case 'TimerFired':
        return this.#timers.has(event.timerId);
      case 'MemoLookedUp':
        return this.#work.has(`LookupMemo:${event.nodeId}`);
      case 'HttpResponded':
        return this.#work.has(`HttpRequest:${event.nodeId}`);
      case 'ArtifactsListed':
        return this.#work.has(`ListArtifacts:${event.nodeId}`);
      default:
        return true;
    }
  }

  /** Forgets what `event` answered. */
  answer(event: WorkflowEvent): void {
    switch (event.type) {
      case 'StepExited':
        this.steps.delete(event.nodeId);
        this.#kills.delete(event.nodeId);
        return;
      case 'TimerFired':
        this.#timers.delete(event.timerId);
        return;
      case 'MemoLookedUp':
        this.#work.delete(`LookupMemo:${event.nodeId}`);
        return;
      case 'HttpResponded':
        this.#work.delete(`HttpRequest:${event.nodeId}`);
        return;
      case 'ArtifactsListed':
        this.#work.delete(`ListArtifacts:${event.nodeId}`);
        return;
    }
  }

  /** Everything but the steps: kills of outstanding steps, timers, engine work, memo saves. */
  other(): WorkflowCommand[] {
    return [...this.#kills.values(), ...this.#timers.values(), ...this.#work.values(), ...this.#saves];
  }
}
