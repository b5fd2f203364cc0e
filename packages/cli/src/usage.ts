/** Help texts. Kept apart from parsing so `--help` output reads as one block. */
import { clientMainUsage, clientUsageFor } from './client/usage.js';

export const mainUsage = `weft: run Argo Workflows manifests locally

Usage:
  weft run FILE [MORE_FILES...] [flags]   run a workflow in-process and watch it
  weft lint FILE...                      validate manifests
  weft logs [RUN] [NODE] [flags]         print step logs like argo logs (-f to follow)
  weft artifacts get RUN_DIR NODE NAME   extract a stored output artifact (-o PATH)
  weft delete RUN_DIR                    delete a run (and its OnWorkflowDeletion artifacts)
  weft resume [RUN] [--node N] [-p K=V]  resume a suspended workflow or node (supplying outputs)
  weft node set [RUN] --node N -p K=V    set supplied output parameters of a suspended node
  weft stop [RUN]                        stop a running workflow (exit handlers still run)
  weft terminate [RUN]                   terminate it (exit handlers do not run)
  weft version                           print the version

${clientMainUsage}

Flags:
  -h, --help      show help (also: weft COMMAND --help)
      --version   print the version

Exit codes: 0 succeeded, 1 workflow failed or errored, 2 invalid input, 3 internal error.`;

export const runUsage = `Usage:
  weft run FILE [MORE_FILES...] [flags]

Runs the one Workflow found in the files. The other files may hold WorkflowTemplate,
ClusterWorkflowTemplate, ConfigMap and Secret objects the workflow refers to (an
\`artifact-repositories\` ConfigMap selects the artifact repository; Secrets hold its credentials,
else WEFT_SECRET_<NAME>_<KEY> or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY). Files are YAML or JSON,
one or more documents each. Artifacts are stored in <run-dir>/artifacts unless a repository is named.

Flags:
  -p, --parameter NAME=VALUE   set an input parameter (repeatable; splits on the first "=")
  -f, --parameter-file FILE    YAML or JSON map of parameter name to value
      --entrypoint TEMPLATE    override spec.entrypoint
  -o, --output json|yaml|wide  what to print to stdout at the end (default: the node tree)
      --runtime host|podman    where steps run: local processes (default) or podman containers
                               in the steps' images (setup: sudo sh scripts/setup-podman.sh; docs/podman.md)
      --image-alias FROM=TO    podman: run image TO wherever a step names FROM (alpine, alpine:3.23);
                               "local" maps busybox, alpine, python and argoproj/argosay to the images
                               scripts/setup-podman.sh builds (repeatable)
      --run-dir DIR            logs, artifacts and scratch space (default .weft-runs/<workflow name>)
      --resume-after SECONDS[:NODE]
                               once NODE (without NODE: the workflow or any node) is suspended, wait
                               SECONDS, then resume it as \`weft resume\` would (repeatable)
      --set NODE:NAME=VALUE    supply output parameter NAME of suspend node NODE when --resume-after
                               resumes it (repeatable)
      --artifact-size-limit SIZE
                               largest artifact a step may store or fetch, e.g. 500Mi, 2Gi (default: none)
  -h, --help                   show this help

While it runs, other terminals can act on it: weft resume, weft node set, weft stop, weft terminate
(through <run dir>/control.sock). Ctrl-C stops the workflow (exit handlers still run), a second Ctrl-C
terminates it (they are killed), a third quits at once (exit code 130); the final status is printed.

Exit codes: 0 succeeded, 1 failed or errored, 2 invalid input (nothing was run).`;

export const lintUsage = `Usage:
  weft lint FILE...

Validates every Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow in the files,
resolving references against the templates and ConfigMaps in all of the given files.

Flags:
  -h, --help   show this help

Exit codes: 0 all files valid, 2 otherwise.`;

const runArgument = `RUN is a run directory, or a run's name under .weft-runs/; without it, the only
workflow running under .weft-runs/.`;

const controlExitCodes =
  'Exit codes: 0 done, 1 the run is not running or refused the request, 2 bad arguments.';

export const resumeUsage = `Usage:
  weft resume [RUN] [--node NAME] [-p NAME=VALUE]...

Resumes a workflow run by \`weft run\` (Argo's \`argo resume\`): every suspended node, and the workflow
itself when it has spec.suspend; with --node only the suspended node with that display name. -p sets
the node's supplied output parameters first (as \`weft node set\`). A supplied output with no value and no
default is refused.

${runArgument}

Flags:
      --node NAME            the suspended node to resume (display name, name or id)
  -p, --parameter NAME=VALUE supplied output parameter to set first (repeatable)
  -h, --help                 show this help

${controlExitCodes}`;

export const nodeUsage = `Usage:
  weft node set [RUN] --node NAME -p NAME=VALUE...

Sets supplied output parameters (valueFrom.supplied) of a suspended node (Argo's \`argo node set\`);
the node goes on waiting until \`weft resume\`.

${runArgument}

Flags:
      --node NAME                   the suspended node (display name, name or id)
  -p, --output-parameter NAME=VALUE the value to set (repeatable)
  -h, --help                        show this help

${controlExitCodes}`;

const shutdownUsage = (command: string, what: string) => `Usage:
  weft ${command} [RUN]

${what}

${runArgument}

${controlExitCodes}`;

export const stopUsage = shutdownUsage(
  'stop',
  "Stops a running workflow (Argo's strategy 'Stop'): running steps are killed and nothing new starts,\nbut exit handlers still run.",
);

export const terminateUsage = shutdownUsage(
  'terminate',
  "Terminates a running workflow (Argo's strategy 'Terminate'): every step is killed, exit handlers\nincluded, and no exit handler starts.",
);

export const logsUsage = `Usage:
  weft logs [RUN] [NODE] [flags]

Prints the logs of a run's steps like \`argo logs\`: every attempt of every step, in time order, each
line prefixed with the step's display name (a retried step's attempts are NAME(0), NAME(1), ...).
Works while the run is going on and after it ended.

RUN is a run directory, or a run's name under .weft-runs/; without it, the run there that started
last. NODE (or --node) is a step's display name, node name, node id or pod name; a display name
also selects its retries and loop items.

Flags:
      --node NAME           only this step
  -c, --container NAME      this container (default main; a containerSet's main containers when
                            the pod has no container named main)
  -f, --follow              keep printing new lines until the run ends
      --timestamps          print each line's time (RFC 3339, nanoseconds) before it
      --grep REGEXP         only lines whose text matches
      --tail N              only the last N lines of each step's container log
      --since DURATION      only lines newer than a duration like 5s, 2m or 3h
      --since-time TIME     only lines at or after an RFC 3339 time
      --no-color            do not color the step names
  -h, --help                show this help

Exit codes: 0 printed, 2 bad arguments or no such run or step.`;

export function usageFor(command: string | undefined): string {
  if (command === 'run') return runUsage;
  if (command === 'resume') return resumeUsage;
  if (command === 'node') return nodeUsage;
  if (command === 'stop') return stopUsage;
  if (command === 'terminate') return terminateUsage;
  if (command === 'lint') return lintUsage;
  if (command === 'logs') return logsUsage;
  if (command === 'artifacts') return artifactsUsage;
  if (command === 'delete') return deleteUsage;
  return clientUsageFor(command) ?? mainUsage;
}

export const artifactsUsage = `Usage:
  weft artifacts get RUN_DIR NODE NAME [-o PATH] [--secret FILE]

Extracts output artifact NAME of node NODE (its display name or id) of a local run to PATH (default:
NAME in the current directory), unarchived as a step would receive it. --secret names files with the
Secret manifests an S3 repository's credentials come from (repeatable).`;

export const deleteUsage = `Usage:
  weft delete RUN_DIR [--secret FILE]

Deletes the run's artifacts whose artifactGC strategy is OnWorkflowDeletion, then the run directory.`;
