/**
 * Canary: a real server (client auth, host steps) hands a Secret to steps that print it in every
 * form, on stdout and stderr, into an output parameter and outputs.result; afterwards no form of
 * the value may appear in any file of the data directory, any API answer, the metrics, a log
 * stream, or the server's own log.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../server.js';

const canary = 'Canary-7f3a$ "quoted" & /x+y=z';
const forms = [
  canary,
  Buffer.from(canary).toString('base64'),
  Buffer.from(canary).toString('base64url'),
  encodeURIComponent(canary),
  JSON.stringify(canary).slice(1, -1),
  'Second-Canary-Value',
];

const printEverything = `
const v = process.env.CANARY;
console.log('plain', v);
console.log('base64', Buffer.from(v).toString('base64'));
console.log('url', encodeURIComponent(v));
console.log('json', JSON.stringify({ v }));
console.error('stderr', v);
console.log(require('fs').readFileSync('/etc/canary/second', 'utf8'));
require('fs').writeFileSync('/tmp/out', v);
console.log(v);
`;

const workflow = {
  metadata: { name: 'canary' },
  spec: {
    entrypoint: 'main',
    templates: [
      {
        name: 'main',
        steps: [
          [{ name: 'leak', template: 'leak' }],
          [
            {
              name: 'echo',
              template: 'echo',
              arguments: { parameters: [{ name: 'x', value: '{{steps.leak.outputs.result}}' }] },
            },
          ],
        ],
      },
      {
        name: 'leak',
        container: {
          image: 'node',
          command: ['node', '-e', printEverything],
          env: [{ name: 'CANARY', valueFrom: { secretKeyRef: { name: 'canary', key: 'value' } } }],
          envFrom: [{ prefix: 'ALL_', secretRef: { name: 'canary' } }],
          volumeMounts: [{ name: 'canary', mountPath: '/etc/canary' }],
        },
        volumes: [{ name: 'canary', secret: { secretName: 'canary' } }],
        outputs: { parameters: [{ name: 'leaked', valueFrom: { path: '/tmp/out' } }] },
      },
      {
        name: 'echo',
        inputs: { parameters: [{ name: 'x' }] },
        container: { image: 'alpine', command: ['sh', '-c', 'echo "got {{inputs.parameters.x}}"'] },
      },
    ],
  },
};

let server: RunningServer;
let dataDir: string;
const serverLog: string[] = [];
let token: string;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, text: await response.text() };
}

// Steps run under the step runner, as `weft server` runs them: secrets cross its socket and its
// results journal, and its logs are written there.
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'weft-canary-'));
  server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, runtime: 'host', authMode: 'client' },
    (line) => serverLog.push(line),
  );
  token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
});
afterAll(async () => {
  await server.close({ shutdownSteps: true });
});

/** Every regular file under dir (the key file is the one thing allowed to open secrets; the step runner's socket is no file). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) return filesUnder(path);
    return name === 'secret.key' || !stat.isFile() ? [] : [path];
  });
}

describe('canary secrets', () => {
  it('reach the step in every way Argo specifies and appear nowhere afterwards', async () => {
    const created = await call('POST', '/api/v1/secrets/default', {
      secret: { metadata: { name: 'canary' }, stringData: { value: canary, second: 'Second-Canary-Value' } },
    });
    expect(created.status).toBe(200);
    expect((await call('POST', '/api/v1/workflows/default', { workflow })).status).toBe(200);
    let phase = '';
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      phase = JSON.parse((await call('GET', '/api/v1/workflows/default/canary')).text).status?.phase ?? '';
      if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Error') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const answers = [
      await call('GET', '/api/v1/workflows/default/canary'),
      await call('GET', '/api/v1/workflows/default?fields=items.status.nodes'),
      await call('GET', '/api/v1/workflows/default/canary/log?logOptions.container=main'),
      await call('GET', '/api/v1/workflow-templates/default'),
      await call('GET', '/api/v1/secrets/default'),
      await call('GET', '/metrics'),
    ];
    const got = JSON.parse(answers[0]?.text ?? '{}');
    expect(phase, answers[0]?.text).toBe('Succeeded');
    const logs = answers[2]?.text ?? '';
    expect(logs).toContain('plain [redacted]');
    expect(logs).toContain('base64 [redacted]');
    expect(logs).toContain('url [redacted]');
    expect(logs).toContain('stderr [redacted]');
    const leak = Object.values(
      got.status.nodes as Record<string, { displayName: string; outputs?: unknown }>,
    ).find((node) => node.displayName === 'leak');
    expect(JSON.stringify(leak?.outputs)).toContain('[redacted]');
    const texts: [string, string][] = [
      ...answers.map((answer, index): [string, string] => [`answer ${index}`, answer.text]),
      ['server log', serverLog.join('\n')],
      ...filesUnder(dataDir).map((file): [string, string] => [file, readFileSync(file).toString('latin1')]),
    ];
    const found: string[] = [];
    for (const [where, text] of texts)
      for (const form of forms) if (text.includes(form)) found.push(`${where}: ${form}`);
    expect(found).toEqual([]);
  }, 60_000);
});
