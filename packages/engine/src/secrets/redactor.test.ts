import { describe, expect, it } from 'vitest';
import { createRedactor, redactDeep, redactionForms } from './redactor.js';

const value = 'p@ss w/"q"\\é';

describe('redactor', () => {
  it('replaces a value in its plain, base64, URL-encoded and JSON-escaped forms', () => {
    const redactor = createRedactor([value]);
    const forms = [
      value,
      Buffer.from(value).toString('base64'),
      Buffer.from(value).toString('base64url'),
      encodeURIComponent(value),
      JSON.stringify(value).slice(1, -1),
      JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1),
    ];
    for (const form of forms) expect(redactor.redact(`<${form}>`), form).toBe('<[redacted]>');
    expect(redactionForms(value)).toEqual(expect.arrayContaining(forms));
  });

  it('matches each line of a multi-line value on its own', () => {
    const redactor = createRedactor(['-----BEGIN KEY-----\nAAAABBBB\n-----END KEY-----']);
    expect(redactor.redact('line AAAABBBB here')).toBe('line [redacted] here');
  });

  it('leaves values shorter than four characters alone and does nothing without values', () => {
    expect(createRedactor(['abc']).redact('abc abc')).toBe('abc abc');
    expect(createRedactor([]).empty).toBe(true);
  });

  it('redacts every string and key inside a JSON value', () => {
    const redactor = createRedactor(['sekrit-value']);
    expect(redactDeep({ a: ['x sekrit-value'], 'sekrit-value': 1, n: 2 }, redactor)).toEqual({
      a: ['x [redacted]'],
      '[redacted]': 1,
      n: 2,
    });
  });
});
