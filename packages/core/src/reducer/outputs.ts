/** Outputs of templates: expressions, steps/dag outputs taken from their children, and global outputs. */
import { evaluateExpr, exprResultToString } from '../expr/index.js';
import type { Artifact, Outputs, Parameter } from '../spec/types.js';
import type { StepOutcome } from './events.js';
import { trimResult } from './format.js';
import { type Exec, getNode, setPhase } from './nodes.js';
import type { ArtifactRef, Frame } from './state.js';
import { substituteString } from './substitute.js';
import { lookupArtifact, type VariableScope, variablesFor } from './variables.js';

/** `valueFrom.expression` on a leaf: sees inputs and its own outputs (result, exitCode). */
export function evaluateOutputExpression(
  expression: string,
  frame: Frame,
  outcome: StepOutcome,
): string | undefined {
  const env = {
    inputs: { parameters: { ...frame.inputs.parameters } },
    outputs: { result: trimResult(outcome.stdout), exitCode: String(outcome.exitCode ?? '') },
  };
  try {
    return exprResultToString(evaluateExpr(expression, env));
  } catch {
    return undefined;
  }
}

/** Outputs of a steps or dag template, resolved in its own scope once it has finished. */
export function scopeOutputs(ex: Exec, scope: VariableScope): { outputs?: Outputs; problem?: string } {
  const declared = scope.frame?.template.outputs;
  if (!declared) return {};
  const vars = variablesFor(scope);
  const outputs: Outputs = {};
  const parameters: Parameter[] = [];
  for (const p of declared.parameters ?? []) {
    const value = scopeParameterValue(p, vars);
    if (value === undefined) return { problem: `unable to resolve output parameter "${p.name}"` };
    parameters.push({ name: p.name, value, ...(p.globalName ? { globalName: p.globalName } : {}) });
  }
  if (parameters.length) outputs.parameters = parameters;
  const artifacts: Artifact[] = [];
  for (const a of declared.artifacts ?? []) {
    const found = scopeArtifact(a, scope, vars);
    if (found)
      artifacts.push({ ...found, name: a.name, ...(a.globalName ? { globalName: a.globalName } : {}) });
    else if (!a.optional) return { problem: `unable to resolve output artifact "${a.name}"` };
  }
  if (artifacts.length) outputs.artifacts = artifacts;
  publishGlobalOutputs(ex, declared, outputs);
  return { outputs };
}

function scopeParameterValue(p: Parameter, vars: ReturnType<typeof variablesFor>): string | undefined {
  const from = p.valueFrom;
  if (from?.parameter !== undefined) {
    const value = substituteString(from.parameter, vars);
    if (!value.includes('{{')) return value;
    return from.default !== undefined ? String(from.default) : undefined;
  }
  if (from?.expression !== undefined) {
    try {
      return exprResultToString(evaluateExpr(from.expression, vars.exprEnv()));
    } catch {
      return from.default !== undefined ? String(from.default) : undefined;
    }
  }
  if (p.value !== undefined) return substituteString(String(p.value), vars);
  return from?.default !== undefined ? String(from.default) : undefined;
}

function scopeArtifact(
  a: Artifact,
  scope: VariableScope,
  vars: ReturnType<typeof variablesFor>,
): ArtifactRef | undefined {
  if (a.from) return lookupArtifact(scope, stripTag(a.from));
  if (a.fromExpression) {
    try {
      const value = evaluateExpr(a.fromExpression, vars.exprEnv());
      return value && typeof value === 'object' ? (value as ArtifactRef) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function stripTag(text: string): string {
  const m = /^\s*\{\{\s*([^}]*?)\s*\}\}\s*$/.exec(text);
  return m ? m[1] : text.trim();
}

/** `globalName` outputs become `workflow.outputs.*` and `status.outputs`. */
export function publishGlobalOutputs(
  ex: Exec,
  declared: Outputs | undefined,
  outputs: Outputs | undefined,
): void {
  if (!declared || !outputs) return;
  for (const p of declared.parameters ?? []) {
    if (!p.globalName) continue;
    const value = outputs.parameters?.find((o) => o.name === p.name)?.value;
    if (value !== undefined) ex.state.globalOutputs.parameters.set(p.globalName, String(value));
  }
  for (const a of declared.artifacts ?? []) {
    if (!a.globalName) continue;
    const found = outputs.artifacts?.find((o) => o.name === a.name);
    if (found)
      ex.state.globalOutputs.artifacts.set(a.globalName, { ...found, name: a.globalName } as ArtifactRef);
  }
}

/** Ends a steps or dag node: on success its outputs are resolved in its own scope (an unresolvable one makes it Error). */
export function finishScopeNode(
  ex: Exec,
  nodeId: string,
  scope: VariableScope,
  outcome: { readonly phase: 'Succeeded' | 'Failed' | 'Error'; readonly message?: string },
): void {
  if (outcome.phase === 'Succeeded') {
    const result = scopeOutputs(ex, scope);
    if (result.outputs) getNode(ex, nodeId).outputs = result.outputs;
    if (result.problem) {
      setPhase(ex, nodeId, 'Error', result.problem);
      return;
    }
  }
  setPhase(ex, nodeId, outcome.phase, outcome.message);
}
