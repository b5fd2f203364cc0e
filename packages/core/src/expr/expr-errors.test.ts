import { describe, expect, it } from 'vitest';
import { compileExpr, ExprError, evaluateExpr } from './index.js';

function thrown(run: () => unknown): ExprError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExprError) return error;
    throw error;
  }
  throw new Error('expected an ExprError');
}

describe('syntax errors', () => {
  it.each([
    ['1 +', 'unexpected end of expression at position 3'],
    ['(1 + 2', 'expected ")"'],
    ['1 2', 'unexpected token "2" at position 2'],
    ['"unterminated', 'literal not terminated at position 0'],
    ['a ? b', 'expected ":"'],
    ['[1, 2', 'unexpected end of expression'],
    ['{a 1}', 'expected ":"'],
    ['let = 1; 2', 'expected a variable name after let'],
    ['let x = 1 x', 'expected ";"'],
    ['1 @ 2', 'unexpected character "@" at position 2'],
    ['#foo', 'unknown pointer #foo'],
    ['"bad \\q escape"', 'invalid escape sequence'],
    ['a.', 'expected a member name'],
    ['x | 1', 'expected a function name after |'],
    ['a[]', 'unexpected token "]"'],
    ['12abc', 'invalid number'],
    ['/* never closed', 'unterminated comment'],
  ])('rejects %s with "%s"', (source, message) => {
    const error = thrown(() => compileExpr(source));
    expect(error.kind).toBe('syntax');
    expect(error.source).toBe(source);
    expect(error.message).toContain(`expression ${JSON.stringify(source)}: `);
    expect(error.message).toContain(message);
  });
});

describe('runtime errors', () => {
  const env = { s: 'text', n: 3, list: [1, 2], map: { a: 1 }, notAFunction: 5 };
  it.each([
    ['unknownFn(1)', 'unknown function unknownFn()'],
    ['notAFunction(1)', 'unknown function notAFunction()'],
    ['map.a(1)', 'map.a is not a function'],
    ['sprig.nope("x")', 'unknown function sprig.nope()'],
    ['"a" + 1', 'invalid operation: string + int (mismatched types)'],
    ['1 - "a"', 'mismatched types'],
    ['"a" < 1', 'invalid operation: string < int'],
    ['5 % 0', 'integer divide by zero'],
    ['5.5 % 2', 'operator % not defined on float'],
    ['asInt("4.5")', 'cannot parse "4.5" as an integer'],
    ['asInt(4.5)', '4.5 is not an integer'],
    ['asFloat("x")', 'cannot parse "x" as a float'],
    ['int("x")', 'cannot parse "x" as an integer'],
    ['upper(1)', 'upper() argument 1 must be a string, got int'],
    ['len(1)', 'invalid argument for len (type int)'],
    ['trim()', 'trim() expects 1 to 2 argument(s), got 0'],
    ['list[5]', 'index out of range: 5 (array of length 2)'],
    ['s.field', 'cannot fetch "field" from string'],
    ['1 && true', 'invalid operation: && on int (expected bool)'],
    ['!"x"', 'invalid operation: ! string'],
    ['n ? 1 : 2', 'expected bool'],
    ['filter(list, # + 1)', 'filter() predicate must return bool, got int'],
    ['filter(s, # > 1)', 'filter() expects an array, got string'],
    ['# > 1', '# can only be used inside a predicate'],
    ['s matches "("', 'error parsing regexp'],
    ['now()', 'now() is not available'],
    ["jsonpath('{\"a\": 1}', '$.b')", 'jsonpath: key "b" not found'],
    ["jsonpath('{\"a\": [1]}', '$..a')", 'recursive descent (..) is not supported'],
    ["jsonpath('[1, 2]', '$[0:5]')", 'slice end 5 out of range'],
    ["jsonpath('not json', '$')", 'invalid JSON'],
    ['fromJSON("{")', 'invalid JSON'],
    ['fromBase64("***")', 'illegal base64 data'],
    ['duration("5 parsecs")', 'time: invalid duration'],
    ['sprig.div(1, 0)', 'sprig.div: integer divide by zero'],
    ['sprig.ternary(1, 2, "yes")', 'ternary() condition must be a bool'],
    ['sprig.date("2006", "yesterday")', 'cannot read "yesterday" as a time'],
    ['sort([1, "a"])', 'invalid operation:'],
  ])('fails %s with "%s"', (source, message) => {
    const error = thrown(() => evaluateExpr(source, env));
    expect(error.kind).toBe('runtime');
    expect(error.source).toBe(source);
    expect(error.message).toContain(message);
  });

  it('wraps an exception thrown by an env function as a runtime error', () => {
    const env = {
      boom: () => {
        throw new Error('kaboom');
      },
    };
    const error = thrown(() => evaluateExpr('boom()', env));
    expect(error.kind).toBe('runtime');
    expect(error.message).toBe('expression "boom()": kaboom');
  });
});
