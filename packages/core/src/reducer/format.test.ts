import { describe, expect, it } from 'vitest';
import { aggregateParameters, aggregateResults } from './format.js';

describe('aggregated loop outputs', () => {
  it('embeds loop results that are JSON as values, so numbers stay numbers', () => {
    expect(aggregateResults(['1', '2'])).toBe('[1,2]');
    expect(aggregateResults(['{"a":1}', 'plain text', 'true'])).toBe('[{"a":1},"plain text",true]');
  });

  it('skips items that have no result', () => {
    expect(aggregateResults(['x', undefined, 'y'])).toBe('["x","y"]');
  });

  it('keeps parameter values as strings unless every one is a JSON object or list', () => {
    expect(aggregateParameters(['1', '2'])).toBe('["1","2"]');
    expect(aggregateParameters(['{"a":1}', '[2]'])).toBe('[{"a":1},[2]]');
    expect(aggregateParameters(['{"a":1}', 'text'])).toBe('["{\\"a\\":1}","text"]');
  });
});
