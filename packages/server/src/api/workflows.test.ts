import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiHarness, type Json, startApi } from './testing/api-harness.js';
import { helloTemplate, helloWorkflow, podNode } from './testing/builders.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApi();
});
afterEach(async () => {
  await api.close();
});

async function create(name: string, labels: Record<string, string> = {}) {
  const response = await api.request('POST', '/api/v1/workflows/argo', {
    workflow: helloWorkflow({ name, labels }),
  });
  expect(response.status).toBe(200);
  return response.body;
}

describe('POST /api/v1/workflows/{ns}', () => {
  it('submits the workflow through the controller and answers the stored object', async () => {
    const response = await api.request('POST', '/api/v1/workflows/argo', { workflow: helloWorkflow() });
    expect(response.status).toBe(200);
    expect(response.body.metadata.name).toMatch(/^hello-/);
    expect(response.body.metadata.namespace).toBe('argo');
    expect(response.body.metadata.uid).toBeTruthy();
    expect(api.controller.calls.map((c) => c.method)).toEqual(['submit']);
  });

  it('validates without storing on serverDryRun and on createOptions.dryRun', async () => {
    for (const body of [
      { workflow: helloWorkflow({ name: 'dry' }), serverDryRun: true },
      { workflow: helloWorkflow({ name: 'dry' }), createOptions: { dryRun: ['All'] } },
    ]) {
      const response = await api.request('POST', '/api/v1/workflows/argo', body);
      expect(response.status).toBe(200);
      expect(response.body.metadata).not.toHaveProperty('uid');
    }
    expect(await api.store.get({ kind: 'Workflow', namespace: 'argo', name: 'dry' })).toBeUndefined();
  });

  it('answers 409 with code 6 when the name is taken', async () => {
    await create('taken');
    const response = await api.request('POST', '/api/v1/workflows/argo', {
      workflow: helloWorkflow({ name: 'taken' }),
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe(6);
    expect(response.body.message).toMatch(/taken/);
  });

  it('refuses a namespace in the body that differs from the URL, naming the field', async () => {
    const workflow = helloWorkflow({ name: 'x', namespace: 'other' });
    const response = await api.request('POST', '/api/v1/workflows/argo', { workflow });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 3 });
    expect(response.body.message).toContain('workflow.metadata.namespace');
  });

  it('refuses names that are not DNS-1123 subdomains, and names over 63 characters', async () => {
    for (const name of ['Upper', 'under_score', `a${'b'.repeat(63)}`]) {
      const response = await api.request('POST', '/api/v1/workflows/argo', {
        workflow: helloWorkflow({ name }),
      });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('workflow.metadata.name');
      expect(response.body.details[0].fieldViolations[0].field).toBe('workflow.metadata.name');
    }
    expect((await api.store.list('Workflow')).items).toHaveLength(0);
  });

  it('refuses bad label keys and values, naming the label', async () => {
    const workflow = helloWorkflow({ name: 'x', labels: { team: 'not ok!', 'bad key/x/y': 'v' } });
    const response = await api.request('POST', '/api/v1/workflows/argo', { workflow });
    expect(response.status).toBe(400);
    expect(response.body.details[0].fieldViolations).toHaveLength(2);
    expect(response.body.details[0].fieldViolations).toEqual(
      expect.arrayContaining([
        {
          field: 'workflow.metadata.labels.team',
          description: expect.stringMatching(/^must be empty or a label value/),
        },
        {
          field: 'workflow.metadata.labels',
          description: expect.stringMatching(/^key "bad key\/x\/y": must be a label key/),
        },
      ]),
    );
  });

  it('lists every page with listOptions.limit=0 (no limit)', async () => {
    await create('one');
    await create('two');
    const response = await api.request('GET', '/api/v1/workflows/argo?listOptions.limit=0');
    expect(response.body.items).toHaveLength(2);
  });

  it('refuses a workflow with neither name nor generateName', async () => {
    const response = await api.request('POST', '/api/v1/workflows/argo', { workflow: helloWorkflow({}) });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('workflow.metadata.name: a name or generateName is required');
  });

  it('reports the controller’s lint problems with their field paths, storing nothing', async () => {
    const workflow = { ...helloWorkflow({ name: 'bad' }), spec: { templates: [] } };
    const response = await api.request('POST', '/api/v1/workflows/argo', { workflow });
    expect(response.status).toBe(400);
    expect(response.body.details[0].fieldViolations).toEqual([
      { field: 'spec.entrypoint', description: 'entrypoint is required' },
    ]);
    expect(await api.store.get({ kind: 'Workflow', namespace: 'argo', name: 'bad' })).toBeUndefined();
  });

  it('rejects unknown request fields and a missing workflow, naming them', async () => {
    const unknown = await api.request('POST', '/api/v1/workflows/argo', {
      workflow: helloWorkflow(),
      dryrun: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('dryrun: unknown field');
    const missing = await api.request('POST', '/api/v1/workflows/argo', {});
    expect(missing.body.message).toBe('workflow: is required');
    const typo = await api.request('POST', '/api/v1/workflows/argo', {
      workflow: { ...helloWorkflow(), specs: {} },
    });
    expect(typo.body.message).toBe('workflow.specs: unknown field');
  });

  it('answers malformed JSON with 400 whatever the content type', async () => {
    const response = await api.raw('POST', '/api/v1/workflows/argo', '{"workflow": ', {
      'content-type': 'text/plain',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(3);
    expect(response.body.message).toMatch(/^body: malformed JSON/);
  });

  it('reads a JSON body sent without a content type, as grpc-gateway does', async () => {
    const response = await api.raw(
      'POST',
      '/api/v1/workflows/argo',
      JSON.stringify({ workflow: helloWorkflow() }),
    );
    expect(response.status).toBe(200);
  });

  it('answers 413 for a body over the limit', async () => {
    const small = await startApi({ bodyLimit: 1024 });
    try {
      const workflow = helloWorkflow({ name: 'big', annotations: { note: 'x'.repeat(2000) } });
      const response = await small.request('POST', '/api/v1/workflows/argo', { workflow });
      expect(response.status).toBe(413);
      expect(response.body.message).toMatch(/request body/);
      expect((await small.store.list('Workflow')).items).toHaveLength(0);
    } finally {
      await small.close();
    }
  });

  it('refuses a namespace in the URL that is not a DNS-1123 label', async () => {
    const response = await api.request('POST', '/api/v1/workflows/Bad_NS', { workflow: helloWorkflow() });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^namespace: must be an RFC 1123 label/);
  });
});

describe('GET /api/v1/workflows/{ns}', () => {
  it('lists the namespace’s workflows without their nodes', async () => {
    await create('one');
    await create('two');
    await api.controller.putNodes('argo', 'one', [podNode('one')]);
    await api.request('POST', '/api/v1/workflows/other', { workflow: helloWorkflow({ name: 'elsewhere' }) });
    const response = await api.request('GET', '/api/v1/workflows/argo');
    expect(response.status).toBe(200);
    expect(response.body.items.map((w: Json) => w.metadata.name).sort()).toEqual(['one', 'two']);
    expect(response.body.items.every((w: Json) => w.status.nodes === undefined)).toBe(true);
    expect(response.body.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('lists every namespace at /api/v1/workflows/', async () => {
    await create('one');
    await api.request('POST', '/api/v1/workflows/other', { workflow: helloWorkflow({ name: 'elsewhere' }) });
    const response = await api.request('GET', '/api/v1/workflows/');
    expect(response.body.items.map((w: Json) => w.metadata.name).sort()).toEqual(['elsewhere', 'one']);
  });

  it('includes nodes when fields asks for them, and keeps only the asked fields', async () => {
    await create('one');
    await api.controller.putNodes('argo', 'one', [podNode('one')]);
    const fields = 'metadata.resourceVersion,items.metadata.name,items.status.phase,items.status.nodes';
    const response = await api.request('GET', `/api/v1/workflows/argo?fields=${fields}`);
    expect(response.body.items).toEqual([
      { metadata: { name: 'one' }, status: { phase: 'Running', nodes: { one: podNode('one') } } },
    ]);
    expect(Object.keys(response.body.metadata)).toEqual(['resourceVersion']);
  });

  it('drops fields named after a leading minus', async () => {
    await create('one');
    const response = await api.request(
      'GET',
      '/api/v1/workflows/argo?fields=-items.spec,items.status.startedAt',
    );
    expect(response.body.items[0].spec).toBeUndefined();
    expect(response.body.items[0].status.startedAt).toBeUndefined();
    expect(response.body.items[0].status.phase).toBe('Running');
  });

  it('filters by equality and set-based label selectors', async () => {
    await create('a', { team: 'x', tier: 'one' });
    await create('b', { team: 'y', tier: 'one' });
    await create('c', { team: 'z' });
    const names = async (selector: string) => {
      const r = await api.request(
        'GET',
        `/api/v1/workflows/argo?listOptions.labelSelector=${encodeURIComponent(selector)}`,
      );
      expect(r.status).toBe(200);
      return r.body.items.map((w: Json) => w.metadata.name).sort();
    };
    expect(await names('team=x')).toEqual(['a']);
    expect(await names('team in (x,y)')).toEqual(['a', 'b']);
    expect(await names('team notin (x,y)')).toEqual(['c']);
    expect(await names('tier,team!=x')).toEqual(['b']);
    expect(await names('!tier')).toEqual(['c']);
  });

  it('filters by metadata.name and metadata.namespace field selectors and nameFilter', async () => {
    await create('alpha');
    await create('alphabet');
    await create('beta');
    const names = async (query: string) =>
      (await api.request('GET', `/api/v1/workflows/argo?${query}`)).body.items
        .map((w: Json) => w.metadata.name)
        .sort();
    expect(await names('listOptions.fieldSelector=metadata.name=alpha')).toEqual(['alpha']);
    expect(await names('listOptions.fieldSelector=metadata.name!=alpha')).toEqual(['alphabet', 'beta']);
    expect(await names('listOptions.fieldSelector=metadata.name=alph&nameFilter=Prefix')).toEqual([
      'alpha',
      'alphabet',
    ]);
    expect(await names('listOptions.fieldSelector=metadata.name=ta&nameFilter=Contains')).toEqual(['beta']);
    expect(await names('listOptions.fieldSelector=metadata.namespace=other')).toEqual([]);
  });

  it('refuses a field selector on other fields, saying what is supported', async () => {
    const response = await api.request(
      'GET',
      '/api/v1/workflows/argo?listOptions.fieldSelector=status.phase=Running',
    );
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(
      /^listOptions\.fieldSelector: unsupported requirement "status\.phase=Running"/,
    );
  });

  it('pages with limit and continue, filters included, visiting each workflow once', async () => {
    for (const name of ['w1', 'w2', 'w3', 'w4', 'w5'])
      await create(name, { keep: name === 'w3' ? 'no' : 'yes' });
    const seen: string[] = [];
    let token = '';
    for (let page = 0; page < 10; page++) {
      const query = `listOptions.limit=2&listOptions.labelSelector=${encodeURIComponent('keep in (yes,maybe)')}${token ? `&listOptions.continue=${token}` : ''}`;
      const response = await api.request('GET', `/api/v1/workflows/argo?${query}`);
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.items.map((w: Json) => w.metadata.name));
      token = response.body.metadata.continue;
      if (!token) break;
    }
    expect(seen.sort()).toEqual(['w1', 'w2', 'w4', 'w5']);
  });

  it('answers 400 for a limit that is not a number and for a bad continue token', async () => {
    const limit = await api.request('GET', '/api/v1/workflows/argo?listOptions.limit=many');
    expect(limit.status).toBe(400);
    expect(limit.body.message).toBe('listOptions.limit: must be integer');
    const token = await api.request(
      'GET',
      '/api/v1/workflows/argo?listOptions.limit=1&listOptions.continue=garbage',
    );
    expect(token.status).toBe(400);
    expect(token.body.code).toBe(3);
  });

  it('orders a page as argo-server: running newest first, then finished latest first', async () => {
    await api.close();
    api = await startApi({}, { tickingClock: true });
    await create('first');
    await create('second');
    await create('third');
    await api.controller.finish('argo', 'first', 'Succeeded');
    const response = await api.request('GET', '/api/v1/workflows/argo');
    expect(response.body.items.map((w: Json) => w.metadata.name)).toEqual(['third', 'second', 'first']);
  });
});

describe('GET /api/v1/workflows/{ns}/{name}', () => {
  it('answers the controller’s workflow with its nodes', async () => {
    await create('one');
    await api.controller.putNodes('argo', 'one', [podNode('one'), podNode('one-1')]);
    const response = await api.request('GET', '/api/v1/workflows/argo/one');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.status.nodes).sort()).toEqual(['one', 'one-1']);
  });

  it('answers 404 with code 5 for a missing workflow or another uid', async () => {
    const missing = await api.request('GET', '/api/v1/workflows/argo/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      code: 5,
      message: 'workflows.argoproj.io "nope" not found in namespace "argo"',
    });
    await create('one');
    expect((await api.request('GET', '/api/v1/workflows/argo/one?uid=other')).status).toBe(404);
  });

  it('applies fields, leaving nodes out when not asked', async () => {
    await create('one');
    await api.controller.putNodes('argo', 'one', [podNode('one')]);
    const response = await api.request('GET', '/api/v1/workflows/argo/one?fields=status.phase');
    expect(response.body).toEqual({ status: { phase: 'Running' } });
  });

  it('pages nodes of a big workflow with nodes.limit and nodes.continue (weft)', async () => {
    await create('big');
    const nodes = Array.from({ length: 7 }, (_, i) => podNode(`big-${i}`, i % 2 ? 'Failed' : 'Succeeded'));
    await api.controller.putNodes('argo', 'big', nodes);
    const ids: string[] = [];
    let token = '';
    for (let page = 0; page < 10; page++) {
      const response = await api.request(
        'GET',
        `/api/v1/workflows/argo/big?nodes.limit=3${token ? `&nodes.continue=${token}` : ''}`,
      );
      expect(Object.keys(response.body.status.nodes).length).toBeLessThanOrEqual(3);
      ids.push(...Object.keys(response.body.status.nodes));
      token = response.body.nodesContinue;
      if (!token) break;
    }
    expect(ids).toEqual(nodes.map((n) => n.id));
    const failed = await api.request('GET', '/api/v1/workflows/argo/big?nodes.phase=Failed');
    expect(Object.keys(failed.body.status.nodes)).toEqual(['big-1', 'big-3', 'big-5']);
    const bad = await api.request('GET', '/api/v1/workflows/argo/big?nodes.phase=Broken');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^nodes\.phase: unknown value\(s\) Broken/);
  });
});

describe('DELETE /api/v1/workflows/{ns}/{name}', () => {
  it('deletes through the controller and answers {}', async () => {
    await create('one');
    const response = await api.request('DELETE', '/api/v1/workflows/argo/one');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({});
    expect(api.controller.calls.at(-1)).toMatchObject({ method: 'delete', name: 'one' });
    expect((await api.request('DELETE', '/api/v1/workflows/argo/one')).status).toBe(404);
  });

  it('honours deleteOptions.preconditions.uid', async () => {
    await create('one');
    const response = await api.request(
      'DELETE',
      '/api/v1/workflows/argo/one?deleteOptions.preconditions.uid=other',
    );
    expect(response.status).toBe(409);
    expect(await api.store.get({ kind: 'Workflow', namespace: 'argo', name: 'one' })).toBeDefined();
  });
});

describe('POST /api/v1/workflows/{ns}/lint', () => {
  it('answers the workflow when it is valid', async () => {
    const response = await api.request('POST', '/api/v1/workflows/argo/lint', { workflow: helloWorkflow() });
    expect(response.status).toBe(200);
    expect(response.body.spec.entrypoint).toBe('main');
    expect((await api.store.list('Workflow')).items).toHaveLength(0);
  });

  it('lists every problem with its field path', async () => {
    const workflow = {
      ...helloWorkflow(),
      spec: {
        entrypoint: 'mian',
        templates: [{ name: 'main', steps: [[{ name: 's', template: 'nowhere' }]] }],
      },
    };
    const response = await api.request('POST', '/api/v1/workflows/argo/lint', { workflow });
    expect(response.status).toBe(400);
    const fields = response.body.details[0].fieldViolations.map((v: Json) => v.field);
    expect(fields).toContain('spec.entrypoint');
    expect(fields.some((f: string) => f.startsWith('spec.templates[0].steps'))).toBe(true);
    expect(response.body.message.split('\n').length).toBe(fields.length);
  });
});

describe('POST /api/v1/workflows/{ns}/submit', () => {
  it('submits from a stored WorkflowTemplate with the submit options', async () => {
    await api.request('POST', '/api/v1/workflow-templates/argo', { template: helloTemplate('tpl') });
    const response = await api.request('POST', '/api/v1/workflows/argo/submit', {
      resourceKind: 'WorkflowTemplate',
      resourceName: 'tpl',
      submitOptions: { entryPoint: 'main', parameters: ['a=1'], labels: 'x=y' },
    });
    expect(response.status).toBe(200);
    expect(response.body.metadata.labels['workflows.argoproj.io/workflow-template']).toBe('tpl');
    expect(api.controller.calls.at(-1)).toMatchObject({
      method: 'submitFrom',
      name: 'tpl',
      options: { entryPoint: 'main', parameters: ['a=1'], labels: 'x=y', dryRun: false },
    });
  });

  it('refuses an unknown kind and malformed parameters, naming the fields', async () => {
    const kind = await api.request('POST', '/api/v1/workflows/argo/submit', {
      resourceKind: 'Pod',
      resourceName: 'x',
    });
    expect(kind.status).toBe(400);
    expect(kind.body.message).toMatch(/^resourceKind: must be one of/);
    const params = await api.request('POST', '/api/v1/workflows/argo/submit', {
      resourceKind: 'wftmpl',
      resourceName: 'x',
      submitOptions: { parameters: ['novalue'], priority: 3 },
    });
    expect(params.status).toBe(400);
    expect(params.body.message).toContain('submitOptions.parameters[0]: "novalue" is not NAME=VALUE');
    expect(params.body.message).toContain('submitOptions.priority: is not supported by weft');
  });

  it('answers 404 for a template that does not exist', async () => {
    const response = await api.request('POST', '/api/v1/workflows/argo/submit', {
      resourceKind: 'WorkflowTemplate',
      resourceName: 'missing',
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe(5);
  });
});
