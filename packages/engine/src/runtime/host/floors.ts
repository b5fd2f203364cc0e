import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPath } from './images.js';
import { chooseEnclosure, type OverlayLayout } from './isolation.js';
import { Spawner } from './spawner.js';

/**
 * Floors for benchmarks: the cost of starting a process that does nothing, through the host
 * runtime's own spawn path (worker thread), bare and inside its isolation. Benchmarks report
 * engine time per step as a ratio to these.
 */

const env = { PATH: defaultPath };
const trueBinary = ['/usr/bin/true', '/bin/true'];

async function withSpawner<T>(body: (spawner: Spawner) => Promise<T>): Promise<T> {
  const spawner = new Spawner();
  try {
    return await body(spawner);
  } finally {
    await spawner.close();
  }
}

async function spawnTrue(
  spawner: Spawner,
  file: string,
  args: readonly string[],
  cwd: string,
): Promise<void> {
  const exit = await spawner.spawn({ file, args, env, cwd }).exited;
  if (exit.code !== 0)
    throw new Error(`floor: ${file} exited with ${exit.code ?? exit.signal ?? exit.error}`);
}

function findTrue(): string {
  return trueBinary.find((path) => existsSync(path)) ?? 'true';
}

/** Average milliseconds to spawn `true` (no isolation) and see it exit, over `n` sequential runs. */
export async function measureBareSpawn(n: number): Promise<number> {
  const file = findTrue();
  return withSpawner(async (spawner) => {
    await spawnTrue(spawner, file, [], tmpdir());
    const started = performance.now();
    for (let i = 0; i < n; i++) await spawnTrue(spawner, file, [], tmpdir());
    return (performance.now() - started) / n;
  });
}

/**
 * A fresh isolated view for one run, as the host runtime makes one per container: overlay
 * upper/work/merged dirs and the private, empty `/tmp` bound into it. Making and removing the view
 * is part of what isolating a process costs, so it is inside the timed section.
 */
function makeLayout(root: string, index: number): OverlayLayout {
  const dir = join(root, String(index));
  const tmp = join(dir, 'private', 'tmp');
  const layout = {
    upper: join(dir, 'u'),
    work: join(dir, 'w'),
    merged: join(dir, 'm'),
    binds: [{ source: tmp, target: '/tmp', readonly: false }],
    cwd: '/',
  };
  for (const sub of [layout.upper, layout.work, layout.merged, tmp]) mkdirSync(sub, { recursive: true });
  chmodSync(tmp, 0o1777);
  return layout;
}

async function measureIsolated(n: number, concurrency: number): Promise<number> {
  const enclosure = chooseEnclosure('auto');
  const root = mkdtempSync(join(tmpdir(), 'weft-floor-'));
  const file = findTrue();
  // As in the runtime, a view is removed in the background while the next process starts; the
  // timed section still waits for every removal to finish.
  const removals: Promise<void>[] = [];
  const runOne = async (spawner: Spawner, index: number) => {
    const layout = makeLayout(root, index);
    const call = enclosure.wrap({ file, args: [] }, layout);
    await spawnTrue(spawner, call.file, call.args, root);
    removals.push(rm(join(root, String(index)), { recursive: true, force: true }));
  };
  try {
    return await withSpawner(async (spawner) => {
      await runOne(spawner, n);
      let next = 0;
      const lane = async () => {
        while (next < n) await runOne(spawner, next++);
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
      await Promise.all(removals);
      return (performance.now() - started) / n;
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Average milliseconds to run `true` inside the isolation the host runtime chose, sequentially:
 * make a fresh view, spawn in it, see it exit, remove the view.
 */
export function measureIsolatedSpawn(n: number): Promise<number> {
  return measureIsolated(n, 1);
}

/** Wall milliseconds per isolated spawn of `true` with `concurrency` in flight: the throughput ceiling. */
export function measureIsolatedSpawnConcurrent(n: number, concurrency: number): Promise<number> {
  return measureIsolated(n, concurrency);
}

/** How the floors' isolated spawns are enclosed (same choice as `createHostRuntime` with 'auto'). */
export function floorIsolation(): string {
  return chooseEnclosure('auto').description;
}
