/**
 * The crash test: a 200-task DAG of short steps while the server is killed with SIGKILL at 10
 * random moments and restarted each time. Every step appends its name to a ledger outside weft
 * (a hostPath volume); afterwards every workflow must have ended as a run without crashes does
 * (Succeeded, every task Succeeded) and the ledger must show each task ran exactly once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, type ServerProcess, startServerProcess, stopStepRunner } from './server-process.js';

const layers = 20;
const width = 10;
const kills = 10;

function dagWorkflow() {
  const tasks = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let index = 0; index < width; index++) {
      const name = `t${layer}-${index}`;
      const parents = layer === 0 ? [] : [`t${layer - 1}-${index}`, `t${layer - 1}-${(index + 1) % width}`];
      tasks.push({
        name,
        template: 'step',
        ...(parents.length ? { dependencies: parents } : {}),
        arguments: { parameters: [{ name: 'task', value: name }] },
      });
    }
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: 'crash-' },
    spec: {
      entrypoint: 'main',
      // The host runtime keeps non-emptyDir volumes under <data>/volumes/<namespace>/<workflow>/<name>.
      volumes: [{ name: 'ledger', hostPath: { path: '/var/tmp/ledger' } }],
      templates: [
        { name: 'main', dag: { tasks } },
        {
          name: 'step',
          inputs: { parameters: [{ name: 'task' }] },
          container: {
            image: 'busybox',
            command: ['sh', '-c', 'echo {{inputs.parameters.task}} >> /ledger/runs.txt; sleep 0.25'],
            volumeMounts: [{ name: 'ledger', mountPath: '/ledger' }],
          },
        },
      ],
    },
  };
}

const dirs: string[] = [];
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  for (const dir of dirs) {
    stopStepRunner(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
});

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function phaseOf(url: string, name: string): Promise<string | undefined> {
  const { status, body } = await api<{
    status?: { phase?: string };
    metadata?: { labels?: Record<string, string> };
  }>(url, `/api/v1/workflows/default/${name}`);
  if (status !== 200) return undefined;
  return body.metadata?.labels?.['workflows.argoproj.io/completed'] === 'true'
    ? body.status?.phase
    : 'Running';
}

describe('a server killed with SIGKILL at random moments', () => {
  it('loses no workflow and runs no step twice', { timeout: 240_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'weft-crash-'));
    dirs.push(dataDir);
    server = await startServerProcess(dataDir);
    const created = await api<{ metadata: { name: string } }>(server.url, '/api/v1/workflows/default', {
      method: 'POST',
      body: { workflow: dagWorkflow() },
    });
    expect(created.status).toBe(200);
    const names = [created.body.metadata.name];
    let killed = 0;
    while (killed < kills) {
      await pause(300 + Math.random() * 900);
      // Also accepted between kills: each must be there and finish after the restarts.
      const small = await api<{ metadata: { name: string } }>(server.url, '/api/v1/workflows/default', {
        method: 'POST',
        body: {
          workflow: {
            metadata: { generateName: 'small-' },
            spec: {
              entrypoint: 'main',
              templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }],
            },
          },
        },
      });
      if (small.status === 200) names.push(small.body.metadata.name);
      await server.kill();
      killed++;
      server = await startServerProcess(dataDir);
    }
    const deadline = Date.now() + 180_000;
    const phases = new Map<string, string | undefined>();
    for (const name of names) {
      let phase = await phaseOf(server.url, name);
      while ((phase === 'Running' || phase === undefined) && Date.now() < deadline) {
        await pause(250);
        phase = await phaseOf(server.url, name);
      }
      phases.set(name, phase);
    }
    const ledger = join(dataDir, 'volumes', 'default', names[0], 'ledger', 'runs.txt');
    const runs = readFileSync(ledger, 'utf8').trim().split('\n');
    const counts = new Map<string, number>();
    for (const task of runs) counts.set(task, (counts.get(task) ?? 0) + 1);
    const duplicates = [...counts].filter(([, count]) => count > 1);
    const missing = layers * width - counts.size;
    const lost = [...phases].filter(([, phase]) => phase !== 'Succeeded');
    console.log(
      `crash test: ${killed} kills, ${names.length} workflows, ${runs.length} steps run, ` +
        `duplicates = ${duplicates.length}, lost = ${lost.length + missing}`,
    );
    expect(lost).toEqual([]);
    expect(duplicates).toEqual([]);
    expect(missing).toBe(0);
    const { body } = await api<{ status: { nodes: Record<string, { type: string; phase: string }> } }>(
      server.url,
      `/api/v1/workflows/default/${names[0]}`,
    );
    const pods = Object.values(body.status.nodes).filter((node) => node.type === 'Pod');
    expect(pods).toHaveLength(layers * width);
    expect(pods.every((node) => node.phase === 'Succeeded')).toBe(true);
  });
});
