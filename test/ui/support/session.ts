/**
 * One browser test session: a real `weft server` process in a fresh data directory, the UI it
 * serves, and Chromium. `close()` ends all of them and removes the data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { type ServerProcess, startServerProcess, stopStepRunner } from '../../server/server-process.js';
import { launchChromium } from './chromium.js';
import { type UiOrigin, uiOriginFor } from './ui-origin.js';

export interface UiSession {
  readonly data: string;
  readonly server: ServerProcess;
  readonly origin: UiOrigin;
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function openUiSession(label: string, serverArgs: readonly string[] = []): Promise<UiSession> {
  const data = mkdtempSync(join(tmpdir(), `weft-ui-${label}-`));
  const server = await startServerProcess(data, serverArgs);
  const origin = await uiOriginFor(server.url);
  const browser = await launchChromium();
  return {
    data,
    server,
    origin,
    browser,
    async close() {
      await browser.close();
      await origin.close();
      await server.stop();
      stopStepRunner(data);
      // The stopping step runner may still be removing a view in it: retry while it does.
      rmSync(data, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
