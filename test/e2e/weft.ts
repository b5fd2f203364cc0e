/** Runs the real `weft` command as a user would, in a scratch directory. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve(import.meta.dirname, '../../packages/cli/bin/weft.js');

export interface WeftResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-e2e-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export function weft(args: readonly string[], cwd: string): WeftResult {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A Workflow manifest from a template list (YAML via JSON, which YAML accepts). */
export function workflowYaml(spec: Record<string, unknown>, name = 'e2e-'): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: name },
    spec,
  });
}
