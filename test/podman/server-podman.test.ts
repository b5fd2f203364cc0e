/**
 * `weft server --runtime podman` and the per-template runtime on a host-default server: a real
 * server process, steps in podman containers, logs read back through the API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { describeWithPodman } from '../../packages/engine/src/runtime/podman/test-support.js';
import { api, type ServerProcess, startServerProcess, stopStepRunner } from '../server/server-process.js';

const mixed = {
  metadata: { generateName: 'mixed-' },
  spec: {
    entrypoint: 'main',
    templates: [
      {
        name: 'main',
        steps: [[{ name: 'on-host', template: 'host' }], [{ name: 'in-podman', template: 'podman' }]],
      },
      { name: 'host', container: { image: 'busybox', command: ['sh', '-c', 'echo host $(hostname)'] } },
      {
        name: 'podman',
        metadata: { annotations: { 'weft.dev/runtime': 'podman' } },
        container: { image: 'busybox', command: ['sh', '-c', 'echo podman $(hostname)'] },
      },
    ],
  },
};

let server: ServerProcess | undefined;
let dataDir = '';
afterEach(async () => {
  await server?.stop();
  stopStepRunner(dataDir);
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

async function logsOf(url: string, name: string): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { body } = await api<{
      metadata: { labels?: Record<string, string> };
      status?: { phase?: string };
    }>(url, `/api/v1/workflows/default/${name}`);
    if (body.metadata.labels?.['workflows.argoproj.io/completed'] === 'true') {
      expect(body.status?.phase).toBe('Succeeded');
      break;
    }
    if (Date.now() > deadline) throw new Error(`${name} did not finish`);
    await new Promise((done) => setTimeout(done, 200));
  }
  const text = await (
    await fetch(`${url}/api/v1/workflows/default/${name}/log?logOptions.container=main`)
  ).text();
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).result.content as string);
}

describeWithPodman('weft server with podman', () => {
  it('runs a template annotated weft.dev/runtime: podman in a container, the others on the host', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'weft-server-podman-'));
    server = await startServerProcess(dataDir, ['--image-alias', 'local']);
    const created = await api<{ metadata: { name: string } }>(server.url, '/api/v1/workflows/default', {
      method: 'POST',
      body: { workflow: mixed },
    });
    const lines = await logsOf(server.url, created.body.metadata.name);
    expect(lines[0]).toMatch(/^host /);
    expect(lines[1]).toMatch(new RegExp(`^podman ${created.body.metadata.name}-podman-`));
  });

  it('runs every step in podman with --runtime podman', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'weft-server-podman-'));
    server = await startServerProcess(dataDir, ['--runtime', 'podman', '--image-alias', 'local']);
    const created = await api<{ metadata: { name: string } }>(server.url, '/api/v1/workflows/default', {
      method: 'POST',
      body: { workflow: mixed },
    });
    const lines = await logsOf(server.url, created.body.metadata.name);
    expect(lines.every((line) => line.includes(created.body.metadata.name))).toBe(true);
  });
});
