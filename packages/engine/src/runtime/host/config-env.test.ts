import { describe } from 'vitest';
import { runtimeConfigEnvSuite } from '../runtime-config-env-suite.js';
import { createHostRuntime } from './index.js';

describe('host runtime: variables from ConfigMaps and pod fields', () => {
  runtimeConfigEnvSuite((onExit) => createHostRuntime({ onExit }));
});
