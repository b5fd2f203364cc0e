import type { ObjectList, Store, StoredKind, StoredObject } from '@weft/engine';
import type { ObjectSelector } from './selectors.js';

export interface FilteredListOptions {
  readonly namespace?: string;
  readonly selector: ObjectSelector;
  /** Extra condition checked here (e.g. a template's `namePattern`). */
  readonly keep?: (object: StoredObject) => boolean;
  readonly limit?: number;
  readonly continue?: string;
}

/** Objects read from the store per request at most, when a filter keeps few of them. */
const scanBudget = 10_000;
const fullPage = 500;

/**
 * One page of a list whose filter the store cannot apply in full. The store is read in pages no
 * larger than the number of items still wanted, so every object read is either returned or
 * filtered out and the store's own continue token marks exactly where the next page starts.
 * Reads stop after `scanBudget` objects: the page may then hold fewer than `limit` items, with a
 * continue token (Kubernetes allows short pages).
 */
export async function listFiltered(
  store: Store,
  kind: StoredKind,
  options: FilteredListOptions,
): Promise<ObjectList> {
  const { selector } = options;
  if (selector.name !== undefined && options.namespace !== undefined) return listByName(store, kind, options);
  const keep = (o: StoredObject) => selector.matches(o) && (options.keep?.(o) ?? true);
  const filtering = selector.filtersHere || options.keep !== undefined;
  const base = { namespace: options.namespace, labelSelector: selector.storeLabelSelector };
  if (!filtering)
    return store.list(kind, { ...base, limit: options.limit || undefined, continue: options.continue });
  const limit = options.limit || Number.POSITIVE_INFINITY;
  const items: StoredObject[] = [];
  let token = options.continue;
  let scanned = 0;
  let resourceVersion = '';
  do {
    const want = Math.min(limit - items.length, fullPage);
    const page = await store.list(kind, { ...base, limit: want, continue: token });
    resourceVersion ||= page.resourceVersion;
    scanned += page.items.length;
    items.push(...page.items.filter(keep));
    token = page.continue;
  } while (token && items.length < limit && scanned < scanBudget);
  return { items, continue: token, resourceVersion };
}

/** `metadata.name=x` in one namespace: one read instead of a list. */
async function listByName(store: Store, kind: StoredKind, options: FilteredListOptions): Promise<ObjectList> {
  const name = options.selector.name as string;
  const resourceVersion = (await store.list('ConfigMap', { limit: 1 })).resourceVersion;
  const object = options.continue ? undefined : await store.get({ kind, namespace: options.namespace, name });
  const keep = object && options.selector.matchesAll(object) && (options.keep?.(object) ?? true);
  return { items: keep ? [object] : [], resourceVersion };
}
