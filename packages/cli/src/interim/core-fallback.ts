/**
 * Interim stand-ins for `@weft/core`'s `parseManifests` and `lintObject`, used only until core exports
 * them (see ../core-imports.ts). Deliberately minimal: YAML syntax with line numbers, the object
 * envelope, and the few structural checks the CLI cannot run without. Delete this folder when core lands.
 */
import type { Issue } from '@weft/core';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { LintContext, LintTarget, ParsedManifests, ParsedObject } from '../core-imports.js';

export function parseManifestsInterim(text: string, source: string): ParsedManifests {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  const issues: Issue[] = [];
  const objects: ParsedObject[] = [];
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((doc, docIndex) => {
    // The first error of a document only: the ones after it are mostly its echoes.
    for (const error of doc.errors.slice(0, 1)) {
      const { line } = lineCounter.linePos(error.pos[0]);
      const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      issues.push({ code: 'invalid-yaml', path: `${source}:${line}`, message });
    }
    if (doc.errors.length > 0 || doc.contents === null) return;
    const line = lineCounter.linePos(doc.contents.range[0]).line;
    const object: unknown = doc.toJS();
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      issues.push({ code: 'not-an-object', path: `${source}:${line}`, message: 'document is not a mapping' });
      return;
    }
    objects.push({ object, source, docIndex, line });
  });
  return { objects, issues };
}

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
