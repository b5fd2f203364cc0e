import { describe, expect, it } from 'vitest';
import { container, Harness, workflow } from './testing/builders.js';

describe('killing a pod', () => {
  it("gives it Kubernetes' default 30 s grace between SIGTERM and SIGKILL", () => {
    const h = Harness.start(workflow({ templates: [container('main', { activeDeadlineSeconds: 5 })] }));
    expect(h.tick(5_000)).toEqual([expect.objectContaining({ type: 'KillStep', graceMs: 30_000 })]);
  });

  it('uses the terminationGracePeriodSeconds the pod sets through podSpecPatch', () => {
    const patched = {
      ...container('main', { activeDeadlineSeconds: 5 }),
      podSpecPatch: 'terminationGracePeriodSeconds: 3',
    };
    const h = Harness.start(workflow({ templates: [patched] }));
    expect(h.tick(5_000)).toEqual([expect.objectContaining({ type: 'KillStep', graceMs: 3_000 })]);
  });

  it('uses the same grace when the workflow is stopped', () => {
    const patched = { ...container('main'), podSpecPatch: 'terminationGracePeriodSeconds: 1' };
    const h = Harness.start(workflow({ templates: [patched] }));
    expect(h.stop('stop')).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'KillStep', graceMs: 1_000 })]),
    );
  });
});
