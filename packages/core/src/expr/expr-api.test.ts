import { describe, expect, it } from 'vitest';
import { compileExpr, ExprDuration as Duration, evaluateExpr, exprResultToString } from './index.js';

describe('compileExpr references', () => {
  it.each([
    ['asInt(inputs.parameters.x) + 1', ['inputs.parameters.x']],
    ["steps['flip-coin'].outputs.result == 'heads'", ['steps.flip-coin.outputs.result']],
    ['inputs.parameters["should-print"]', ['inputs.parameters.should-print']],
    ['sprig.upper(workflow.name) + workflow.name', ['workflow.name']],
    ['filter(items, # > limit)', ['items', 'limit']],
    ['map(users, .name)', ['users']],
    ['let x = inputs.parameters.a; x + y', ['inputs.parameters.a', 'y']],
    ['list[i].name', ['list', 'i']],
    ['myFunction(a.b)', ['myFunction', 'a.b']],
    ['{k: tasks.a.outputs.result}', ['tasks.a.outputs.result']],
    ['1 + 2', []],
  ])('lists what %s reads', (source, references) => {
    expect(compileExpr(source).references).toEqual(references);
  });

  it('keeps the source it was compiled from', () => {
    expect(compileExpr(' 1 + 1 ').source).toBe(' 1 + 1 ');
  });
});

describe('variable lookup', () => {
  it('resolves a member chain from flat dotted keys', () => {
    expect(evaluateExpr('inputs.parameters.x', { 'inputs.parameters.x': '1' })).toBe('1');
  });

  it('resolves a chain that is partly nested and partly flat', () => {
    const env = { inputs: { 'parameters.x': 'mixed' }, 'workflow.parameters': { y: 'half' } };
    expect(evaluateExpr('inputs.parameters.x', env)).toBe('mixed');
    expect(evaluateExpr('workflow.parameters.y', env)).toBe('half');
  });

  it('prefers the nested value when both forms are present', () => {
    const env = { a: { b: 'nested' }, 'a.b': 'flat' };
    expect(evaluateExpr('a.b', env)).toBe('nested');
  });

  it('resolves flat keys reached through a bracketed name', () => {
    expect(
      evaluateExpr("steps['flip-coin'].outputs.result", { 'steps.flip-coin.outputs.result': 'tails' }),
    ).toBe('tails');
  });

  it('evaluates a missing variable and a member of it to nil', () => {
    expect(evaluateExpr('missing', {})).toBeUndefined();
    expect(evaluateExpr('missing.deeper.still', {})).toBeUndefined();
  });

  it('does not read inherited object properties as variables', () => {
    expect(evaluateExpr('constructor', {})).toBeUndefined();
    expect(evaluateExpr('m.toString', { m: {} })).toBeUndefined();
  });

  it('lets a let variable shadow an env variable', () => {
    expect(evaluateExpr('let x = 2; x * 10', { x: 5 })).toBe(20);
  });

  it('lets the env define sprig and functions of its own', () => {
    expect(evaluateExpr('sprig', { sprig: 'mine' })).toBe('mine');
    expect(evaluateExpr('double(21)', { double: (n: number) => n * 2 })).toBe(42);
    expect(evaluateExpr('upper("x")', { upper: () => 'env wins' })).toBe('env wins');
  });

  it('calls functions held in env maps', () => {
    expect(evaluateExpr('helpers.greet("ann")', { helpers: { greet: (n: string) => `hi ${n}` } })).toBe(
      'hi ann',
    );
  });

  it('gives now() from the env a Go-like time with arithmetic', () => {
    const env = { now: () => new Date('2024-01-01T00:01:30Z'), started: new Date('2024-01-01T00:00:00Z') };
    expect(evaluateExpr('(now() - started).Seconds()', env)).toBe(90);
    expect(evaluateExpr('now() - started > duration("1m")', env)).toBe(true);
    expect(exprResultToString(evaluateExpr('now() - started', env))).toBe('1m30s');
    expect(evaluateExpr('(started + duration("2h")).Hour()', env)).toBe(2);
  });

  it('caches compiled expressions without mixing up their environments', () => {
    expect(evaluateExpr('v + 1', { v: 1 })).toBe(2);
    expect(evaluateExpr('v + 1', { v: 10 })).toBe(11);
  });

  it('evaluates nested predicates with the innermost # in scope', () => {
    expect(evaluateExpr('map([[1, 2], [3]], sum(#))', {})).toEqual([3, 3]);
    expect(evaluateExpr('filter([[1, 2], [3]], any(#, # > 2))', {})).toEqual([[3]]);
  });
});

describe('exprResultToString', () => {
  it.each([
    ['text', 'text'],
    ['', ''],
    [42, '42'],
    [3, '3'],
    [3.5, '3.5'],
    [-0.25, '-0.25'],
    [1e21, '1e+21'],
    [true, 'true'],
    [false, 'false'],
    [null, ''],
    [undefined, ''],
    [[1, 'a', null], '[1,"a",null]'],
    [{ b: 1, a: { d: [], c: '<&>' } }, '{"a":{"c":"\\u003c\\u0026\\u003e","d":[]},"b":1}'],
    [new Duration(1.5e9), '1.5s'],
    [new Duration(3_723e9), '1h2m3s'],
    [new Duration(2e6), '2ms'],
  ])('turns %j into %j', (value, text) => {
    expect(exprResultToString(value)).toBe(text);
  });

  it('writes integral division results without a fraction', () => {
    expect(exprResultToString(evaluateExpr('6 / 2', {}))).toBe('3');
    expect(exprResultToString(evaluateExpr('7 / 2', {}))).toBe('3.5');
  });
});

describe('env objects', () => {
  it('reads members of class instances as maps', () => {
    class Params {
      readonly x = 'from a class';
    }
    expect(evaluateExpr('inputs.parameters.x', { inputs: { parameters: new Params() } })).toBe(
      'from a class',
    );
  });
});
