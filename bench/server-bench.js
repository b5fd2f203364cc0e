/**
 * Server benches (part of `npm run bench`):
 *   - 1-task workflows submitted through the REST API for a while (default 60 s, scaled by
 *     WEFT_BENCH_SCALE): workflows/s completed and p50/p99 submit→Succeeded
 *   - GET of one workflow and list of 50 workflows, p99, while 8 steps are constantly running
 * The server is the real one (`startServer`: SQLite, step runner), driven over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@weft/server';

const oneTask = {
  metadata: { generateName: 'bench-' },
  spec: {
    entrypoint: 'main',
    templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }],
  },
};

function eightSleepers(seconds) {
  return {
    metadata: { generateName: 'busy-' },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[{ name: 's', template: 'sleep', withSequence: { count: '8' } }]] },
        { name: 'sleep', container: { image: 'busybox', command: ['sleep', String(seconds)] } },
      ],
    },
  };
}

async function post(url, body) {
  const response = await fetch(`${url}/api/v1/workflows/default`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workflow: body }),
  });
  if (response.status !== 200) throw new Error(`submit: ${response.status} ${await response.text()}`);
  return (await response.json()).metadata.name;
}

function percentile(sorted, p) {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Completion times by workflow name, from the server's own event hub (no polling). */
function watchCompletions(server) {
  const done = new Map();
  const waiters = new Map();
  server.events.subscribe((event) => {
    if (
      event.kind !== 'Workflow' ||
      event.object.metadata.labels?.['workflows.argoproj.io/completed'] !== 'true'
    )
      return;
    const name = event.object.metadata.name;
    if (done.has(name)) return;
    done.set(name, { at: performance.now(), phase: event.object.status?.phase });
    waiters.get(name)?.();
  });
  return {
    done,
    wait: (name) =>
      done.has(name) ? Promise.resolve() : new Promise((resolve) => waiters.set(name, resolve)),
  };
}

export async function measureServer(scale = 1) {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-bench-server-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, runtime: 'host' }, () => undefined);
  try {
    const completions = watchCompletions(server);
    const durationMs = Math.max(5000, 60_000 * scale);
    const inFlight = 32;
    const latencies = [];
    let failed = 0;
    const started = performance.now();
    const worker = async () => {
      while (performance.now() - started < durationMs) {
        const submitted = performance.now();
        const name = await post(server.url, oneTask);
        await completions.wait(name);
        const end = completions.done.get(name);
        if (end.phase !== 'Succeeded') failed++;
        latencies.push(end.at - submitted);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const throughput = {
      seconds: elapsed,
      workflows: latencies.length,
      failed,
      perSecond: latencies.length / elapsed,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      target: '>= 100 workflows/s',
    };

    const busy = await post(server.url, eightSleepers(Math.max(10, Math.round(60 * scale))));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sample = latencies.length > 0 ? [...completions.done.keys()][0] : busy;
    const gets = [];
    const lists = [];
    for (let i = 0; i < 200; i++) {
      let t = performance.now();
      const one = await fetch(`${server.url}/api/v1/workflows/default/${sample}`);
      await one.arrayBuffer();
      gets.push(performance.now() - t);
      t = performance.now();
      const page = await fetch(`${server.url}/api/v1/workflows/default?listOptions.limit=50`);
      await page.arrayBuffer();
      lists.push(performance.now() - t);
    }
    gets.sort((a, b) => a - b);
    lists.sort((a, b) => a - b);
    await fetch(`${server.url}/api/v1/workflows/default/${busy}/terminate`, { method: 'PUT' });
    return {
      throughput,
      reads: {
        whileRunningSteps: 8,
        getP99Ms: percentile(gets, 99),
        listOf50P99Ms: percentile(lists, 99),
        target: 'GET <= 25 ms, list of 50 <= 50 ms',
      },
    };
  } finally {
    await server.close({ shutdownSteps: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
