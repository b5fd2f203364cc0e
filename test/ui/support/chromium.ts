/**
 * Debian's `chromium` driven by playwright-core. Without it the browser tests are skipped with a
 * printed reason, except under CI=true, where a missing browser is a failure.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const chromiumPath = process.env.WEFT_CHROMIUM ?? '/usr/bin/chromium';

const flags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Why browser tests cannot run here, or undefined when they can. Throws under CI=true. */
export function browserUnavailable(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  const reason = `no Chromium at ${chromiumPath} (install Debian's chromium: scripts/install-system-deps.sh, or set WEFT_CHROMIUM)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: flags, headless: true });
}

/** A folder for this run's screenshots, printed so people can look at them. */
export function screenshotDir(suite: string): string {
  const dir = process.env.WEFT_UI_SCREENSHOTS
    ? join(process.env.WEFT_UI_SCREENSHOTS, suite)
    : join(tmpdir(), `weft-ui-screenshots-${new Date().toISOString().replace(/[:.]/g, '-')}`, suite);
  mkdirSync(dir, { recursive: true });
  console.log(`[ui ${suite}] screenshots are saved in ${dir}`);
  return dir;
}

export async function screenshot(page: Page, dir: string, name: string): Promise<void> {
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
