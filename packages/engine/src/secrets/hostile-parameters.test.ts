/**
 * Parameters are not shell text: a workflow parameter full of shell metacharacters reaches the
 * step's argv byte-identical, and nothing on the engine's side passes it through a shell (the
 * step's program is exec'd directly with the substituted arguments).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workflow } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { runWorkflow } from '../run/run-workflow.js';

const payloads = [
  '; rm -rf /tmp/weft-hostile-canary',
  '&& echo pwned',
  '|| echo pwned',
  '| cat /etc/passwd',
  '`id`',
  '$(id)',
  '$((1+1))',
  ['$', '{HOME}'].join(''),
  '$HOME',
  "'single quoted'",
  '"double quoted"',
  '\'"mixed"\'',
  '\\backslash\\',
  '\\n not a newline',
  'line1\nline2',
  'tab\there',
  'carriage\rreturn',
  '> /tmp/weft-hostile-redirect',
  '< /etc/passwd',
  '2>&1',
  '&',
  '*',
  '?',
  '[a-z]*',
  '~root',
  '{a,b}',
  '!!',
  '!$',
  '#comment',
  ' leading and trailing spaces ',
  '   ',
  '--help',
  '-rf',
  '-e require("child_process").execSync("id")',
  '%s%s%s%n',
  '%(x)s',
  '\u0000'.replace('\u0000', '\\0'),
  'emoji 🚀 ünïcödé',
  'a=b c=d',
  'IFS=,;echo',
  '$IFS',
  'eval "echo pwned"',
  'exec sh',
  '() { :;}; echo shellshock',
  '\\$(id)',
  '$$',
  '$?',
  '$0',
  '$@',
  '"$@"',
  ';;',
  'a\\\nb',
  "$'\\x41'",
  '<<EOF\npwned\nEOF',
  '|&',
  'x'.repeat(2000),
];

describe('hostile workflow parameters', () => {
  it(`reach the step's argv byte-identical (${payloads.length} payloads) and run nothing`, async () => {
    const parameters = payloads.map((value, index) => ({ name: `p${index}`, value }));
    const script = 'process.stdout.write(JSON.stringify(process.argv.slice(1)))';
    const workflow: Workflow = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'hostile' },
      spec: {
        entrypoint: 'main',
        arguments: { parameters },
        templates: [
          {
            name: 'main',
            container: {
              image: 'node',
              command: ['node', '-e', script, '--'],
              args: parameters.map((p) => `{{workflow.parameters.${p.name}}}`),
            },
          },
        ],
      },
    } as Workflow;
    const runDir = mkdtempSync(join(tmpdir(), 'weft-hostile-run-'));
    const result = await runWorkflow({ workflow, templates: [], configMaps: [], runDir });
    const logs = Object.values(result.logDirs)
      .map((dir) => readFileSync(join(dir, 'logs', 'main.log'), 'utf8'))
      .join('');
    expect(result.workflow.status?.phase, logs).toBe('Succeeded');
    const node = Object.values(result.workflow.status?.nodes ?? {}).find((n) => n.type === 'Pod');
    const argv = JSON.parse(node?.outputs?.result ?? '[]') as string[];
    const mismatches = payloads.flatMap((payload, index) =>
      argv[index] === payload
        ? []
        : [`#${index} ${JSON.stringify(payload)} → ${JSON.stringify(argv[index])}`],
    );
    expect(mismatches).toEqual([]);
    expect(argv).toHaveLength(payloads.length);
  }, 60_000);
});
