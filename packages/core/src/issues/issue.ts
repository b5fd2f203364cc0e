/** A validation problem: data, never thrown one at a time. */
export interface Issue {
  /** Stable machine-readable code, e.g. `unknown-template`. */
  readonly code: string;
  /** Path to the offending field, e.g. `spec.templates[2].dag.tasks[0].depends`; may be prefixed with `file:line`. */
  readonly path: string;
  readonly message: string;
}

export function issue(code: string, path: string, message: string): Issue {
  return { code, path, message };
}

export function formatIssue(i: Issue): string {
  return i.path ? `${i.path}: ${i.message}` : i.message;
}

/** Thrown only at boundaries that must stop (e.g. the CLI), carrying every collected issue. */
export class InvalidInputError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InvalidInputError';
    this.issues = issues;
  }
}
