/**
 * The one file through which the CLI reaches `@weft/core`'s manifest and lint modules, `@weft/engine`'s
 * `runWorkflow` and the `yaml` package. `lintObject` and `runWorkflow` are looked up on their package at
 * runtime while they are still being written: a missing `lintObject` falls back to an interim stand-in,
 * a missing `runWorkflow` fails with "engine not available". When both are exported, replace the
 * lookups with plain named imports and delete `./interim/`.
 */
import type { ConfigMap, Issue, Workflow, WorkflowTemplate } from '@weft/core';
import * as core from '@weft/core';
import * as engine from '@weft/engine';
import { parse, stringify } from 'yaml';
import { lintObjectInterim } from './interim/core-fallback.js';

export { parseManifests } from '@weft/core';

/** One object read from a manifest file (core's `LoadedObject`, with the object left unknown). */
export interface ParsedObject {
  readonly object: unknown;
  readonly source: string;
  readonly docIndex: number;
  /** 1-based line where the document starts. */
  readonly line: number;
}

export interface LintTarget {
  readonly kind: string;
  readonly object: unknown;
}

export interface LintContext {
  readonly templates: readonly WorkflowTemplate[];
  readonly configMaps: readonly ConfigMap[];
  readonly parameters?: readonly { readonly name: string; readonly value: string }[];
  readonly entrypoint?: string;
}

/** Mirrors `RunWorkflowOptions` in packages/engine/src/run/options.ts (not yet exported). */
export interface RunWorkflowOptions {
  readonly workflow: Workflow;
  readonly templates: readonly WorkflowTemplate[];
  readonly configMaps: readonly ConfigMap[];
  readonly parameters?: readonly { readonly name: string; readonly value: string }[];
  readonly entrypoint?: string;
  readonly runtime?: 'host';
  readonly runDir: string;
  readonly onChange?: (workflow: Workflow) => void;
  readonly signal?: AbortSignal;
}

/** Mirrors `RunWorkflowResult` in packages/engine/src/run/options.ts (not yet exported). */
export interface RunWorkflowResult {
  readonly workflow: Workflow;
  readonly isolation: string;
  readonly logDirs: Readonly<Record<string, string>>;
}

type LintObject = (target: LintTarget, context: LintContext) => Issue[];
type RunWorkflow = (options: RunWorkflowOptions) => Promise<RunWorkflowResult>;

function exported<T>(module: object, name: string): T | undefined {
  const value = (module as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as T) : undefined;
}

export function lintObject(target: LintTarget, context: LintContext): Issue[] {
  const fromCore = exported<LintObject>(core, 'lintObject');
  return (fromCore ?? lintObjectInterim)(target, context);
}

/** True once `@weft/engine` exports `runWorkflow`. */
export function isEngineAvailable(): boolean {
  return exported<RunWorkflow>(engine, 'runWorkflow') !== undefined;
}

export class EngineUnavailableError extends Error {
  constructor() {
    super('engine not available: this build of @weft/engine does not export runWorkflow yet');
    this.name = 'EngineUnavailableError';
  }
}

export function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
  const fromEngine = exported<RunWorkflow>(engine, 'runWorkflow');
  if (!fromEngine) return Promise.reject(new EngineUnavailableError());
  return fromEngine(options);
}

/** Parses one YAML (or JSON) document as Argo reads parameter files (YAML 1.1). Throws on syntax errors. */
export function parseYaml(text: string): unknown {
  return parse(text, { version: '1.1' });
}

export function stringifyYaml(value: unknown): string {
  return stringify(value);
}
