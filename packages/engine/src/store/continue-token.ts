import { InvalidContinueError } from './errors.js';
import type { StoredKind } from './types.js';

/** Where a list page ended: the next page starts after this (namespace, name). */
export interface ListPosition {
  readonly kind: StoredKind;
  readonly namespace: string;
  readonly name: string;
}

/** An opaque token for keyset paging: stable under inserts and deletes between pages. */
export function encodeContinue(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.kind, position.namespace, position.name])).toString(
    'base64url',
  );
}

/** Reads a token of a list of `kind`; InvalidContinueError when it is not one. */
export function decodeContinue(token: string, kind: StoredKind): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinueError(`continue token "${token}" cannot be read`);
  }
  if (!isPosition(parsed) || parsed[0] !== kind) {
    throw new InvalidContinueError(`continue token "${token}" does not belong to a list of ${kind}`);
  }
  return { kind, namespace: parsed[1], name: parsed[2] };
}

function isPosition(value: unknown): value is [string, string, string] {
  return Array.isArray(value) && value.length === 3 && value.every((part) => typeof part === 'string');
}
