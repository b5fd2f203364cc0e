/** `weft run FILE...`: validate, run in-process with a live view, report, and exit by the final phase. */
import { join, resolve } from 'node:path';
import { lintObject, localRunNotes, type Workflow } from '@weft/core';
import {
  PodmanUnavailableError,
  RunControl,
  type RunStartInfo,
  type RunWorkflowOptions,
  type RunWorkflowResult,
  runWorkflow,
} from '@weft/engine';
import type { RunArgs } from '../args.js';
import { artifactOptions, storedArtifactRows } from '../artifacts/artifact-options.js';
import { formatArtifactTable } from '../artifacts/artifact-table.js';
import { interruptHandler } from '../control/interrupts.js';
import { controlSocketPath } from '../control/run-target.js';
import { scheduleResumes } from '../control/scheduled-resumes.js';
import { InvalidInputError } from '../errors.js';
import { ExitCode, exitCodeForPhase } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import {
  formatFileIssue,
  formatNotice,
  groupByKind,
  loadManifestFiles,
  loadParameterFile,
  mergeParameters,
  pickWorkflow,
} from '../load-files.js';
import { failedStepLogs, formatFinalOutput } from '../output.js';
import { createLiveDisplay } from '../render/live.js';
import { workflowName } from '../render/tree.js';

type PreparedRun = Omit<RunWorkflowOptions, 'signal' | 'onChange' | 'onStart' | 'control' | 'controlSocket'>;

/**
 * Everything the engine needs, validated (unknown `-p` parameters included), so nothing runs when the
 * input is wrong. Throws InvalidInputError listing every problem found; `note` gets each notice.
 */
export async function prepareRun(
  args: RunArgs,
  cwd: string,
  note: (line: string) => void = () => {},
): Promise<PreparedRun> {
  const loaded = await loadManifestFiles(args.files);
  for (const notice of loaded.notices) note(formatNotice(notice));
  const grouped = groupByKind(loaded.objects);
  if (loaded.issues.length > 0) throw new InvalidInputError(loaded.issues.map(formatFileIssue));
  const workflow = assignName(pickWorkflow(grouped.workflows, args.files));
  const fromFile = args.parameterFile ? await loadParameterFile(args.parameterFile) : [];
  const parameters = mergeParameters(fromFile, args.parameters);
  const context = { templates: grouped.templates, configMaps: grouped.configMaps, parameters };
  const lintContext = args.entrypoint ? { ...context, entrypoint: args.entrypoint } : context;
  const found = lintObject({ kind: 'Workflow', object: workflow }, lintContext);
  for (const line of localRunNotes(
    workflow.spec,
    grouped.templates.flatMap((t) => t.spec.templates ?? []),
  )) {
    note(`note: ${line}`);
  }
  if (found.length > 0) {
    const at = grouped.workflows[0];
    throw new InvalidInputError(found.map((issue) => formatFileIssue({ ...at, issue })));
  }
  return {
    ...lintContext,
    workflow,
    runtime: args.runtime,
    ...(args.imageAliases === undefined ? {} : { imageAliases: args.imageAliases }),
    runDir: resolve(cwd, args.runDir ?? join('.weft-runs', runDirName(workflow))),
    ...artifactOptions(args, loaded.objects),
  };
}

/** A directory-safe form of the workflow's name. */
export function runDirName(workflow: Workflow): string {
  return (workflowName(workflow) || 'workflow').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '_');
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Gives a workflow that only has `generateName` its name, as the Kubernetes API server does on create,
 * so the run directory and the printed tree carry the same name. `random` is injectable for tests.
 */
export function assignName(workflow: Workflow, random: () => number = Math.random): Workflow {
  const { name, generateName } = workflow.metadata ?? {};
  if (name || !generateName) return workflow;
  const suffix = Array.from({ length: 5 }, () => NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)]);
  return { ...workflow, metadata: { ...workflow.metadata, name: `${generateName}${suffix.join('')}` } };
}

/** The line to print when a run starts, or undefined when steps are isolated (nothing to warn about). */
export function isolationWarning({ isolation }: RunStartInfo): string | undefined {
  if (!isolation.startsWith('none:')) return undefined;
  return `weft: steps are not isolated: ${isolation.slice('none:'.length).trim()}`;
}

/**
 * Runs the workflow. Invalid input, whether found here or by the engine before the first step (its
 * `InvalidInputError`), is thrown for `main` to print and exit 2 on.
 */
export async function runCommand(args: RunArgs, io: CliIo): Promise<ExitCode> {
  const options = await prepareRun(args, io.cwd, (line) => io.stderr.write(`${line}\n`));
  io.stderr.write(`Run directory: ${options.runDir}\n`);
  const { result, interrupted } = await runWithLiveView(
    options,
    args,
    io,
    args.output === undefined || args.output === 'wide',
  );
  io.stderr.write(formatArtifactTable(storedArtifactRows(result), options.runDir));
  const logs = await failedStepLogs(result.workflow, options.runDir);
  if (logs.length > 0) io.stderr.write(`${logs.join('\n')}\n`);
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  io.stdout.write(formatFinalOutput(result.workflow, args.output, new Date(), color));
  // A run the user interrupted never counts as a success.
  return interrupted ? ExitCode.WorkflowFailed : exitCodeForPhase(result.workflow.status?.phase);
}

async function runWithLiveView(
  options: PreparedRun,
  args: Pick<RunArgs, 'resumeAfter' | 'supplied'>,
  io: CliIo,
  treeOnStdout: boolean,
): Promise<{ result: RunWorkflowResult; interrupted: boolean }> {
  const live = createLiveDisplay(io.stderr, { color: !io.env.NO_COLOR });
  const control = new RunControl();
  const interrupts = interruptHandler(control, (line) => live.message(line));
  const removeHandler = io.onInterrupt(interrupts.onInterrupt);
  const resumes = scheduleResumes(args.resumeAfter, args.supplied, control, (line) => live.message(line));
  try {
    live.update(options.workflow);
    const result = await runWorkflow({
      ...options,
      control,
      controlSocket: controlSocketPath(options.runDir),
      onChange: (workflow) => {
        live.update(workflow);
        resumes.onChange(workflow);
      },
      onStart: (info) => {
        const warning = isolationWarning(info);
        if (warning) live.message(warning);
        if (info.controlSocketError)
          live.message(`weft: weft resume/stop cannot reach this run: ${info.controlSocketError}`);
      },
    });
    // On a terminal the final tree goes to stdout; drawing it on stderr too would show it twice.
    live.finish(result.workflow, {
      erase: treeOnStdout && io.stdout.isTTY === true && io.stderr.isTTY === true,
    });
    return { result, interrupted: interrupts.count() > 0 };
  } catch (error) {
    live.finish(options.workflow, { erase: true });
    if (error instanceof PodmanUnavailableError)
      throw new InvalidInputError([`weft: --runtime podman: ${error.message}`]);
    throw error;
  } finally {
    resumes.cancel();
    removeHandler();
  }
}
