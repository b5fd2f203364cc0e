import type { Clock } from '../clock.js';

interface FakeTimer {
  readonly at: number;
  readonly fn: () => void;
  readonly order: number;
}

/** A Clock whose time moves only when a test advances it; due timers fire in time order. */
export class FakeClock implements Clock {
  #now: number;
  #timers: FakeTimer[] = [];
  #order = 0;

  constructor(start: Date | string) {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  setTimer(at: Date, fn: () => void): () => void {
    const timer = { at: at.getTime(), fn, order: this.#order++ };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((entry) => entry !== timer);
    };
  }

  /** Armed timers' times, earliest first. */
  pendingTimers(): Date[] {
    return this.#sorted().map((timer) => new Date(timer.at));
  }

  /**
   * Moves time to `to`, stopping at each due timer (time = its instant) to fire it and await
   * `settle` (the controller's idle), so work a firing starts sees the time it fired at.
   */
  async advanceTo(to: Date | string, settle: () => Promise<void>): Promise<void> {
    const target = new Date(to).getTime();
    for (;;) {
      const due = this.#sorted().find((timer) => timer.at <= target);
      if (!due) break;
      this.#timers = this.#timers.filter((entry) => entry !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
      await settle();
    }
    this.#now = Math.max(this.#now, target);
    await settle();
  }

  /** Jumps to `to` without firing anything (the process was down). */
  jumpTo(to: Date | string): void {
    this.#now = new Date(to).getTime();
  }

  #sorted(): FakeTimer[] {
    return [...this.#timers].sort((a, b) => a.at - b.at || a.order - b.order);
  }
}
