/**
 * podman runtime benches (part of `npm run bench`), against a floor measured in the same run:
 *   - a chain of 50 busybox `echo` steps: engine time per step ÷ a bare
 *     `podman run --rm --network=none` of the same image   target <= 1.3x
 *   - a fan-out of 200 containers at parallelism 8: containers/s   target >= 8/s on 2 cores,
 *     next to bare `podman run --rm --network=none` at the same parallelism
 * Skipped, with the reason, when podman cannot run here (scripts/setup-podman.sh sets it up).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPodman, localImageAliases, runWorkflow } from '@weft/engine';

const image = 'localhost/weft/busybox:latest';
const parallelism = 8;

const echoTemplate = { name: 'echo', container: { image: 'busybox', command: ['echo', 'hi'] } };

function workflow(name, spec) {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name }, spec };
}

function chain(n) {
  const steps = Array.from({ length: n }, (_, i) => [{ name: `s${i}`, template: 'echo' }]);
  return workflow('bench-podman-chain', {
    entrypoint: 'main',
    templates: [{ name: 'main', steps }, echoTemplate],
  });
}

function fanOut(n) {
  return workflow('bench-podman-fanout', {
    entrypoint: 'main',
    parallelism,
    templates: [
      { name: 'main', steps: [[{ name: 'x', template: 'echo', withSequence: { count: String(n) } }]] },
      echoTemplate,
    ],
  });
}

function podmanRun(binary) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['run', '--rm', '--network=none', image, 'echo', 'hi'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`podman run exited ${code}`))));
  });
}

/** Mean ms of a bare `podman run --rm --network=none IMAGE echo hi`, one after another. */
async function bareFloor(binary, n) {
  await podmanRun(binary);
  const started = performance.now();
  for (let i = 0; i < n; i++) await podmanRun(binary);
  return (performance.now() - started) / n;
}

/** Bare `podman run --rm --network=none` per second, `n` of them at most `parallelism` at a time. */
async function bareFanOut(binary, n) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await podmanRun(binary);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: parallelism }, worker));
  return n / ((performance.now() - started) / 1000);
}

async function timeRun(wf) {
  const runDir = mkdtempSync(join(tmpdir(), 'weft-bench-podman-'));
  try {
    const started = performance.now();
    const result = await runWorkflow({
      workflow: wf,
      templates: [],
      configMaps: [],
      runDir,
      runtime: 'podman',
      imageAliases: localImageAliases,
    });
    const ms = performance.now() - started;
    const phase = result.workflow.status?.phase;
    if (phase !== 'Succeeded')
      throw new Error(`${wf.metadata.name} ended ${phase}: ${result.workflow.status?.message}`);
    return ms;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

function ensureImages(binary) {
  try {
    execFileSync(binary, ['image', 'exists', image], { stdio: 'ignore' });
  } catch {
    const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'setup-podman.sh');
    execFileSync('sh', [script, '--images'], { stdio: 'ignore' });
  }
}

export async function measurePodman(scale = 1) {
  const check = checkPodman();
  if (!check.ok) return { skipped: check.reason };
  ensureImages(check.binary);
  const chainN = Math.max(10, Math.round(50 * scale));
  const fanN = Math.max(20, Math.round(200 * scale));
  // The machine's load drifts: the chain's floor is measured before and after it, the fan-out's just before.
  const floorRuns = Math.max(5, Math.round(20 * scale));
  const bareBefore = await bareFloor(check.binary, floorRuns);
  const chainPerStepMs = (await timeRun(chain(chainN))) / chainN;
  const bareAfter = await bareFloor(check.binary, floorRuns);
  const bareMs = (bareBefore + bareAfter) / 2;
  const barePerSecond = await bareFanOut(check.binary, fanN);
  const perSecond = fanN / ((await timeRun(fanOut(fanN))) / 1000);
  return {
    bareRunMs: bareMs,
    bareRunMsBeforeAndAfter: [bareBefore, bareAfter],
    chain: {
      steps: chainN,
      perStepMs: chainPerStepMs,
      perStepVsBareRun: chainPerStepMs / bareMs,
      target: '<= 1.3',
    },
    fanOut: {
      containers: fanN,
      parallelism,
      perSecond,
      barePerSecond,
      vsBare: perSecond / barePerSecond,
      target: '>= 8/s',
    },
  };
}

/** The lines `npm run bench` prints. */
export function describePodman(results, fmt) {
  if (results.skipped) return [`podman: skipped: ${results.skipped}`];
  return [
    `podman chain of ${results.chain.steps} echo steps: per step ${fmt(results.chain.perStepMs)} ms = ${fmt(results.chain.perStepVsBareRun)}x a bare podman run --rm --network=none (${fmt(results.bareRunMs)} ms: ${results.bareRunMsBeforeAndAfter.map(fmt).join(' before, ')} after)   target <= 1.3x`,
    `podman fan-out of ${results.fanOut.containers} at parallelism ${results.fanOut.parallelism}: ${fmt(results.fanOut.perSecond)} containers/s = ${fmt(results.fanOut.vsBare)}x bare podman run --rm --network=none at the same parallelism (${fmt(results.fanOut.barePerSecond)}/s)   target >= 8/s`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await measurePodman(Number(process.env.WEFT_BENCH_SCALE ?? 1));
  for (const line of describePodman(results, (x) => x.toFixed(2))) console.log(line);
}
