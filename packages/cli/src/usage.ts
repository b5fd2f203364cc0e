/** Help texts. Kept apart from parsing so `--help` output reads as one block. */

export const mainUsage = `weft: run Argo Workflows manifests locally

Usage:
  weft run FILE [MORE_FILES...] [flags]   run a workflow in-process and watch it
  weft lint FILE...                      validate manifests
  weft version                           print the version

Flags:
  -h, --help      show help (also: weft COMMAND --help)
      --version   print the version

Exit codes: 0 succeeded, 1 workflow failed or errored, 2 invalid input, 3 internal error.`;

export const runUsage = `Usage:
  weft run FILE [MORE_FILES...] [flags]

Runs the one Workflow found in the files. The other files may hold WorkflowTemplate,
ClusterWorkflowTemplate and ConfigMap objects the workflow refers to. Files are YAML or JSON,
one or more documents each.

Flags:
  -p, --parameter NAME=VALUE   set an input parameter (repeatable; splits on the first "=")
  -f, --parameter-file FILE    YAML or JSON map of parameter name to value
      --entrypoint TEMPLATE    override spec.entrypoint
  -o, --output json|yaml|wide  what to print to stdout at the end (default: the node tree)
      --runtime host           where steps run (only "host" today)
      --run-dir DIR            logs, artifacts and scratch space (default .weft-runs/<workflow name>)
  -h, --help                   show this help

Exit codes: 0 succeeded, 1 failed or errored, 2 invalid input (nothing was run).`;

export const lintUsage = `Usage:
  weft lint FILE...

Validates every Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow in the files,
resolving references against the templates and ConfigMaps in all of the given files.

Flags:
  -h, --help   show this help

Exit codes: 0 all files valid, 2 otherwise.`;

export function usageFor(command: string | undefined): string {
  if (command === 'run') return runUsage;
  if (command === 'lint') return lintUsage;
  return mainUsage;
}
