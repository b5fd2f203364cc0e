import type { Workflow } from '@weft/core';
import { InvalidRequestError } from '@weft/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, removeDir, startControllerHarness } from '../testing/controller-harness.js';
import { type TemplateReferencing, templateReferencingFrom } from './template-referencing.js';

const harnesses: ControllerHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) {
    await harness.close();
    removeDir(harness.dataDir);
  }
});

async function harness(table: Record<string, TemplateReferencing>): Promise<ControllerHarness> {
  const started = await startControllerHarness(undefined, undefined, {
    templateReferencing: templateReferencingFrom(table),
  });
  harnesses.push(started);
  await started.store.create({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'WorkflowTemplate',
    metadata: { name: 'greet', namespace: 'team-a' },
    spec: greet,
  });
  return started;
}

const greet = {
  entrypoint: 'main',
  arguments: { parameters: [{ name: 'who', value: 'world' }] },
  templates: [
    {
      name: 'main',
      container: { image: 'busybox', command: ['sh', '-c', 'echo hello {{workflow.parameters.who}}'] },
    },
  ],
};

function workflow(spec: Record<string, unknown>, namespace = 'team-a'): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: 'wf-', namespace },
    spec,
  } as Workflow;
}

async function workflowCount(h: ControllerHarness, namespace: string): Promise<number> {
  return (await h.store.list('Workflow', { namespace })).items.length;
}

describe('templateReferencing: Strict', () => {
  it('refuses a workflow with inline templates, naming the rule, and stores nothing', async () => {
    const h = await harness({ 'team-a': 'Strict' });
    const refused = h.controller.submit(workflow(greet));
    await expect(refused).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(refused).rejects.toThrow(
      /workflows must use workflowTemplateRef .* namespace "team-a" has templateReferencing: Strict/,
    );
    await expect(h.controller.submit(workflow(greet), { dryRun: true })).rejects.toThrow(
      /must use workflowTemplateRef/,
    );
    expect(await workflowCount(h, 'team-a')).toBe(0);
  });

  it('refuses a workflowTemplateRef that brings templates of its own', async () => {
    const h = await harness({ 'team-a': 'Strict' });
    const spec = { workflowTemplateRef: { name: 'greet' }, templates: greet.templates };
    await expect(h.controller.submit(workflow(spec))).rejects.toThrow(
      /spec\.templates: a workflow may not bring its own templates/,
    );
    expect(await workflowCount(h, 'team-a')).toBe(0);
  });

  it('runs a stored template submitted from it or referenced by a workflow', async () => {
    const h = await harness({ 'team-a': 'Strict' });
    const fromTemplate = await h.controller.submitFrom(
      'team-a',
      { kind: 'WorkflowTemplate', name: 'greet' },
      { parameters: ['who=weft'], serviceAccount: 'robot' },
    );
    const referencing = await h.controller.submit(
      workflow({ workflowTemplateRef: { name: 'greet' }, serviceAccountName: 'robot' }),
    );
    expect((await h.finished('team-a', fromTemplate.metadata.name)).status?.phase).toBe('Succeeded');
    expect((await h.finished('team-a', referencing.metadata.name)).status?.phase).toBe('Succeeded');
  });

  it('refuses a cron whose workflowSpec has inline templates when it is submitted', async () => {
    const h = await harness({ 'team-a': 'Strict' });
    await h.store.create({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      metadata: { name: 'nightly', namespace: 'team-a' },
      spec: { schedule: '0 0 * * *', workflowSpec: greet },
    });
    await expect(
      h.controller.submitFrom('team-a', { kind: 'CronWorkflow', name: 'nightly' }),
    ).rejects.toThrow(/must use workflowTemplateRef/);
    expect(await workflowCount(h, 'team-a')).toBe(0);
  });

  it('applies only to the namespaces named, and * to every other one', async () => {
    const only = await harness({ 'team-a': 'Strict' });
    const elsewhere = await only.controller.submit(workflow(greet, 'team-b'));
    expect((await only.finished('team-b', elsewhere.metadata.name)).status?.phase).toBe('Succeeded');

    const everywhere = await harness({ '*': 'Strict', 'team-c': 'Secure' });
    await expect(everywhere.controller.submit(workflow(greet, 'team-b'))).rejects.toThrow(
      /namespace "team-b" has templateReferencing: Strict/,
    );
    await expect(everywhere.controller.submit(workflow(greet, 'team-c'))).rejects.toThrow(
      /namespace "team-c" has templateReferencing: Secure/,
    );
  });
});

describe('templateReferencing: Secure', () => {
  it('refuses fields set on top of the template, naming them', async () => {
    const h = await harness({ 'team-a': 'Secure' });
    const spec = {
      workflowTemplateRef: { name: 'greet' },
      serviceAccountName: 'root',
      podSpecPatch: '{}',
      arguments: { parameters: [{ name: 'who', value: 'x' }] },
    };
    await expect(h.controller.submit(workflow(spec))).rejects.toThrow(
      /spec: fields serviceAccountName, podSpecPatch may not be set on top of workflowTemplateRef when namespace "team-a" has templateReferencing: Secure/,
    );
    await expect(
      h.controller.submitFrom(
        'team-a',
        { kind: 'WorkflowTemplate', name: 'greet' },
        { serviceAccount: 'root' },
      ),
    ).rejects.toThrow(/fields serviceAccountName may not be set/);
    expect(await workflowCount(h, 'team-a')).toBe(0);
  });

  it('runs the stored template with arguments and an entrypoint chosen by the submitter', async () => {
    const h = await harness({ 'team-a': 'Secure' });
    const stored = await h.controller.submit(
      workflow({
        workflowTemplateRef: { name: 'greet' },
        entrypoint: 'main',
        arguments: { parameters: [{ name: 'who', value: 'secure' }] },
        activeDeadlineSeconds: 60,
      }),
    );
    const fromTemplate = await h.controller.submitFrom(
      'team-a',
      { kind: 'WorkflowTemplate', name: 'greet' },
      { parameters: ['who=again'] },
    );
    expect((await h.finished('team-a', stored.metadata.name)).status?.phase).toBe('Succeeded');
    expect((await h.finished('team-a', fromTemplate.metadata.name)).status?.phase).toBe('Succeeded');
  });
});
