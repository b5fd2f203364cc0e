import { describe, expect, it } from 'vitest';
import type { Template } from '../spec/types.js';
import type { HttpResponse } from './engine-work.js';
import { Harness, step, steps, workflow } from './testing/builders.js';

function httpWorkflow(http: Record<string, unknown>, extra: Partial<Template> = {}): Harness {
  return Harness.start(
    workflow({
      templates: [
        steps('main', [[step('call', 'call', { arguments: { url: 'http://127.0.0.1:9/x' } })]]),
        {
          name: 'call',
          inputs: { parameters: [{ name: 'url' }] },
          http: { url: '{{inputs.parameters.url}}', ...http },
          ...extra,
        },
      ],
    }),
  );
}

function respond(h: Harness, response: Partial<HttpResponse> & { statusCode: number }) {
  return h.send({
    type: 'HttpResponded',
    nodeId: h.node('call').id,
    response: { body: '', headers: {}, ...response },
  });
}

describe('http templates', () => {
  it('asks the engine for the request, with no pod, as a Running HTTP node', () => {
    const h = httpWorkflow({
      method: 'POST',
      headers: [{ name: 'X-A', value: 'b' }],
      body: 'hi',
      timeoutSeconds: 5,
    });
    expect(h.started).toHaveLength(0);
    expect(h.node('call')).toMatchObject({ type: 'HTTP', phase: 'Running' });
    expect(h.commandsOf('HttpRequest')).toEqual([
      {
        type: 'HttpRequest',
        nodeId: h.node('call').id,
        method: 'POST',
        url: 'http://127.0.0.1:9/x',
        headers: [{ name: 'X-A', value: 'b' }],
        body: 'hi',
        timeoutMs: 5000,
        insecureSkipVerify: false,
      },
    ]);
  });

  it('defaults to GET with no timeout', () => {
    const h = httpWorkflow({});
    expect(h.commandsOf('HttpRequest')[0]).toMatchObject({ method: 'GET', body: '' });
    expect(h.commandsOf('HttpRequest')[0]?.timeoutMs).toBeUndefined();
  });

  it('succeeds on a 2xx response and keeps the body as outputs.result', () => {
    const h = httpWorkflow({});
    respond(h, { statusCode: 200, body: '{"ok":true}' });
    expect(h.node('call')).toMatchObject({ phase: 'Succeeded', outputs: { result: '{"ok":true}' } });
    expect(h.phase).toBe('Succeeded');
  });

  it('fails on a non-2xx response with Argo message, keeping the body', () => {
    const h = httpWorkflow({});
    respond(h, { statusCode: 404, body: 'nope' });
    expect(h.node('call')).toMatchObject({
      phase: 'Failed',
      message: 'received non-2xx response code: 404',
      outputs: { result: 'nope' },
    });
    expect(h.phase).toBe('Failed');
  });

  it('judges the response with successCondition over status, body and headers', () => {
    const byStatus = httpWorkflow({ successCondition: 'response.statusCode == 201' });
    respond(byStatus, { statusCode: 201 });
    expect(byStatus.node('call').phase).toBe('Succeeded');

    const byBody = httpWorkflow({ successCondition: 'response.body contains "google"' });
    respond(byBody, { statusCode: 500, body: '<html>google</html>' });
    expect(byBody.node('call').phase).toBe('Succeeded');

    const byHeader = httpWorkflow({ successCondition: 'response.headers["Server"][0] == "cloudflare"' });
    respond(byHeader, { statusCode: 200, headers: { Server: ['nginx'] } });
    expect(byHeader.node('call')).toMatchObject({
      phase: 'Failed',
      message: `successCondition 'response.headers["Server"][0] == "cloudflare"' evaluated false`,
    });
  });

  it('fails the node with the reason when no response came', () => {
    const h = httpWorkflow({});
    h.send({ type: 'HttpResponded', nodeId: h.node('call').id, error: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(h.node('call')).toMatchObject({ phase: 'Failed', message: 'connect ECONNREFUSED 127.0.0.1:9' });
  });

  it('refuses headers from Secrets with a clear error until Secrets can be read', () => {
    const h = httpWorkflow({
      headers: [{ name: 'Authorization', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
    });
    expect(h.commandsOf('HttpRequest')).toHaveLength(0);
    expect(h.node('call').phase).toBe('Error');
    expect(h.node('call').message).toContain('secretKeyRef');
  });

  it('lets a failed request be excused by continueOn, as http-hello-world does', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('call', 'call', { continueOn: { failed: true } })]]),
          { name: 'call', http: { url: 'http://127.0.0.1:9/' } },
        ],
      }),
    );
    respond(h, { statusCode: 404 });
    expect(h.phase).toBe('Succeeded');
  });
});
