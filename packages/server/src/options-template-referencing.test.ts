import { describe, expect, it } from 'vitest';
import { templateReferencingFrom } from './controller/template-referencing.js';
import { parseServerOptions, ServerUsageError } from './options.js';

describe('--template-referencing', () => {
  it('is absent unless given', () => {
    expect(parseServerOptions([], {})).not.toHaveProperty('templateReferencing');
  });

  it('reads repeated NAMESPACE=MODE flags, else the comma-separated variable', () => {
    const fromFlags = parseServerOptions(
      ['--template-referencing', 'team-a=Strict', '--template-referencing', '*=Secure'],
      { WEFT_TEMPLATE_REFERENCING: 'ignored=Strict' },
    );
    expect(fromFlags).toMatchObject({ templateReferencing: { 'team-a': 'Strict', '*': 'Secure' } });
    const fromEnv = parseServerOptions([], { WEFT_TEMPLATE_REFERENCING: 'team-a=Secure, team-b=Strict' });
    expect(fromEnv).toMatchObject({ templateReferencing: { 'team-a': 'Secure', 'team-b': 'Strict' } });
  });

  it('refuses entries that are not NAMESPACE=Strict|Secure, and a namespace given twice', () => {
    for (const bad of ['team-a', '=Strict', 'team-a=strict', 'team-a=Lenient'])
      expect(() => parseServerOptions(['--template-referencing', bad], {})).toThrow(ServerUsageError);
    expect(() => parseServerOptions([], { WEFT_TEMPLATE_REFERENCING: 'a=Strict,a=Secure' })).toThrow(
      /namespace "a" is given twice/,
    );
    expect(() => parseServerOptions(['--template-referencing', 'x=Nope'], {})).toThrow(
      /"x=Nope" is not NAMESPACE=Strict or NAMESPACE=Secure/,
    );
  });

  it('looks a namespace up by its own entry first, then *', () => {
    const of = templateReferencingFrom({ '*': 'Strict', 'team-a': 'Secure' });
    expect([of('team-a'), of('other'), of('constructor')]).toEqual(['Secure', 'Strict', 'Strict']);
    expect(templateReferencingFrom({ 'team-a': 'Strict' })('constructor')).toBeUndefined();
  });
});
