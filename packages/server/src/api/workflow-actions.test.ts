import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from './testing/api-harness.js';
import { helloWorkflow } from './testing/builders.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApi();
  await api.request('POST', '/api/v1/workflows/argo', { workflow: helloWorkflow({ name: 'wf' }) });
});
afterEach(async () => {
  await api.close();
});

describe('PUT /api/v1/workflows/{ns}/{name}/{action}', () => {
  it('passes each action’s body fields to the controller and answers the workflow', async () => {
    const cases = [
      ['retry', { restartSuccessful: true, nodeFieldSelector: 'phase=Failed', parameters: ['a=1'] }],
      ['resume', { nodeFieldSelector: 'displayName=approve' }],
      ['stop', { message: 'enough' }],
      [
        'set',
        {
          nodeFieldSelector: 'displayName=approve',
          outputParameters: '{"x":"1"}',
          phase: 'Succeeded',
          message: 'ok',
        },
      ],
      ['resubmit', { memoized: true, parameters: ['b=2'] }],
    ] as const;
    for (const [action, body] of cases) {
      const response = await api.request('PUT', `/api/v1/workflows/argo/wf/${action}`, {
        name: 'ignored',
        ...body,
      });
      expect(response.status, action).toBe(200);
      expect(response.body.metadata.name, action).toBeTruthy();
      const { name: _name, ...options } = { name: '', ...body };
      expect(api.controller.calls.at(-1), action).toMatchObject({
        method: action,
        namespace: 'argo',
        name: 'wf',
        options,
      });
    }
  });

  it('suspends and resumes with an empty body, as Argo’s clients send them', async () => {
    const suspended = await api.raw('PUT', '/api/v1/workflows/argo/wf/suspend', undefined);
    expect(suspended.status).toBe(200);
    expect(suspended.body.spec.suspend).toBe(true);
    const resumed = await api.raw('PUT', '/api/v1/workflows/argo/wf/resume', '');
    expect(resumed.status).toBe(200);
    expect(resumed.body.spec).not.toHaveProperty('suspend');
  });

  it('terminates, leaving Argo’s message', async () => {
    const response = await api.request('PUT', '/api/v1/workflows/argo/wf/terminate', {});
    expect(response.body.status.message).toBe("Stopped with strategy 'Terminate'");
  });

  it('answers 404 for a workflow that does not exist', async () => {
    const response = await api.request('PUT', '/api/v1/workflows/argo/nope/suspend', {});
    expect(response.status).toBe(404);
    expect(response.body.code).toBe(5);
  });

  it('refuses fields of another action’s body, naming them', async () => {
    const response = await api.request('PUT', '/api/v1/workflows/argo/wf/suspend', { memoized: true });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('memoized: unknown field');
    expect(api.controller.calls.map((c) => c.method)).toEqual(['submit']);
  });

  it('refuses a body field of the wrong type', async () => {
    const response = await api.request('PUT', '/api/v1/workflows/argo/wf/retry', { parameters: { a: 1 } });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('parameters: must be array');
  });
});
