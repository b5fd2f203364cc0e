#!/usr/bin/env node
/**
 * `npm run bench`: engine overhead as ratios against floors measured in the same run.
 *   - chain of N `true` steps vs. the isolated spawn of `true` (and vs. a bare spawn)
 *   - fan-out of N `true` steps at a parallelism vs. the isolated-spawn ceiling at the same concurrency
 *   - per-task time of a 10,000-task DAG vs. a 1,000-task DAG (status updates must stay O(1) per node)
 *   - passing a 100 MB directory artifact between two steps vs. a plain `cp -r` of the same directory
 *   - podman runtime: chain and fan-out of busybox containers vs. a bare `podman run` (podman-bench.js)
 * Prints ratios, and writes them to bench/results/latest.json. Sizes can be scaled down with
 * WEFT_BENCH_SCALE=0.1 for a quick look.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  floorIsolation,
  measureBareSpawn,
  measureIsolatedSpawn,
  measureIsolatedSpawnConcurrent,
  runWorkflow,
} from '@weft/engine';
import { measureArtifactPassing } from './artifact-bench.js';
import { describePodman, measurePodman } from './podman-bench.js';
import { measureServer } from './server-bench.js';

const scale = Number(process.env.WEFT_BENCH_SCALE ?? 1);
const size = (n) => Math.max(10, Math.round(n * scale));
const fanOutParallelism = 16;

const trueTemplate = { name: 'noop', container: { image: 'busybox', command: ['true'] } };

function workflow(name, spec) {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name }, spec };
}

function chainWorkflow(n) {
  const steps = Array.from({ length: n }, (_, i) => [{ name: `s${i}`, template: 'noop' }]);
  return workflow('bench-chain', { entrypoint: 'main', templates: [{ name: 'main', steps }, trueTemplate] });
}

function fanOutWorkflow(n) {
  return workflow('bench-fanout', {
    entrypoint: 'main',
    parallelism: fanOutParallelism,
    templates: [
      { name: 'main', steps: [[{ name: 'x', template: 'noop', withSequence: { count: String(n) } }]] },
      trueTemplate,
    ],
  });
}

/** A binary-tree DAG: task i depends on task floor((i-1)/2); wide enough to keep `parallelism` busy. */
function dagWorkflow(n) {
  const tasks = Array.from({ length: n }, (_, i) =>
    i === 0
      ? { name: 't0', template: 'noop' }
      : { name: `t${i}`, template: 'noop', dependencies: [`t${Math.floor((i - 1) / 2)}`] },
  );
  return workflow(`bench-dag-${n}`, {
    entrypoint: 'main',
    parallelism: fanOutParallelism,
    templates: [{ name: 'main', dag: { tasks } }, trueTemplate],
  });
}

async function timeRun(wf) {
  const runDir = mkdtempSync(join(tmpdir(), 'weft-bench-'));
  try {
    const started = performance.now();
    const result = await runWorkflow({ workflow: wf, templates: [], configMaps: [], runDir });
    const ms = performance.now() - started;
    if (result.workflow.status?.phase !== 'Succeeded') {
      throw new Error(
        `${wf.metadata.name} ended ${result.workflow.status?.phase}: ${result.workflow.status?.message}`,
      );
    }
    return ms;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

const fmt = (x) => x.toFixed(2);

async function main() {
  console.log(`isolation: ${floorIsolation()}`);
  const bare = await measureBareSpawn(size(300));
  const isolated = await measureIsolatedSpawn(size(300));
  const ceiling = await measureIsolatedSpawnConcurrent(size(1000), fanOutParallelism);
  console.log(
    `floors: bare spawn ${fmt(bare)} ms, isolated spawn (fresh overlay view, spawn, remove view) ${fmt(isolated)} ms, isolated ceiling at ${fanOutParallelism} in flight ${fmt(ceiling)} ms/step`,
  );

  const chainN = size(500);
  const chainPerStep = (await timeRun(chainWorkflow(chainN))) / chainN;
  const fanN = size(1000);
  const fanPerStep = (await timeRun(fanOutWorkflow(fanN))) / fanN;
  const small = size(1000);
  const large = size(10000);
  const dagSmall = (await timeRun(dagWorkflow(small))) / small;
  const dagLarge = (await timeRun(dagWorkflow(large))) / large;

  const results = {
    isolation: floorIsolation(),
    chain: {
      steps: chainN,
      perStepVsIsolatedSpawn: chainPerStep / isolated,
      perStepVsBareSpawn: chainPerStep / bare,
      target: '<= 1.5 (isolated)',
    },
    fanOut: {
      steps: fanN,
      parallelism: fanOutParallelism,
      throughputVsCeiling: ceiling / fanPerStep,
      target: '>= 0.6',
    },
    dag: { small, large, perTaskLargeVsSmall: dagLarge / dagSmall, target: '<= 1.5' },
    artifact: await measureArtifactPassing(Math.max(10, Math.round(100 * scale))),
    server: await measureServer(scale),
    podman: await measurePodman(scale),
  };
  console.log(
    `chain of ${chainN}: per step ${fmt(results.chain.perStepVsIsolatedSpawn)}x isolated spawn (${fmt(results.chain.perStepVsBareSpawn)}x bare spawn)   target <= 1.5x isolated`,
  );
  console.log(
    `fan-out of ${fanN} at parallelism ${fanOutParallelism}: throughput ${fmt(results.fanOut.throughputVsCeiling)} of the isolated-spawn ceiling   target >= 0.6`,
  );
  console.log(
    `DAG ${large} vs ${small} tasks: per-task time ratio ${fmt(results.dag.perTaskLargeVsSmall)}   target <= 1.5`,
  );
  const artifact = results.artifact;
  console.log(
    `artifact of ${artifact.megabytes} MB passed between two steps: ${fmt(artifact.artifactMs)} ms = ${fmt(artifact.ratio)}x a plain cp -r (${fmt(artifact.copyMs)} ms)   target <= 2x`,
  );
  const { throughput, reads } = results.server;
  console.log(
    `server: ${throughput.workflows} one-task workflows through the REST API in ${fmt(throughput.seconds)} s = ${fmt(throughput.perSecond)}/s (p50 ${fmt(throughput.p50Ms)} ms, p99 ${fmt(throughput.p99Ms)} ms submit→Succeeded, ${throughput.failed} not Succeeded)   target >= 100/s`,
  );
  console.log(
    `server reads while 8 steps run: GET p99 ${fmt(reads.getP99Ms)} ms, list of 50 p99 ${fmt(reads.listOf50P99Ms)} ms   target GET <= 25 ms, list <= 50 ms`,
  );
  for (const line of describePodman(results.podman, fmt)) console.log(line);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
}

await main();
