import { runtimeConfigEnvSuite } from '../runtime-config-env-suite.js';
import { createPodmanRuntime, localImageAliases } from './index.js';
import { describeWithPodman } from './test-support.js';

describeWithPodman('podman runtime: variables from ConfigMaps and pod fields', () => {
  runtimeConfigEnvSuite((onExit) => createPodmanRuntime({ onExit, imageAliases: localImageAliases }));
});
