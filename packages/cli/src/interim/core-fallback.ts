/**
 * Interim stand-in for `@weft/core`'s `lintObject`, used only until core exports it (see
 * ../core-imports.ts). Deliberately minimal: the few structural checks the CLI cannot run without.
 * Delete this folder when core's lint lands.
 */
import type { Issue } from '@weft/core';
import type { LintContext, LintTarget } from '../core-imports.js';

interface TemplateLike {
  readonly name?: unknown;
}

export function lintObjectInterim(target: LintTarget, context: LintContext): Issue[] {
  const object = target.object as { spec?: Record<string, unknown> };
  const spec = target.kind === 'CronWorkflow' ? workflowSpecOfCron(object.spec) : object.spec;
  if (typeof spec !== 'object' || spec === null) {
    return [{ code: 'missing-spec', path: 'spec', message: 'spec is required' }];
  }
  if (spec.workflowTemplateRef !== undefined) return [];
  const templates = Array.isArray(spec.templates) ? (spec.templates as TemplateLike[]) : undefined;
  if (!templates || templates.length === 0) {
    return [
      { code: 'missing-templates', path: 'spec.templates', message: 'at least one template is required' },
    ];
  }
  const issues: Issue[] = [];
  const names = new Set<unknown>();
  templates.forEach((template, i) => {
    if (typeof template?.name !== 'string' || template.name === '') {
      issues.push({ code: 'missing-name', path: `spec.templates[${i}].name`, message: 'name is required' });
    } else if (names.has(template.name)) {
      issues.push({
        code: 'duplicate-template',
        path: `spec.templates[${i}].name`,
        message: `template "${template.name}" is defined more than once`,
      });
    }
    names.add(template?.name);
  });
  const entrypoint = context.entrypoint ?? spec.entrypoint;
  if (target.kind === 'Workflow' && typeof entrypoint === 'string' && !names.has(entrypoint)) {
    issues.push({
      code: 'unknown-template',
      path: 'spec.entrypoint',
      message: `template "${entrypoint}" is not defined`,
    });
  }
  return issues;
}

function workflowSpecOfCron(spec: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const inner = spec?.workflowSpec;
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : undefined;
}
