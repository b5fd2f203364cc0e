import { describe, expect, it } from 'vitest';
import { createHarness, shell, stepRequest } from '../runtime-suite-fixtures.js';
import { createHostRuntime } from './index.js';

describe('the stdout a step returns for outputs.result', () => {
  it('keeps the last bytes when the output is longer than the limit, as Argo keeps the last 256 kB', async () => {
    const harness = await createHarness((onExit) => createHostRuntime({ onExit, stdoutLimit: 10 }));
    const script = 'printf 0123456789; printf abcdefghij; printf KLMNOPQRST';
    const result = await harness.run(stepRequest({ containers: [shell('main', script)] }));
    expect(result.stdout).toBe('KLMNOPQRST');
    await harness.runtime.close();
  });

  it('returns all of a short output', async () => {
    const harness = await createHarness((onExit) => createHostRuntime({ onExit, stdoutLimit: 10 }));
    const result = await harness.run(stepRequest({ containers: [shell('main', 'printf short')] }));
    expect(result.stdout).toBe('short');
    await harness.runtime.close();
  });
});
