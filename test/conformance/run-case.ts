/** Runs one conformance case with `weft run` as a user would, and reads the final phase. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { caseOptions } from './case-options.js';
import { caseId, examplesDir, type ManifestEntry } from './cases.js';

const weftBin = resolve(import.meta.dirname, '../../packages/cli/bin/weft.js');

export interface CaseOutcome {
  readonly phase: string;
  readonly exitCode: number | null;
  readonly message?: string;
  readonly stderr: string;
  readonly podCount: number;
  /** Pod nodes that ended Failed: a step really ran and failed (or was killed by its deadline). */
  readonly failedPods: number;
  readonly seconds: number;
  /** A case-specific problem (see case-options.ts), when the case has a check. */
  readonly problem?: string;
}

/** The document at docIndex of a file, written alone to a temp file (multi-document files hold templates too). */
function documentFile(dir: string, file: string, docIndex: number, label: string): string {
  const text = readFileSync(join(examplesDir, file), 'utf8');
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  const doc = Array.isArray(docs) ? docs[docIndex] : undefined;
  const out = join(dir, `${label}.yaml`);
  writeFileSync(out, docs.length > 1 && doc?.range ? text.slice(doc.range[0], doc.range[2]) : text);
  return out;
}

export async function runCase(entry: ManifestEntry, timeoutMs: number): Promise<CaseOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-conf-'));
  const started = Date.now();
  const options = caseOptions[caseId(entry)];
  try {
    const main = documentFile(dir, entry.file, entry.docIndex, 'workflow');
    const extras = entry.requires.map((r, i) => {
      const [file, index] = r.split('#');
      return documentFile(dir, file, Number(index), `requires-${i}`);
    });
    const result = await spawnWeft(
      ['run', main, ...extras, '-o', 'json', '--run-dir', join(dir, 'run'), ...(options?.args ?? [])],
      dir,
      timeoutMs,
    );
    let phase = 'NoOutput';
    let message: string | undefined;
    let podCount = 0;
    let failedPods = 0;
    let problem: string | undefined;
    try {
      const workflow = JSON.parse(result.stdout);
      problem = options?.check(workflow);
      phase = workflow.status?.phase ?? 'NoPhase';
      message = workflow.status?.message;
      const pods = Object.values(workflow.status?.nodes ?? {}).filter(
        (n) => (n as { type: string }).type === 'Pod',
      );
      podCount = pods.length;
      failedPods = pods.filter((n) => (n as { phase: string }).phase === 'Failed').length;
    } catch {
      phase = result.timedOut ? 'Timeout' : 'NoOutput';
    }
    return {
      phase,
      exitCode: result.code,
      message,
      stderr: result.stderr.slice(-4000),
      podCount,
      failedPods,
      seconds: (Date.now() - started) / 1000,
      ...(problem ? { problem } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function spawnWeft(args: string[], cwd: string, timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>((done) => {
    const child = spawn(process.execPath, [weftBin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, timedOut });
    });
  });
}

export function listDir(path: string): string[] {
  return readdirSync(path);
}
