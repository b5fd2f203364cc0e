import { afterAll, describe, expect, it } from 'vitest';
import { measureRunnerOverhead } from './overhead.js';
import { removeTempDirs, tempDir } from './runner-test-support.js';

describe('step runner overhead', () => {
  afterAll(removeTempDirs);

  it('runs a chain of 100 true steps at close to the cost of the host runtime in-process', async () => {
    const overhead = await measureRunnerOverhead(100, tempDir('overhead'));
    console.log(
      `runner overhead: ${overhead.runner.toFixed(2)} ms/step through the runner, ${overhead.direct.toFixed(2)} ms/step direct, ratio ${overhead.ratio.toFixed(2)}x (target < 1.2x)`,
    );
    // The target is 1.2x; the bound leaves room for a busy machine.
    expect(overhead.ratio).toBeLessThan(1.5);
  }, 120_000);
});
