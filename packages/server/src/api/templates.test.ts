import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiHarness, type Json, startApi } from './testing/api-harness.js';
import { helloTemplate } from './testing/builders.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApi();
});
afterEach(async () => {
  await api.close();
});

const templates = '/api/v1/workflow-templates/argo';
const clusterTemplates = '/api/v1/cluster-workflow-templates';

describe('WorkflowTemplates', () => {
  it('creates, gets, lists and deletes a template', async () => {
    const created = await api.request('POST', templates, { template: helloTemplate('tpl') });
    expect(created.status).toBe(200);
    expect(created.body.metadata).toMatchObject({ name: 'tpl', namespace: 'argo' });
    expect(created.body.kind).toBe('WorkflowTemplate');
    const got = await api.request('GET', `${templates}/tpl`);
    expect(got.body.spec.entrypoint).toBe('main');
    const list = await api.request('GET', templates);
    expect(list.body.items.map((t: Json) => t.metadata.name)).toEqual(['tpl']);
    expect((await api.request('DELETE', `${templates}/tpl`)).body).toEqual({});
    const gone = await api.request('GET', `${templates}/tpl`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 5, message: 'workflowtemplates.argoproj.io "tpl" not found' });
  });

  it('lints before creating and lists every problem, storing nothing', async () => {
    const template = helloTemplate('broken');
    template.spec.templates.push(
      { name: 'main', container: { image: 'alpine', command: ['true'] } },
      { name: 'Bad_Name', container: { image: 'alpine', command: ['true'] } },
    );
    (template.spec as Json).entrypoint = 'missing';
    const response = await api.request('POST', templates, { template });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(3);
    const violations = response.body.details[0].fieldViolations;
    expect(violations.length).toBeGreaterThanOrEqual(2);
    expect(violations.map((v: Json) => v.field)).toContain('spec.entrypoint');
    expect(response.body.message.split('\n')).toHaveLength(violations.length);
    expect((await api.store.list('WorkflowTemplate')).items).toHaveLength(0);
  });

  it('resolves templateRefs against the stored templates when linting', async () => {
    await api.request('POST', templates, { template: helloTemplate('lib') });
    const user = helloTemplate('user');
    user.spec.templates = [
      { name: 'main', steps: [[{ name: 'call', templateRef: { name: 'lib', template: 'main' } }]] } as Json,
    ];
    expect((await api.request('POST', templates, { template: user })).status).toBe(200);
    const broken = helloTemplate('broken');
    broken.spec.templates = [
      { name: 'main', steps: [[{ name: 'call', templateRef: { name: 'nope', template: 'main' } }]] } as Json,
    ];
    const response = await api.request('POST', templates, { template: broken });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/WorkflowTemplate "nope" not found/);
  });

  it('updates with the resourceVersion read, and refuses a stale one with 409', async () => {
    const created = (await api.request('POST', templates, { template: helloTemplate('tpl') })).body;
    const first = { ...created, metadata: { ...created.metadata, labels: { v: '2' } } };
    const updated = await api.request('PUT', `${templates}/tpl`, { template: first });
    expect(updated.status).toBe(200);
    expect(updated.body.metadata.labels).toEqual({ v: '2' });
    expect(Number(updated.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    const stale = await api.request('PUT', `${templates}/tpl`, {
      template: { ...first, metadata: { ...first.metadata, labels: { v: '3' } } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe(6);
    expect((await api.request('GET', `${templates}/tpl`)).body.metadata.labels).toEqual({ v: '2' });
  });

  it('refuses an update without a resourceVersion or with another name, naming the field', async () => {
    await api.request('POST', templates, { template: helloTemplate('tpl') });
    const noVersion = await api.request('PUT', `${templates}/tpl`, { template: helloTemplate('tpl') });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.message).toMatch(/^template\.metadata\.resourceVersion: must be specified/);
    const renamed = await api.request('PUT', `${templates}/tpl`, {
      template: helloTemplate('other', { resourceVersion: '1' }),
    });
    expect(renamed.body.message).toBe(
      'template.metadata.name: "other" does not match the name "tpl" in the URL',
    );
  });

  it('refuses an update that does not lint, keeping the stored template', async () => {
    const created = (await api.request('POST', templates, { template: helloTemplate('tpl') })).body;
    const broken = { ...created, spec: { ...created.spec, entrypoint: 'nowhere' } };
    const response = await api.request('PUT', `${templates}/tpl`, { template: broken });
    expect(response.status).toBe(400);
    expect((await api.request('GET', `${templates}/tpl`)).body.spec.entrypoint).toBe('main');
  });

  it('lints without storing, with or without a name', async () => {
    const named = await api.request('POST', `${templates}/lint`, { template: helloTemplate('tpl') });
    expect(named.status).toBe(200);
    const { name: _name, ...metadata } = helloTemplate('x').metadata;
    const nameless = await api.request('POST', `${templates}/lint`, {
      template: { ...helloTemplate('x'), metadata },
    });
    expect(nameless.status).toBe(200);
    expect((await api.store.list('WorkflowTemplate')).items).toHaveLength(0);
  });

  it('filters the list by namePattern and pages it', async () => {
    for (const name of ['build-a', 'build-b', 'deploy'])
      await api.request('POST', templates, { template: helloTemplate(name) });
    const matching = await api.request('GET', `${templates}?namePattern=build`);
    expect(matching.body.items.map((t: Json) => t.metadata.name)).toEqual(['build-a', 'build-b']);
    const page = await api.request('GET', `${templates}?listOptions.limit=2`);
    expect(page.body.items).toHaveLength(2);
    const next = await api.request(
      'GET',
      `${templates}?listOptions.limit=2&listOptions.continue=${page.body.metadata.continue}`,
    );
    expect(next.body.items.map((t: Json) => t.metadata.name)).toEqual(['deploy']);
    expect(next.body.metadata.continue).toBeUndefined();
  });

  it('refuses a template of another kind and one with the name already taken', async () => {
    const kind = await api.request('POST', templates, {
      template: { ...helloTemplate('x'), kind: 'Workflow' },
    });
    expect(kind.status).toBe(400);
    expect(kind.body.message).toBe('template.kind: must be one of "WorkflowTemplate"');
    await api.request('POST', templates, { template: helloTemplate('tpl') });
    expect((await api.request('POST', templates, { template: helloTemplate('tpl') })).status).toBe(409);
  });

  it('deletes with a stale resourceVersion precondition refused', async () => {
    const created = (await api.request('POST', templates, { template: helloTemplate('tpl') })).body;
    await api.request('PUT', `${templates}/tpl`, {
      template: { ...created, metadata: { ...created.metadata, labels: { v: '2' } } },
    });
    const stale = created.metadata.resourceVersion;
    const response = await api.request(
      'DELETE',
      `${templates}/tpl?deleteOptions.preconditions.resourceVersion=${stale}`,
    );
    expect(response.status).toBe(409);
    expect((await api.request('GET', `${templates}/tpl`)).status).toBe(200);
  });
});

describe('ClusterWorkflowTemplates', () => {
  it('creates, gets, updates, lists and deletes without a namespace', async () => {
    const template = { ...helloTemplate('shared'), kind: 'ClusterWorkflowTemplate' };
    const created = await api.request('POST', clusterTemplates, { template });
    expect(created.status).toBe(200);
    expect(created.body.metadata.namespace).toBeUndefined();
    const updated = await api.request('PUT', `${clusterTemplates}/shared`, {
      template: { ...created.body, metadata: { ...created.body.metadata, labels: { a: 'b' } } },
    });
    expect(updated.body.metadata.labels).toEqual({ a: 'b' });
    const list = await api.request('GET', clusterTemplates);
    expect(list.body.items.map((t: Json) => t.metadata.name)).toEqual(['shared']);
    expect((await api.request('POST', `${clusterTemplates}/lint`, { template })).status).toBe(200);
    expect((await api.request('DELETE', `${clusterTemplates}/shared`)).status).toBe(200);
    expect((await api.request('GET', `${clusterTemplates}/shared`)).status).toBe(404);
  });

  it('lets a namespaced template refer to a cluster template', async () => {
    await api.request('POST', clusterTemplates, {
      template: { ...helloTemplate('shared'), kind: 'ClusterWorkflowTemplate' },
    });
    const user = helloTemplate('user');
    user.spec.templates = [
      {
        name: 'main',
        steps: [[{ name: 'call', templateRef: { name: 'shared', template: 'main', clusterScope: true } }]],
      } as Json,
    ];
    expect((await api.request('POST', templates, { template: user })).status).toBe(200);
  });
});
