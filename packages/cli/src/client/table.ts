/** Small text helpers for the client's tables. Pure. */
import { stringify as stringifyYaml } from 'yaml';

/** Columns padded to their widest cell plus three spaces, as argo's tabwriter; trailing blanks trimmed. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3)))
      .join('')
      .trimEnd(),
  );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Argo's short relative durations: `45s`, `12m`, `5h`, `3d`. */
export function shortDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** Time since an ISO timestamp, short; empty when there is none. */
export function age(timestamp: string | undefined, now: Date): string {
  const at = timestamp ? Date.parse(timestamp) : Number.NaN;
  return Number.isNaN(at) ? '' : shortDuration(now.getTime() - at);
}

/** Local time `YYYY-MM-DD HH:MM:SS` of an ISO timestamp; empty when there is none. */
export function localTime(timestamp: string | undefined): string {
  const at = timestamp ? new Date(timestamp) : undefined;
  if (!at || Number.isNaN(at.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  return `${date} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

/** An object (or list) as pretty JSON or YAML, newline-terminated. */
export function formatDocument(value: unknown, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringifyYaml(value);
}
