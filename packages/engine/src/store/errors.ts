/**
 * Store errors: each has a stable `code` named after the Kubernetes status reason the API maps
 * it to (NotFound → 404, AlreadyExists → 409, Conflict → 409, Invalid → 400, Gone → 410).
 */
export type StoreErrorCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'Gone' | 'SchemaTooNew';

export abstract class StoreError extends Error {
  abstract readonly code: StoreErrorCode;
}

export class NotFoundError extends StoreError {
  readonly code = 'NotFound';
  override readonly name = 'NotFoundError';
}

export class AlreadyExistsError extends StoreError {
  readonly code = 'AlreadyExists';
  override readonly name = 'AlreadyExistsError';
}

/** A write whose resourceVersion (or uid) precondition no longer holds: read again and retry. */
export class ConflictError extends StoreError {
  readonly code = 'Conflict';
  override readonly name = 'ConflictError';
}

/** A request the store cannot carry out as given (bad selector, missing name, `status.nodes`). */
export class InvalidRequestError extends StoreError {
  readonly code = 'Invalid';
  override readonly name = 'InvalidRequestError';
}

/** A continue token that does not belong to this list or cannot be read. */
export class InvalidContinueError extends StoreError {
  readonly code = 'Gone';
  override readonly name = 'InvalidContinueError';
}

/** The database was written by a newer weft: refuse rather than misread it. */
export class SchemaTooNewError extends StoreError {
  readonly code = 'SchemaTooNew';
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly location: string,
    readonly foundVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `${location} has store schema version ${foundVersion}, written by a newer weft; ` +
        `this weft supports schema versions up to ${supportedVersion}. Upgrade weft, or use another data directory.`,
    );
  }
}
