/** `node test/conformance/report.js [filter]`: runs the acceptance cases and prints each outcome (for development). */
import { acceptanceCases, caseId } from './cases.js';
import { runCase } from './run-case.js';

const filter = process.argv[2];
const cases = acceptanceCases().filter((c) => !filter || caseId(c).includes(filter));
let passed = 0;
const concurrency = 4;
let next = 0;
async function worker() {
  while (next < cases.length) {
    const entry = cases[next++];
    const outcome = await runCase(entry, 90_000);
    const ok = outcome.phase === entry.expectedPhase;
    if (ok) passed++;
    console.log(
      `${ok ? 'PASS' : 'FAIL'} ${caseId(entry)} expected=${entry.expectedPhase} got=${outcome.phase} ${outcome.seconds.toFixed(1)}s ${ok ? '' : `${outcome.message ?? ''} | ${outcome.stderr.split('\n').filter(Boolean).slice(-3).join(' / ')}`}`,
    );
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
console.log(`${passed}/${cases.length} examples pass`);
