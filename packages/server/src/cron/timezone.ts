/**
 * Time zones as wall clocks: the offset of a zone at an instant, the wall-clock reading of an
 * instant, and the instants (none, one or two) that show a given wall-clock reading — none in a
 * spring-forward gap, two in a fall-back overlap. Built on Intl (the tz database Node ships).
 */

export class TimezoneError extends Error {
  override readonly name = 'TimezoneError';
}

const hourMs = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The zone of the machine, which Argo's controller uses (Go's time.Local) when `timezone` is empty. */
export function machineTimezone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * `spec.timezone` as a zone name: empty → `defaultZone`, `Local` → the machine's, otherwise a tz
 * database name. Throws TimezoneError (`unknown time zone X`, Go's wording) for anything else,
 * including bare UTC offsets, which Go's time.LoadLocation rejects too.
 */
export function resolveTimezone(name: string | undefined, defaultZone: string): string {
  if (name === undefined || name === '') return defaultZone;
  if (name === 'Local') return machineTimezone();
  if (/^[+-]/.test(name) || /\s/.test(name)) throw new TimezoneError(`unknown time zone ${name}`);
  try {
    formatterFor(name);
  } catch {
    throw new TimezoneError(`unknown time zone ${name}`);
  }
  return name;
}

const blockMs = 6 * hourMs;
const maxCachedBlocks = 20_000;

/** Offsets within one 6-hour block: constant, or changing once at `at` (zones change at most once in 6 h). */
type Block = { readonly before: number; readonly after: number; readonly at: number };

const zones = new Map<string, Zone>();

/** The shared Zone of a (resolved) zone name, so its offset cache serves every schedule in it. */
export function zoneNamed(name: string): Zone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new Zone(name);
    zones.set(name, zone);
  }
  return zone;
}

/**
 * One tz database zone. Times are epoch milliseconds; a "wall" time is the local reading written
 * as if in UTC. Offsets are cached per 6-hour block (Intl is slow), with the change instant found
 * to the second when a block holds one.
 */
export class Zone {
  readonly #formatter: Intl.DateTimeFormat;
  readonly #blocks = new Map<number, Block>();

  constructor(readonly name: string) {
    this.#formatter = formatterFor(name);
  }

  /** The local reading of an instant (whole seconds), as epoch milliseconds of the same fields in UTC. */
  wallAt(instant: number): number {
    const whole = Math.floor(instant / 1000) * 1000;
    return whole + this.offsetAt(whole);
  }

  /** Offset from UTC at an instant, in milliseconds (negative west of Greenwich). */
  offsetAt(instant: number): number {
    const start = Math.floor(instant / blockMs) * blockMs;
    let block = this.#blocks.get(start);
    if (!block) {
      block = this.#measureBlock(start);
      if (this.#blocks.size >= maxCachedBlocks) this.#blocks.clear();
      this.#blocks.set(start, block);
    }
    return instant < block.at ? block.before : block.after;
  }

  /** The instants whose local reading is `wall`, ascending: [] in a gap, two in an overlap. */
  instantsAt(wall: number): number[] {
    const guess = wall - this.offsetAt(wall);
    const offsets = new Set([
      this.offsetAt(guess - 3 * hourMs),
      this.offsetAt(guess),
      this.offsetAt(guess + 3 * hourMs),
    ]);
    const instants = new Set<number>();
    for (const offset of offsets) {
      const instant = wall - offset;
      if (this.wallAt(instant) === wall) instants.add(instant);
    }
    return [...instants].sort((a, b) => a - b);
  }

  #measureBlock(start: number): Block {
    const before = this.#measuredOffset(start);
    const after = this.#measuredOffset(start + blockMs);
    if (before === after) return { before, after, at: start };
    let low = start; // offset `before` here
    let high = start + blockMs; // offset `after` here
    while (high - low > 1000) {
      const middle = low + Math.floor((high - low) / 2000) * 1000;
      if (this.#measuredOffset(middle) === before) low = middle;
      else high = middle;
    }
    return { before, after, at: high };
  }

  #measuredOffset(whole: number): number {
    const fields: Record<string, number> = {};
    for (const part of this.#formatter.formatToParts(new Date(whole))) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
    return Date.UTC(year, month - 1, day, hour, minute, second) - whole;
  }
}
