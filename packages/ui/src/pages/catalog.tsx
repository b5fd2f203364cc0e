/**
 * Catalog (home): WorkflowTemplates and ClusterWorkflowTemplates grouped by namespace and by the
 * `weft.dev/folder` label, with search, each template's last run and recent success; CronWorkflows
 * with schedule, next run and suspend/resume.
 */
import { ApiFailure, getJson } from '../api/client';
import { listClusterTemplates, listCrons, listTemplates } from '../api/endpoints';
import {
  type CronWorkflow,
  Labels,
  type ListResult,
  type Workflow,
  type WorkflowTemplate,
} from '../api/types';
import { useAccess } from '../api/use-access';
import { useResource } from '../api/use-resource';
import { CronTable } from '../components/cron-table';
import { ReadOnlyNote } from '../components/read-only';
import { TemplateRow } from '../components/template-row';
import { setQuery, useLocation } from '../router/navigation';

interface CatalogData {
  readonly namespaces: readonly string[];
  readonly templates: readonly WorkflowTemplate[];
  readonly crons: readonly CronWorkflow[];
  /** The server's 403 answers for namespaces this token may not read. */
  readonly refusals: readonly string[];
}

/**
 * Namespaces with workflows, `default`, and the one asked for (`?ns=`): argo-server has no list of
 * namespaces, so a namespace with templates but no runs yet is shown when asked for.
 */
async function knownNamespaces(extra: string | null, only: string | undefined): Promise<string[]> {
  const valid = extra !== null && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(extra);
  // A token for one namespace cannot list across namespaces; its own is the one to show.
  if (only !== undefined) return [...new Set([only, ...(valid ? [extra] : [])])].sort();
  const list = await getJson<ListResult<Workflow>>(
    '/api/v1/workflows/?listOptions.limit=1000&fields=items.metadata.namespace,items.metadata.name',
  ).catch(() => ({ items: [] }) as ListResult<Workflow>);
  const names = new Set(['default', ...(valid ? [extra] : [])]);
  for (const item of list.items ?? []) if (item.metadata.namespace) names.add(item.metadata.namespace);
  return [...names].sort();
}

async function loadNamespace(ns: string) {
  try {
    const [templates, crons] = await Promise.all([listTemplates(ns), listCrons(ns)]);
    return { templates: templates.items ?? [], crons: crons.items ?? [] };
  } catch (error) {
    if (!(error instanceof ApiFailure) || error.status !== 403) throw error;
    return { templates: [], crons: [], refusal: `${ns}: ${error.message}` };
  }
}

async function loadCatalog(extraNamespace: string | null, only: string | undefined): Promise<CatalogData> {
  const namespaces = await knownNamespaces(extraNamespace, only);
  const perNamespace = await Promise.all(namespaces.map(loadNamespace));
  const cluster = await listClusterTemplates().catch(() => ({ items: [] }));
  return {
    namespaces,
    templates: [...perNamespace.flatMap((p) => p.templates), ...(cluster.items ?? [])],
    crons: perNamespace.flatMap((p) => p.crons),
    refusals: perNamespace.flatMap((p) => (p.refusal ? [p.refusal] : [])),
  };
}

/**
 * The folder a template is listed under: the `weft.dev/folder` annotation (`ci/backend`; label
 * values cannot hold `/`), else a `weft.dev/folder` label (`ci.backend`).
 */
const folderOf = (t: WorkflowTemplate) =>
  t.metadata.annotations?.[Labels.folder] ?? t.metadata.labels?.[Labels.folder] ?? '';
const clusterGroup = 'cluster-wide';
const groupOf = (t: WorkflowTemplate) => t.metadata.namespace ?? clusterGroup;

function groupTemplates(templates: readonly WorkflowTemplate[]) {
  const groups = new Map<string, Map<string, WorkflowTemplate[]>>();
  for (const t of templates) {
    const folders = groups.get(groupOf(t)) ?? new Map<string, WorkflowTemplate[]>();
    groups.set(groupOf(t), folders);
    folders.set(folderOf(t), [...(folders.get(folderOf(t)) ?? []), t]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function CatalogPage() {
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const ns = search.get('ns');
  const access = useAccess();
  const catalog = useResource(
    () => (access.loaded ? loadCatalog(ns, access.onlyNamespace) : new Promise<never>(() => {})),
    [ns, access.loaded, access.onlyNamespace],
  );
  // A ClusterWorkflowTemplate runs in a namespace chosen on the form.
  const runnable = (group: string) =>
    group === clusterGroup ? access.canSomewhere('submit') : access.can('submit', group);
  const matches = (name: string, folder = '') =>
    !q || name.toLowerCase().includes(q.toLowerCase()) || folder.toLowerCase().includes(q.toLowerCase());
  const templates = (catalog.data?.templates ?? []).filter((t) => matches(t.metadata.name, folderOf(t)));
  const crons = (catalog.data?.crons ?? []).filter((c) => matches(c.metadata.name));
  return (
    <main aria-labelledby="catalog-title">
      <h1 id="catalog-title">Catalog</h1>
      {access.loaded && !access.canSomewhere('submit') && <ReadOnlyNote access={access} />}
      <div className="toolbar">
        <label>
          Search templates{' '}
          <input
            type="search"
            value={q}
            onChange={(e) => setQuery({ q: e.target.value }, { replace: true })}
            placeholder="name or folder"
          />
        </label>
        <label>
          Also show namespace{' '}
          <input
            value={ns ?? ''}
            onChange={(e) => setQuery({ ns: e.target.value.trim() }, { replace: true })}
            placeholder="e.g. ci"
            size={12}
          />
        </label>
      </div>
      {catalog.error && <p role="alert">Could not load the catalog: {catalog.error}</p>}
      {catalog.data?.refusals.map((refusal) => (
        <p role="alert" key={refusal}>
          Not allowed to read namespace {refusal}
        </p>
      ))}
      {catalog.loading && !catalog.data && <p className="muted">Loading…</p>}
      {catalog.data && templates.length === 0 && crons.length === 0 && (
        <p>No templates{q ? ` match “${q}”` : ' yet'}. Create one with the API or `weft template create`.</p>
      )}
      {groupTemplates(templates).map(([namespace, folders]) => (
        <section key={namespace} aria-label={`Namespace ${namespace}`}>
          <h2>{namespace}</h2>
          {[...folders.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([folder, items]) => (
              <div key={folder} className="folder">
                {folder && <h3>▸ {folder}</h3>}
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Template</th>
                      <th scope="col">Last run</th>
                      <th scope="col">Duration</th>
                      <th scope="col">When</th>
                      <th scope="col">Recent runs</th>
                      {runnable(namespace) && (
                        <th scope="col">
                          <span className="sr-only">Actions</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((t) => (
                      <TemplateRow
                        key={`${t.metadata.namespace}/${t.metadata.name}`}
                        template={t}
                        runnable={runnable(namespace)}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
        </section>
      ))}
      {crons.length > 0 && <CronTable crons={crons} onChange={catalog.reload} />}
    </main>
  );
}
