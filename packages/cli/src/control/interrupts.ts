/**
 * Ctrl-C during `weft run`: the first stops the workflow (Argo's stop: running steps are killed,
 * exit handlers still run), the second terminates it (exit handlers are killed too), the third
 * quits at once with exit code 130.
 */
import type { RunControl } from '@weft/engine';

export interface InterruptHandler {
  readonly onInterrupt: () => void;
  /** How many times Ctrl-C was pressed. */
  count(): number;
}

export function interruptHandler(
  control: RunControl,
  note: (line: string) => void,
  quit: (code: number) => void = (code) => process.exit(code),
): InterruptHandler {
  let count = 0;
  return {
    count: () => count,
    onInterrupt() {
      count++;
      if (count === 1) {
        note('Stopping the workflow: exit handlers still run (Ctrl-C again to terminate)…');
        control.request({ action: 'stop' });
      } else if (count === 2) {
        note('Terminating the workflow: exit handlers are killed too (Ctrl-C again to quit at once)…');
        control.request({ action: 'terminate' });
      } else {
        quit(130);
      }
    },
  };
}
