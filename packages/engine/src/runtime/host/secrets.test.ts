import { describe } from 'vitest';
import { runtimeSecretsSuite } from '../runtime-secrets-suite.js';
import { createHostRuntime } from './index.js';

describe('host runtime: Secrets', () => {
  runtimeSecretsSuite((onExit) => createHostRuntime({ onExit }));
});
