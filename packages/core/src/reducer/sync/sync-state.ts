/** What the reducer keeps about locks and memoization for one workflow. */
import type { LaunchSpec } from '../state.js';
import { createLocalLockManager, type LockManager, type LockRequest } from './lock-manager.js';

/** Where a memoized template's result is looked up and saved. */
export interface MemoRequest {
  readonly key: string;
  readonly cacheName: string;
  /** `maxAge` in milliseconds; absent: entries never expire. */
  readonly maxAgeMs?: number;
}

/** A launch held back until its locks are taken and its memo is looked up. */
export interface GatedLaunch {
  readonly spec: LaunchSpec;
  readonly ownerId: string | undefined;
  readonly nodeId: string;
  /** Argo's holder key: `<namespace>/<workflow>/<node id>`. */
  readonly holder: string;
  readonly locks: readonly LockRequest[];
  readonly memo?: MemoRequest;
  locksHeld: boolean;
  memoAsked: boolean;
  /** Passed the gate: `launch` now starts the template itself. */
  launched: boolean;
}

export interface SyncState {
  /** Shared by every workflow a process runs (one per `weft run`). */
  readonly locks: LockManager;
  /** Gated launches not yet started or still running, by node id. */
  readonly gated: Map<string, GatedLaunch>;
  /** Holder key → node id, for nodes waiting for a lock. */
  readonly waitingHolders: Map<string, string>;
  /** Workflow-level locks, once held. */
  workflowLocks?: readonly LockRequest[];
}

export function createSyncState(locks: LockManager = createLocalLockManager()): SyncState {
  return { locks, gated: new Map(), waitingHolders: new Map() };
}
