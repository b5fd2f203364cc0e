import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeConformanceSuite } from '../runtime-suite.js';
import { createHarness, shell, stepRequest } from '../runtime-suite-fixtures.js';
import { measureBareSpawn, measureIsolatedSpawn, measureIsolatedSpawnConcurrent } from './floors.js';
import { createHostRuntime } from './index.js';
import { chooseEnclosure } from './isolation.js';
import { Spawner } from './spawner.js';

const volumesDir = mkdtempSync(join(tmpdir(), 'weft-host-volumes-'));
const isolated = chooseEnclosure('auto').kind !== 'none';
const unshareWorks = chooseEnclosure('auto', { mechanisms: ['unshare'] }).kind === 'unshare';

describe('host runtime', () => {
  runtimeConformanceSuite((onExit) => createHostRuntime({ onExit, volumesDir, sidecarGraceMs: 2000 }), {
    isolated,
  });

  it('says plainly when steps are not isolated', async () => {
    const harness = await createHarness((onExit) => createHostRuntime({ onExit, isolation: 'none' }));
    expect(harness.runtime.isolation).toMatch(/^none: isolation disabled.*share the host filesystem/);
    const result = await harness.run(stepRequest({ containers: [shell('main', 'echo plain')] }));
    expect(result).toMatchObject({ exitCode: 0, stdout: 'plain\n' });
    await harness.runtime.close();
  });

  it.runIf(isolated)('names the overlay mechanism it chose', () => {
    const runtime = createHostRuntime({ onExit: () => undefined });
    expect(runtime.isolation).toMatch(/^overlay mount namespace/);
    return runtime.close();
  });

  it('kills running steps on close and still reports them', async () => {
    const results: string[] = [];
    const runtime = createHostRuntime({ onExit: (result) => results.push(result.error ?? '') });
    runtime.start(stepRequest({ containers: [shell('main', 'sleep 30')] }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await runtime.close();
    expect(results).toEqual(['step terminated']);
  });

  it('keeps running steps alive while the engine has nothing else to do', async () => {
    const harness = await createHarness((onExit) => createHostRuntime({ onExit }));
    const result = await harness.run(stepRequest({ containers: [shell('main', 'sleep 0.1; echo late')] }));
    expect(result.stdout).toBe('late\n');
    await harness.runtime.close();
  });
});

describe.runIf(unshareWorks)('host runtime with the unshare fallback', () => {
  runtimeConformanceSuite(
    (onExit) =>
      createHostRuntime({ onExit, volumesDir, sidecarGraceMs: 2000, overlayMechanisms: ['unshare'] }),
    { isolated: true },
  );
});

describe('spawning off the event loop', () => {
  it('round-trips a message through the spawn worker in well under a millisecond', async () => {
    const spawner = new Spawner();
    for (let i = 0; i < 50; i++) await spawner.ping();
    const started = performance.now();
    for (let i = 0; i < 500; i++) await spawner.ping();
    const perTrip = (performance.now() - started) / 500;
    await spawner.close();
    expect(perTrip).toBeLessThan(0.5);
  });

  it('measures bare, isolated and concurrent isolated spawn floors', async () => {
    const bare = await measureBareSpawn(20);
    const single = await measureIsolatedSpawn(20);
    const concurrent = await measureIsolatedSpawnConcurrent(40, 8);
    console.log(
      `spawn floors: bare ${bare.toFixed(2)} ms, isolated ${single.toFixed(2)} ms, isolated x8 ${concurrent.toFixed(2)} ms/step`,
    );
    expect(bare).toBeGreaterThan(0);
    expect(single).toBeGreaterThanOrEqual(bare * 0.5);
    expect(concurrent).toBeGreaterThan(0);
  });
});
