import { DAYS, MONTHS } from '../text/calendar.js';
import { fail } from './errors.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Go layout elements, longest first, each formatting a UTC date. */
const LAYOUT: readonly [string, (d: Date) => string][] = [
  ['January', (d) => MONTHS[d.getUTCMonth()]],
  ['Monday', (d) => DAYS[d.getUTCDay()]],
  ['Z07:00', () => 'Z'],
  ['-07:00', () => '+00:00'],
  ['-0700', () => '+0000'],
  ['2006', (d) => String(d.getUTCFullYear())],
  ['.000000000', (d) => `.${pad(d.getUTCMilliseconds(), 3)}000000`],
  ['.000000', (d) => `.${pad(d.getUTCMilliseconds(), 3)}000`],
  ['.000', (d) => `.${pad(d.getUTCMilliseconds(), 3)}`],
  ['Jan', (d) => MONTHS[d.getUTCMonth()].slice(0, 3)],
  ['Mon', (d) => DAYS[d.getUTCDay()].slice(0, 3)],
  ['MST', () => 'UTC'],
  ['_2', (d) => String(d.getUTCDate()).padStart(2, ' ')],
  ['01', (d) => pad(d.getUTCMonth() + 1)],
  ['02', (d) => pad(d.getUTCDate())],
  ['03', (d) => pad(d.getUTCHours() % 12 || 12)],
  ['04', (d) => pad(d.getUTCMinutes())],
  ['05', (d) => pad(d.getUTCSeconds())],
  ['06', (d) => pad(d.getUTCFullYear() % 100)],
  ['15', (d) => pad(d.getUTCHours())],
  ['PM', (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM')],
  ['pm', (d) => (d.getUTCHours() < 12 ? 'am' : 'pm')],
  ['1', (d) => String(d.getUTCMonth() + 1)],
  ['2', (d) => String(d.getUTCDate())],
  ['3', (d) => String(d.getUTCHours() % 12 || 12)],
  ['4', (d) => String(d.getUTCMinutes())],
  ['5', (d) => String(d.getUTCSeconds())],
];

/** Formats a date in UTC with a Go reference layout such as `2006-01-02T15:04:05Z07:00`. */
export function formatGoLayout(layout: string, date: Date): string {
  let out = '';
  let i = 0;
  while (i < layout.length) {
    const element = LAYOUT.find(([token]) => layout.startsWith(token, i));
    if (element) {
      out += element[1](date);
      i += element[0].length;
    } else {
      out += layout[i];
      i++;
    }
  }
  return out;
}

/** A Date from a time value: a Date, unix seconds, or an RFC 3339 string. */
export function toDate(name: string, value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
  ) {
    // Without a zone, read the time as UTC so the result never depends on the host's time zone.
    const zoned = /T|\s/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? `${value}Z` : value;
    const parsed = new Date(zoned.replace(' ', 'T'));
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  return fail(
    `${name}(): cannot read ${JSON.stringify(value)} as a time (expected RFC 3339 or unix seconds)`,
  );
}
