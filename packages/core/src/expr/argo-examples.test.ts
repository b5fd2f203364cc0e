import { describe, expect, it } from 'vitest';
import { compileExpr, evaluateExpr, exprResultToString } from './index.js';

/** Each expression from ../shared/conformance/argo-examples with an env like the one Argo would build. */
interface ExampleCase {
  readonly file: string;
  readonly source: string;
  readonly env: Record<string, unknown>;
  /** What Argo substitutes into the manifest (the result through exprResultToString). */
  readonly substituted: string;
}

const employees =
  '{"employees": [{"name": "Baris", "age":43},{"name": "Mo", "age": 42}, {"name": "Jai", "age" :44}]}';
const weather = '{"weekWeather": "eyJ0ZW1wcyI6IFszNCwgMjcsIDE1LCA1NywgNDZdfQo="}';
const verboseSnippet = `
  map([
      jsonpath(sprig.b64dec(jsonpath(workflow.parameters.weather, '$.weekWeather')), '$.temps')
    ], {
      toJson({
        avg: sprig.add(#[0], #[1], #[2], #[3], #[4]) / 5,
        min: sprig.min(#[0], #[1], #[2], #[3], #[4]),
        max: sprig.max(#[0], #[1], #[2], #[3], #[4])
      })
  })[0]
`;
const weekTemps = '{"avg":35.8,"max":57,"min":15}';
const stepsEnv = {
  steps: {
    'flip-coin': { outputs: { result: 'heads' } },
    heads: { outputs: { result: 'it was heads' } },
    tails: { outputs: { result: 'it was tails' } },
  },
};

const examples: ExampleCase[] = [
  { file: 'expression-tag-template-workflow', source: 'item', env: { item: 3 }, substituted: '3' },
  {
    file: 'expression-tag-template-workflow',
    source: 'toJson(filter([1, 3], {# > 1}))',
    env: {},
    substituted: '[3]',
  },
  {
    file: 'expression-tag-template-workflow',
    source: 'asInt(inputs.parameters.foo) * 10',
    env: { inputs: { parameters: { foo: '3' } } },
    substituted: '30',
  },
  {
    file: 'expression-tag-template-workflow',
    source: "sprig.date('2006', workflow.creationTimestamp)",
    env: { workflow: { creationTimestamp: '2024-03-05T10:20:30Z' } },
    substituted: '2024',
  },
  {
    file: 'conditionals',
    source: ` inputs.parameters["should-print"] == 'true'`,
    env: { inputs: { parameters: { 'should-print': 'true' } } },
    substituted: 'true',
  },
  {
    file: 'conditionals',
    source: "jsonpath(workflow.parameters.json, '$[0].value') == 'true'",
    env: { workflow: { parameters: { json: '[{"value": "true"}]' } } },
    substituted: 'true',
  },
  ...['a', 'b', 'c'].map((key, i) => ({
    file: 'expression-destructure-json',
    source: `jsonpath(workflow.parameters.config, '$.${key}')`,
    env: { workflow: { parameters: { config: '{"a": "1", "b": "2", "c": "3"}' } } },
    substituted: String(i + 1),
  })),
  {
    file: 'expression-destructure-json-complex',
    source: `jsonpath(workflow.parameters.config, '$.employees[?(@.name=="Baris")].age')`,
    env: { workflow: { parameters: { config: employees } } },
    substituted: '[43]',
  },
  {
    file: 'expression-destructure-json-complex',
    source: "jsonpath(workflow.parameters.config, '$.employees[?(@.age>42 && @.age<44)].age')",
    env: { workflow: { parameters: { config: employees } } },
    substituted: '[43]',
  },
  {
    file: 'expression-destructure-json-complex',
    source: "jsonpath(workflow.parameters.config, '$.employees[0:1]')",
    env: { workflow: { parameters: { config: employees } } },
    substituted: '[{"age":43,"name":"Baris"},{"age":42,"name":"Mo"}]',
  },
  {
    file: 'expression-destructure-json-complex',
    source: "jsonpath(workflow.parameters.config, '$.employees[*].name')",
    env: { workflow: { parameters: { config: employees } } },
    substituted: '["Baris","Mo","Jai"]',
  },
  {
    file: 'cron-when',
    source:
      ' cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360 ',
    env: { cronworkflow: { lastScheduledTime: null } },
    substituted: 'true',
  },
  {
    file: 'cron-when',
    source:
      ' cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360 ',
    env: {
      now: () => new Date('2024-03-05T10:10:00Z'),
      cronworkflow: { lastScheduledTime: new Date('2024-03-05T10:00:00Z') },
    },
    substituted: 'true',
  },
  {
    file: 'expression-reusing-verbose-snippets',
    source: verboseSnippet,
    env: { workflow: { parameters: { weather } } },
    substituted: weekTemps,
  },
  ...[
    ['avg', '35.8'],
    ['min', '15'],
    ['max', '57'],
  ].map(([key, value]) => ({
    file: 'expression-reusing-verbose-snippets',
    source: `jsonpath(inputs.parameters['week-temps'], '$.${key}')`,
    env: { inputs: { parameters: { 'week-temps': weekTemps } } },
    substituted: value,
  })),
  {
    file: 'life-cycle-hooks-wf-level',
    source: 'workflow.status == "Running"',
    env: { workflow: { status: 'Running' } },
    substituted: 'true',
  },
  {
    file: 'life-cycle-hooks-tmpl-level',
    source: 'steps["step-1"].status == "Running"',
    env: { steps: { 'step-1': { status: 'Succeeded' } } },
    substituted: 'false',
  },
  {
    file: 'life-cycle-hooks-tmpl-level',
    source: 'steps.step2.status == "Succeeded"',
    env: { steps: { step2: { status: 'Succeeded' } } },
    substituted: 'true',
  },
  {
    file: 'conditional-parameters',
    source:
      "steps['flip-coin'].outputs.result == 'heads' ? steps.heads.outputs.result : steps.tails.outputs.result",
    env: stepsEnv,
    substituted: 'it was heads',
  },
  {
    file: 'dag-conditional-parameters',
    source:
      "tasks['flip-coin'].outputs.result == 'heads' ? tasks.heads.outputs.result : tasks.tails.outputs.result",
    env: { tasks: { ...stepsEnv.steps, 'flip-coin': { outputs: { result: 'tails' } } } },
    substituted: 'it was tails',
  },
  ...[
    ['1', '1'],
    ['2', '1'],
    ['7', '13'],
  ].map(([num, result]) => ({
    file: 'fibonacci-seq-conditional-param',
    source:
      "asInt(inputs.parameters.num) == 1? 1: asInt(inputs.parameters.num) == 2? 1: steps['fibonacci-helper'].outputs.parameters.result",
    env: {
      inputs: { parameters: { num } },
      steps: { 'fibonacci-helper': { outputs: { parameters: { result: '13' } } } },
    },
    substituted: result,
  })),
  {
    file: 'retry-conditional (after {{inputs.parameters.safe-to-retry}} is substituted)',
    source: `asInt(lastRetry.exitCode) > 1 &&
      lastRetry.status != "Error" &&
      asInt(lastRetry.duration) < 120 &&
      (false == true || lastRetry.message matches 'imminent node shutdown|pod deleted')`,
    env: {
      lastRetry: { exitCode: '2', status: 'Failed', duration: '31', message: 'the pod deleted itself' },
    },
    substituted: 'true',
  },
  {
    file: 'label-value-from-workflow',
    source: 'workflow.parameters.foo',
    env: { workflow: { parameters: { foo: 'bar' } } },
    substituted: 'bar',
  },
  {
    file: 'skipped-output-defaults/expression-fallback',
    source: "tasks.producer.outputs.parameters.msg ?? 'expr-fallback'",
    env: { tasks: { producer: { status: 'Skipped' } } },
    substituted: 'expr-fallback',
  },
  {
    file: 'skipped-output-defaults/expression-fallback (a real empty output)',
    source: "tasks.producer.outputs.parameters.msg ?? 'expr-fallback'",
    env: { tasks: { producer: { outputs: { parameters: { msg: '' } } } } },
    substituted: '',
  },
  {
    file: 'data-transformations',
    source: 'filter(data, {# endsWith "main.log"})',
    env: { data: ['a/main.log', 'b/other.txt', 'c/main.log'] },
    substituted: '["a/main.log","c/main.log"]',
  },
];

describe("Argo's example expressions", () => {
  it.each(examples)('evaluates $source from $file', ({ source, env, substituted }) => {
    expect(exprResultToString(evaluateExpr(source, env))).toBe(substituted);
  });

  it('reads the same variables from flat dotted keys as from nested objects', () => {
    const flat = {
      'steps.flip-coin.outputs.result': 'heads',
      'steps.heads.outputs.result': 'it was heads',
      'steps.tails.outputs.result': 'it was tails',
    };
    const source = examples.find((e) => e.file === 'conditional-parameters')?.source ?? '';
    expect(evaluateExpr(source, flat)).toBe('it was heads');
  });
});

describe('the examples in the brief', () => {
  const env = {
    items: [1, 2, 3, 4],
    inputs: { parameters: { x: '41', message: 'hi', json: '{"a": {"b": 1}}' } },
    workflow: { parameters: { x: 'wx' } },
    steps: { 'flip-coin': { outputs: { result: 'heads' } } },
  };
  it.each([
    ['asInt(inputs.parameters.x) + 1', 42],
    ['sprig.upper(inputs.parameters.message)', 'HI'],
    ["jsonpath(inputs.parameters.json, '$.a')", { b: 1 }],
    [' map(filter(items, {# > 2}), {# * 2}) ', [6, 8]],
    ["steps['flip-coin'].outputs.result == 'heads' ? 'a' : 'b'", 'a'],
    ['workflow.parameters.x', 'wx'],
  ])('evaluates %s', (source, expected) => {
    expect(evaluateExpr(source, env)).toEqual(expected);
  });

  it('compiles once and evaluates against many environments', () => {
    const compiled = compileExpr('asInt(inputs.parameters.x) * 2');
    expect(compiled.evaluate({ inputs: { parameters: { x: '2' } } })).toBe(4);
    expect(compiled.evaluate({ 'inputs.parameters.x': '5' })).toBe(10);
  });
});
