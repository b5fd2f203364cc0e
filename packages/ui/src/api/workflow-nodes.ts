/**
 * Reads a workflow's nodes in pages (weft's `nodes.limit` / `nodes.continue`), or only those
 * written after a resourceVersion (`nodes.changedSince`), so a 10,000-node run arrives as several
 * small responses instead of one that blocks the page while it is parsed.
 */
import { enc, getJson, withQuery } from './client';
import type { NodeStatus, Workflow } from './types';

export const nodePageSize = 2000;

type PagedWorkflow = Workflow & { readonly nodesContinue?: string };

export interface NodePage {
  readonly workflow: Workflow;
  readonly nodes: Readonly<Record<string, NodeStatus>>;
}

/** Calls `onPage` with each page; resolves with the resourceVersion the first page was read at. */
export async function readNodePages(
  namespace: string,
  name: string,
  options: { readonly changedSince?: string; readonly signal: AbortSignal },
  onPage: (page: NodePage) => void,
): Promise<string | undefined> {
  let next: string | undefined;
  let version: string | undefined;
  do {
    const page = await getJson<PagedWorkflow>(
      withQuery(`/api/v1/workflows/${enc(namespace)}/${enc(name)}`, {
        'nodes.limit': nodePageSize,
        'nodes.continue': next,
        'nodes.changedSince': options.changedSince,
      }),
    );
    if (options.signal.aborted) return version;
    performance.mark('weft:nodes-page');
    version ??= page.metadata.resourceVersion;
    onPage({ workflow: page, nodes: page.status?.nodes ?? {} });
    next = page.nodesContinue;
  } while (next);
  return version;
}
