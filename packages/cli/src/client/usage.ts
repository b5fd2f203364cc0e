/** Help texts of the commands that talk to a weft server (argo's flag names). */
import { secretUsage, tokenUsage } from './access-args.js';

const connection = `Server flags (every command):
      --server URL          the weft server (default: $WEFT_SERVER), e.g. http://localhost:2746
  -n, --namespace NS        namespace (default "default")
  -h, --help                show this help
A token in $WEFT_TOKEN is sent as "Authorization: Bearer <token>".`;

const followFlags = `  -w, --wait                   block until it has finished, then print its final status
      --watch                  show the live tree until it has finished
      --log                    print its logs until it has finished
  -o, --output FORMAT          name, json, yaml or wide (default: the node tree)`;

const exitCodes = `Exit codes: 0 done (with --wait/--watch: Succeeded), 1 Failed/Error or refused by the server,
2 bad arguments or input.`;

export const clientMainUsage = `Against a weft server (--server URL or WEFT_SERVER):
  weft submit FILE... | --from KIND/NAME  create workflows (--wait, --watch, --log)
  weft list                               list workflows
  weft get WORKFLOW                       show a workflow's node tree
  weft watch WORKFLOW                     show the live tree until it has finished
  weft logs WORKFLOW [POD_OR_NODE]        print its logs (-f to follow)
  weft retry|resubmit WORKFLOW            run failed nodes again | run it again as a new workflow
  weft stop|terminate|suspend|resume WORKFLOW...
  weft delete WORKFLOW... | --all
  weft template create|list|get|delete|lint|runs …
  weft cluster-template create|list|get|delete|lint|runs …
  weft cron create|list|get|delete|lint|runs|suspend|resume …
  weft secret create|list|get|delete|rotate-key …   Secrets for steps (values never shown)
  weft token create|list|revoke …         API tokens (--auth-mode client)
(logs, resume, stop, terminate and delete act on local runs when no server is given)`;

const submitUsage = `Usage:
  weft submit FILE... [flags]
  weft submit --from KIND/NAME [flags]

Creates the Workflows in the files (YAML or JSON, one or more each) on the server, or a workflow from
a stored workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronworkflow/NAME.

Flags:
  -p, --parameter NAME=VALUE   set an argument (repeatable)
  -f, --parameter-file FILE    YAML or JSON map of parameter name to value (-p wins)
      --entrypoint TEMPLATE    override spec.entrypoint
  -l, --labels a=b,c=d         labels to add
      --generate-name PREFIX   override metadata.generateName
      --name NAME              override metadata.name
${followFlags}

With --wait or --watch, -o json|yaml prints the finished workflow (one document).

${connection}

${exitCodes}`;

const listUsage = `Usage:
  weft list [flags]

Flags:
      --status PHASE[,PHASE]   only these phases (Pending, Running, Succeeded, Failed, Error); also --phase
  -l, --selector a=b,c!=d      label selector
      --template NAME          only runs of this WorkflowTemplate
      --since DURATION         only workflows created within it, e.g. 10m, 3h, 2d
      --limit N                at most N workflows
      --chunk-size N           ask the server for N per page (default: all at once)
  -o, --output FORMAT          name, json, yaml or wide

${connection}`;

const getUsage = `Usage:
  weft get WORKFLOW [-o json|yaml|wide|name]

Prints the workflow's status and node tree like argo get.

${connection}`;

const watchUsage = `Usage:
  weft watch WORKFLOW

Shows the workflow's live tree until it has finished (reconnecting if the connection drops), then
prints the final tree. Ctrl-C stops watching; the workflow goes on.

${connection}

${exitCodes}`;

const logsUsage = `Usage:
  weft logs WORKFLOW [POD_OR_NODE] [flags]      (with --server or WEFT_SERVER)

Prints the logs of the workflow's pods from the server, each line prefixed with the pod's name.

Flags:
  -c, --container NAME      container (default main)
  -f, --follow              keep printing until the workflow has finished
      --grep REGEXP         only matching lines
      --timestamps          print each line's time
      --since DURATION      only lines newer than 5s, 2m, 3h …
      --since-time TIME     only lines at or after an RFC 3339 time
      --tail N              only the last N lines of each container
      --no-color            do not colour pod names
${connection}`;

const retryUsage = `Usage:
  weft retry WORKFLOW [flags]

Runs the workflow's failed nodes again (argo retry).

Flags:
      --node-field-selector S  the nodes to retry, e.g. displayName=step-a
      --restart-successful     also restart succeeded nodes the selector matches
  -p, --parameter NAME=VALUE   override an argument (repeatable)
${followFlags}

${connection}

${exitCodes}`;

const resubmitUsage = `Usage:
  weft resubmit WORKFLOW [flags]

Creates a new workflow from the same spec (argo resubmit).

Flags:
      --memoized               reuse the outputs of succeeded steps
  -p, --parameter NAME=VALUE   override an argument (repeatable)
${followFlags}

${connection}

${exitCodes}`;

const actionUsage = (command: string, what: string, flags = '') => `Usage:
  weft ${command} WORKFLOW... ${flags ? '[flags]' : ''}

${what}
${flags ? `\nFlags:\n${flags}\n` : ''}
${connection}`;

const templateUsage = (group: string, kind: string, extra: string) => `Usage:
  weft ${group} create FILE... [-o FORMAT]   create the ${kind}s in the files
  weft ${group} list [-l SELECTOR] [-o FORMAT]
  weft ${group} get NAME... [-o FORMAT]
  weft ${group} delete NAME... | --all
  weft ${group} lint FILE...                  check them on the server (exit 2 on problems)
  weft ${group} runs NAME [--limit N] [-o FORMAT]
                                              its runs, newest first: number, phase, start, duration${extra}

-o is name, json, yaml or wide.

${connection}`;

const topics: Readonly<Record<string, string>> = {
  submit: submitUsage,
  list: listUsage,
  get: getUsage,
  watch: watchUsage,
  'client:logs': logsUsage,
  retry: retryUsage,
  resubmit: resubmitUsage,
  'client:stop': actionUsage(
    'stop',
    'Stops workflows: running steps are stopped, exit handlers still run.',
    '      --message TEXT           message for the stopped nodes\n      --node-field-selector S  only these nodes',
  ),
  'client:terminate': actionUsage('terminate', 'Terminates workflows: exit handlers do not run.'),
  suspend: actionUsage('suspend', 'Suspends workflows: no new steps start until resume.'),
  'client:resume': actionUsage(
    'resume',
    'Resumes suspended workflows and their suspended nodes.',
    '      --node-field-selector S  only these nodes',
  ),
  'client:delete': `Usage:
  weft delete WORKFLOW... | --all

Deletes workflows (stopping them first when running).

${connection}`,
  secret: secretUsage,
  token: tokenUsage,
  template: templateUsage('template', 'WorkflowTemplate', ''),
  'cluster-template': templateUsage('cluster-template', 'ClusterWorkflowTemplate', ''),
  cron: templateUsage(
    'cron',
    'CronWorkflow',
    '\n  weft cron suspend NAME...                   stop scheduling\n  weft cron resume NAME...                    schedule again',
  ),
};

/** The help of a client topic (`submit`, `client:logs`, …), or undefined for other topics. */
export function clientUsageFor(topic: string | undefined): string | undefined {
  return topic === undefined ? undefined : topics[topic];
}
