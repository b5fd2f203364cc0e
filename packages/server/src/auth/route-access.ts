/**
 * Who may call each route: one entry per method and route pattern, so a route added without an
 * entry is refused (and fails the coverage test in route-access.test.ts) instead of being open.
 *
 *   public         no token needed (health, the UI's files, signing in)
 *   authenticated  any valid token (server info, ClusterWorkflowTemplates' reads)
 *   namespace R    role R in the route's `:namespace` (or in every namespace)
 *   cluster R      role R in every namespace (`*`)
 */
import type { Role } from './roles.js';

export type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'namespace'; readonly role: Role }
  | { readonly kind: 'cluster'; readonly role: Role };

const open: Access = { kind: 'public' };
const anyToken: Access = { kind: 'authenticated' };
const inNamespace = (role: Role): Access => ({ kind: 'namespace', role });
const everywhere = (role: Role): Access => ({ kind: 'cluster', role });

const workflow = '/api/v1/workflows/:namespace/:name';
const templates = '/api/v1/workflow-templates/:namespace';
const clusterTemplates = '/api/v1/cluster-workflow-templates';
const crons = '/api/v1/cron-workflows/:namespace';

export const routeAccess: Readonly<Record<string, Access>> = {
  // Workflows
  'GET /api/v1/workflows/': everywhere('viewer'),
  'GET /api/v1/workflows/:namespace': inNamespace('viewer'),
  'POST /api/v1/workflows/:namespace': inNamespace('editor'),
  'POST /api/v1/workflows/:namespace/lint': inNamespace('viewer'),
  'POST /api/v1/workflows/:namespace/submit': inNamespace('runner'),
  [`GET ${workflow}`]: inNamespace('viewer'),
  [`DELETE ${workflow}`]: inNamespace('editor'),
  ...Object.fromEntries(
    ['retry', 'resubmit', 'resume', 'suspend', 'stop', 'set', 'terminate'].map((action) => [
      `PUT ${workflow}/${action}`,
      inNamespace('runner'),
    ]),
  ),
  [`GET ${workflow}/log`]: inNamespace('viewer'),
  [`GET ${workflow}/:podName/log`]: inNamespace('viewer'),
  'GET /api/v1/workflow-events/': everywhere('viewer'),
  'GET /api/v1/workflow-events/:namespace': inNamespace('viewer'),
  'GET /api/v1/stream/events/:namespace': inNamespace('viewer'),
  // WorkflowTemplates and CronWorkflows
  [`GET ${templates}`]: inNamespace('viewer'),
  [`POST ${templates}`]: inNamespace('editor'),
  [`POST ${templates}/lint`]: inNamespace('viewer'),
  [`GET ${templates}/:name`]: inNamespace('viewer'),
  [`PUT ${templates}/:name`]: inNamespace('editor'),
  [`DELETE ${templates}/:name`]: inNamespace('editor'),
  [`GET ${templates}/:name/runs`]: inNamespace('viewer'),
  [`GET ${crons}`]: inNamespace('viewer'),
  [`POST ${crons}`]: inNamespace('editor'),
  [`POST ${crons}/lint`]: inNamespace('viewer'),
  [`GET ${crons}/:name`]: inNamespace('viewer'),
  [`PUT ${crons}/:name`]: inNamespace('editor'),
  [`DELETE ${crons}/:name`]: inNamespace('editor'),
  [`PUT ${crons}/:name/suspend`]: inNamespace('editor'),
  [`PUT ${crons}/:name/resume`]: inNamespace('editor'),
  [`GET ${crons}/:name/runs`]: inNamespace('viewer'),
  // ClusterWorkflowTemplates: every namespace's workflows may use them
  [`GET ${clusterTemplates}`]: anyToken,
  [`GET ${clusterTemplates}/:name`]: anyToken,
  [`POST ${clusterTemplates}`]: everywhere('editor'),
  [`POST ${clusterTemplates}/lint`]: anyToken,
  [`PUT ${clusterTemplates}/:name`]: everywhere('editor'),
  [`DELETE ${clusterTemplates}/:name`]: everywhere('editor'),
  [`GET ${clusterTemplates}/:name/runs`]: everywhere('viewer'),
  // Artifacts
  'GET /artifacts/:namespace/:name/:nodeId/:artifactName': inNamespace('viewer'),
  'GET /input-artifacts/:namespace/:name/:nodeId/:artifactName': inNamespace('viewer'),
  'GET /artifact-files/:namespace/:discriminator/:name/:nodeId/:direction/:artifactName':
    inNamespace('viewer'),
  'GET /artifact-files/:namespace/:discriminator/:name/:nodeId/:direction/:artifactName/*':
    inNamespace('viewer'),
  // Secrets, tokens and the secret key (weft)
  'GET /api/v1/secrets/:namespace': inNamespace('editor'),
  'POST /api/v1/secrets/:namespace': inNamespace('editor'),
  'GET /api/v1/secrets/:namespace/:name': inNamespace('editor'),
  'PUT /api/v1/secrets/:namespace/:name': inNamespace('editor'),
  'DELETE /api/v1/secrets/:namespace/:name': inNamespace('editor'),
  'POST /api/v1/secret-key/rotate': everywhere('admin'),
  'GET /api/v1/tokens/:namespace': inNamespace('admin'),
  'POST /api/v1/tokens/:namespace': inNamespace('admin'),
  'DELETE /api/v1/tokens/:namespace/:name': inNamespace('admin'),
  // Server
  'GET /api/v1/info': anyToken,
  'GET /api/v1/version': anyToken,
  'GET /api/v1/userinfo': anyToken,
  'GET /api/v1/openapi.json': anyToken,
  'GET /metrics': everywhere('viewer'),
  'GET /healthz': open,
  'GET /readyz': open,
  // Single sign-on (sso/routes.ts): whether it is configured, its start and the provider's callback
  'GET /oauth2/info': open,
  'GET /oauth2/login': open,
  'GET /oauth2/redirect': open,
  // The web UI's files (the app asks for a token on its login page)
  'GET /': open,
  'GET /*': open,
};

/** The entry for a request's method and matched route pattern (HEAD as GET); undefined: none. */
export function accessOf(method: string, url: string | undefined): Access | undefined {
  if (url === undefined) return undefined;
  return routeAccess[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}
