import { describe, expect, it } from 'vitest';
import { fieldsOf, parameterArgs, valuesOf } from './params';

describe('the run form fields', () => {
  it('offers an enum as a dropdown with the default selected and the description shown', () => {
    const [field] = fieldsOf([
      { name: 'env', value: 'staging', enum: ['dev', 'staging', 'prod'], description: 'Where' },
    ]);
    expect(field).toEqual({
      name: 'env',
      kind: 'select',
      description: 'Where',
      options: ['dev', 'staging', 'prod'],
      initial: 'staging',
    });
  });

  it('offers a true/false parameter as a toggle', () => {
    expect(fieldsOf([{ name: 'dry', value: 'false' }])[0].kind).toBe('toggle');
    expect(fieldsOf([{ name: 'dry', value: 'yes', enum: ['true', 'false'] }])[0].kind).toBe('toggle');
    expect(fieldsOf([{ name: 'msg', value: 'hi' }])[0].kind).toBe('text');
  });

  it('selects the first option of an enum without a default', () => {
    expect(fieldsOf([{ name: 'env', enum: ['dev', 'prod'] }])[0].initial).toBe('dev');
  });

  it('pre-fills the values of a past run for "re-run with these parameters"', () => {
    const previous = valuesOf([{ name: 'env', value: 'prod' }, { name: 'unset' }]);
    expect(previous).toEqual({ env: 'prod' });
    expect(fieldsOf([{ name: 'env', value: 'dev', enum: ['dev', 'prod'] }], previous)[0].initial).toBe(
      'prod',
    );
  });

  it('submits every field as name=value', () => {
    expect(parameterArgs({ env: 'prod', msg: 'a=b' })).toEqual(['env=prod', 'msg=a=b']);
  });
});
