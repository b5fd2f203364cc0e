/**
 * The one file through which the CLI reaches `@weft/core`'s manifest/lint modules, `@weft/engine`'s
 * `runWorkflow` and the `yaml` package. While those exports are still being written, each function is
 * looked up on the package at runtime and, if missing, falls back to an interim implementation (or, for
 * the engine, a clear "engine not available" error). When the exports land, replace the lookups below
 * with plain named imports and delete `./interim/`.
 */
import type { ConfigMap, Issue, Workflow, WorkflowTemplate } from '@weft/core';
import * as core from '@weft/core';
import * as engine from '@weft/engine';
import { parse, stringify } from 'yaml';
import { lintObjectInterim, parseManifestsInterim } from './interim/core-fallback.js';

/** One document of a parsed manifest file. */
export interface ParsedObject {
  readonly object: unknown;
  readonly source: string;
  readonly docIndex: number;
  /** 1-based line where the document starts. */
  readonly line: number;
}

export interface ParsedManifests {
  readonly objects: readonly ParsedObject[];
  readonly issues: readonly Issue[];
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

type ParseManifests = (text: string, source: string) => ParsedManifests;
type LintObject = (target: LintTarget, context: LintContext) => Issue[];
type RunWorkflow = (options: RunWorkflowOptions) => Promise<RunWorkflowResult>;

function exported<T>(module: object, name: string): T | undefined {
  const value = (module as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as T) : undefined;
}

export function parseManifests(text: string, source: string): ParsedManifests {
  const fromCore = exported<ParseManifests>(core, 'parseManifests');
  return (fromCore ?? parseManifestsInterim)(text, source);
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

/** Parses one YAML (or JSON) document. Throws on syntax errors. */
export function parseYaml(text: string): unknown {
  return parse(text);
}

export function stringifyYaml(value: unknown): string {
  return stringify(value);
}
