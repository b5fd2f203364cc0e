/**
 * The web UI in headless Chromium against a real `weft server` process: a template is created
 * over the API, run from the form with a non-default parameter, watched until it finishes, its
 * logs opened, the failed run retried from its failed node, and the build history checked.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type ServerProcess } from '../server/server-process.js';
import { browserUnavailable, screenshot, screenshotDir } from './support/chromium.js';
import { gatedTemplate } from './support/fixtures.js';
import { openUiSession, type UiSession } from './support/session.js';
import type { UiOrigin } from './support/ui-origin.js';

const unavailable = browserUnavailable();
if (unavailable) console.log(`[ui e2e] skipped: ${unavailable}`);

interface NodeLike {
  displayName: string;
  phase: string;
  startedAt?: string;
  inputs?: unknown;
}
type WorkflowLike = {
  metadata: { name: string };
  spec: { arguments?: { parameters?: { name: string; value?: string }[] } };
  status?: { phase?: string; nodes?: Record<string, NodeLike> };
};

describe.skipIf(unavailable !== undefined)('the web UI against a real weft server', () => {
  let session: UiSession | undefined;
  let gateDir: string;
  let gateFile: string;
  let server: ServerProcess;
  let origin: UiOrigin;
  let browser: Browser;
  let page: Page;
  let shots: string;
  let firstRun: string;
  const errors: string[] = [];

  beforeAll(async () => {
    // Steps get a private /tmp, so the gate lives where they can see the host's files.
    gateDir = mkdtempSync(join('/var/tmp', 'weft-ui-gate-'));
    gateFile = join(gateDir, 'open');
    session = await openUiSession('e2e');
    ({ server, origin, browser } = session);
    const created = await api(server.url, '/api/v1/workflow-templates/default', {
      method: 'POST',
      body: { template: gatedTemplate('ui-e2e', gateFile) },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    shots = screenshotDir('e2e');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    if (gateDir) rmSync(gateDir, { recursive: true, force: true });
  });

  const workflow = async (name: string) =>
    (await api<WorkflowLike>(server.url, `/api/v1/workflows/default/${name}`)).body;
  const phaseShown = (phase: string) =>
    page.getByTestId('run-phase').getByText(phase, { exact: true }).waitFor({ timeout: 60_000 });

  it('runs a template from the catalog and form with a non-default parameter and shows it live until it finishes', async () => {
    await page.goto(`${origin.url}/`);
    await page.getByRole('searchbox', { name: 'Search templates' }).fill('ui-e2e');
    await page.waitForURL((url) => url.searchParams.get('q') === 'ui-e2e');
    await page.getByRole('link', { name: 'Run ui-e2e' }).click();
    const greeting = page.getByLabel('greeting');
    expect(await greeting.inputValue()).toBe('hello');
    expect(await greeting.locator('option').allTextContents()).toEqual(['hello', 'hi', 'howdy']);
    await page.getByText('How the first step greets').waitFor();
    expect(await page.getByRole('switch', { name: 'loud' }).isChecked()).toBe(false);
    await greeting.selectOption('howdy');
    await page.getByRole('switch', { name: 'loud' }).check();
    await screenshot(page, shots, '1-run-form');
    await page.getByRole('button', { name: '▶ Run' }).click();
    await page.waitForURL(/\/runs\/default\/ui-e2e-/);
    firstRun = decodeURIComponent(page.url().split('/').pop() as string);
    await phaseShown('Failed');
    await page.getByRole('button', { name: 'greet: Succeeded' }).waitFor();
    await page.getByRole('button', { name: 'gate: Failed' }).waitFor();
    await screenshot(page, shots, '2-run-failed');
    const stored = await workflow(firstRun);
    expect(stored.spec.arguments?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'greeting', value: 'howdy' }),
        expect.objectContaining({ name: 'loud', value: 'true' }),
      ]),
    );
  }, 90_000);

  it("opens the finished run's logs for a step", async () => {
    await page.getByRole('button', { name: 'greet: Succeeded' }).click();
    await page.waitForURL((url) => url.searchParams.has('node'));
    await page.getByRole('button', { name: 'Show logs' }).click();
    await page.getByText('greeting=howdy loud=true').waitFor({ timeout: 15_000 });
    await page
      .getByTestId('log-status')
      .getByText(/complete/)
      .waitFor();
    await screenshot(page, shots, '3-logs');
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('tab'));
    await page.goForward();
    await page.getByText('greeting=howdy loud=true').waitFor({ timeout: 15_000 });
  }, 60_000);

  it('retries the failed run from its failed node, leaving the succeeded step as it was', async () => {
    const before = await workflow(firstRun);
    const greetBefore = Object.values(before.status?.nodes ?? {}).find((n) => n.displayName === 'greet');
    writeFileSync(gateFile, 'open');
    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'gate: Failed' }).click();
    await page.getByRole('button', { name: 'Retry from this node' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Retry .* from gate\?/).waitFor();
    await dialog.getByRole('button', { name: 'Retry from this node' }).click();
    await phaseShown('Succeeded');
    await page.getByRole('button', { name: 'after-gate: Succeeded' }).waitFor();
    await screenshot(page, shots, '4-retried');
    const after = await workflow(firstRun);
    const greetAfter = Object.values(after.status?.nodes ?? {}).find((n) => n.displayName === 'greet');
    expect(after.status?.phase).toBe('Succeeded');
    expect(greetAfter?.startedAt).toBe(greetBefore?.startedAt);
  }, 90_000);

  it('shows the build history newest first with run numbers, triggers and parameters', async () => {
    await page.goto(`${origin.url}/templates/default/ui-e2e/run`);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/runs/') && !url.pathname.endsWith(firstRun));
    await phaseShown('Succeeded');
    await page.getByRole('link', { name: 'ui-e2e' }).first().click();
    await page.waitForURL(/\/templates\/default\/ui-e2e$/);
    const history = page.getByTestId('build-history');
    await history.locator('tbody tr').nth(1).waitFor();
    const numbers = await history
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-number')));
    expect(numbers).toEqual(['2', '1']);
    const oldest = history.locator('tbody tr').nth(1);
    expect(await oldest.textContent()).toContain('greeting=howdy');
    expect(await oldest.textContent()).toContain('manual');
    expect(await history.locator('tbody tr').first().textContent()).toContain('greeting=hello');
    await oldest.getByRole('link', { name: 'Re-run with these parameters' }).click();
    await page.waitForURL(
      (url) => url.pathname.endsWith('/run') && url.searchParams.get('from') === firstRun,
    );
    await page.getByText(`Pre-filled with the parameters of ${firstRun}.`).waitFor();
    expect(await page.getByLabel('greeting').inputValue()).toBe('howdy');
    expect(await page.getByRole('switch', { name: 'loud' }).isChecked()).toBe(true);
    await page.goBack();
    await history.locator('tbody tr').nth(1).waitFor();
    await page
      .getByRole('button', { name: 'ui-e2e: ' })
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await screenshot(page, shots, '5-build-history');
  }, 90_000);

  it('shows the duration trend, the runs × steps grid, and checks the YAML definition as it is edited', async () => {
    await page.goto(`${origin.url}/templates/default/ui-e2e`);
    await page.getByRole('tab', { name: 'Duration trend' }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'trend');
    await page.getByRole('img', { name: /Durations of the last 2 runs/ }).waitFor();
    await page.getByRole('tab', { name: 'Runs × steps' }).click();
    const grid = page.getByRole('table', { name: 'Runs by steps' });
    await grid.waitFor();
    expect(await grid.locator('thead th').allTextContents()).toEqual(['Run', 'greet', 'gate', 'after-gate']);
    expect(await grid.locator('tbody tr').count()).toBe(2);
    await screenshot(page, shots, '6-runs-by-steps');
    await page.getByRole('tab', { name: 'Definition' }).click();
    const editor = page.getByRole('textbox', { name: /Definition/ });
    await page.getByText('✔ Valid').waitFor();
    const text = await editor.inputValue();
    expect(text).toContain('\nspec:\n');
    const entrypointLine = text.split('\n').findIndex((line) => line.includes('entrypoint: main')) + 1;
    expect(entrypointLine).toBeGreaterThan(0);
    await editor.fill(text.replace('entrypoint: main', 'entrypoint: [main'));
    await page
      .getByRole('status')
      .getByText(new RegExp(`✖ YAML line (${entrypointLine}|${entrypointLine + 1}), column \\d+`))
      .waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await editor.fill(text.replace('entrypoint: main', 'entrypoint: nowhere'));
    await page
      .getByRole('status')
      .getByText(/✖ .*nowhere/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await screenshot(page, shots, '7-definition-invalid');
  }, 60_000);

  it('lists a CronWorkflow in the catalog with its schedule and suspends it', async () => {
    const cron = await api(server.url, '/api/v1/cron-workflows/default', {
      method: 'POST',
      body: {
        cronWorkflow: {
          metadata: { name: 'ui-nightly' },
          spec: { schedule: '0 3 * * *', workflowSpec: { workflowTemplateRef: { name: 'ui-e2e' } } },
        },
      },
    });
    expect(cron.status, JSON.stringify(cron.body)).toBe(200);
    await page.goto(`${origin.url}/`);
    const row = page.getByRole('row', { name: /ui-nightly/ });
    await row.getByText('0 3 * * *').waitFor();
    await row.getByRole('button', { name: 'Suspend' }).click();
    await row.getByText('‖ Suspended').waitFor();
    const stored = await api<{ spec: { suspend?: boolean } }>(
      server.url,
      '/api/v1/cron-workflows/default/ui-nightly',
    );
    expect(stored.body.spec.suspend).toBe(true);
    await screenshot(page, shots, '8-catalog');
  }, 60_000);

  it('lists cluster-wide templates and other namespaces, and runs a cluster template in a chosen namespace', async () => {
    const simple = (name: string) => ({
      metadata: { name },
      spec: {
        entrypoint: 'main',
        templates: [
          { name: 'main', container: { image: 'busybox', command: ['sh', '-c'], args: ['echo hi'] } },
        ],
      },
    });
    const cluster = await api(server.url, '/api/v1/cluster-workflow-templates', {
      method: 'POST',
      body: { template: simple('ui-shared') },
    });
    expect(cluster.status, JSON.stringify(cluster.body)).toBe(200);
    const other = await api(server.url, '/api/v1/workflow-templates/team-b', {
      method: 'POST',
      body: { template: simple('ui-team-b') },
    });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    await page.goto(`${origin.url}/`);
    await page
      .getByRole('region', { name: 'Namespace cluster-wide' })
      .getByRole('link', { name: 'ui-shared', exact: true })
      .waitFor();
    expect(await page.getByRole('link', { name: 'ui-team-b', exact: true }).count()).toBe(0);
    await page.getByLabel('Also show namespace').fill('team-b');
    await page
      .getByRole('region', { name: 'Namespace team-b' })
      .getByRole('link', { name: 'ui-team-b', exact: true })
      .waitFor();
    await page.getByRole('link', { name: 'Run ui-shared' }).click();
    await page.getByLabel('Namespace to run in').fill('team-b');
    await page.getByRole('button', { name: '▶ Run' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/runs/team-b/ui-shared-'));
    await phaseShown('Succeeded');
  }, 60_000);

  it('keeps the all-runs filters in the URL and restores them with the back button', async () => {
    await page.goto(`${origin.url}/runs`);
    const rows = page.getByRole('list', { name: 'Runs' }).getByRole('listitem');
    await rows.nth(1).waitFor();
    await page.getByRole('searchbox', { name: 'Name' }).fill(firstRun);
    await page.waitForURL((url) => url.searchParams.get('q') === firstRun);
    await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Runs"] li').length === 1);
    await page.getByLabel('Phase').selectOption('Failed');
    await page.getByText('No runs match.').waitFor();
    expect(new URL(page.url()).searchParams.get('phase')).toBe('Failed');
    await screenshot(page, shots, '6-runs-filtered');
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('phase'));
    expect(await page.getByLabel('Phase').inputValue()).toBe('');
    await rows.first().waitFor();
    expect(errors).toEqual([]);
  }, 60_000);
});
