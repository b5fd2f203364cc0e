/**
 * What the client's end-to-end tests share: a fake argo-server per test, a scratch directory, and
 * `weft(argv)` running `main` in this process with WEFT_SERVER pointing at the fake, exactly as the
 * `weft` binary would, output captured.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import type { CliIo } from '../../io.js';
import { main } from '../../main.js';
import { FakeArgoServer } from './fake-argo-server.js';

export interface WeftResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class ClientHarness {
  fake!: FakeArgoServer;
  dir = '';

  /** Registers the vitest hooks: a scratch directory with hello.yaml and params.yaml, a fake per test. */
  install(): this {
    beforeAll(async () => {
      this.dir = await mkdtemp(join(tmpdir(), 'weft-client-'));
      await writeFile(this.file('hello.yaml'), workflowYaml('hello-'));
      await writeFile(this.file('params.yaml'), 'message: from-file\nother: kept\n');
    });
    beforeEach(async () => {
      this.fake = await new FakeArgoServer().start();
    });
    afterEach(async () => {
      await this.fake.close();
    });
    return this;
  }

  /** A file of the scratch directory (the CLI reads paths as given, like `weft run`). */
  file(name: string): string {
    return join(this.dir, name);
  }

  async weft(argv: string[], env: Record<string, string> = {}): Promise<WeftResult> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      cwd: this.dir,
      env: { WEFT_SERVER: this.fake.url, ...env },
      onInterrupt: () => () => {},
    };
    const code = await main(argv, io);
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  /**
   * Runs every created workflow: once someone watches it (or after a second), Running, then `phase`.
   * Waiting for the watcher keeps the Running state visible to the client whatever the timing.
   */
  runCreatedTo(phase: 'Succeeded' | 'Failed' | 'Error'): void {
    const fake = this.fake;
    fake.onCreate = async (wf) => {
      const ns = wf.metadata.namespace ?? 'default';
      const name = wf.metadata.name ?? '';
      const startedAt = new Date().toISOString();
      const end = Date.now() + 1000;
      while (fake.watcherCount === 0 && Date.now() < end) await sleep(5);
      fake.update(ns, name, { phase: 'Running', startedAt, nodes: { [name]: podNode(name, 'Running') } });
      await sleep(20);
      const nodes = { [name]: podNode(name, phase === 'Succeeded' ? 'Succeeded' : 'Failed') };
      fake.update(ns, name, { phase, startedAt, finishedAt: new Date().toISOString(), nodes });
    };
  }

  /** The requests made to one path (query left out), in order. */
  requestsTo(method: string, path: string) {
    return this.fake.requests.filter((r) => r.method === method && r.url.split('?')[0] === path);
  }
}

export function workflowYaml(generateName: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ${generateName}
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: message
      value: default
  templates:
  - name: main
    container: {image: busybox, command: [echo, hi]}
`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function podNode(id: string, phase: 'Running' | 'Succeeded' | 'Failed') {
  return { id, name: id, displayName: id, type: 'Pod' as const, phase, templateName: 'main' };
}

export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}
