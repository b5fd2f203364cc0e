/** The process surroundings a command uses, passed in so commands can be run against fakes in tests. */
import type { LiveStream } from './render/live.js';

export interface CliIo {
  readonly stdout: LiveStream;
  readonly stderr: LiveStream;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Registers a Ctrl-C handler; returns a function that removes it. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => {
        process.off('SIGINT', handler);
      };
    },
  };
}
