import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type ServerProcess } from '../server/server-process.js';
import { browserUnavailable, screenshot, screenshotDir } from './support/chromium.js';
import { nestedTemplate, slowTemplate } from './support/fixtures.js';
import { openUiSession, type UiSession } from './support/session.js';
import type { UiOrigin } from './support/ui-origin.js';

const unavailable = browserUnavailable();
if (unavailable) console.log(`[ui live] skipped: ${unavailable}`);

type WorkflowLike = { metadata: { name: string }; spec: { suspend?: boolean }; status?: { phase?: string } };

describe.skipIf(unavailable !== undefined)('the run page of a run that is going on', () => {
  let session: UiSession | undefined;
  let server: ServerProcess;
  let origin: UiOrigin;
  let browser: Browser;
  let page: Page;
  let shots: string;
  const errors: string[] = [];

  beforeAll(async () => {
    session = await openUiSession('live');
    ({ server, origin, browser } = session);
    const created = await api(server.url, '/api/v1/workflow-templates/default', {
      method: 'POST',
      body: { template: slowTemplate('ui-live') },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    shots = screenshotDir('live');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const submit = async (sleep: number) => {
    const submitted = await api<WorkflowLike>(server.url, '/api/v1/workflows/default/submit', {
      method: 'POST',
      body: {
        resourceKind: 'WorkflowTemplate',
        resourceName: 'ui-live',
        submitOptions: { parameters: [`sleep=${sleep}`] },
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    return submitted.body.metadata.name;
  };
  const workflow = async (name: string) =>
    (await api<WorkflowLike>(server.url, `/api/v1/workflows/default/${name}`)).body;
  const phaseShown = (phase: string) =>
    page.getByTestId('run-phase').getByText(phase, { exact: true }).waitFor({ timeout: 60_000 });

  it('streams a running step’s log lines as they are printed', async () => {
    const name = await submit(0);
    await page.goto(`${origin.url}/runs/default/${name}`);
    await page.getByRole('button', { name: /^count: / }).click();
    await page.getByRole('tab', { name: 'Logs' }).click();
    await page.getByText('line-2', { exact: true }).waitFor({ timeout: 30_000 });
    const whileShown = await page.getByTestId('log-status').textContent();
    expect(whileShown).toContain('live');
    expect(await page.getByText('line-6', { exact: true }).count()).toBe(0);
    await screenshot(page, shots, '1-live-log');
    await page.getByText('line-6', { exact: true }).waitFor({ timeout: 30_000 });
    await phaseShown('Succeeded');
    expect((await workflow(name)).status?.phase).toBe('Succeeded');
  }, 90_000);

  it('suspends and resumes a run, and stops it only once the question is confirmed', async () => {
    const name = await submit(60);
    await page.goto(`${origin.url}/runs/default/${name}`);
    await phaseShown('Running');
    await page.getByRole('button', { name: /Suspend/ }).click();
    await page.getByRole('button', { name: /Resume/ }).waitFor();
    expect((await workflow(name)).spec.suspend).toBe(true);
    await page.getByRole('button', { name: /Resume/ }).click();
    await page.getByRole('button', { name: /Suspend/ }).waitFor();
    expect((await workflow(name)).spec.suspend).not.toBe(true);

    await page.getByRole('button', { name: /Stop/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Stop .*\?/).waitFor();
    await screenshot(page, shots, '2-stop-question');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await workflow(name)).status?.phase).toBe('Running');
    await page.getByRole('button', { name: /Stop/ }).click();
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await phaseShown('Failed');
    await screenshot(page, shots, '3-stopped');
  }, 120_000);

  it('deletes a run after confirmation and goes to the list of runs', async () => {
    const name = await submit(0);
    await page.goto(`${origin.url}/runs/default/${name}`);
    await phaseShown('Succeeded');
    await page.getByRole('button', { name: /Delete/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL((url) => url.pathname === '/runs');
    expect((await api(server.url, `/api/v1/workflows/default/${name}`)).status).toBe(404);
  }, 90_000);

  it('reaches a graph node with the keyboard and opens its details with Enter', async () => {
    const name = await submit(0);
    await page.goto(`${origin.url}/runs/default/${name}`);
    await phaseShown('Succeeded');
    const node = page.getByRole('button', { name: 'count: Succeeded' });
    await node.waitFor();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await node.evaluate((el) => el === document.activeElement)) break;
    }
    expect(await node.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await node.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.has('node'));
    await page.getByRole('region', { name: 'Details of count' }).waitFor();
    await screenshot(page, shots, '4-keyboard');
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows new runs in the all-runs list as they are submitted and deletes selected runs in bulk', async () => {
    await page.goto(`${origin.url}/runs?template=ui-live`);
    const list = page.getByRole('list', { name: 'Runs' });
    await list.getByRole('listitem').first().waitFor();
    const first = await submit(0);
    const second = await submit(0);
    await list.getByRole('link', { name: `default/${first}` }).waitFor({ timeout: 15_000 });
    await list.getByRole('link', { name: `default/${second}` }).waitFor({ timeout: 15_000 });
    await page.getByRole('checkbox', { name: `Select ${first}` }).check();
    await page.getByRole('checkbox', { name: `Select ${second}` }).check();
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Delete 2' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete 2' }).click();
    await list
      .getByRole('link', { name: `default/${first}` })
      .waitFor({ state: 'detached', timeout: 15_000 });
    await list
      .getByRole('link', { name: `default/${second}` })
      .waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(page, shots, '5-bulk-deleted');
    expect((await api(server.url, `/api/v1/workflows/default/${first}`)).status).toBe(404);
    expect((await api(server.url, `/api/v1/workflows/default/${second}`)).status).toBe(404);
  }, 90_000);

  it('collapses a nested DAG into its node in the graph and expands it again', async () => {
    const created = await api(server.url, '/api/v1/workflows/default', {
      method: 'POST',
      body: { workflow: { ...nestedTemplate('ui-nested'), metadata: { generateName: 'ui-nested-' } } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const name = (created.body as { metadata: { name: string } }).metadata.name;
    await page.goto(`${origin.url}/runs/default/${name}`);
    await phaseShown('Succeeded');
    await page.getByRole('button', { name: 'b: Succeeded' }).waitFor();
    await page.getByRole('button', { name: 'Collapse inner' }).click();
    await page.getByRole('button', { name: 'b: Succeeded' }).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'inner: Succeeded' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Expand inner' }).getAttribute('aria-expanded')).toBe(
      'false',
    );
    await screenshot(page, shots, '6-collapsed');
    await page.getByRole('button', { name: 'Expand inner' }).click();
    await page.getByRole('button', { name: 'b: Succeeded' }).waitFor();
  }, 60_000);
});
