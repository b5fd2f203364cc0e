import { fail } from './errors.js';

/** A Go `time.Duration`: a signed count of nanoseconds. */
export class Duration {
  constructor(readonly nanoseconds: number) {}

  Seconds(): number {
    return this.nanoseconds / 1e9;
  }
  Minutes(): number {
    return this.nanoseconds / 6e10;
  }
  Hours(): number {
    return this.nanoseconds / 3.6e12;
  }
  Milliseconds(): number {
    return Math.trunc(this.nanoseconds / 1e6);
  }
  Nanoseconds(): number {
    return this.nanoseconds;
  }
  String(): string {
    return formatDuration(this.nanoseconds);
  }
}

/** A function callable from expressions; `name` is used in error messages. */
export class ExprFunction {
  constructor(
    readonly name: string,
    readonly call: (args: unknown[]) => unknown,
  ) {}
}

export type PlainMap = Record<string, unknown>;

export function isNil(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** A key/value object: anything object-like that is not a list, time, duration, function or Map. */
export function isMap(value: unknown): value is PlainMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return !(
    value instanceof Date ||
    value instanceof Duration ||
    value instanceof ExprFunction ||
    value instanceof Map
  );
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** expr-lang's name for a value's type, as `type(x)` reports it. */
export function typeName(value: unknown): string {
  if (isNil(value)) return 'nil';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'time.Time';
  if (value instanceof Duration) return 'time.Duration';
  if (value instanceof ExprFunction || typeof value === 'function') return 'func';
  if (isMap(value)) return 'map';
  return 'unknown';
}

/** Equality as expr-lang's `==`: numbers compare by value, arrays and maps element-wise, no coercion. */
export function isEqual(a: unknown, b: unknown): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (typeof a !== typeof b) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Duration && b instanceof Duration) return a.nanoseconds === b.nanoseconds;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => isEqual(item, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && isEqual(a[k], b[k]))
    );
  }
  return a === b;
}

/** `a < b` style comparison of two numbers, two strings, two times or two durations. */
export function compare(a: unknown, b: unknown, op: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (a instanceof Duration && b instanceof Duration) return a.nanoseconds - b.nanoseconds;
  return fail(`invalid operation: ${typeName(a)} ${op} ${typeName(b)}`);
}

/** Truthiness for `&&`, `||`, `!` and `?:`: only booleans are allowed, nil counts as false. */
export function toBool(value: unknown, op: string): boolean {
  if (typeof value === 'boolean') return value;
  if (isNil(value)) return false;
  return fail(`invalid operation: ${op} on ${typeName(value)} (expected bool)`);
}

/** Formats a value as Go's `fmt.Sprint` would for the kinds of values expressions produce. */
export function formatValue(value: unknown): string {
  if (isNil(value)) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Duration) return value.String();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(formatValue).join(' ')}]`;
  if (isMap(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${k}:${formatValue(value[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  if (value instanceof ExprFunction) return `func ${value.name}`;
  return String(value);
}

/** Numbers as Go's JSON encoding writes them: integers without a fraction, no trailing zeros. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 3.6e12,
};

/** Parses a Go duration such as `1h30m`, `-2.5s` or `300ms`. */
export function parseDuration(text: string): Duration {
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (text === '0') return new Duration(0);
  if (!match) return fail(`time: invalid duration ${JSON.stringify(text)}`);
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * DURATION_UNITS[part[2]];
  }
  return new Duration(match[1] === '-' ? -total : total);
}

/** Formats nanoseconds as Go's `Duration.String()` does, e.g. `1h2m3.5s`, `150ms`. */
export function formatDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return '0s';
  const sign = nanoseconds < 0 ? '-' : '';
  const ns = Math.abs(nanoseconds);
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${trimFraction(ns / 1e3)}µs`;
  if (ns < 1e9) return `${sign}${trimFraction(ns / 1e6)}ms`;
  const hours = Math.floor(ns / 3.6e12);
  const minutes = Math.floor((ns % 3.6e12) / 6e10);
  const seconds = trimFraction((ns % 6e10) / 1e9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function trimFraction(value: number): string {
  return String(Number(value.toFixed(9)));
}
