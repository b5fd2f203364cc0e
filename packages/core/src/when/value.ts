/**
 * Values a `when` expression computes with, mirroring govaluate's dynamic types:
 * numbers are float64, `null` is Go's nil (from `()` or a ternary with no else),
 * arrays come from `(a, b)` and patterns from a literal right of `=~`/`!~`.
 */
export type WhenValue = number | string | boolean | null | WhenPattern | readonly WhenValue[];

/** A compiled regular expression together with the Go source it came from. */
export interface WhenPattern {
  readonly kind: 'pattern';
  readonly source: string;
  readonly regex: RegExp;
}

export function isPattern(value: WhenValue): value is WhenPattern {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isArray(value: WhenValue): value is readonly WhenValue[] {
  return Array.isArray(value);
}

/** Formats a value the way Go's `%v` prints it, so messages read like Argo's. */
export function formatValue(value: WhenValue): string {
  if (value === null) return '<nil>';
  if (typeof value === 'number') return formatFloat(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (isArray(value)) return `[${value.map(formatValue).join(' ')}]`;
  return value.source;
}

/** Go's shortest `%v` form of a float64: exponent form when the decimal exponent is below -4 or above 5. */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return '+Inf';
  if (n === Number.NEGATIVE_INFINITY) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, exponentText] = n.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) return goExponent(mantissa, exponent);
  return String(n);
}

function goExponent(mantissa: string, exponent: number): string {
  const sign = exponent < 0 ? '-' : '+';
  const magnitude = String(Math.abs(exponent)).padStart(2, '0');
  return `${mantissa}e${sign}${magnitude}`;
}

/** Deep equality as Go's `reflect.DeepEqual` sees these values. */
export function valuesEqual(a: WhenValue, b: WhenValue): boolean {
  if (isArray(a) || isArray(b)) {
    if (!isArray(a) || !isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => valuesEqual(item, b[i]));
  }
  if (isPattern(a) || isPattern(b)) {
    return isPattern(a) && isPattern(b) && a.source === b.source;
  }
  return a === b;
}
