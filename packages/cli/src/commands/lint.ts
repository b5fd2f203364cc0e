/** `weft lint FILE...`: validate every lintable object with all files' templates and ConfigMaps in context. */
import type { LintArgs } from '../args.js';
import { lintObject } from '../core-imports.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { type FileIssue, formatFileIssue, groupByKind, loadManifestFiles } from '../load-files.js';

/** Every problem in the given files, in file order. */
export async function lintFiles(files: readonly string[]): Promise<FileIssue[]> {
  const loaded = await loadManifestFiles(files);
  const grouped = groupByKind(loaded.objects);
  const issues: FileIssue[] = [...loaded.issues];
  const context = { templates: grouped.templates, configMaps: grouped.configMaps };
  for (const { kind, parsed } of grouped.lintable) {
    for (const issue of lintObject({ kind, object: parsed.object }, context)) {
      issues.push({ source: parsed.source, line: parsed.line, issue });
    }
  }
  return issues;
}

export async function lintCommand(args: LintArgs, io: CliIo): Promise<ExitCode> {
  const issues = await lintFiles(args.files);
  for (const file of new Set(args.files)) {
    const own = issues.filter((i) => i.source === file);
    if (own.length === 0) io.stdout.write(`✔ ${file} is valid\n`);
    for (const issue of own) io.stdout.write(`${formatFileIssue(issue)}\n`);
  }
  return issues.length === 0 ? ExitCode.Ok : ExitCode.InvalidInput;
}
