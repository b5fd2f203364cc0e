/**
 * Passing a 100 MB directory artifact between two steps, against a plain `cp -r` of the same
 * directory measured in the same run. The artifact's cost is the run time of a producer/consumer
 * pair that passes it minus the same pair that does not (both producers copy the directory into
 * their /tmp), so step start-up is not counted against the artifact.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWorkflow } from '@weft/engine';

const FILES = 100;
const FILE_BYTES = 1024 * 1024;

/** 100 MB of incompressible data in 100 files over 10 folders. */
function makeSourceDir(root, megabytes) {
  const files = Math.max(1, Math.round((FILES * megabytes) / 100));
  for (let i = 0; i < files; i++) {
    const dir = join(root, `d${i % 10}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i}.bin`), randomBytes(FILE_BYTES));
  }
}

function pairWorkflow(source, passArtifact) {
  const produce = {
    name: 'produce',
    container: { image: 'busybox', command: ['cp', '-r', source, '/tmp/out'] },
    ...(passArtifact ? { outputs: { artifacts: [{ name: 'data', path: '/tmp/out' }] } } : {}),
  };
  const consume = {
    name: 'consume',
    container: { image: 'busybox', command: ['true'] },
    ...(passArtifact ? { inputs: { artifacts: [{ name: 'data', path: '/tmp/in' }] } } : {}),
  };
  const use = passArtifact
    ? { arguments: { artifacts: [{ name: 'data', from: '{{steps.produce.outputs.artifacts.data}}' }] } }
    : {};
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: passArtifact ? 'bench-artifact' : 'bench-no-artifact' },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          steps: [
            [{ name: 'produce', template: 'produce' }],
            [{ name: 'consume', template: 'consume', ...use }],
          ],
        },
        produce,
        consume,
      ],
    },
  };
}

async function timePair(source, passArtifact) {
  const runDir = mkdtempSync(join(tmpdir(), 'weft-bench-artifact-'));
  try {
    const started = performance.now();
    const result = await runWorkflow({
      workflow: pairWorkflow(source, passArtifact),
      templates: [],
      configMaps: [],
      runDir,
    });
    const ms = performance.now() - started;
    if (result.workflow.status?.phase !== 'Succeeded')
      throw new Error(
        `artifact bench ended ${result.workflow.status?.phase}: ${result.workflow.status?.message}`,
      );
    return ms;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

function timeCopy(source) {
  const target = mkdtempSync(join('/var/tmp', 'weft-bench-cp-'));
  try {
    const started = performance.now();
    execFileSync('cp', ['-r', source, join(target, 'copy')]);
    return performance.now() - started;
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median of `rounds` measurements of each, interleaved so caches and load affect both alike. */
export async function measureArtifactPassing(megabytes = 100, rounds = 3) {
  // Not under /tmp: each step has a private /tmp that would hide it.
  const source = mkdtempSync(join('/var/tmp', 'weft-bench-src-'));
  try {
    makeSourceDir(source, megabytes);
    timeCopy(source);
    const copies = [];
    const withArtifact = [];
    const without = [];
    for (let i = 0; i < rounds; i++) {
      copies.push(timeCopy(source));
      without.push(await timePair(source, false));
      withArtifact.push(await timePair(source, true));
    }
    const copyMs = median(copies);
    const artifactMs = Math.max(0, median(withArtifact) - median(without));
    return { megabytes, copyMs, artifactMs, ratio: artifactMs / copyMs, target: '<= 2' };
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
}
