/**
 * The run page on huge runs, measured in headless Chromium: with 2,000 nodes it becomes
 * interactive (the fan-out node is drawn and answers a click) in under 1 s; with 10,000 nodes no
 * task blocks the main thread for more than 200 ms (PerformanceObserver 'longtask') while the page
 * loads, the fan-out's items and every node are listed and scrolled, and the timeline is shown.
 * The UI comes from a real `weft server`; the huge finished workflows are served by intercepting
 * their two requests (running 10,000 real steps would take minutes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess, stopStepRunner } from '../server/server-process.js';
import { bigWorkflow } from './support/big-workflow.js';
import { browserUnavailable, launchChromium, screenshot, screenshotDir } from './support/chromium.js';
import { type UiOrigin, uiOriginFor } from './support/ui-origin.js';

const unavailable = browserUnavailable();
if (unavailable) console.log(`[ui performance] skipped: ${unavailable}`);

declare global {
  interface Window {
    __longTasks: number[];
    __fanOutDrawnAt?: number;
  }
}

/** What weft's GET workflow answers for `nodes.limit`, `nodes.continue` and `nodes.changedSince`. */
function pageOf(workflow: ReturnType<typeof bigWorkflow>, url: URL) {
  const limit = Number(url.searchParams.get('nodes.limit') ?? Number.POSITIVE_INFINITY);
  const after = url.searchParams.get('nodes.continue') ?? '';
  // The workflow is finished: nothing changed since any version.
  const ids = url.searchParams.has('nodes.changedSince')
    ? []
    : Object.keys(workflow.status.nodes)
        .sort()
        .filter((id) => id > after);
  const slice = ids.slice(0, limit);
  const nodes = Object.fromEntries(slice.map((id) => [id, workflow.status.nodes[id]]));
  return {
    ...workflow,
    status: { ...workflow.status, nodes },
    ...(ids.length > limit ? { nodesContinue: slice[slice.length - 1] } : {}),
  };
}

async function pageServing(browser: Browser, items: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const workflow = bigWorkflow('perf', `big-${items}`, items);
  await page.route(
    (url) => url.pathname === `/api/v1/workflows/perf/big-${items}`,
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
  let data: string;
  let server: ServerProcess;
  let origin: UiOrigin;
  let browser: Browser;
  let shots: string;

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'weft-ui-perf-'));
    server = await startServerProcess(data);
    origin = await uiOriginFor(server.url);
    browser = await launchChromium();
    shots = screenshotDir('performance');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await origin?.close();
    await server?.stop();
    if (data) {
      stopStepRunner(data);
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('becomes interactive in under 1 s with 2,000 nodes, and expands them without blocking', async () => {
    const page = await pageServing(browser, 2000);
    // Warm the browser's cache of the app's assets, as a returning user has it.
    await page.goto(`${origin.url}/runs`);
    await page.goto(`${origin.url}/runs/perf/big-2000`);
    const fanOut = page.getByRole('button', { name: /^work: 2000 items, 20 failed/ });
    await fanOut.click();
    await page.getByText('Expand all 2000 items in the graph').waitFor();
    const interactiveMs = (await page.evaluate(() => window.__fanOutDrawnAt)) as number;
    const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
    console.log(
      `[ui performance] 2,000 nodes: interactive after ${interactiveMs.toFixed(0)} ms, longest task ${longest.toFixed(0)} ms`,
    );
    await screenshot(page, shots, 'run-2000');
    expect(interactiveMs).toBeLessThan(1000);
    // Expanded, the 2,000 items are laid out in the worker and only those in view are mounted.
    const before = Date.now();
    await page.getByText('Expand all 2000 items in the graph').click();
    await page.getByRole('button', { name: 'work(0:0): Succeeded' }).waitFor({ timeout: 60_000 });
    const mounted = await page.locator('.gnode').count();
    const expandedLongest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
    console.log(
      `[ui performance] 2,000 nodes expanded: drawn after ${Date.now() - before} ms, ${mounted} node buttons mounted, longest task ${expandedLongest.toFixed(0)} ms`,
    );
    await screenshot(page, shots, 'run-2000-expanded');
    expect(mounted).toBeLessThan(500);
    expect(expandedLongest).toBeLessThan(200);
    await page.close();
  }, 60_000);

  it('never blocks the main thread for more than 200 ms with 10,000 nodes', async () => {
    const page = await pageServing(browser, 10_000);
    await page.goto(`${origin.url}/runs`);
    await page.goto(`${origin.url}/runs/perf/big-10000`);
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
    await page.getByText(/^\d+ nodes$/).waitFor();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByRole('list', { name: 'Timeline of steps' }).getByRole('listitem').first().waitFor();
    await page.waitForTimeout(300);
    const tasks = await page.evaluate(() => window.__longTasks);
    const longest = Math.max(0, ...tasks);
    const loadedMs = await page.evaluate(() => performance.now());
    console.log(
      `[ui performance] 10,000 nodes: ${tasks.length} long tasks (${tasks.map((t) => t.toFixed(0)).join(', ')} ms), longest ${longest.toFixed(0)} ms (session ${loadedMs.toFixed(0)} ms)`,
    );
    await screenshot(page, shots, 'run-10000');
    expect(longest).toBeLessThan(200);
    await page.close();
  }, 90_000);
});
