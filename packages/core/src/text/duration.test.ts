import { describe, expect, it } from 'vitest';
import { goDurationMs } from './duration.js';

describe('goDurationMs', () => {
  it.each([
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['.5s', 500],
    ['0', 0],
    ['-2s', -2000],
  ])('reads %s as Go does', (text, ms) => {
    expect(goDurationMs(text)).toBe(ms);
  });

  it.each(['', '5', '10 s', '1d', 's', '1m 30s'])('rejects %j', (text) => {
    expect(goDurationMs(text)).toBeUndefined();
  });
});
