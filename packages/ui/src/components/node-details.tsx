/** A node's inputs, outputs, artifacts (download links), timings and attempts; or a fan-out's items. */
import { useMemo } from 'react';
import { actOnWorkflow, artifactUrl } from '../api/endpoints';
import type { NodeStatus, Parameter, Workflow } from '../api/types';
import { isFailed, isFinished, lookOf } from '../model/phase';
import type { ViewNode } from '../model/run-graph';
import { formatDuration, formatTime, secondsBetween } from '../model/time';
import { ActionButton } from './confirm';
import { Phase } from './phase';
import { VirtualList } from './virtual-list';

interface Props {
  readonly workflow: Workflow;
  readonly node?: NodeStatus;
  readonly group?: ViewNode;
  readonly onSelect: (id: string) => void;
  readonly onShowLogs: () => void;
  readonly onToggleGroup: (id: string) => void;
  readonly onToggleCollapse: (id: string) => void;
  readonly adopt: (workflow: Workflow) => void;
}

function Params({ title, params }: { title: string; params?: readonly Parameter[] }) {
  if (!params?.length) return null;
  return (
    <>
      <h4>{title}</h4>
      <dl className="kv">
        {params.map((p) => (
          <div key={p.name}>
            <dt>{p.name}</dt>
            <dd>
              <code>{p.value ?? p.default ?? ''}</code>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function GroupDetails({ workflow, group, onSelect, onToggleGroup }: Props & { group: ViewNode }) {
  const nodes = workflow.status?.nodes ?? {};
  // Failed items first: "k failed" is what people open a fan-out for.
  const members = useMemo(() => {
    const all = group.members ?? [];
    const failed = all.filter((id) => isFailed(nodes[id]?.phase));
    return failed.length === 0 ? all : [...failed, ...all.filter((id) => !isFailed(nodes[id]?.phase))];
  }, [group.members, nodes]);
  return (
    <section aria-label={`Details of ${group.label}`}>
      <h3>{group.label}</h3>
      <p>
        {group.stats?.succeeded} succeeded, {group.stats?.failed} failed, {group.stats?.running} running or
        pending.
      </p>
      <button type="button" onClick={() => onToggleGroup(group.id)}>
        {group.container
          ? 'Collapse the items into one node'
          : `Expand all ${members.length} items in the graph`}
      </button>
      <VirtualList
        label={`Items of ${group.label}`}
        items={members}
        rowHeight={28}
        height={320}
        render={(id) => {
          const member = nodes[id];
          const look = lookOf(member?.phase);
          return (
            <button type="button" className="link-row" onClick={() => onSelect(id)}>
              <span aria-hidden="true">{look.icon}</span> {member?.displayName} — {look.label}
            </button>
          );
        }}
      />
    </section>
  );
}

export function NodeDetails(props: Props) {
  const { workflow, node, group } = props;
  if (group) return <GroupDetails {...props} group={group} />;
  if (!node) return <p className="muted">Select a node in the graph to see its details.</p>;
  const { namespace = 'default', name } = workflow.metadata;
  const nodes = workflow.status?.nodes ?? {};
  const attempts = node.type === 'Retry' ? (node.children ?? []).map((id) => nodes[id]).filter(Boolean) : [];
  const canRetryHere = isFailed(node.phase) && isFinished(workflow.status?.phase);
  return (
    <section aria-label={`Details of ${node.displayName}`}>
      <h3>{node.displayName}</h3>
      <dl className="kv">
        <div>
          <dt>Phase</dt>
          <dd>
            <Phase phase={node.phase} />
          </dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{node.type}</dd>
        </div>
        {node.templateName && (
          <div>
            <dt>Template</dt>
            <dd>{node.templateName}</dd>
          </div>
        )}
        <div>
          <dt>Started</dt>
          <dd>{formatTime(node.startedAt)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{formatTime(node.finishedAt)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(secondsBetween(node.startedAt, node.finishedAt))}</dd>
        </div>
        {node.message && (
          <div>
            <dt>Message</dt>
            <dd>{node.message}</dd>
          </div>
        )}
        {node.outputs?.exitCode !== undefined && (
          <div>
            <dt>Exit code</dt>
            <dd>{node.outputs.exitCode}</dd>
          </div>
        )}
        <div>
          <dt>ID</dt>
          <dd>
            <code>{node.id}</code>
          </dd>
        </div>
      </dl>
      <div className="row">
        {node.type === 'Pod' && (
          <button type="button" onClick={props.onShowLogs}>
            Show logs
          </button>
        )}
        {(node.type === 'DAG' || node.type === 'Steps') && node.boundaryID && (
          <button type="button" onClick={() => props.onToggleCollapse(node.id)}>
            Collapse/expand inside
          </button>
        )}
        {canRetryHere && (
          <ActionButton
            label="Retry from this node"
            confirm={`Retry ${name} from ${node.displayName}? This node and what depends on it run again.`}
            onConfirm={async () =>
              props.adopt(
                await actOnWorkflow(namespace, name, 'retry', {
                  restartSuccessful: true,
                  nodeFieldSelector: `id=${node.id}`,
                }),
              )
            }
          />
        )}
      </div>
      <Params title="Inputs" params={node.inputs?.parameters} />
      <Params title="Outputs" params={node.outputs?.parameters} />
      {node.outputs?.result !== undefined && (
        <>
          <h4>Result</h4>
          <pre className="code">{node.outputs.result}</pre>
        </>
      )}
      {node.outputs?.artifacts?.length ? (
        <>
          <h4>Artifacts</h4>
          <ul>
            {node.outputs.artifacts.map((a) => (
              <li key={a.name}>
                <a href={artifactUrl(namespace, name, node.id, a.name)} download>
                  ⤓ {a.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {attempts.length > 0 && (
        <>
          <h4>Attempts</h4>
          <ol>
            {attempts.map((attempt) => (
              <li key={attempt.id}>
                <button type="button" className="link-row" onClick={() => props.onSelect(attempt.id)}>
                  {attempt.displayName}: {lookOf(attempt.phase).icon} {lookOf(attempt.phase).label},{' '}
                  {formatDuration(secondsBetween(attempt.startedAt, attempt.finishedAt))}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
