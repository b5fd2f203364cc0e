/**
 * The template page (Jenkins' job page): the DAG before any run, build history newest first with
 * paging, a duration trend, a runs × steps grid and the definition with validation on edit.
 */
import { useEffect } from 'react';
import { getTemplate, listTemplateRuns, listWorkflows, type TemplateRef } from '../api/endpoints';
import { Labels } from '../api/types';
import { useAccess } from '../api/use-access';
import { useResource } from '../api/use-resource';
import { watchWorkflows } from '../api/watch';
import { BuildHistory } from '../components/build-history';
import { DefinitionEditor } from '../components/definition-editor';
import { DurationTrend } from '../components/duration-trend';
import { StepsGrid } from '../components/steps-grid';
import { Tabs } from '../components/tabs';
import { GraphView } from '../graph/graph-view';
import { historyRows } from '../model/history';
import { planGraphOf } from '../model/template-graph';
import { Link, setQuery, useLocation } from '../router/navigation';
import { hrefs } from '../router/routes';

const pageSize = 20;

function useRunsOf(ref: TemplateRef, after: string | undefined) {
  const label = ref.namespace === undefined ? Labels.clusterWorkflowTemplate : Labels.workflowTemplate;
  const history = useResource(async () => {
    const [runs, workflows] = await Promise.all([
      listTemplateRuns(ref, pageSize, after),
      listWorkflows({ namespace: ref.namespace, labelSelector: `${label}=${ref.name}` }),
    ]);
    return { rows: historyRows(runs.items ?? [], workflows.items ?? []), next: runs.metadata?.continue };
  }, [ref.namespace, ref.name, after]);
  const { reload } = history;
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    void watchWorkflows(
      ref.namespace,
      { labelSelector: `${label}=${ref.name}`, fields: '-result.object.status.nodes' },
      () => {
        timer ??= setTimeout(() => {
          timer = undefined;
          reload();
        }, 1000);
      },
      abort.signal,
    );
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [ref.namespace, ref.name, label, reload]);
  return history;
}

export function TemplatePage({ templateRef: ref }: { readonly templateRef: TemplateRef }) {
  const { search } = useLocation();
  const tab = search.get('tab') ?? 'history';
  const after = search.get('after') ?? undefined;
  const template = useResource(() => getTemplate(ref), [ref.namespace, ref.name]);
  const history = useRunsOf(ref, after);
  const plan = template.data ? planGraphOf(template.data.spec) : undefined;
  const access = useAccess();
  const mayRun = ref.namespace ? access.can('submit', ref.namespace) : access.canSomewhere('submit');
  const title = ref.namespace ? `${ref.namespace}/${ref.name}` : `${ref.name} (cluster-wide)`;
  return (
    <main aria-labelledby="template-title">
      <div className="page-head">
        <h1 id="template-title">{title}</h1>
        {mayRun && (
          <Link className="button primary" href={hrefs.runForm(ref)}>
            ▶ Run with parameters
          </Link>
        )}
      </div>
      {template.error && <p role="alert">Could not load the template: {template.error}</p>}
      {plan && <GraphView label={`Graph of ${ref.name}`} nodes={plan.nodes} edges={plan.edges} />}
      <Tabs
        label="Template views"
        current={tab}
        onChange={(id) => setQuery({ tab: id === 'history' ? undefined : id })}
        tabs={[
          { id: 'history', label: 'Build history' },
          { id: 'trend', label: 'Duration trend' },
          { id: 'grid', label: 'Runs × steps' },
          { id: 'definition', label: 'Definition' },
        ]}
      />
      <div role="tabpanel" aria-label={tab}>
        {tab === 'history' && (
          <BuildHistory
            templateRef={ref}
            rows={history.data?.rows}
            error={history.error}
            next={history.data?.next}
            paged={after !== undefined}
          />
        )}
        {tab === 'trend' && <DurationTrend runs={history.data?.rows ?? []} />}
        {tab === 'grid' && (
          <StepsGrid runs={history.data?.rows ?? []} order={plan?.nodes.map((n) => n.label) ?? []} />
        )}
        {tab === 'definition' && template.data && (
          <DefinitionEditor
            templateRef={ref}
            template={template.data}
            onSaved={template.reload}
            editable={access.can('edit-template', ref.namespace)}
          />
        )}
      </div>
    </main>
  );
}
