export type { ArchiveStrategy } from './archive.js';
export { collectGarbageOnDeletion, readArtifactIndex, repositoryForEntry } from './artifact-gc.js';
export { ArtifactTooLargeError, UnsafeArchiveError } from './entry-checks.js';
export { InputArtifactError, stageInputArtifact } from './input-staging.js';
export { LocalArtifactRepository } from './local-repository.js';
export type { ArtifactRepository, FetchResult } from './repository.js';
export type { RepositorySources, SecretManifest } from './repository-config.js';
export { S3ArtifactRepository } from './s3-repository.js';
export type { StoredArtifact } from './step-artifacts.js';
