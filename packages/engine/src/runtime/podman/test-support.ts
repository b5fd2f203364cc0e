import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { checkPodman } from './probe.js';

/** The images the podman tests run (built locally by scripts/setup-podman.sh, never pulled). */
export const testImages = ['localhost/weft/busybox:latest', 'localhost/weft/argosay:latest'];
export const pythonImage = 'localhost/weft/python:latest';

const setupScript = fileURLToPath(new URL('../../../../../scripts/setup-podman.sh', import.meta.url));

function imageExists(binary: string, image: string): boolean {
  try {
    execFileSync(binary, ['image', 'exists', image], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let cached: { ok: true; python: boolean } | { ok: false; reason: string } | undefined;

/** Whether the podman tests can run here; builds the local test images when they are missing. */
export function podmanTestSetup(): { ok: true; python: boolean } | { ok: false; reason: string } {
  if (cached) return cached;
  const check = checkPodman();
  if (!check.ok) {
    cached = check;
    return check;
  }
  if (!testImages.every((image) => imageExists(check.binary, image))) {
    try {
      execFileSync('sh', [setupScript, '--images'], { stdio: 'pipe' });
    } catch (error) {
      cached = {
        ok: false,
        reason: `building the test images failed: ${String((error as { stderr?: unknown }).stderr ?? error)}`,
      };
      return cached;
    }
  }
  cached = { ok: true, python: imageExists(check.binary, pythonImage) };
  return cached;
}

/**
 * `describe` for tests that need podman: skipped with the reason printed when podman cannot run
 * here, but failing under CI=true (CI installs podman, so a skip there would hide a broken setup).
 */
export function describeWithPodman(name: string, body: () => void): void {
  const setup = podmanTestSetup();
  if (setup.ok) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a working podman (CI installs it with scripts/setup-podman.sh)', () => {
        throw new Error(setup.reason);
      });
    });
    return;
  }
  console.log(`skipping "${name}": ${setup.reason}`);
  describe.skip(`${name} (skipped: ${setup.reason})`, body);
}
