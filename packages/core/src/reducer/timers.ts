/** Timers: the reducer asks for a wake-up; the engine owns the clock and reports TimerFired. */
import type { Exec } from './nodes.js';
import type { Timer } from './state.js';

export function setTimer(ex: Exec, timer: Timer): void {
  ex.state.timers.set(timer.id, timer);
  ex.commands.push({ type: 'SetTimer', timerId: timer.id, at: timer.at });
}

export function clearTimer(ex: Exec, id: string): void {
  ex.state.timers.delete(id);
}
