/** How each phase is shown: an icon and a word (never colour alone) and a CSS class for colour. */

export interface PhaseLook {
  readonly icon: string;
  readonly label: string;
  readonly tone: 'ok' | 'bad' | 'busy' | 'idle' | 'warn';
}

const looks: Readonly<Record<string, PhaseLook>> = {
  Succeeded: { icon: '✔', label: 'Succeeded', tone: 'ok' },
  Failed: { icon: '✖', label: 'Failed', tone: 'bad' },
  Error: { icon: '⚠', label: 'Error', tone: 'bad' },
  Running: { icon: '◐', label: 'Running', tone: 'busy' },
  Pending: { icon: '○', label: 'Pending', tone: 'idle' },
  Skipped: { icon: '↷', label: 'Skipped', tone: 'idle' },
  Omitted: { icon: '∅', label: 'Omitted', tone: 'idle' },
  Suspended: { icon: '‖', label: 'Suspended', tone: 'warn' },
};

export function lookOf(phase: string | undefined): PhaseLook {
  return looks[phase ?? 'Pending'] ?? { icon: '?', label: phase ?? 'Unknown', tone: 'idle' };
}

export const allPhases = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'] as const;

export const isFinished = (phase: string | undefined) =>
  phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';

export const isFailed = (phase: string | undefined) => phase === 'Failed' || phase === 'Error';
