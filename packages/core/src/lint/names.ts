/**
 * Argo's naming rules for templates, steps, tasks, parameters and artifacts.
 */

const FIELD_NAME = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const FIELD_NAME_MAX = 128;
const PARAM_NAME = /^[-a-zA-Z0-9_]+$/;
const TAG = /\{\{[^}]*\}\}/g;

/**
 * Why `name` is not a valid template, step or task name, or undefined when it is valid.
 *
 * @example
 * fieldNameProblem('hello_world') // "name must consist of alpha-numeric characters or '-', …"
 */
export function fieldNameProblem(name: string): string | undefined {
  if (name.length > FIELD_NAME_MAX) return `must be no more than ${FIELD_NAME_MAX} characters`;
  if (!FIELD_NAME.test(name)) {
    return "name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character";
  }
  return undefined;
}

/** Step names may hold `{{…}}` tags resolved at run time; the literal parts must still be valid. */
export function stepNameProblem(name: string): string | undefined {
  return fieldNameProblem(name.replace(TAG, 'x'));
}

/** Why `name` is not a valid parameter or artifact name, or undefined. */
export function paramNameProblem(name: string): string | undefined {
  if (PARAM_NAME.test(name)) return undefined;
  return "name must consist of alpha-numeric characters, '_' or '-'";
}

/** Whether a string contains a `{{…}}` tag (a value only known at run time). */
export function hasTag(text: string): boolean {
  return text.includes('{{');
}
