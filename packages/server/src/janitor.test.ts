import type { StoredObject } from '@weft/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteAt, Janitor } from './janitor.js';
import { type ControllerHarness, removeDir, startControllerHarness } from './testing/controller-harness.js';

function finished(phase: string, ttlStrategy?: Record<string, number>): StoredObject {
  return {
    kind: 'Workflow',
    metadata: { name: 'wf', uid: 'u', resourceVersion: '1', creationTimestamp: '2025-01-01T00:00:00Z' },
    spec: ttlStrategy ? { ttlStrategy } : {},
    status: { phase, finishedAt: '2025-01-01T00:00:10Z' },
  } as StoredObject;
}

const finishedAt = Date.parse('2025-01-01T00:00:10Z');

describe('when a finished workflow is deleted', () => {
  it('follows ttlStrategy by phase and the server retention, whichever comes first', () => {
    expect(deleteAt(finished('Succeeded'))).toBeUndefined();
    expect(deleteAt(finished('Succeeded', { secondsAfterCompletion: 60 }))).toBe(finishedAt + 60_000);
    expect(deleteAt(finished('Succeeded', { secondsAfterSuccess: 5, secondsAfterFailure: 1 }))).toBe(
      finishedAt + 5_000,
    );
    expect(deleteAt(finished('Failed', { secondsAfterSuccess: 5, secondsAfterFailure: 1 }))).toBe(
      finishedAt + 1_000,
    );
    expect(deleteAt(finished('Failed', { secondsAfterCompletion: 600 }), 30_000)).toBe(finishedAt + 30_000);
  });
});

describe('the janitor', () => {
  let harness: ControllerHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    if (harness) removeDir(harness.dataDir);
  });

  it('deletes a workflow once its ttlStrategy has passed, with its run directory', async () => {
    harness = await startControllerHarness();
    const janitor = new Janitor({ ...harness, log: () => undefined });
    await janitor.start();
    const stored = await harness.controller.submit({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { generateName: 'ttl-' },
      spec: {
        entrypoint: 'main',
        ttlStrategy: { secondsAfterCompletion: 0 },
        templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }],
      },
    });
    await harness.finished('default', stored.metadata.name);
    const deadline = Date.now() + 5000;
    while (
      Date.now() < deadline &&
      (await harness.store.get({ kind: 'Workflow', name: stored.metadata.name }))
    )
      await new Promise((r) => setTimeout(r, 50));
    janitor.stop();
    expect(await harness.store.get({ kind: 'Workflow', name: stored.metadata.name })).toBeUndefined();
  });
});
