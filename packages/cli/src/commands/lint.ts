/** `weft lint FILE...`: validate every lintable object with all files' templates and ConfigMaps in context. */
import { lintObject } from '@weft/core';
import type { LintArgs } from '../args.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import {
  type FileIssue,
  formatFileIssue,
  formatNotice,
  groupByKind,
  loadManifestFiles,
} from '../load-files.js';

export interface LintReport {
  /** Every problem in the given files, in file order. */
  readonly issues: readonly FileIssue[];
  /** Objects skipped without failing (kinds weft does not run). */
  readonly notices: readonly FileIssue[];
}

/** Lints every lintable object with all files' templates and ConfigMaps in context. */
export async function lintFiles(files: readonly string[]): Promise<LintReport> {
  const loaded = await loadManifestFiles(files);
  const grouped = groupByKind(loaded.objects);
  const issues: FileIssue[] = [...loaded.issues];
  const context = { templates: grouped.templates, configMaps: grouped.configMaps };
  for (const { kind, parsed } of grouped.lintable) {
    for (const issue of lintObject({ kind, object: parsed.object }, context)) {
      issues.push({ source: parsed.source, line: parsed.line, issue });
    }
  }
  return { issues, notices: loaded.notices };
}

export async function lintCommand(args: LintArgs, io: CliIo): Promise<ExitCode> {
  const { issues, notices } = await lintFiles(args.files);
  for (const file of new Set(args.files)) {
    const own = issues.filter((i) => i.source === file);
    if (own.length === 0) io.stdout.write(`✔ ${file} is valid\n`);
    for (const issue of own) io.stdout.write(`${formatFileIssue(issue)}\n`);
    for (const notice of notices.filter((n) => n.source === file))
      io.stdout.write(`${formatNotice(notice)}\n`);
  }
  return issues.length === 0 ? ExitCode.Ok : ExitCode.InvalidInput;
}
