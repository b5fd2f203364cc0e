/**
 * The engine's artifact movement for one run: stages each step's input artifacts before it starts,
 * tells the runtime where to put its outputs, stores them in the repository (Argo's keys and
 * archives) when it ends, archives main logs when asked, and remembers what it stored for the
 * end-of-run table and artifact garbage collection.
 */

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Artifact, StepInputFile } from '@weft/core';
import { readLogFileText } from '../logs/log-file.js';
import type { CollectedArtifact, InputFile, OutputArtifactRequest } from '../runtime/types.js';
import { archiveStrategyOf } from './archive.js';
import { ArtifactTooLargeError } from './entry-checks.js';
import { InputArtifactError, keyOnlyKey, sizeOf, stageInputArtifact } from './input-staging.js';
import { LocalArtifactRepository } from './local-repository.js';
import type { ArtifactRepository } from './repository.js';
import {
  chooseRepositorySpec,
  keyFormatOf,
  type RepositorySources,
  type RepositorySpec,
  renderKeyFormat,
  repositoryFromSpec,
  s3RepositoryFrom,
} from './repository-config.js';

/** The parts of a StartStep command artifact movement needs. */
export interface StepArtifactCommand {
  readonly nodeId: string;
  readonly pod: { readonly metadata: { readonly name: string } };
  readonly inputFiles: readonly StepInputFile[];
  readonly outputArtifacts: readonly {
    readonly name: string;
    readonly path: string;
    readonly optional: boolean;
    readonly declared?: Readonly<Artifact>;
  }[];
  readonly archiveLocation?: Readonly<Record<string, unknown>>;
}

export interface RunArtifactOptions {
  /** Root of the local repository (`<run-dir>/artifacts`). */
  readonly localRoot: string;
  readonly workflow: {
    readonly name: string;
    readonly namespace: string;
    readonly uid: string;
    readonly createdAt: Date;
    readonly spec: Record<string, unknown>;
  };
  readonly sources: RepositorySources;
  /** Largest artifact, in bytes, stored or fetched (undefined: no limit). */
  readonly sizeLimit?: number;
}

/** One artifact stored during the run. */
export interface StoredArtifact {
  readonly nodeId: string;
  readonly name: string;
  readonly key: string;
  readonly where: string;
  readonly location: Record<string, unknown>;
  /** `Never`, `OnWorkflowCompletion` or `OnWorkflowDeletion`. */
  readonly gcStrategy: string;
  /** The repository spec it went to (undefined: the local one), for deletion later. */
  readonly repository?: RepositorySpec;
}

export class RunArtifacts {
  readonly local: LocalArtifactRepository;
  readonly defaultRepository: ArtifactRepository;
  readonly stored: StoredArtifact[] = [];
  readonly notice?: string;
  readonly #options: RunArtifactOptions;
  readonly #spec?: RepositorySpec;
  readonly #repositories = new Map<string, ArtifactRepository>();

  constructor(options: RunArtifactOptions) {
    this.#options = options;
    this.local = new LocalArtifactRepository(options.localRoot, { deferHashing: true });
    const ref = options.workflow.spec.artifactRepositoryRef as
      | { configMap?: string; key?: string }
      | undefined;
    const choice = chooseRepositorySpec(ref, options.sources);
    this.#spec = choice.spec;
    if (choice.notice) this.notice = choice.notice;
    this.defaultRepository = choice.spec ? repositoryFromSpec(choice.spec, options.sources) : this.local;
  }

  /** True when the step has input artifacts to fetch before it can start. */
  hasInputs(command: StepArtifactCommand): boolean {
    return command.inputFiles.some((file) => file.kind === 'artifact');
  }

  /** Fetches input artifacts into `<stepDir>/artifacts/in/`; throws InputArtifactError with Argo's message. */
  async stageInputs(command: StepArtifactCommand, stepDir: string): Promise<InputFile[]> {
    const files: InputFile[] = [];
    const dir = join(stepDir, 'artifacts', 'in');
    // Synchronous: the thread pool may be busy hashing earlier outputs.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [index, file] of command.inputFiles.entries()) {
      if (file.kind === 'content') {
        files.push(file);
        continue;
      }
      const artifact = file.artifact ?? legacyArtifact(file.key);
      const destination = join(dir, `${index}-${basename(artifact.name)}`);
      const staged = await stageInputArtifact(artifact, destination, {
        defaultRepository: this.defaultRepository,
        repositoryFor: (s3) => this.#s3Repository(s3),
        sources: this.#options.sources,
        ...(this.#options.sizeLimit === undefined ? {} : { sizeLimit: this.#options.sizeLimit }),
      });
      if (staged) files.push({ path: file.path, kind: 'copy', source: destination, mode: file.mode });
    }
    return files;
  }

  /** Where the runtime must put each output artifact it finds (a staging path on the engine's side). */
  outputRequests(command: StepArtifactCommand): OutputArtifactRequest[] {
    const staging = join(this.local.stagingDir(), command.nodeId);
    return command.outputArtifacts.map((a) => ({
      name: a.name,
      path: a.path,
      optional: a.optional,
      destination: join(staging, basename(a.name)),
    }));
  }

  /**
   * Stores the outputs the runtime collected; returns each one's Argo location, or the error that
   * fails the step (an artifact over the size limit, a repository that refused it).
   */
  async storeOutputs(
    command: StepArtifactCommand,
    collected: readonly CollectedArtifact[],
  ): Promise<{ artifacts: { name: string; location: Record<string, unknown> }[]; error?: string }> {
    const artifacts: { name: string; location: Record<string, unknown> }[] = [];
    try {
      for (const found of collected) {
        if (found.location === undefined) continue;
        const output = command.outputArtifacts.find((a) => a.name === found.name);
        if (!output) continue;
        artifacts.push({ name: found.name, location: await this.#storeOne(command, output, found.location) });
      }
      return { artifacts };
    } catch (error) {
      return { artifacts, error: (error as Error).message };
    } finally {
      await rm(join(this.local.stagingDir(), command.nodeId), { recursive: true, force: true });
    }
  }

  async #storeOne(
    command: StepArtifactCommand,
    output: StepArtifactCommand['outputArtifacts'][number],
    staged: string,
  ): Promise<Record<string, unknown>> {
    const declared = output.declared ?? ({ name: output.name } as Artifact);
    const limit = this.#options.sizeLimit;
    const size = limit === undefined ? 0 : await sizeOf(staged);
    if (limit !== undefined && size > limit)
      throw new ArtifactTooLargeError(`output artifact "${output.name}" (${output.path})`, size, limit);
    const archive = archiveStrategyOf(declared.archive);
    const { repository, spec } = this.#outputRepository(command, declared);
    const key = this.#outputKey(command, declared, output.path, archive.format, spec);
    try {
      await repository.save(key, staged, archive);
    } catch (error) {
      throw new Error(`failed to save output artifact "${output.name}": ${(error as Error).message}`);
    }
    const location = repository.location(key);
    this.stored.push({
      nodeId: command.nodeId,
      name: output.name,
      key,
      where: repository.where(key),
      location,
      gcStrategy: this.#gcStrategy(declared),
      ...(spec ? { repository: spec } : {}),
    });
    return location;
  }

  /** An explicit `s3` with a bucket on the artifact, else the template's archiveLocation, else the default. */
  #outputRepository(
    command: StepArtifactCommand,
    declared: Artifact,
  ): { repository: ArtifactRepository; spec?: RepositorySpec } {
    const own = declared.s3 as Record<string, unknown> | undefined;
    if (own?.bucket) return { repository: this.#s3Repository(own), spec: { s3: own } };
    const archiveS3 = command.archiveLocation?.s3 as Record<string, unknown> | undefined;
    if (archiveS3?.bucket) return { repository: this.#s3Repository(archiveS3), spec: { s3: archiveS3 } };
    return { repository: this.defaultRepository, ...(this.#spec ? { spec: this.#spec } : {}) };
  }

  #outputKey(
    command: StepArtifactCommand,
    declared: Artifact,
    path: string,
    format: string,
    spec: RepositorySpec | undefined,
  ): string {
    const explicit = (declared.s3 as { key?: string } | undefined)?.key ?? keyOnlyKey(declared);
    if (explicit) return explicit;
    const archiveKey = (command.archiveLocation?.s3 as { key?: string } | undefined)?.key;
    const prefix = archiveKey ?? this.#keyPrefix(command, spec);
    const fileName =
      format === 'tar' ? `${declared.name}.tgz` : format === 'zip' ? `${declared.name}.zip` : basename(path);
    return `${prefix.replace(/\/+$/, '')}/${fileName}`;
  }

  #keyPrefix(command: StepArtifactCommand, spec: RepositorySpec | undefined): string {
    const { workflow } = this.#options;
    return renderKeyFormat(keyFormatOf(spec), {
      workflowName: workflow.name,
      namespace: workflow.namespace,
      uid: workflow.uid,
      podName: command.pod.metadata.name,
      createdAt: workflow.createdAt,
    });
  }

  /** Argo's precedence: the artifact's `artifactGC`, then the workflow's, else Never. */
  #gcStrategy(declared: Artifact): string {
    const own = (declared.artifactGC as { strategy?: string } | undefined)?.strategy;
    const workflow = (this.#options.workflow.spec.artifactGC as { strategy?: string } | undefined)?.strategy;
    return own || workflow || 'Never';
  }

  /** Whether the step's main log is archived: template archiveLocation, then workflow, then repository. */
  archivesLogs(command: StepArtifactCommand): boolean {
    const own = command.archiveLocation?.archiveLogs;
    if (typeof own === 'boolean') return own;
    const workflow = this.#options.workflow.spec.archiveLogs;
    if (typeof workflow === 'boolean') return workflow;
    return this.#spec?.archiveLogs === true;
  }

  /** Stores `<stepDir>/logs/main.log` as Argo's `main-logs` artifact (key `<prefix>/main.log`). */
  async archiveMainLog(
    command: StepArtifactCommand,
    logFile: string,
  ): Promise<{ name: string; location: Record<string, unknown> } | undefined> {
    if (!existsSync(logFile)) return undefined;
    const staging = join(this.local.stagingDir(), command.nodeId, 'main-logs');
    await mkdir(staging, { recursive: true });
    const staged = join(staging, 'main.log');
    // The stored log has a timestamp and stream per line; Argo archives the plain text.
    await writeFile(staged, await readLogFileText(logFile));
    const output = {
      name: 'main-logs',
      path: logFile,
      optional: true,
      declared: { name: 'main-logs', archive: { none: {} } },
    };
    try {
      return { name: 'main-logs', location: await this.#storeOne(command, output, staged) };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  #s3Repository(fields: Record<string, unknown>): ArtifactRepository {
    const id = JSON.stringify([fields.endpoint, fields.bucket, fields.region, fields.accessKeySecret]);
    let repository = this.#repositories.get(id);
    if (!repository) {
      repository = s3RepositoryFrom(fields, this.#options.sources);
      this.#repositories.set(id, repository);
    }
    return repository;
  }

  /** The repository a stored artifact went to. */
  repositoryOf(stored: Pick<StoredArtifact, 'repository'>): ArtifactRepository {
    if (!stored.repository) return this.local;
    return stored.repository.s3 ? this.#s3Repository(stored.repository.s3) : this.defaultRepository;
  }
}

/** Input files from before locations were carried (`keys/<key>`). */
function legacyArtifact(key: string): Artifact {
  if (!key.startsWith('keys/')) throw new InputArtifactError(`artifact with key "${key}" has no location`);
  return { name: basename(key), s3: { key: key.slice('keys/'.length) } };
}

export { InputArtifactError };
