/**
 * `memoize` (Argo's step-level memoization): after its locks, a memoized template asks the engine
 * for the entry under its key. A fresh entry (younger than `maxAge`) makes the node Succeeded at
 * once with the cached outputs and `memoizationStatus: {hit: true, key, cacheName}`; otherwise the
 * template runs and, when its node succeeds, its outputs are saved under the key.
 */
import type { Memoize } from '../../spec/types.js';
import { isoSeconds } from '../format.js';
import { type Exec, getNode, setPhase } from '../nodes.js';
import { durationSeconds } from '../templates/pod.js';
import type { MemoEntry } from './sync-events.js';
import type { GatedLaunch, MemoRequest } from './sync-state.js';

/** Argo's rule for cache keys (they are ConfigMap data keys). */
const cacheKeyPattern = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;

/** The substituted `memoize` block as a request, or the error that makes the node Error. */
export function memoRequest(memoize: Memoize): MemoRequest | { error: string } {
  const key = String(memoize.key ?? '');
  if (!cacheKeyPattern.test(key)) return { error: `invalid cache key: ${key}` };
  const cacheName = memoize.cache?.configMap?.name;
  if (!cacheName) return { error: 'memoize needs cache.configMap.name' };
  if (memoize.maxAge === undefined || memoize.maxAge === '') return { key, cacheName };
  const seconds = durationSeconds(memoize.maxAge);
  if (seconds === undefined) return { error: `invalid maxAge: ${memoize.maxAge}` };
  return { key, cacheName, maxAgeMs: seconds * 1000 };
}

export function askMemo(ex: Exec, gated: GatedLaunch): void {
  const memo = gated.memo as MemoRequest;
  ex.commands.push({ type: 'LookupMemo', nodeId: gated.nodeId, cacheName: memo.cacheName, key: memo.key });
}

/** Whether an entry answers a lookup now: present, and younger than `maxAge` when there is one. */
export function isFreshEntry(entry: MemoEntry | undefined, memo: MemoRequest, now: number): boolean {
  if (!entry?.nodeID) return false;
  if (memo.maxAgeMs === undefined) return true;
  const created = Date.parse(entry.creationTimestamp);
  return Number.isFinite(created) && now - created <= memo.maxAgeMs;
}

/** `MemoLookedUp`: a hit fulfils the node with the cached outputs; a miss runs the template. */
export function onMemoLookedUp(
  ex: Exec,
  nodeId: string,
  answer: { readonly entry?: MemoEntry; readonly error?: string },
  run: (gated: GatedLaunch) => void,
): void {
  const gated = ex.state.sync.gated.get(nodeId);
  if (!gated?.memo || gated.launched) return;
  const node = getNode(ex, nodeId);
  if (node.phase !== 'Pending') return;
  if (answer.error !== undefined) {
    setPhase(ex, nodeId, 'Error', answer.error);
    return;
  }
  const hit = isFreshEntry(answer.entry, gated.memo, ex.ctx.now);
  node.memoizationStatus = { hit, key: gated.memo.key, cacheName: gated.memo.cacheName };
  ex.state.changed.add(nodeId);
  if (!hit) {
    run(gated);
    return;
  }
  const outputs = answer.entry?.outputs;
  if (outputs) node.outputs = outputs;
  setPhase(ex, nodeId, 'Succeeded');
}

/** A memoized node that ran and succeeded: its outputs go to the cache. */
export function saveMemoOnSuccess(ex: Exec, gated: GatedLaunch): void {
  const node = ex.state.nodes.get(gated.nodeId);
  if (!gated.memo || !node || node.phase !== 'Succeeded' || node.memoizationStatus?.hit !== false) return;
  const at = isoSeconds(ex.ctx.now);
  ex.commands.push({
    type: 'SaveMemo',
    nodeId: node.id,
    cacheName: gated.memo.cacheName,
    key: gated.memo.key,
    entry: { nodeID: node.id, outputs: node.outputs ?? null, creationTimestamp: at, lastHitTimestamp: at },
  });
}
