/** What the reducer asks the engine to fetch for input artifacts, and what it records for outputs. */
import { describe, expect, it } from 'vitest';
import { container, Harness, step, steps, workflow } from './testing/builders.js';

describe('input and output artifacts in the reducer', () => {
  it('binds an http artifact given in spec.arguments to the entrypoint and hands it to the engine', () => {
    const http = { url: 'https://example.test/kubectl' };
    const h = Harness.start(
      workflow({
        arguments: { artifacts: [{ name: 'kubectl', http }] },
        templates: [
          container('main', { inputs: { artifacts: [{ name: 'kubectl', path: '/bin/k', mode: 0o755 }] } }),
        ],
      }),
    );
    const file = h.startStep('wf').inputFiles.find((f) => f.path === '/bin/k');
    expect(file).toMatchObject({ kind: 'artifact', mode: 0o755, artifact: { name: 'kubectl', http } });
  });

  it('records the stored location the engine reports in place of the declared s3 fields, with subPath appended to the key', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('gen', 'gen')],
            [
              step('use', 'use', {
                arguments: {
                  artifacts: [
                    { name: 'in', from: '{{steps.gen.outputs.artifacts.out}}', subPath: 'a/b.txt' },
                  ],
                },
              }),
            ],
          ]),
          container('gen', {
            outputs: { artifacts: [{ name: 'out', path: '/tmp/out', archive: { none: {} } }] },
          }),
          container('use', { inputs: { artifacts: [{ name: 'in', path: '/tmp/in' }] } }),
        ],
      }),
    );
    h.exit('gen', { artifacts: [{ name: 'out', location: { s3: { key: 'wf/wf-gen-1/out' } } }] });
    expect(h.node('gen').outputs?.artifacts).toEqual([
      { name: 'out', path: '/tmp/out', archive: { none: {} }, s3: { key: 'wf/wf-gen-1/out' } },
    ]);
    const input = h.startStep('use').inputFiles.find((f) => f.path === '/tmp/in');
    expect(input).toMatchObject({ kind: 'artifact', artifact: { s3: { key: 'wf/wf-gen-1/out/a/b.txt' } } });
  });
});
