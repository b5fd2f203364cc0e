/** `weft secret …` and `weft token …` against a real weft server in client auth mode. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@weft/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

let server: RunningServer;
let dir: string;
let admin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'weft-access-'));
  server = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir, 'data'),
      runtime: 'host',
      inProcessSteps: true,
      authMode: 'client',
    },
    () => {},
  );
  admin = readFileSync(join(dir, 'data', 'admin.token'), 'utf8').trim();
});
afterAll(async () => {
  await server.close({ shutdownSteps: true });
});

async function weft(argv: string[], token = admin) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    cwd: dir,
    env: { WEFT_SERVER: server.url, WEFT_TOKEN: token },
    onInterrupt: () => () => {},
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('weft secret', () => {
  it('creates a Secret from literals and files, and lists its keys but never its values', async () => {
    writeFileSync(join(dir, 'tls.key'), 'FILE-SECRET-CONTENT\n');
    const created = await weft([
      'secret',
      'create',
      'creds',
      '-n',
      'team-a',
      '--from-literal',
      'password=Literal=Value-1',
      '--from-file',
      join(dir, 'tls.key'),
      '--from-file',
      `cert=${join(dir, 'tls.key')}`,
    ]);
    expect(created).toMatchObject({
      code: 0,
      stdout: 'secret/creds created (keys: cert, password, tls.key)\n',
    });
    const list = await weft(['secret', 'list', '-n', 'team-a']);
    expect(list.stdout).toMatch(/^NAME\s+TYPE\s+KEYS\s+AGE\ncreds\s+Opaque\s+cert,password,tls.key\s+\S+\n$/);
    const json = await weft(['secret', 'get', 'creds', '-n', 'team-a', '-o', 'json']);
    for (const text of [list.stdout, json.stdout]) {
      expect(text).not.toContain('Literal=Value-1');
      expect(text).not.toContain('FILE-SECRET-CONTENT');
    }
  });

  it('refuses bad flags with exit 2 and a missing file naming it', async () => {
    expect((await weft(['secret', 'create', 'x', '--from-literal', 'novalue'])).code).toBe(2);
    expect((await weft(['secret', 'create', 'x'])).stderr).toMatch(/needs --from-literal/);
    const missing = await weft(['secret', 'create', 'x', '--from-file', join(dir, 'absent')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--from-file ${join(dir, 'absent')}: ENOENT`);
  });

  it('rotates the key and keeps Secrets usable', async () => {
    await weft(['secret', 'create', 'rot', '--from-literal', 'k=v-value']);
    const rotated = await weft(['secret', 'rotate-key']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/^secret key rotated to [0-9a-f]{16}; \d+ secret\(s\) re-sealed\n$/);
    expect((await weft(['secret', 'get', 'rot'])).stdout).toContain('rot');
  });
});

describe('weft token', () => {
  it('creates a namespace token that works there only, lists it, and revokes it', async () => {
    const created = await weft([
      'token',
      'create',
      '--namespace',
      'team-a',
      '--role',
      'viewer',
      '--expires',
      '1h',
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^weft_/);
    expect(created.stderr).toMatch(/viewer in namespace team-a, expires /);
    expect((await weft(['list', '-n', 'team-a'], token)).code).toBe(0);
    const other = await weft(['list', '-n', 'team-b'], token);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/Forbidden/);
    const name = token.split('_')[1] as string;
    expect((await weft(['token', 'list', '--namespace', 'team-a'])).stdout).toContain(name);
    expect((await weft(['token', 'revoke', name, '--namespace', 'team-a'])).stdout).toBe(
      `token ${name} revoked\n`,
    );
    expect((await weft(['list', '-n', 'team-a'], token)).stderr).toMatch(/Unauthorized/);
  });

  it('needs a role', async () => {
    const result = await weft(['token', 'create', '--namespace', 'team-a']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs --role/);
  });
});
