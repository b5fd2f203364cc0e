import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerUi } from './register-ui.js';
import { resolveUiPath } from './static-files.js';

let dir: string;
let app: FastifyInstance;

async function appServing(uiDir: string): Promise<FastifyInstance> {
  const server = Fastify();
  server.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ code: 5, message: `no route ${request.url}` });
  });
  server.get('/api/v1/info', async () => ({ links: [] }));
  await registerUi(server, { dir: uiDir });
  await server.ready();
  return server;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'weft-ui-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>weft</title>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  app = await appServing(dir);
});

afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serving the built UI', () => {
  it('serves index.html at / without caching', async () => {
    const response = await app.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toContain('<title>weft</title>');
  });

  it('serves hashed assets with their content type and a long cache lifetime', async () => {
    const response = await app.inject({ url: '/assets/app-1234.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/javascript');
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.body).toBe('console.log(1)');
  });

  it('answers a deep link to a page with index.html so the app can route it', async () => {
    const response = await app.inject({ url: '/runs/default/hello-abc?node=x&tab=logs' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<title>weft</title>');
  });

  it('leaves unknown API paths to the API not-found handler', async () => {
    const response = await app.inject({ url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 5 });
    expect((await app.inject({ url: '/api/v1/info' })).json()).toEqual({ links: [] });
  });

  it('answers 404 for a missing file with an extension instead of the app', async () => {
    expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('never serves files outside the UI directory', async () => {
    writeFileSync(join(dir, '..', `secret-${process.pid}.txt`), 'TOP-SECRET-CONTENT');
    try {
      for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', `/..%2f..%2fsecret-${process.pid}.txt`]) {
        const response = await app.inject({ url });
        expect(response.body).not.toContain('TOP-SECRET-CONTENT');
      }
      expect(resolveUiPath(dir, `/../secret-${process.pid}.txt`)).toEqual({ type: 'missing' });
    } finally {
      rmSync(join(dir, '..', `secret-${process.pid}.txt`), { force: true });
    }
  });

  it('says how to build the UI when it has not been built', async () => {
    const bare = await appServing(join(dir, 'not-there'));
    try {
      const response = await bare.inject({ url: '/' });
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});
