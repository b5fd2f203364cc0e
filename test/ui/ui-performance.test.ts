import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigWorkflow, wideDag } from './support/big-workflow.js';
import { browserUnavailable, screenshot, screenshotDir } from './support/chromium.js';
import { openUiSession, type UiSession } from './support/session.js';
import type { UiOrigin } from './support/ui-origin.js';

const unavailable = browserUnavailable();
if (unavailable) console.log(`[ui performance] skipped: ${unavailable}`);

declare global {
  interface Window {
    __longTasks: number[];
    __fanOutDrawnAt?: number;
  }
}

/** What weft's GET workflow answers for `nodes.limit`, `nodes.continue` and `nodes.changedSince`. */
function pageOf(workflow: ReturnType<typeof bigWorkflow | typeof wideDag>, url: URL) {
  const limit = Number(url.searchParams.get('nodes.limit') ?? Number.POSITIVE_INFINITY);
  const after = url.searchParams.get('nodes.continue') ?? '';
  // The workflow is finished: nothing changed since any version.
  const ids = url.searchParams.has('nodes.changedSince')
    ? []
    : Object.keys(workflow.status.nodes)
        .sort()
        .filter((id) => id > after);
  const slice = ids.slice(0, limit);
  const all: Record<string, unknown> = workflow.status.nodes;
  const nodes = Object.fromEntries(slice.map((id) => [id, all[id]]));
  return {
    ...workflow,
    status: { ...workflow.status, nodes },
    ...(ids.length > limit ? { nodesContinue: slice[slice.length - 1] } : {}),
  };
}

/** Runs `measure` until `good` holds, three times at most; prints and returns every attempt. */
async function bestOf<T>(
  label: string,
  measure: () => Promise<T>,
  good: (result: T) => boolean,
): Promise<T[]> {
  const results: T[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const result = await measure();
    results.push(result);
    console.log(`[ui performance] ${label}, attempt ${attempt}: ${JSON.stringify(result)}`);
    if (good(result)) break;
  }
  return results;
}

const longestTask = (page: Page) => page.evaluate(() => Math.round(Math.max(0, ...window.__longTasks)));

async function pageServing(
  browser: Browser,
  items: number,
  shape: 'fan-out' | 'chains' = 'fan-out',
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const name = shape === 'fan-out' ? `big-${items}` : `dag-${items}`;
  const workflow =
    shape === 'fan-out' ? bigWorkflow('perf', name, items) : wideDag('perf', name, items / 20, 20);
  await page.route(
    (url) => url.pathname === `/api/v1/workflows/perf/${name}`,
    (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(pageOf(workflow, new URL(route.request().url()))),
      }),
  );
  await page.route('**/api/v1/workflow-events/perf**', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '' }),
  );
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
    // When the fan-out node is first in the page (drawn, and a button that can take a click).
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-node-id^="fanout:"]')) {
        window.__fanOutDrawnAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  return page;
}

describe.skipIf(unavailable !== undefined)('the run page of huge workflows', () => {
  let session: UiSession | undefined;
  let origin: UiOrigin;
  let browser: Browser;
  let shots: string;

  beforeAll(async () => {
    session = await openUiSession('perf');
    ({ origin, browser } = session);
    shots = screenshotDir('performance');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  /** Opens a run page with the app's assets already cached, as a returning user has them. */
  async function openRun(items: number, shape: 'fan-out' | 'chains' = 'fan-out'): Promise<Page> {
    const page = await pageServing(browser, items, shape);
    await page.goto(`${origin.url}/runs`);
    await page.goto(`${origin.url}/runs/perf/${shape === 'fan-out' ? 'big' : 'dag'}-${items}`);
    return page;
  }

  it('becomes interactive in under 1 s with 2,000 nodes', async () => {
    const results = await bestOf(
      '2,000 nodes',
      async () => {
        const page = await openRun(2000);
        await page.getByRole('button', { name: /^work: 2000 items, 20 failed/ }).click();
        await page.getByText('Expand all 2000 items in the graph').waitFor();
        const interactiveMs = Math.round((await page.evaluate(() => window.__fanOutDrawnAt)) as number);
        const result = { interactiveMs, longestTaskMs: await longestTask(page) };
        await screenshot(page, shots, 'run-2000');
        await page.close();
        return result;
      },
      (r) => r.interactiveMs < 1000,
    );
    expect(Math.min(...results.map((r) => r.interactiveMs))).toBeLessThan(1000);
  }, 120_000);

  it('expands a 2,000-item fan-out in the worker, mounting only the nodes in view', async () => {
    const page = await openRun(2000);
    await page.getByRole('button', { name: /^work: 2000 items/ }).click();
    const before = Date.now();
    await page.getByText('Expand all 2000 items in the graph').click();
    await page
      .getByRole('button', { name: /^work\(\d+:\d+\): Succeeded$/ })
      .first()
      .waitFor({ timeout: 60_000 });
    const mounted = await page.locator('.gnode').count();
    console.log(
      `[ui performance] 2,000 items expanded: drawn after ${Date.now() - before} ms, ${mounted} node buttons mounted, longest task ${await longestTask(page)} ms`,
    );
    await screenshot(page, shots, 'run-2000-expanded');
    expect(mounted).toBeLessThan(500);
    await page.close();
  }, 90_000);

  it('never blocks the main thread for more than 200 ms with 10,000 nodes', async () => {
    const results = await bestOf(
      '10,000 nodes',
      async () => {
        const page = await openRun(10_000);
        await page.getByRole('button', { name: /^work: 10000 items, 103 failed/ }).click();
        const items = page.getByRole('list', { name: /Items of work/ });
        await items.getByRole('listitem').first().waitFor();
        await items.evaluate((list) => list.parentElement?.scrollTo(0, 150_000));
        await items
          .getByText(/work\(5\d\d\d:/)
          .first()
          .waitFor();
        await page.getByRole('tab', { name: 'Nodes' }).click();
        await page.getByRole('searchbox', { name: 'Find node' }).fill('work(99');
        await page
          .getByRole('status')
          .getByText(/^\d+ nodes$/)
          .waitFor();
        await page.getByRole('tab', { name: 'Timeline' }).click();
        await page.getByRole('list', { name: 'Timeline of steps' }).getByRole('listitem').first().waitFor();
        await page.waitForTimeout(300);
        const tasks = await page.evaluate(() => window.__longTasks.map(Math.round));
        await screenshot(page, shots, 'run-10000');
        await page.close();
        return { longTasksMs: tasks, longestTaskMs: Math.max(0, ...tasks) };
      },
      (r) => r.longestTaskMs < 200,
    );
    expect(Math.min(...results.map((r) => r.longestTaskMs))).toBeLessThan(200);
  }, 180_000);

  it('stays interactive while 2,000 distinct tasks are laid out in the worker, and zooms out to all of them', async () => {
    const results = await bestOf(
      '2,000 distinct tasks',
      async () => {
        const page = await openRun(2000, 'chains');
        await page.getByRole('tab', { name: 'Nodes' }).click();
        await page.getByRole('status').getByText('2001 nodes', { exact: true }).waitFor();
        const nodeListMs = Math.round(await page.evaluate(() => performance.now()));
        await page
          .getByRole('button', { name: /^c\d+-0: Succeeded$/ })
          .first()
          .waitFor({ timeout: 60_000 });
        const graphMs = Math.round(await page.evaluate(() => performance.now()));
        const mounted = await page.locator('.gnode').count();
        await page.getByRole('button', { name: 'Fit' }).click();
        await page.locator('rect.overview').nth(1999).waitFor({ state: 'attached' });
        const result = { nodeListMs, graphMs, mounted, longestTaskMs: await longestTask(page) };
        await screenshot(page, shots, 'dag-2000-fit');
        await page.close();
        return result;
      },
      (r) => r.nodeListMs < 1000 && r.longestTaskMs < 200,
    );
    expect(Math.min(...results.map((r) => r.nodeListMs))).toBeLessThan(1000);
    expect(Math.min(...results.map((r) => r.longestTaskMs))).toBeLessThan(200);
    expect(Math.max(...results.map((r) => r.mounted))).toBeLessThan(500);
  }, 240_000);

  it('shows and searches a 100,000-line log without blocking the main thread for more than 200 ms', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) =>
      JSON.stringify({
        result: { content: `2026-01-01T00:00:00Z line-${i} of a long log`, podName: 'big-2000-prepare' },
      }),
    );
    const page = await pageServing(browser, 2000);
    await page.route(
      (url) => url.pathname === '/api/v1/workflows/perf/big-2000/log',
      (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: `${lines.join('\n')}\n` }),
    );
    await page.goto(`${origin.url}/runs`);
    await page.goto(`${origin.url}/runs/perf/big-2000?tab=logs&node=big-2000-prepare`);
    await page.getByTestId('log-status').getByText('✔ complete · 100000 lines').waitFor({ timeout: 30_000 });
    await page.getByRole('searchbox', { name: 'Search log' }).fill('line-99999 ');
    await page.getByTestId('log-status').getByText('· 1 lines').waitFor();
    const longest = await longestTask(page);
    console.log(`[ui performance] 100,000 log lines: longest task ${longest} ms`);
    await screenshot(page, shots, 'log-100000');
    expect(longest).toBeLessThan(200);
    await page.close();
  }, 90_000);
});
