/**
 * `weft artifacts get RUN_DIR NODE NAME [-o PATH]` extracts one stored output artifact of a local
 * run (from its repository, unarchived as a step would receive it); `weft delete RUN_DIR` deletes
 * the run's `OnWorkflowDeletion` artifacts, then the run directory.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  collectGarbageOnDeletion,
  type RepositorySources,
  readArtifactIndex,
  repositoryForEntry,
  type SecretManifest,
  stageInputArtifact,
} from '@weft/engine';
import { InvalidInputError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { loadManifestFiles } from '../load-files.js';
import type { ArtifactsGetArgs, DeleteArgs } from './artifacts-args.js';

/** Secrets from manifest files, plus the environment, for repository credentials. */
export async function repositorySources(
  files: readonly string[],
  env: CliIo['env'],
): Promise<RepositorySources> {
  const loaded = files.length > 0 ? await loadManifestFiles(files) : { objects: [] };
  const secrets = loaded.objects
    .filter((o) => o.object.kind === 'Secret')
    .map((o) => o.object as unknown as SecretManifest);
  return { configMaps: [], secrets, env };
}

export async function artifactsGetCommand(args: ArtifactsGetArgs, io: CliIo): Promise<ExitCode> {
  const runDir = resolve(io.cwd, args.runDir);
  const index = readArtifactIndex(runDir);
  const matches = index.filter(
    (e) => (e.nodeId === args.node || e.displayName === args.node) && e.name === args.name,
  );
  if (matches.length === 0) {
    const known = index.map((e) => `${e.displayName ?? e.nodeId}/${e.name}`);
    throw new InvalidInputError([
      `no stored artifact "${args.name}" of node "${args.node}" in ${runDir}` +
        (known.length ? ` (stored: ${known.join(', ')})` : ' (it stored no artifacts)'),
    ]);
  }
  if (matches.length > 1)
    throw new InvalidInputError([`node "${args.node}" matches ${matches.length} nodes: give its id instead`]);
  const entry = matches[0] as (typeof matches)[number];
  const output = resolve(io.cwd, args.output ?? basename(entry.name));
  if (existsSync(output)) throw new InvalidInputError([`${output} already exists`]);
  const sources = await repositorySources(args.secretFiles, io.env);
  const repository = repositoryForEntry(runDir, entry, sources);
  await stageInputArtifact({ name: entry.name, ...entry.location }, output, {
    defaultRepository: repository,
    repositoryFor: () => repository,
    sources,
    detach: true,
  });
  io.stderr.write(`${entry.displayName ?? entry.nodeId}/${entry.name} (${entry.where}) → ${output}\n`);
  return ExitCode.Ok;
}

export async function deleteCommand(args: DeleteArgs, io: CliIo): Promise<ExitCode> {
  const runDir = resolve(io.cwd, args.runDir);
  if (!existsSync(runDir)) throw new InvalidInputError([`${runDir}: no such run directory`]);
  const problems = await collectGarbageOnDeletion(runDir, await repositorySources(args.secretFiles, io.env));
  for (const problem of problems) io.stderr.write(`weft: ${problem}\n`);
  if (problems.length > 0) return ExitCode.ControlFailed;
  await rm(runDir, { recursive: true, force: true });
  io.stderr.write(`deleted ${runDir}\n`);
  return ExitCode.Ok;
}
