import { describe, expect, it } from 'vitest';
import { transform } from './templates/data.js';
import { container, Harness, step, steps, workflow } from './testing/builders.js';

function dataWorkflow(data: Record<string, unknown>): Harness {
  return Harness.start(
    workflow({
      templates: [
        steps('main', [
          [step('list', 'list')],
          [
            step('each', 'each', {
              withParam: '{{steps.list.outputs.result}}',
              arguments: { f: '{{item}}' },
            }),
          ],
        ]),
        { name: 'list', data },
        container('each', { inputs: ['f'], args: ['echo {{inputs.parameters.f}}'] }),
      ],
    }),
  );
}

const source = { artifactPaths: { name: 'logs', s3: { bucket: 'my-bucket', key: 'runs' } } };

describe('data templates', () => {
  it('asks the engine to list the keys of the source artifact, with no pod', () => {
    const h = dataWorkflow({ source, transformation: [] });
    expect(h.started).toHaveLength(0);
    expect(h.commandsOf('ListArtifacts')).toEqual([
      { type: 'ListArtifacts', nodeId: h.node('list').id, artifact: source.artifactPaths },
    ]);
  });

  it('filters the listed keys with the transformation and loops over the JSON result', () => {
    const h = dataWorkflow({
      source,
      transformation: [{ expression: 'filter(data, {# endsWith "main.log"})' }],
    });
    h.send({
      type: 'ArtifactsListed',
      nodeId: h.node('list').id,
      keys: ['runs/a/main.log', 'runs/a/other.txt', 'runs/b/main.log'],
    });
    expect(h.node('list')).toMatchObject({
      phase: 'Succeeded',
      outputs: { result: '["runs/a/main.log","runs/b/main.log"]' },
    });
    expect(h.runningNames()).toEqual(['each(0:runs/a/main.log)', 'each(1:runs/b/main.log)']);
  });

  it('fails with Argo message when the data template has no source', () => {
    const h = dataWorkflow({ transformation: [{ expression: 'data' }] });
    expect(h.node('list')).toMatchObject({
      phase: 'Failed',
      message: 'unable to process data source: no valid source is used for data template',
    });
  });

  it('fails with the reason when the engine cannot list the source', () => {
    const h = dataWorkflow({ source: { artifactPaths: { name: 'g', git: { repo: 'x' } } } });
    h.send({ type: 'ArtifactsListed', nodeId: h.node('list').id, error: 'only s3 sources can be listed' });
    expect(h.node('list')).toMatchObject({
      phase: 'Failed',
      message: 'unable to source artifact paths: only s3 sources can be listed',
    });
  });

  it('fails the node when a transformation cannot be evaluated', () => {
    const h = dataWorkflow({ source, transformation: [{ expression: 'filter(data,' }] });
    h.send({ type: 'ArtifactsListed', nodeId: h.node('list').id, keys: [] });
    expect(h.node('list').phase).toBe('Failed');
    expect(h.node('list').message).toMatch(
      /^unable to process data transformation: error processing data step 0/,
    );
  });
});

describe('data transformations', () => {
  it('applies the steps in order, each seeing the last value as data', () => {
    const result = transform(
      ['a.log', 'b.txt', 'c.log'],
      [{ expression: 'filter(data, {# endsWith ".log"})' }, { expression: 'map(data, {"x/" + #})' }],
    );
    expect(result).toEqual({ ok: true, json: '["x/a.log","x/c.log"]' });
  });

  it('returns the data unchanged as JSON without steps', () => {
    expect(transform([], [])).toEqual({ ok: true, json: '[]' });
  });
});
