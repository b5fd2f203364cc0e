/**
 * Argo's examples with `--runtime podman --image-alias local`: every acceptance case whose images
 * the local alias table covers. Slow (a container per step), so it runs only when asked:
 * WEFT_PODMAN_CONFORMANCE=1 npx vitest run test/podman/conformance.test.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { localImageAliases, resolveImage } from '../../packages/engine/src/runtime/podman/images.js';
import { describeWithPodman } from '../../packages/engine/src/runtime/podman/test-support.js';
import { caseOptions } from '../conformance/case-options.js';
import { acceptanceCases, caseId, examplesDir, type ManifestEntry } from '../conformance/cases.js';
import { skippedCases } from '../conformance/skips.js';

const weftBin = resolve(import.meta.dirname, '../../packages/cli/bin/weft.js');

/** Every image a case names is covered by the alias table (templated images are not). */
function imagesAvailable(entry: ManifestEntry): boolean {
  const files = [entry.file, ...entry.requires.map((r) => r.split('#')[0] as string)];
  const images = files.flatMap((file) =>
    [...readFileSync(join(examplesDir, file), 'utf8').matchAll(/image:\s*['"]?([^\s'"]+)/g)].map(
      (m) => m[1] as string,
    ),
  );
  return images.every((image) => resolveImage(image, localImageAliases).aliased);
}

function documentFile(dir: string, file: string, docIndex: number, label: string): string {
  const text = readFileSync(join(examplesDir, file), 'utf8');
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  const doc = Array.isArray(docs) ? docs[docIndex] : undefined;
  const out = join(dir, `${label}.yaml`);
  writeFileSync(out, docs.length > 1 && doc?.range ? text.slice(doc.range[0], doc.range[2]) : text);
  return out;
}

function runWeft(
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [weftBin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

const wanted = process.env.WEFT_PODMAN_CONFORMANCE === '1';
const all = acceptanceCases().filter((entry) => !skippedCases[caseId(entry)]);
const cases = all.filter(imagesAvailable);
const outcomes: { id: string; passed: boolean }[] = [];

if (!wanted) {
  console.log('skipping the podman conformance corpus: set WEFT_PODMAN_CONFORMANCE=1 to run it (slow)');
  describe.skip('Argo example with --runtime podman (skipped: set WEFT_PODMAN_CONFORMANCE=1)', () => {
    it('runs', () => {});
  });
} else {
  describeWithPodman('Argo example with --runtime podman', () => {
    describe.concurrent('case', () => {
      for (const entry of cases) {
        const id = caseId(entry);
        const timeoutSec = 90 + (entry.minDurationSec ?? 0) * 2;
        it(`${id} ends ${entry.expectedPhase}`, { timeout: timeoutSec * 1000 + 5_000 }, async () => {
          const dir = mkdtempSync(join(tmpdir(), 'weft-podman-conf-'));
          let passed = false;
          try {
            const main = documentFile(dir, entry.file, entry.docIndex, 'workflow');
            const extras = entry.requires.map((r, i) => {
              const [file, index] = r.split('#');
              return documentFile(dir, file as string, Number(index), `requires-${i}`);
            });
            const options = caseOptions[id];
            const args = ['run', main, ...extras, '-o', 'json', '--run-dir', join(dir, 'run')];
            args.push('--runtime', 'podman', '--image-alias', 'local', ...(options?.args ?? []));
            const result = await runWeft(args, dir, timeoutSec * 1000);
            const workflow = JSON.parse(result.stdout || '{}');
            const context = `${id}: ${workflow.status?.message ?? ''}\n${result.stderr.slice(-3000)}`;
            expect(workflow.status?.phase, context).toBe(entry.expectedPhase);
            expect(options?.check(workflow), context).toBeUndefined();
            passed = true;
          } finally {
            outcomes.push({ id, passed });
            rmSync(dir, { recursive: true, force: true });
          }
        });
      }
    });
    afterAll(() => {
      const passed = outcomes.filter((o) => o.passed).length;
      console.log(
        `\npodman conformance: ${passed}/${cases.length} examples pass (${all.length - cases.length} of ${all.length} need images the alias table does not cover)`,
      );
      for (const o of outcomes.filter((x) => !x.passed)) console.log(`  FAILED ${o.id}`);
    });
  });
}
