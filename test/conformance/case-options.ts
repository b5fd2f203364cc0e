/**
 * Cases that need a user's action while they run get it as `weft run` flags, the way a script would
 * drive them (`--resume-after`, `--set`), plus a check that they passed for the right reason.
 */
type NodeView = {
  displayName: string;
  phase: string;
  outputs?: { result?: string; parameters?: { name: string; value?: string }[] };
};
type WorkflowView = {
  status?: { nodes?: Record<string, NodeView>; startedAt?: string; finishedAt?: string };
};

export interface CaseOptions {
  /** Extra `weft run` arguments. */
  readonly args: readonly string[];
  /** A problem with the final workflow, or undefined when it ended as Argo's would for this scenario. */
  readonly check: (workflow: WorkflowView) => string | undefined;
}

function node(workflow: WorkflowView, displayName: string): NodeView | undefined {
  return Object.values(workflow.status?.nodes ?? {}).find((n) => n.displayName === displayName);
}

function expectNode(workflow: WorkflowView, name: string, test: (n: NodeView) => boolean, what: string) {
  const found = node(workflow, name);
  return found && test(found) ? undefined : `node ${name}: expected ${what}, got ${JSON.stringify(found)}`;
}

export const caseOptions: Readonly<Record<string, CaseOptions>> = {
  // A plain resume: the supplied output takes the input's default 'NO', so deploy-prod is skipped.
  'intermediate-parameters.yaml#0': {
    args: ['--resume-after', '0:approval'],
    check: (wf) =>
      expectNode(wf, 'approval', (n) => n.outputs?.parameters?.[0]?.value === 'NO', 'output approve=NO') ??
      expectNode(wf, 'deploy-prod', (n) => n.phase === 'Skipped', 'Skipped'),
  },
  // `approve` waits for the resume; `delay` resumes itself after its 20 s duration.
  'suspend-template.yaml#0': {
    args: ['--resume-after', '0:approve'],
    check: (wf) => {
      const delay = node(wf, 'delay') as NodeView & { startedAt?: string; finishedAt?: string };
      const waited = (Date.parse(delay?.finishedAt ?? '') - Date.parse(delay?.startedAt ?? '')) / 1000;
      return waited >= 19 ? undefined : `delay should wait 20 s, waited ${waited}`;
    },
  },
  // `argo node set -p message=…` then resume: release prints the message.
  'suspend-template-outputs.yaml#0': {
    args: ['--resume-after', '0:approve', '--set', 'approve:message=Hello, world!'],
    check: (wf) =>
      expectNode(wf, 'release', (n) => n.outputs?.result === 'Hello, world!', 'to print the message'),
  },
};
