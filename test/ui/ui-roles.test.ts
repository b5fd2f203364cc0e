/**
 * Roles in the web UI of a `weft server --auth-mode client`, in headless Chromium: a viewer's
 * token sees the catalog and a run without Run, Retry or Delete (and is told it is read-only), an
 * admin's token sees them all, and a token for another namespace is shown the server's 403.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, screenshot, screenshotDir } from './support/chromium.js';
import { slowTemplate } from './support/fixtures.js';
import { openUiSession, type UiSession } from './support/session.js';

const unavailable = browserUnavailable();
if (unavailable) console.log(`[ui roles] skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('the web UI for tokens of different roles', () => {
  let session: UiSession | undefined;
  let browser: Browser;
  let url: string;
  let adminToken: string;
  let runName: string;
  const shots = screenshotDir('roles');

  const call = async <T>(token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(200);
    return JSON.parse(text) as T;
  };
  const tokenFor = async (role: string, namespace: string) =>
    (await call<{ token: string }>(adminToken, 'POST', `/api/v1/tokens/${namespace}`, { role })).token;

  /** A page whose requests carry `token` in the `authorization` cookie, as after signing in. */
  const pageWith = async (token: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([{ name: 'authorization', value: `Bearer%20${token}`, url }]);
    return context.newPage();
  };

  beforeAll(async () => {
    session = await openUiSession('roles', ['--auth-mode', 'client']);
    ({ browser } = session);
    url = session.origin.url;
    adminToken = readFileSync(join(session.data, 'admin.token'), 'utf8').trim();
    await call(adminToken, 'POST', '/api/v1/workflow-templates/default', {
      template: slowTemplate('roles-demo'),
    });
    const run = await call<{ metadata: { name: string } }>(
      adminToken,
      'POST',
      '/api/v1/workflows/default/submit',
      {
        resourceKind: 'WorkflowTemplate',
        resourceName: 'roles-demo',
      },
    );
    runName = run.metadata.name;
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows a viewer no Run, Retry or Delete buttons and says the page is read-only', async () => {
    const page = await pageWith(await tokenFor('viewer', '*'));
    await page.goto(`${url}/`);
    await page.getByRole('link', { name: 'roles-demo', exact: true }).waitFor();
    await page.getByText('read-only (viewer)').waitFor();
    expect(await page.getByRole('link', { name: 'Run roles-demo' }).count()).toBe(0);
    await screenshot(page, shots, '1-viewer-catalog');
    await page.goto(`${url}/runs/default/${runName}`);
    await page.getByRole('heading', { name: runName }).waitFor();
    await page.getByText('read-only (viewer)').waitFor();
    for (const name of ['Retry', 'Resubmit', 'Stop', 'Delete'])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    await screenshot(page, shots, '2-viewer-run');
    await page.goto(`${url}/runs`);
    await page.getByRole('link', { name: `default/${runName}` }).waitFor();
    expect(await page.getByRole('checkbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Stop|Retry|Delete) / }).count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it('shows an admin the Run, Retry and Delete buttons', async () => {
    const page = await pageWith(adminToken);
    await page.goto(`${url}/`);
    await page.getByRole('link', { name: 'Run roles-demo' }).waitFor();
    expect(await page.getByText('read-only').count()).toBe(0);
    await page.goto(`${url}/runs/default/${runName}`);
    await page.getByRole('button', { name: 'Retry' }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).waitFor();
    await screenshot(page, shots, '3-admin-run');
    await page.context().close();
  }, 60_000);

  it('shows a token of another namespace the server’s refusal', async () => {
    const page = await pageWith(await tokenFor('runner', 'team-b'));
    await page.goto(`${url}/runs/default/${runName}`);
    const refusal = page.getByRole('alert').filter({ hasText: /Forbidden.*team-b/ });
    await refusal.first().waitFor();
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await screenshot(page, shots, '4-other-namespace');
    await page.context().close();
  }, 60_000);
});
