/**
 * The run form's fields from a template's `spec.arguments.parameters`: an `enum` becomes a
 * dropdown, a true/false value a toggle, anything else a text box; defaults are pre-filled (or the
 * values of a past run, for "re-run with these parameters").
 */
import type { Parameter } from '../api/types';

export type FieldKind = 'select' | 'toggle' | 'text';

export interface ParamField {
  readonly name: string;
  readonly kind: FieldKind;
  readonly description?: string;
  readonly options: readonly string[];
  readonly initial: string;
}

const isBoolean = (value: string | undefined) => value === 'true' || value === 'false';

export function fieldsOf(
  parameters: readonly Parameter[] | undefined,
  previous: Readonly<Record<string, string>> = {},
): ParamField[] {
  return (parameters ?? []).map((parameter) => {
    const initial = previous[parameter.name] ?? parameter.value ?? parameter.default ?? '';
    const options = parameter.enum ?? [];
    const toggle =
      options.length === 0 ? isBoolean(parameter.value ?? parameter.default) : options.every(isBoolean);
    return {
      name: parameter.name,
      kind: toggle ? 'toggle' : options.length > 0 ? 'select' : 'text',
      description: parameter.description,
      options,
      initial: initial === '' && options.length > 0 ? options[0] : initial,
    };
  });
}

/** `name=value` for every field, as argo-server's submit expects. */
export function parameterArgs(values: Readonly<Record<string, string>>): string[] {
  return Object.entries(values).map(([name, value]) => `${name}=${value}`);
}

/** The parameter values a run was submitted with. */
export function valuesOf(parameters: readonly Parameter[] | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const parameter of parameters ?? [])
    if (parameter.value !== undefined) values[parameter.name] = parameter.value;
  return values;
}
