import { describe, expect, it } from 'vitest';
import { checkWhenSyntax, evaluateWhen, WhenError } from './index.js';

// Expected values were checked against Argo's behaviour (govaluate with Argo's bare-word rewrite).

/** `when:` strings of Argo's examples (../shared/conformance/argo-examples) after substitution. */
const EXAMPLE_CASES: ReadonlyArray<readonly [example: string, substituted: string, expected: boolean]> = [
  ['coinflip.yaml: result == heads', 'heads == heads', true],
  ['coinflip.yaml: result == heads, tails came up', 'tails == heads', false],
  ['coinflip.yaml: result == tails', 'tails == tails', true],
  ['status-reference.yaml: status == Failed', 'Succeeded == Failed', false],
  ['status-reference.yaml: status == Succeeded', 'Succeeded == Succeeded', true],
  ['exit-handlers.yaml: workflow.status == Succeeded', 'Failed == Succeeded', false],
  ['exit-handlers.yaml: workflow.status != Succeeded', 'Failed != Succeeded', true],
  ['parameter-aggregation.yaml: evenness == even', 'odd == even', false],
  ['parameter-aggregation.yaml: evenness == even, even item', 'even == even', true],
  ['conditionals.yaml: should-print == true', 'true == true', true],
  ['conditionals.yaml: should-print == true, false given', 'false == true', false],
  ['intermediate-parameters.yaml: approve == YES', 'YES == YES', true],
  ['intermediate-parameters.yaml: approve == YES, NO given', 'NO == YES', false],
  ['recursive-for-loop.yaml: counter < limit (numbers, not text)', '3 < 10', true],
  ['recursive-for-loop.yaml: counter reached limit', '10 < 10', false],
  ['fibonacci-seq-conditional-param.yaml: num is 1', '1 != 1 && 1 != 2', false],
  ['fibonacci-seq-conditional-param.yaml: num is 5', '5 != 1 && 5 != 2', true],
  ['skipped-output-defaults: when "false"', 'false', false],
  ['custom-metrics.yaml: status == Succeeded', 'Succeeded == Succeeded', true],
  [
    'conditionals-complex.yaml: heads then tails',
    '( heads == heads &&\n  tails == tails\n) ||\n( heads == tails &&\n  tails == tails )',
    true,
  ],
  [
    'conditionals-complex.yaml: tails then tails',
    '( tails == heads &&\n  tails == tails\n) ||\n( tails == tails &&\n  tails == tails )',
    true,
  ],
  [
    'conditionals-complex.yaml: heads then heads',
    '( heads == heads &&\n  heads == tails\n) ||\n( heads == tails &&\n  heads == tails )',
    false,
  ],
  ['conditionals-complex.yaml: result =~ hea', 'heads =~ hea', true],
  ['conditionals-complex.yaml: result =~ tai, heads came up', 'heads =~ tai', false],
];

const VALUE_CASES: ReadonlyArray<readonly [expression: string, expected: boolean]> = [
  ['true', true],
  ['false', false],
  ['Succeeded == Succeeded', true],
  ['tails != heads', true],
  ["'hello world' =~ 'hello.*'", true],
  ['"hello world" =~ \'^world\'', false],
  ['"hello world" !~ \'^world\'', true],
  ['5 > 3 && (a == a)', true],
  ['1/2 == 0.5', true],
  ['1 == 1.0', true],
  ['0.5 == .5', true],
  ["'1' == 1", false],
  ['10 < 9', false],
  ['a < b', true],
  ["'B' < 'a'", true],
  ["'ref/branch/main' == 'ref/branch/main'", true],
  ['Error in (Failed, Error)', true],
  ['!(Succeeded in (Failed, Error))', true],
  ['1 in (1, 2)', true],
  ["1 in ('1', 2)", false],
  ['(foo == bar) || (foo == foo)', true],
  ['!true == false', true],
  ['True == true', false],
  ['a + 1 == a1', true],
  ['10 - 2 - 3 + 1 == 6', true],
  ['2 ** 3 ** 2 == 64', true],
  ['1 + 2 * 3 == 7', true],
  ['-5 % 3 == -2', true],
  ['0x1F == 31', true],
  ['1 << 2 == 4 && 16 >> 2 == 4', true],
  ['true ? a == a : false', true],
  ["'2024-01-01' == '2024-01-01T00:00:00Z'", true],
  ["'2024-01-01' < '2024-01-02'", true],
  ["'a\\'b' + c == 'a\\'bc'", true],
  ["'aa' =~ '(a)\\1'", false],
  ["[a b] == 'a b'", true],
  ['my_value == my_value', true],
  ['é == é', true],
  ['false && 1', false],
  ['true || 1', true],
  ['(true) false', true],
  ['(1 ==)', false],
];

const ERROR_CASES: ReadonlyArray<readonly [expression: string, reason: RegExp]> = [
  ['{{steps.x.outputs.result}} == heads', /'\{\{' is not an operator.*hint/],
  ['8a == 8a', /VARIABLE 'a' cannot follow NUMERIC '8'/],
  ['my-value == my-value', /'my' cannot be used with '-'/],
  ['1 + 1', /must give true or false, but gave 2/],
  ['Succeeded', /must give true or false, but gave Succeeded/],
  ['1 in (1)', /it is not a list/],
  ['1 && false', /'1' cannot be used with '&&'/],
  ['a < 1', /two numbers or two strings/],
  ["'2024-01-01' =~ '2024'", /'1.7040672e\+09' cannot be used with '=~'/],
  ["a =~ '('", /invalid regular expression '\('/],
  ["'aa' =~ '(a)\\\\1'", /back-references/],
  ['foo.Bar == 1', /'foo.Bar' reads a parameter/],
  ['foo.bar == 1', /unexported field 'bar'/],
  ['a == b &&', /ends too early/],
  ['(a == b', /unbalanced/],
  ["'abc", /never closed/],
  ['1.2.3 == 1', /'1.2.3' is not a number/],
  ['!a', /STRING 'a' cannot follow PREFIX '!'/],
  ['f(1)', /no functions are defined/],
  ['   ', /ends too early/],
  ['()', /gave <nil>/],
];

describe('evaluateWhen', () => {
  it.each(EXAMPLE_CASES)('decides %s', (_example, expression, expected) => {
    expect(evaluateWhen(expression)).toBe(expected);
  });

  it.each(VALUE_CASES)('evaluates %j to %s', (expression, expected) => {
    expect(evaluateWhen(expression)).toBe(expected);
  });

  it.each(ERROR_CASES)('rejects %j with a WhenError naming it', (expression, reason) => {
    let thrown: unknown;
    try {
      evaluateWhen(expression);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WhenError);
    expect((thrown as Error).message).toContain(`'${expression}'`);
    expect((thrown as Error).message).toMatch(reason);
  });

  it('treats an empty expression as true, as Argo runs a step without `when`', () => {
    expect(evaluateWhen('')).toBe(true);
  });

  it('keeps every when of the examples parseable after substitution', () => {
    for (const [, expression] of EXAMPLE_CASES) expect(checkWhenSyntax(expression)).toBeUndefined();
  });
});

describe('checkWhenSyntax', () => {
  const CASES: ReadonlyArray<readonly [expression: string, valid: boolean]> = [
    ['heads == heads', true],
    ['1 + 1', true],
    ['foo.Bar == 1', true],
    ['my-value == x', true],
    ['', true],
    ['a == b &&', false],
    ['{{x}} == 1', false],
    ["a =~ '['", false],
    ['!a', false],
    ['((a)', false],
  ];

  it.each(CASES)('judges %j valid: %s (syntax only, evaluation errors pass)', (expression, valid) => {
    const problem = checkWhenSyntax(expression);
    if (valid) expect(problem).toBeUndefined();
    else expect(problem).toMatch(/^invalid when expression/);
  });
});
