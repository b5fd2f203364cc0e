import { describe } from 'vitest';
import { runtimeSecretsSuite } from '../runtime-secrets-suite.js';
import { runtimeConformanceSuite } from '../runtime-suite.js';
import { createPodmanRuntime, localImageAliases } from './index.js';
import { describeWithPodman } from './test-support.js';

describeWithPodman('podman runtime', () => {
  describe('conformance', () => {
    runtimeConformanceSuite(
      (onExit) => createPodmanRuntime({ onExit, imageAliases: localImageAliases, sidecarGraceMs: 2000 }),
      { isolated: true },
    );
  });

  describe('Secrets', () => {
    runtimeSecretsSuite((onExit) => createPodmanRuntime({ onExit, imageAliases: localImageAliases }));
  });
});
