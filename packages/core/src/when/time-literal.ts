/**
 * govaluate turns a quoted string that reads as a date or time into a number: the Unix seconds of
 * that instant. So `'2024-01-01' == '2024-01-01T00:00:00Z'` is true and `'2024-01-01' =~ '2024'`
 * fails (a number is not a string). This module recognises the same layouts: Go's ANSIC, UnixDate,
 * RubyDate, Kitchen and RFC 3339 layouts and the ISO 8601 variants govaluate lists. Times without a
 * zone are read as UTC (govaluate uses the controller's local zone, UTC in Argo's images).
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Seconds east of UTC. */
  readonly offset: number;
}

type LayoutParser = (text: string) => Civil | undefined;

const DATE = '(\\d{4})-(\\d{2})-(\\d{2})';
const FRACTION = '(?:[.,]\\d+)?';

const ISO_LAYOUTS: readonly RegExp[] = [
  new RegExp(`^${DATE}$`),
  new RegExp(`^${DATE} +(\\d{1,2}):(\\d{2})$`),
  new RegExp(`^${DATE} +(\\d{1,2}):(\\d{2}):(\\d{2})${FRACTION}$`),
  new RegExp(`^${DATE} +(\\d{1,2}):(\\d{2}):(\\d{2})${FRACTION}([+-]\\d{2}:\\d{2})$`),
  new RegExp(`^${DATE}T(\\d{1,2})()()(Z|[+-]\\d{4})$`),
  new RegExp(`^${DATE}T(\\d{1,2}):(\\d{2})()(Z|[+-]\\d{4})$`),
  new RegExp(`^${DATE}T(\\d{1,2}):(\\d{2}):(\\d{2})${FRACTION}(Z|[+-]\\d{4}|[+-]\\d{2}:\\d{2})$`),
];

function parseIso(text: string): Civil | undefined {
  for (const layout of ISO_LAYOUTS) {
    const m = layout.exec(text);
    if (!m) continue;
    const offset = parseOffset(m[7] ?? '');
    if (offset === undefined) return undefined;
    return {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] || 0),
      minute: Number(m[5] || 0),
      second: Number(m[6] || 0),
      offset,
    };
  }
  return undefined;
}

/** `Z`, `+hhmm` or `+hh:mm` (empty means UTC); undefined when out of range. */
function parseOffset(zone: string): number | undefined {
  if (zone === '' || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 24 || minutes > 59) return undefined;
  const seconds = hours * 3600 + minutes * 60;
  return zone.startsWith('-') ? -seconds : seconds;
}

const CLOCK = `(\\d{1,2}):(\\d{2}):(\\d{2})${FRACTION}`;
const ANSIC = new RegExp(`^([a-z]{3}) +([a-z]{3}) +(\\d{1,2}) +${CLOCK} +(\\d{4})$`, 'i');
const UNIX_DATE = new RegExp(
  `^([a-z]{3}) +([a-z]{3}) +(\\d{1,2}) +${CLOCK} +([A-Z]{3,5}|GMT[+-]\\d{1,2}) +(\\d{4})$`,
  'i',
);
const RUBY_DATE = new RegExp(`^([a-z]{3}) +([a-z]{3}) +(\\d{2}) +${CLOCK} +([+-]\\d{4}) +(\\d{4})$`, 'i');

function parseNamed(text: string): Civil | undefined {
  const ansic = ANSIC.exec(text);
  if (ansic) return named(ansic, ansic[7], 0);
  const unix = UNIX_DATE.exec(text);
  if (unix) return named(unix, unix[8], zoneAbbreviationOffset(unix[7]));
  const ruby = RUBY_DATE.exec(text);
  if (ruby) return named(ruby, ruby[8], parseOffset(ruby[7]));
  return undefined;
}

function named(m: RegExpExecArray, year: string, offset: number | undefined): Civil | undefined {
  const month = MONTHS.indexOf(m[2].toLowerCase()) + 1;
  if (!WEEKDAYS.includes(m[1].toLowerCase()) || month === 0 || offset === undefined) return undefined;
  const clock = { hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) };
  return { year: Number(year), month, day: Number(m[3]), ...clock, offset };
}

/** Go reads a zone abbreviation it does not know (and `GMT+3`) as a zone at offset 0. */
function zoneAbbreviationOffset(zone: string): number | undefined {
  return /^(UTC|GMT[+-]\d{1,2}|[A-Z]{3}|[A-Z]{3,4}T)$/.test(zone) ? 0 : undefined;
}

const KITCHEN = /^(\d{1,2}):(\d{2})(AM|PM)$/;

/** Go's Kitchen layout `3:04PM`: a time of day on January 1st of year 0. */
function parseKitchen(text: string): Civil | undefined {
  const m = KITCHEN.exec(text);
  if (!m) return undefined;
  let hour = Number(m[1]);
  if (hour > 12) return undefined;
  if (m[3] === 'PM' && hour < 12) hour += 12;
  if (m[3] === 'AM' && hour === 12) hour = 0;
  return { year: 0, month: 1, day: 1, hour, minute: Number(m[2]), second: 0, offset: 0 };
}

const LAYOUT_PARSERS: readonly LayoutParser[] = [parseNamed, parseKitchen, parseIso];

/** Unix seconds of `text` if govaluate would read it as a time, otherwise undefined. */
export function parseTimeLiteral(text: string): number | undefined {
  for (const parse of LAYOUT_PARSERS) {
    const civil = parse(text);
    if (civil && isValidCivil(civil)) return toUnixSeconds(civil);
  }
  return undefined;
}

function isValidCivil(c: Civil): boolean {
  return (
    c.month >= 1 &&
    c.month <= 12 &&
    c.day >= 1 &&
    c.day <= daysInMonth(c.year, c.month) &&
    c.hour < 24 &&
    c.minute < 60 &&
    c.second < 60
  );
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (valid for year 0 too). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthIndex = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthIndex + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function toUnixSeconds(c: Civil): number {
  const days = daysFromCivil(c.year, c.month, c.day);
  return days * 86400 + c.hour * 3600 + c.minute * 60 + c.second - c.offset;
}
