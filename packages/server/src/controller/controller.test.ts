import type { Workflow } from '@weft/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeOnTestServer, findTestServer } from '../../../engine/src/store/postgres/test-server.js';
import { type ControllerHarness, removeDir, startControllerHarness } from '../testing/controller-harness.js';

const harnesses: ControllerHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) {
    await harness.close();
    removeDir(harness.dataDir);
  }
});

/** Where the store of the next harness lives: SQLite in its data directory, or a fresh Postgres schema. */
let newStoreLocation: (() => Promise<string>) | undefined;

async function harness(dataDir?: string): Promise<ControllerHarness> {
  const started = await startControllerHarness(dataDir, await newStoreLocation?.());
  harnesses.push(started);
  return started;
}

function workflow(spec: Record<string, unknown>, name = 'wf-'): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: name },
    spec,
  } as Workflow;
}

const twoSteps = {
  entrypoint: 'main',
  arguments: { parameters: [{ name: 'code', value: '0' }] },
  templates: [
    {
      name: 'main',
      steps: [
        [{ name: 'first', template: 'say' }],
        [
          {
            name: 'second',
            template: 'exit',
            arguments: { parameters: [{ name: 'code', value: '{{workflow.parameters.code}}' }] },
          },
        ],
      ],
    },
    { name: 'say', container: { image: 'busybox', command: ['sh', '-c', 'echo hello'] } },
    {
      name: 'exit',
      inputs: { parameters: [{ name: 'code' }] },
      container: { image: 'busybox', command: ['sh', '-c', 'exit {{inputs.parameters.code}}'] },
    },
  ],
};

function phases(workflow: Workflow): Record<string, string> {
  return Object.fromEntries(Object.values(workflow.status?.nodes ?? {}).map((n) => [n.displayName, n.phase]));
}

controllerCases('the workflow controller on SQLite');

describeOnTestServer(await findTestServer(), 'the workflow controller on PostgreSQL', (locations) => {
  beforeAll(() => {
    newStoreLocation = () => locations.create();
  });
  afterAll(() => {
    newStoreLocation = undefined;
  });
  controllerCases('behaves the same');
});

function controllerCases(title: string): void {
  describe(title, () => {
    it('runs a submitted workflow to success and keeps its nodes, summary and labels in the store', async () => {
      const h = await harness();
      const stored = await h.controller.submit(workflow(twoSteps));
      expect(stored.metadata.name).toMatch(/^wf-/);
      const done = await h.finished('default', stored.metadata.name);
      expect(done.status?.phase).toBe('Succeeded');
      expect(done.metadata.labels?.['workflows.argoproj.io/phase']).toBe('Succeeded');
      expect(phases(done)).toMatchObject({ first: 'Succeeded', second: 'Succeeded' });
      expect(done.status?.progress).toBe('2/2');
    });

    it('rejects a workflow with lint problems and stores nothing', async () => {
      const h = await harness();
      const bad = workflow({
        entrypoint: 'missing',
        templates: [{ name: 'main', container: { image: 'x' } }],
      });
      await expect(h.controller.submit(bad)).rejects.toThrow(/missing/);
      expect((await h.store.list('Workflow')).items).toHaveLength(0);
    });

    it('retries only the failed step of a failed workflow, keeping what succeeded', async () => {
      const h = await harness();
      const stored = await h.controller.submit(workflow(twoSteps), { parameters: ['code=3'] });
      const failed = await h.finished('default', stored.metadata.name);
      expect(failed.status?.phase).toBe('Failed');
      const firstBefore = Object.values(failed.status?.nodes ?? {}).find((n) => n.displayName === 'first');
      await h.controller.retry('default', stored.metadata.name, { parameters: ['code=0'] });
      const retried = await h.finished('default', stored.metadata.name);
      expect(retried.status?.phase, JSON.stringify(retried.status, null, 1)).toBe('Succeeded');
      const firstAfter = Object.values(retried.status?.nodes ?? {}).find((n) => n.displayName === 'first');
      expect(firstAfter?.finishedAt).toBe(firstBefore?.finishedAt);
    });

    it('resubmits a workflow as a new one labelled with where it came from', async () => {
      const h = await harness();
      const stored = await h.controller.submit(workflow(twoSteps));
      await h.finished('default', stored.metadata.name);
      const again = await h.controller.resubmit('default', stored.metadata.name, { parameters: ['code=1'] });
      expect(again.metadata.name).not.toBe(stored.metadata.name);
      expect(again.metadata.labels?.['workflows.argoproj.io/resubmitted-from-workflow']).toBe(
        stored.metadata.name,
      );
      expect((await h.finished('default', again.metadata.name ?? '')).status?.phase).toBe('Failed');
    });

    it('numbers the runs of a template and labels them with it', async () => {
      const h = await harness();
      await h.store.create({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'WorkflowTemplate',
        metadata: { name: 'build', namespace: 'default' },
        spec: twoSteps,
      });
      const first = await h.controller.submitFrom('default', { kind: 'WorkflowTemplate', name: 'build' });
      const second = await h.controller.submitFrom(
        'default',
        { kind: 'WorkflowTemplate', name: 'build' },
        { parameters: ['code=2'] },
      );
      expect(first.metadata.annotations?.['weft.dev/run-number']).toBe('1');
      expect(second.metadata.annotations?.['weft.dev/run-number']).toBe('2');
      expect(second.metadata.labels?.['workflows.argoproj.io/workflow-template']).toBe('build');
      expect((await h.finished('default', first.metadata.name)).status?.phase).toBe('Succeeded');
      expect((await h.finished('default', second.metadata.name)).status?.phase).toBe('Failed');
    });

    it('suspends a running workflow so no new step starts, and resumes it', async () => {
      const h = await harness();
      const slow = {
        entrypoint: 'main',
        templates: [
          { name: 'main', steps: [[{ name: 'a', template: 'sleep' }], [{ name: 'b', template: 'sleep' }]] },
          { name: 'sleep', container: { image: 'busybox', command: ['sh', '-c', 'sleep 0.5'] } },
        ],
      };
      const stored = await h.controller.submit(workflow(slow));
      await new Promise((r) => setTimeout(r, 150));
      await h.controller.suspend('default', stored.metadata.name);
      await new Promise((r) => setTimeout(r, 900));
      const paused = await h.controller.get('default', stored.metadata.name);
      expect(phases(paused).b).toBeUndefined();
      expect(paused.spec.suspend).toBe(true);
      await h.controller.resume('default', stored.metadata.name);
      expect((await h.finished('default', stored.metadata.name)).status?.phase).toBe('Succeeded');
    });

    it('keeps a suspend duration and a deadline running through a restart', async () => {
      const h = await harness();
      const stored = await h.controller.submit(
        workflow({
          entrypoint: 'main',
          templates: [
            {
              name: 'main',
              steps: [[{ name: 'pause', template: 'pause' }], [{ name: 'slow', template: 'slow' }]],
            },
            { name: 'pause', suspend: { duration: '1' } },
            {
              name: 'slow',
              activeDeadlineSeconds: 1,
              container: { image: 'busybox', command: ['sleep', '30'] },
            },
          ],
        }),
      );
      const started = Date.now();
      await new Promise((r) => setTimeout(r, 300));
      await h.controller.close();
      const again = await startControllerHarness(h.dataDir, h.storeLocation);
      harnesses.push(again);
      const done = await again.finished('default', stored.metadata.name);
      const elapsed = Date.now() - started;
      expect(phases(done)).toMatchObject({ pause: 'Succeeded', slow: 'Failed' });
      expect(elapsed).toBeGreaterThanOrEqual(1900);
      expect(elapsed).toBeLessThan(10_000);
    });

    it('starts a workflow whose server died after its init record and before its first event', async () => {
      const first = await harness();
      const stored = await first.store.create({
        ...workflow(twoSteps),
        metadata: { name: 'half-begun', namespace: 'default' },
      } as never);
      await first.store.appendEvents(stored.metadata.uid, 0, [
        {
          kind: 'init',
          workflow: stored,
          templates: [],
          configMaps: [],
          uid: stored.metadata.uid,
          now: Date.now(),
        },
      ]);
      await first.controller.close();
      const again = await startControllerHarness(first.dataDir, first.storeLocation);
      harnesses.push(again);
      expect((await again.finished('default', 'half-begun')).status?.phase).toBe('Succeeded');
    });

    it('goes on with an unfinished workflow after a restart, from its event log', async () => {
      const h = await harness();
      const stored = await h.controller.submit(
        workflow({
          entrypoint: 'main',
          templates: [
            {
              name: 'main',
              steps: [[{ name: 'wait', template: 'approve' }], [{ name: 'after', template: 'say' }]],
            },
            { name: 'approve', suspend: {} },
            { name: 'say', container: { image: 'busybox', command: ['echo', 'hi'] } },
          ],
        }),
      );
      await new Promise((r) => setTimeout(r, 300));
      await h.controller.close();
      const again = await startControllerHarness(h.dataDir, h.storeLocation);
      harnesses.push(again);
      await again.controller.resume('default', stored.metadata.name, {
        nodeFieldSelector: 'displayName=wait',
      });
      const done = await again.finished('default', stored.metadata.name);
      expect(done.status?.phase).toBe('Succeeded');
      expect(phases(done)).toMatchObject({ wait: 'Succeeded', after: 'Succeeded' });
    });
  });
}
