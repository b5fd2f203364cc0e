/** Turning a step or DAG task into a launch: arguments, `when`, loops and template lookup. */

import { evaluateExpr } from '../expr/index.js';
import type { Arguments, DagTask, WorkflowStep } from '../spec/types.js';
import { evaluateWhen } from '../when/index.js';
import { parameterString } from './format.js';
import type { Exec } from './nodes.js';
import { stripTag } from './outputs.js';
import { bindInputs, findTemplate, hasLocation, ResolveError } from './resolve.js';
import type { ArtifactRef, LaunchSpec } from './state.js';
import { SubstitutionError, substituteDeep, substituteString } from './substitute.js';
import { lookupArtifact, type VariableScope, variablesFor } from './variables.js';

export type Prepared =
  | { readonly kind: 'launch'; readonly spec: LaunchSpec }
  | { readonly kind: 'skip'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

export interface Placement {
  readonly name: string;
  readonly displayName: string;
  readonly boundaryId: string;
  readonly parentIds: readonly string[];
}

export function prepareInvocation(
  ex: Exec,
  scope: VariableScope,
  step: WorkflowStep | DagTask,
  placement: Placement,
): Prepared {
  const vars = variablesFor(scope);
  try {
    if (step.when !== undefined) {
      const condition = substituteString(String(step.when), vars);
      if (!evaluateWhen(condition)) return { kind: 'skip', message: `when '${condition}' evaluated false` };
    }
    const args = substituteDeep(step.arguments, vars);
    const templateRef = step.templateRef ? substituteDeep(step.templateRef, vars) : undefined;
    const home = scope.frame?.home ?? { kind: 'local' as const, name: '' };
    const found = findTemplate(ex.state.library, home, { ...step, templateRef });
    const inputs = bindInputs(found.template, args, ex.state.configMaps, (a) => argumentArtifact(scope, a));
    const spec: LaunchSpec = {
      template: found.template,
      home: found.home,
      inputs,
      name: placement.name,
      displayName: placement.displayName,
      boundaryId: placement.boundaryId,
      templateRef,
      step,
      parentIds: placement.parentIds,
    };
    return { kind: 'launch', spec };
  } catch (error) {
    if (error instanceof ResolveError || error instanceof SubstitutionError)
      return { kind: 'error', message: error.message };
    if (error instanceof Error && error.name === 'WhenError')
      return { kind: 'error', message: error.message };
    if (error instanceof Error && error.name === 'ExprError')
      return { kind: 'error', message: error.message };
    throw error;
  }
}

function argumentArtifact(
  scope: VariableScope,
  given: NonNullable<Arguments['artifacts']>[number],
): ArtifactRef | undefined {
  if (given.from) {
    const found = lookupArtifact(scope, stripTag(substituteString(given.from, variablesFor(scope))));
    if (!found) throw new ResolveError(`artifact "${given.name}": unable to resolve ${given.from}`);
    return withSubPath({ ...found, name: given.name }, given.subPath);
  }
  if (given.fromExpression) {
    const value = evaluateExpr(given.fromExpression, variablesFor(scope).exprEnv());
    if (!value || typeof value !== 'object')
      throw new ResolveError(`artifact "${given.name}": fromExpression gave no artifact`);
    return { ...(value as ArtifactRef), name: given.name };
  }
  if (hasLocation(given)) return given as ArtifactRef;
  return undefined;
}

/** `subPath` selects a file or directory inside a stored directory artifact. */
function withSubPath(artifact: ArtifactRef, subPath: string | undefined): ArtifactRef {
  if (!subPath || (artifact.key === undefined && artifact.s3?.key === undefined)) return artifact;
  const clean = subPath.replace(/^\/+|\/+$/g, '');
  if (clean.split('/').includes('..'))
    throw new ResolveError(`artifact "${artifact.name}": subPath "${subPath}" leaves the artifact`);
  // As Argo's AppendToKey: the sub-path is appended to the location's key.
  if (artifact.s3?.key !== undefined)
    return { ...artifact, s3: { ...artifact.s3, key: `${artifact.s3.key.replace(/\/+$/, '')}/${clean}` } };
  return { ...artifact, key: `${artifact.key}/${clean}` };
}

/** One loop item, with the label Argo puts in the node's display name. */
export interface LoopItem {
  readonly value: unknown;
  readonly index: number;
  readonly label: string;
}

/** Expands withItems / withParam / withSequence; undefined when the step does not loop. */
export function expandLoop(step: WorkflowStep | DagTask, scope: VariableScope): LoopItem[] | undefined {
  const vars = variablesFor(scope);
  let values: unknown[] | undefined;
  if (step.withItems !== undefined) values = substituteDeep(step.withItems, vars);
  else if (step.withParam !== undefined)
    values = parseParamList(substituteString(String(step.withParam), vars));
  else if (step.withSequence !== undefined) values = expandSequence(substituteDeep(step.withSequence, vars));
  if (values === undefined) return undefined;
  // Argo drops parentheses from labels so the index stays recoverable from the node name.
  return values.map((value, index) => ({ value, index, label: itemLabel(value).replace(/[()]/g, '') }));
}

function parseParamList(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ResolveError(`withParam value could not be parsed as a JSON list: ${text.slice(0, 200)}`);
  }
  if (!Array.isArray(parsed))
    throw new ResolveError(`withParam value is not a JSON list: ${text.slice(0, 200)}`);
  return parsed;
}

function expandSequence(sequence: NonNullable<WorkflowStep['withSequence']>): string[] {
  const toInt = (value: unknown, field: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new ResolveError(`withSequence.${field}: "${value}" is not an integer`);
    return n;
  };
  let start = sequence.start !== undefined ? toInt(sequence.start, 'start') : 0;
  let end: number;
  if (sequence.end !== undefined) {
    end = toInt(sequence.end, 'end');
  } else if (sequence.count !== undefined) {
    const count = toInt(sequence.count, 'count');
    if (count === 0) return [];
    end = start + count - 1;
  } else {
    throw new ResolveError('withSequence needs count or end');
  }
  const values: string[] = [];
  const step = start <= end ? 1 : -1;
  for (; step > 0 ? start <= end : start >= end; start += step)
    values.push(formatSequence(start, sequence.format));
  return values;
}

/** printf-style `format` of withSequence (`%02d`, `%d`, `%x`, `%o` with width and zero padding). */
function formatSequence(n: number, format: string | undefined): string {
  if (!format) return String(n);
  return format.replace(/%(0?)(\d*)([dxXo])/g, (_m, zero: string, width: string, verb: string) => {
    const text = verb === 'd' ? String(n) : verb === 'o' ? n.toString(8) : n.toString(16);
    const cased = verb === 'X' ? text.toUpperCase() : text;
    return width ? cased.padStart(Number(width), zero ? '0' : ' ') : cased;
  });
}

/** Argo's loop labels: scalars as text, maps as sorted `key:value` pairs joined with commas. */
function itemLabel(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.keys(value)
      .sort()
      .map((k) => `${k}:${labelScalar((value as Record<string, unknown>)[k])}`)
      .join(',');
  }
  return labelScalar(value);
}

function labelScalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return parameterString(value);
  return JSON.stringify(value);
}

/** Whether a finished child's phase is excused by the step's continueOn. */
export function continuesOn(step: WorkflowStep | DagTask | undefined, phase: string): boolean {
  if (!step?.continueOn) return false;
  return (
    (phase === 'Failed' && step.continueOn.failed === true) ||
    (phase === 'Error' && step.continueOn.error === true)
  );
}
