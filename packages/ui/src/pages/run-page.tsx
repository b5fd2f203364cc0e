/**
 * The run page: header and actions, the live graph (fan-outs collapsed, DAG/Steps collapsible),
 * and a side panel with the selected node's details, logs, all nodes, or the timeline.
 */
import { startTransition, useEffect, useMemo, useState } from 'react';
import type { NodeStatus } from '../api/types';
import { Labels } from '../api/types';
import { useLiveWorkflow } from '../api/use-live-workflow';
import { LogViewer } from '../components/log-viewer';
import { NodeDetails } from '../components/node-details';
import { NodeList } from '../components/node-list';
import { Phase } from '../components/phase';
import { RunActions } from '../components/run-actions';
import { Tabs } from '../components/tabs';
import { Timeline } from '../components/timeline';
import { GraphView } from '../graph/graph-view';
import { isFinished } from '../model/phase';
import { buildRunGraph, buildRunGraphSliced, type RunGraph } from '../model/run-graph';
import { formatDuration, formatTime, secondsBetween } from '../model/time';
import { useNow } from '../model/use-now';
import { Link, setQuery, useLocation } from '../router/navigation';
import { hrefs } from '../router/routes';

const noNodes: Readonly<Record<string, NodeStatus>> = {};

function toggle(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

const slicedAbove = 3000;
const emptyGraph: RunGraph = { nodes: [], edges: [], representative: (id) => id };

/** The run graph, rebuilt in slices (never one long task) whenever the nodes or the view change. */
function useRunGraph(
  nodes: Readonly<Record<string, NodeStatus>>,
  expanded: ReadonlySet<string>,
  collapsed: ReadonlySet<string>,
): RunGraph {
  const [graph, setGraph] = useState(emptyGraph);
  useEffect(() => {
    const options = { expandedGroups: expanded, collapsedNodes: collapsed };
    // Small runs: built at once (a few ms). Big ones: in slices, rendered as a transition.
    if (Object.keys(nodes).length <= slicedAbove) return setGraph(buildRunGraph(nodes, options));
    const abort = new AbortController();
    void buildRunGraphSliced(nodes, options, abort.signal).then(
      (built) => built && startTransition(() => setGraph(built)),
    );
    return () => abort.abort();
  }, [nodes, expanded, collapsed]);
  return graph;
}

export function RunPage({ namespace, name }: { readonly namespace: string; readonly name: string }) {
  const { workflow, error, deleted, reload } = useLiveWorkflow(namespace, name);
  const adopt = reload;
  const { search } = useLocation();
  const selected = search.get('node') ?? undefined;
  const tab = search.get('tab') ?? 'details';
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const nodes = workflow?.status?.nodes ?? noNodes;
  const graph = useRunGraph(nodes, expanded, collapsed);
  const graphNodes = useMemo(
    () =>
      graph.nodes.map((n) => ({
        id: n.id,
        label: n.label,
        phase: n.phase,
        detail: n.stats
          ? `fan-out · ${n.stats.running} running`
          : `${n.type}${n.collapsed ? ' · collapsed' : ''}`,
        collapsible: n.collapsible,
        collapsed: n.collapsed,
      })),
    [graph],
  );
  const now = useNow(workflow !== undefined && !isFinished(workflow.status?.phase));
  if (error && !workflow)
    return (
      <main>
        <h1>{name}</h1>
        <p role="alert">Could not load the run: {error}</p>
      </main>
    );
  if (!workflow)
    return (
      <main>
        <h1>{name}</h1>
        <p className="muted">Loading…</p>
      </main>
    );
  const status = workflow.status ?? {};
  const selectedGroup = selected ? graph.nodes.find((n) => n.id === selected && n.members) : undefined;
  const select = (id: string) =>
    setQuery({ node: id, tab: tab === 'logs' ? 'logs' : tab === 'details' ? undefined : tab });
  const template = workflow.metadata.labels?.[Labels.workflowTemplate];
  const live = !isFinished(status.phase);
  return (
    <main aria-labelledby="run-title" className="run-page">
      <div className="page-head">
        <h1 id="run-title">{name}</h1>
        <span data-testid="run-phase" role="status">
          <Phase phase={status.phase} />
        </span>
      </div>
      {deleted && <p role="alert">This run has been deleted.</p>}
      <p className="meta">
        {template && (
          <>
            Template <Link href={hrefs.template({ namespace, name: template })}>{template}</Link> ·{' '}
          </>
        )}
        Started {formatTime(status.startedAt)} · Duration{' '}
        {formatDuration(secondsBetween(status.startedAt, status.finishedAt, now))}
        {status.progress ? ` · Progress ${status.progress}` : ''} · {Object.keys(nodes).length} nodes
        {status.message ? ` · ${status.message}` : ''}
      </p>
      <RunActions workflow={workflow} adopt={adopt} />
      <div className="run-layout">
        <GraphView
          label={`Graph of ${name}`}
          nodes={graphNodes}
          edges={graph.edges}
          selected={selected ? graph.representative(selected) : undefined}
          onSelect={select}
          onToggle={(id) => setCollapsed((s) => toggle(s, id))}
        />
        <aside className="side" aria-label="Run panel">
          <Tabs
            label="Run views"
            current={tab}
            onChange={(id) => setQuery({ tab: id === 'details' ? undefined : id })}
            tabs={[
              { id: 'details', label: 'Details' },
              { id: 'logs', label: 'Logs' },
              { id: 'nodes', label: 'Nodes' },
              { id: 'timeline', label: 'Timeline' },
            ]}
          />
          <div role="tabpanel" aria-label={tab}>
            {tab === 'details' && (
              <NodeDetails
                workflow={workflow}
                node={selected ? nodes[selected] : undefined}
                group={selectedGroup}
                onSelect={select}
                onShowLogs={() => setQuery({ tab: 'logs' })}
                onToggleGroup={(id) => {
                  setExpanded((s) => toggle(s, id));
                  setQuery({ node: undefined });
                }}
                onToggleCollapse={(id) => setCollapsed((s) => toggle(s, id))}
                adopt={adopt}
              />
            )}
            {tab === 'logs' && (
              <LogViewer
                namespace={namespace}
                workflow={name}
                nodeId={selected && nodes[selected]?.type === 'Pod' ? selected : undefined}
                nodeLabel={selected && nodes[selected] ? nodes[selected].displayName : 'all steps'}
                live={live}
              />
            )}
            {tab === 'nodes' && (
              <NodeList nodes={nodes} onSelect={(id) => setQuery({ node: id, tab: undefined })} />
            )}
            {tab === 'timeline' && (
              <Timeline nodes={nodes} onSelect={(id) => setQuery({ node: id, tab: undefined })} />
            )}
          </div>
        </aside>
      </div>
    </main>
  );
}
