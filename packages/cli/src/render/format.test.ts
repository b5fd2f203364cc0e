import { describe, expect, it } from 'vitest';
import { elapsed, formatDuration } from './format.js';

describe('formatDuration', () => {
  it('uses the two largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45_900)).toBe('45s');
    expect(formatDuration(184_000)).toBe('3m4s');
    expect(formatDuration(120_000)).toBe('2m');
    expect(formatDuration(3_720_000)).toBe('1h2m');
    expect(formatDuration(183_600_000)).toBe('2d3h');
  });
});

describe('elapsed', () => {
  it('measures to now while running and is empty before the start', () => {
    const now = new Date('2024-01-01T00:00:30Z');
    expect(elapsed('2024-01-01T00:00:00Z', undefined, now)).toBe('30s');
    expect(elapsed('2024-01-01T00:00:00Z', '2024-01-01T00:00:05Z', now)).toBe('5s');
    expect(elapsed(undefined, undefined, now)).toBe('');
  });
});
