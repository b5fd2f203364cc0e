/**
 * Signing in to a `weft server --auth-mode client` in headless Chromium: without a token the UI
 * asks for one; with the admin token (kept in the `authorization` cookie) the catalog loads;
 * signing out forgets it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, screenshot, screenshotDir } from './support/chromium.js';
import { openUiSession, type UiSession } from './support/session.js';
import type { UiOrigin } from './support/ui-origin.js';

const unavailable = browserUnavailable();
if (unavailable) console.log(`[ui auth] skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('the web UI of a server that wants tokens', () => {
  let session: UiSession | undefined;
  let data: string;
  let origin: UiOrigin;
  let browser: Browser;

  beforeAll(async () => {
    session = await openUiSession('auth', ['--auth-mode', 'client']);
    ({ data, origin, browser } = session);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('asks for a token, loads the catalog with it, and forgets it on sign-out', async () => {
    const shots = screenshotDir('auth');
    const page = await browser.newPage();
    await page.goto(`${origin.url}/runs`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, shots, '1-sign-in');
    const token = readFileSync(join(data, 'admin.token'), 'utf8').trim();
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'All runs' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.cookie)).not.toContain('authorization=');
  }, 60_000);
});
