/**
 * Redaction of secret values: every value, and the forms it takes when it is encoded on its way
 * out (base64, base64url, URL-encoded, JSON-escaped once and twice), is replaced by `[redacted]`.
 * A multi-line value is also matched line by line, since logs are written a line at a time.
 *
 * @example
 * const redactor = createRedactor(['hunter22']);
 * redactor.redact('password=hunter22'); // 'password=[redacted]'
 */

export const redactedText = '[redacted]';

/**
 * Values shorter than this are not redacted: replacing every `1` or `ab` in every log would make
 * logs unreadable and reveal the value anyway (by what disappeared).
 */
export const minimumRedactedLength = 4;

export interface Redactor {
  /** The text with every form of every value replaced by `[redacted]`. */
  redact(text: string): string;
  /** Every string that is replaced, longest first (for byte-level redaction of logs). */
  readonly forms: readonly string[];
  /** Whether there is anything to redact. */
  readonly empty: boolean;
}

/** The forms a value takes when encoded: plain, base64, base64url, URL-encoded, JSON-escaped. */
export function redactionForms(value: string): string[] {
  const pieces = [value, ...value.split(/\r?\n/)].filter((piece) => piece.length >= minimumRedactedLength);
  const forms = new Set<string>();
  for (const piece of pieces) {
    const jsonOnce = JSON.stringify(piece).slice(1, -1);
    for (const form of [
      piece,
      Buffer.from(piece, 'utf8').toString('base64'),
      Buffer.from(piece, 'utf8').toString('base64').replace(/=+$/, ''),
      Buffer.from(piece, 'utf8').toString('base64url'),
      encodeURIComponent(piece),
      encodeURIComponent(piece).replace(/%20/g, '+'),
      jsonOnce,
      JSON.stringify(jsonOnce).slice(1, -1),
    ])
      if (form.length >= minimumRedactedLength) forms.add(form);
  }
  return [...forms];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A redactor for these secret values (duplicates and short values are fine). */
export function createRedactor(values: Iterable<string>): Redactor {
  const forms = new Set<string>();
  for (const value of values) for (const form of redactionForms(value)) forms.add(form);
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return { redact: (text) => text, forms: [], empty: true };
  const pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  return {
    redact: (text) => (text.length < minimumRedactedLength ? text : text.replace(pattern, redactedText)),
    forms: sorted,
    empty: false,
  };
}

/** Every string inside a JSON-like value redacted (keys too); other values kept. */
export function redactDeep<T>(value: T, redactor: Redactor): T {
  if (redactor.empty) return value;
  return walk(value, redactor) as T;
}

function walk(value: unknown, redactor: Redactor): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, redactor));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[redactor.redact(key)] = walk(item, redactor);
    return out;
  }
  return value;
}
