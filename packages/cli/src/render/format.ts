/** Small formatting helpers shared by the tree and the progress lines. Pure. */

/** Phase icons as `argo get` shows them. */
export const phaseIcon: Readonly<Record<string, string>> = {
  Pending: '◷',
  Running: '●',
  Succeeded: '✔',
  Failed: '✖',
  Error: '⚠',
  Skipped: '○',
  Omitted: '○',
};

/** Shown instead of the phase icon for a suspend node that is waiting. */
export const suspendedIcon = 'ǁ';

const iconColor: Readonly<Record<string, number>> = {
  '◷': 33,
  '●': 36,
  '✔': 32,
  '✖': 31,
  '⚠': 31,
  ǁ: 36,
};

/** Wraps an icon in its ANSI color; unknown icons are returned as they are. */
export function paintIcon(icon: string): string {
  const color = iconColor[icon];
  return color === undefined ? icon : `\u001b[${color}m${icon}\u001b[0m`;
}

/** Compact duration: `0s`, `45s`, `3m4s`, `1h2m`, `2d3h`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const [d, h, m, s] = [
    Math.floor(seconds / 86400),
    Math.floor(seconds / 3600) % 24,
    Math.floor(seconds / 60) % 60,
    seconds % 60,
  ];
  if (d > 0) return h > 0 ? `${d}d${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h${m}m` : `${h}h`;
  if (m > 0) return s > 0 ? `${m}m${s}s` : `${m}m`;
  return `${s}s`;
}

/** Duration from `startedAt` to `finishedAt` (or `now` while running); empty when not started. */
export function elapsed(startedAt: string | undefined, finishedAt: string | undefined, now: Date): string {
  if (!startedAt) return '';
  const start = Date.parse(startedAt);
  if (Number.isNaN(start)) return '';
  const end = finishedAt ? Date.parse(finishedAt) : now.getTime();
  return formatDuration((Number.isNaN(end) ? now.getTime() : end) - start);
}

/** Local wall-clock time as `HH:MM:SS`. */
export function formatClock(now: Date): string {
  return [now.getHours(), now.getMinutes(), now.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}
