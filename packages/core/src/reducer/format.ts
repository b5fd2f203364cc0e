import { DAYS, MONTHS } from '../text/calendar.js';
/** Go-like formatting of values into the strings Argo substitutes. */

/** A parameter value as Argo stores it: always a string (YAML numbers and booleans become their text). */
export function parameterString(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `{{item}}`: strings as-is, everything else as JSON. */
export function itemString(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Walks `a.b.c` into an item value; undefined when a segment is missing. */
export function itemField(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** RFC 3339 with second precision, as Kubernetes timestamps are written. */
export function isoSeconds(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * Argo's aggregated `outputs.result` of a loop: a JSON list in which each result that is valid JSON
 * is embedded as that value (so `1` stays a number, `{"a":1}` an object), any other as a string.
 */
export function aggregateResults(values: readonly (string | undefined)[]): string {
  return JSON.stringify(values.filter((v): v is string => v !== undefined).map(parseJsonOr));
}

/**
 * Argo's aggregated `outputs.parameters.<name>` of a loop: when every value is a JSON object or
 * list, a list of those; otherwise a list of the values as strings.
 */
export function aggregateParameters(values: readonly (string | undefined)[]): string {
  const present = values.filter((v): v is string => v !== undefined);
  const parsed = present.map(parseJsonOr);
  const allStructured = parsed.every((v) => v !== null && typeof v === 'object');
  return JSON.stringify(allStructured ? parsed : present);
}

function parseJsonOr(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

const strftimeFields: Record<string, (d: Date) => string> = {
  Y: (d) => String(d.getUTCFullYear()),
  y: (d) => String(d.getUTCFullYear()).slice(2),
  m: (d) => pad(d.getUTCMonth() + 1),
  d: (d) => pad(d.getUTCDate()),
  e: (d) => String(d.getUTCDate()).padStart(2, ' '),
  H: (d) => pad(d.getUTCHours()),
  I: (d) => pad(((d.getUTCHours() + 11) % 12) + 1),
  M: (d) => pad(d.getUTCMinutes()),
  S: (d) => pad(d.getUTCSeconds()),
  p: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  j: (d) => String(dayOfYear(d)).padStart(3, '0'),
  a: (d) => DAYS[d.getUTCDay()].slice(0, 3),
  A: (d) => DAYS[d.getUTCDay()],
  b: (d) => MONTHS[d.getUTCMonth()].slice(0, 3),
  h: (d) => MONTHS[d.getUTCMonth()].slice(0, 3),
  B: (d) => MONTHS[d.getUTCMonth()],
  u: (d) => String(d.getUTCDay() === 0 ? 7 : d.getUTCDay()),
  w: (d) => String(d.getUTCDay()),
  s: (d) => String(Math.floor(d.getTime() / 1000)),
  Z: () => 'UTC',
  z: () => '+0000',
  C: (d) => String(Math.floor(d.getUTCFullYear() / 100)),
  D: (d) => `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${String(d.getUTCFullYear()).slice(2)}`,
  F: (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
  T: (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  R: (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  n: () => '\n',
  t: () => '\t',
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** `{{workflow.creationTimestamp.<c>}}`: one strftime conversion character. */
export function strftimeField(epochMs: number, field: string): string | undefined {
  const format = strftimeFields[field];
  return format ? format(new Date(epochMs)) : undefined;
}

/** Argo trims off a single trailing newline from an output parameter file, nothing else. */
export function trimTrailingNewline(value: string): string {
  return value.endsWith('\n') ? value.slice(0, -1) : value;
}

/** Argo keeps stdout as `outputs.result` with a single trailing newline trimmed off, nothing else. */
export function trimResult(stdout: string): string {
  return trimTrailingNewline(stdout);
}
