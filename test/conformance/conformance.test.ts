/**
 * Argo's own examples are weft's first acceptance test: every case of the acceptance set runs with
 * `weft run` exactly as a user would, and must end in the phase Argo ends it in — for the right reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { acceptanceCases, caseId } from './cases.js';
import { runCase } from './run-case.js';
import { skippedCases } from './skips.js';

const cases = acceptanceCases();
const outcomes: { id: string; passed: boolean }[] = [];

describe.concurrent('Argo example', () => {
  for (const entry of cases) {
    const id = caseId(entry);
    const reason = skippedCases[id];
    if (reason) {
      it.skip(`${id} (skipped: ${reason})`, () => {});
      continue;
    }
    const timeoutSec = 60 + (entry.minDurationSec ?? 0) * 2;
    it(`${id} ends ${entry.expectedPhase}`, { timeout: timeoutSec * 1000 + 5_000 }, async () => {
      let passed = false;
      try {
        const outcome = await runCase(entry, timeoutSec * 1000);
        const context = `${id}: ${outcome.message ?? ''}\n${outcome.stderr}`;
        expect(outcome.phase, context).toBe(entry.expectedPhase);
        expect(outcome.exitCode, context).toBe(entry.expectedPhase === 'Succeeded' ? 0 : 1);
        expect(outcome.problem, context).toBeUndefined();
        if (entry.expectedPhase === 'Failed') {
          expect(outcome.failedPods, `${id}: failed without any step failing\n${context}`).toBeGreaterThan(0);
        }
        passed = true;
      } finally {
        outcomes.push({ id, passed });
      }
    });
  }
});

afterAll(() => {
  const passed = outcomes.filter((o) => o.passed).length;
  const skipped = Object.keys(skippedCases).filter((id) => cases.some((c) => caseId(c) === id));
  console.log(`\nconformance: ${passed}/${cases.length} examples pass (${skipped.length} skipped)`);
  for (const id of skipped) console.log(`  skipped ${id}: ${skippedCases[id]}`);
  for (const o of outcomes.filter((x) => !x.passed)) console.log(`  FAILED ${o.id}`);
});
